/**
 * The strings of the console's people pages (issue 12), in their own i18next namespace so that they
 * travel with the pages' lazy chunk: French first, English and Arabic beside it. Keys are typed from
 * the French file, and the English and Arabic files must have every French key (a compile error
 * otherwise), as the console's own strings are (../t.ts).
 */
import { useTranslation } from 'react-i18next';
import { addNamespace, type Leaves, type StripPlural } from '../namespace.ts';
import ar from './locales/ar.json';
import en from './locales/en.json';
import fr from './locales/fr.json';

const NS = 'people';

export type PeopleKey = StripPlural<Leaves<typeof fr>>;
export type PeopleT = (key: PeopleKey, options?: Record<string, unknown>) => string;

addNamespace(NS, fr, en, ar);

export function usePeopleT(): { t: PeopleT; language: 'fr' | 'en' | 'ar' } {
  // i18next's types know the renderer's one namespace only; the keys are checked by PeopleT instead.
  const { t, i18n: instance } = useTranslation(NS as unknown as 'translation');
  const language = instance.language === 'en' || instance.language === 'ar' ? instance.language : 'fr';
  return { t: t as unknown as PeopleT, language };
}
