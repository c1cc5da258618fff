import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import ar from './locales/ar.json';
import en from './locales/en.json';
import fr from './locales/fr.json';

// Keys are typed from the French file: a missing or misspelt key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
  }
}

export const resources = { fr: { translation: fr }, en: { translation: en }, ar: { translation: ar } } as const;
export type UiLanguage = keyof typeof resources;

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(resources, value);
}

void i18next.use(initReactI18next).init({
  resources,
  lng: 'fr',
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switch language and mirror the page for right-to-left scripts. */
export async function setLanguage(language: UiLanguage): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export default i18next;
