/**
 * The public journal's own words (its "chrome": titles, navigation, "Listen", dates, the feed's title) in
 * the reader's language, through i18next like the rest of the hub's words, French first. The stories keep
 * the language they were told in; only what surrounds them changes with the edition.
 */
import i18next from 'i18next';
import arFile from './locales/ar.json' with { type: 'json' };
import enFile from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
export type SiteKey = Leaves<typeof fr>;
/** `L` when its keys are exactly the French ones; otherwise a type naming the missing and extra keys. */
type SameKeysAsFrench<L> = [Exclude<SiteKey, Leaves<L>>, Exclude<Leaves<L>, SiteKey>] extends [never, never]
  ? L
  : { missing: Exclude<SiteKey, Leaves<L>>; extra: Exclude<Leaves<L>, SiteKey> };
// A missing or extra key in a translation does not compile (and tests/server/webzine-site.test.ts checks it at run time).
const en: SameKeysAsFrench<typeof enFile> = enFile;
const ar: SameKeysAsFrench<typeof arFile> = arFile;

/** The journal's editions: French at the site's root, the others in a folder named after the language. */
export const SITE_LANGUAGES = ['fr', 'en', 'ar'] as const;
export type SiteLanguage = (typeof SITE_LANGUAGES)[number];
export const SITE_LOCALES = { fr, en, ar } as const;

/** What each edition's link says, in its own language (a reader finds their language whatever the page's). */
export const LANGUAGE_NAMES: Record<SiteLanguage, string> = { fr: 'Français', en: 'English', ar: 'العربية' };

export const direction = (lang: SiteLanguage): 'rtl' | 'ltr' => (lang === 'ar' ? 'rtl' : 'ltr');
/** Where an edition lives, relative to the site's folder. */
export const editionFolder = (lang: SiteLanguage): string => (lang === 'fr' ? '' : `${lang}/`);

const instance = i18next.createInstance();
void instance.init({
  resources: { fr: { translation: fr }, en: { translation: en }, ar: { translation: ar } },
  lng: 'fr',
  fallbackLng: 'fr',
  initAsync: false,
  // Values are escaped by the site's HTML writer, once, where they are placed.
  interpolation: { escapeValue: false },
});

export type SiteT = (key: SiteKey, values?: Record<string, string | number>) => string;
export const siteT = (lang: SiteLanguage): SiteT => instance.getFixedT(lang) as unknown as SiteT;

const DATE_LOCALES: Record<SiteLanguage, string> = { fr: 'fr-FR', en: 'en-GB', ar: 'ar' };
export const formatDate = (lang: SiteLanguage, iso: string): string =>
  new Intl.DateTimeFormat(DATE_LOCALES[lang], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date(iso));

/**
 * The edition a visitor's browser asks for (`Accept-Language`, by preference weight), French when it
 * asks for none of ours.
 */
export function preferredLanguage(acceptLanguage: string | undefined): SiteLanguage {
  const asked = (acceptLanguage ?? '')
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q === undefined ? 1 : Number(q), i };
    })
    .filter((a) => a.q > 0 && Number.isFinite(a.q))
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return (asked.map((a) => a.lang).find((l) => (SITE_LANGUAGES as readonly string[]).includes(l)) as SiteLanguage | undefined) ?? 'fr';
}
