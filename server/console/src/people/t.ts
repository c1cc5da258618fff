/**
 * The strings of the console's people pages (issue 12), in their own i18next namespace so that they
 * travel with the pages' lazy chunk: French first, English and Arabic beside it. Keys are typed from
 * the French file, and the English and Arabic files must have every French key (a compile error
 * otherwise), as the console's own strings are (../t.ts).
 */
import { useTranslation } from 'react-i18next';
import i18n from '../i18n.ts';
import ar from './locales/ar.json';
import en from './locales/en.json';
import fr from './locales/fr.json';

const NS = 'people';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type StripPlural<S> = S extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : S;
/** The same keys as the French file, every leaf a string. */
type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export type PeopleKey = StripPlural<Leaves<typeof fr>>;
export type PeopleT = (key: PeopleKey, options?: Record<string, unknown>) => string;

const english: SameKeys<typeof fr> = en;
const arabic: SameKeys<typeof fr> = ar;

i18n.addResourceBundle('fr', NS, fr, true, true);
i18n.addResourceBundle('en', NS, english, true, true);
i18n.addResourceBundle('ar', NS, arabic, true, true);

export function usePeopleT(): { t: PeopleT; language: 'fr' | 'en' | 'ar' } {
  // i18next's types know the renderer's one namespace only; the keys are checked by PeopleT instead.
  const { t, i18n: instance } = useTranslation(NS as unknown as 'translation');
  const language = instance.language === 'en' || instance.language === 'ar' ? instance.language : 'fr';
  return { t: t as unknown as PeopleT, language };
}
