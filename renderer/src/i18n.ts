import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import type fr from './locales/fr.json';
import firstFrame from 'virtual:first-frame-strings';

// Keys are typed from the French file: a missing or misspelt key is a compile error.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof fr };
  }
}

/**
 * French is the shell's first language and every other one's fallback: the first script carries only
 * the first frame's French strings (renderer/first-frame-strings.ts), the rest comes with the first
 * screen that needs it (loadAllStrings, screens.ts). The other languages load whole when chosen.
 */
const others = {
  en: async () => (await import('./locales/en.json')).default,
  ar: async () => (await import('./locales/ar.json')).default,
} as const;
export type UiLanguage = 'fr' | keyof typeof others;

export function isUiLanguage(value: unknown): value is UiLanguage {
  return value === 'fr' || (typeof value === 'string' && Object.prototype.hasOwnProperty.call(others, value));
}

void i18next.use(initReactI18next).init({
  resources: { fr: { translation: firstFrame } },
  lng: 'fr',
  fallbackLng: 'fr',
  interpolation: { escapeValue: false },
  returnNull: false,
});

let allFrenchAdded: Promise<void> | null = null;
/** Every French string (the first frame has only its own): before any other screen is shown. */
export function loadAllStrings(): Promise<void> {
  allFrenchAdded ??= import('./locales/fr.json').then(
    ({ default: strings }) => void i18next.addResourceBundle('fr', 'translation', strings, true, true),
    (error: unknown) => {
      allFrenchAdded = null; // the next screen tries again
      throw error;
    },
  );
  return allFrenchAdded;
}

/** Switch language (loading its strings first) and mirror the page for right-to-left scripts. */
export async function setLanguage(language: UiLanguage): Promise<void> {
  // French's first-frame strings are always there (the rest: loadAllStrings, before any other screen).
  if (language !== 'fr' && !i18next.hasResourceBundle(language, 'translation')) i18next.addResourceBundle(language, 'translation', await others[language]());
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  document.documentElement.dir = i18next.dir(language);
}

export default i18next;
