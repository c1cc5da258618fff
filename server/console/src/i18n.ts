import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import arFile from './locales/ar.json';
import enFile from './locales/en.json';
import fr from './locales/fr.json';
import { LANGUAGES, type ConsoleLanguage } from './languages.ts';
import type { SameKeysAsFrench, TFn } from './t.ts';

// Checked against the French file at compile time: a missing or extra key does not build.
const en: SameKeysAsFrench<typeof enFile> = enFile;
const ar: SameKeysAsFrench<typeof arFile> = arFile;

const STORAGE_KEY = 'passerelle.console.lang';

function initialLanguage(): ConsoleLanguage {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if ((LANGUAGES as readonly string[]).includes(saved ?? '')) return saved as ConsoleLanguage;
  } catch {
    // storage unavailable: French
  }
  return 'fr';
}

void i18n.use(initReactI18next).init({
  resources: { fr: { translation: fr }, en: { translation: en }, ar: { translation: ar } },
  lng: initialLanguage(),
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
  returnNull: false,
});

function syncDocument(lng: string): void {
  document.documentElement.lang = lng;
  // Arabic reads right to left; the console's styles use logical properties (start/end).
  document.documentElement.dir = lng === 'ar' ? 'rtl' : 'ltr';
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
