import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import fr from './locales/fr.json';

// Keys are typed from the French file: a missing or misspelt key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
  }
}

/**
 * French is in the first script (the shell's first language, and every other one's fallback); the
 * others load when chosen, so a start downloads and parses only the strings it shows.
 */
const loaders = {
  fr: async () => fr,
  en: async () => (await import('./locales/en.json')).default,
  ar: async () => (await import('./locales/ar.json')).default,
} as const;
export type UiLanguage = keyof typeof loaders;

export function isUiLanguage(value: unknown): value is UiLanguage {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(loaders, value);
}

void i18next.use(initReactI18next).init({
  resources: { fr: { translation: fr } },
  lng: 'fr',
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** Switch language (loading its strings first) and mirror the page for right-to-left scripts. */
export async function setLanguage(language: UiLanguage): Promise<void> {
  if (!i18next.hasResourceBundle(language, 'translation')) i18next.addResourceBundle(language, 'translation', await loaders[language]());
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export default i18next;
