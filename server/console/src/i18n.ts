import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import fr from './locales/fr.json';
import type { TFn } from './t.ts';

export const LANGUAGES = ['fr', 'en'] as const;
export type ConsoleLanguage = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'passerelle.console.lang';

function initialLanguage(): ConsoleLanguage {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'fr') return saved;
  } catch {
    // storage unavailable: French
  }
  return 'fr';
}

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocument(lng: string): void {
  document.documentElement.lang = lng;
  const t = i18n.t as unknown as TFn;
  document.title = `${t('app.title')} — ${t('app.subtitle')}`;
}
syncDocument(i18n.language);
i18n.on('languageChanged', (lng) => {
  syncDocument(lng);
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // ignore
  }
});

export default i18n;
