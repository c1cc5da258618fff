/**
 * The strings of the console's "Mises à jour" and "Leçons" pages, in their own i18next namespace so
 * that they travel with the pages' lazy chunk: French first, English and Arabic beside it. Keys are
 * typed from the French file; the English and Arabic files must have every French key (a compile
 * error otherwise), as the console's own strings are (../t.ts).
 */
import { useTranslation } from 'react-i18next';
import { addNamespace, type Leaves } from '../namespace.ts';
import ar from './locales/ar.json';
import en from './locales/en.json';
import fr from './locales/fr.json';

const NS = 'updates';

export type UpdatesKey = Leaves<typeof fr>;
export type UpdatesT = (key: UpdatesKey, options?: Record<string, unknown>) => string;

addNamespace(NS, fr, en, ar);

export function useUpdatesT(): { t: UpdatesT; language: string } {
  // The renderer types i18next's namespaces for itself; this one is added at run time above.
  const { t, i18n: instance } = useTranslation(NS as unknown as 'translation');
  return { t: t as unknown as UpdatesT, language: instance.language };
}

const HUB_ERRORS = ['invalid_archive', 'pack_refused', 'not_newer', 'unsupported_media_type', 'body_too_large'] as const;

/** The pages' own hub refusal codes, or null for the console's common ones (../errors.ts). */
export function updatesErrorKey(code: string): UpdatesKey | null {
  return (HUB_ERRORS as readonly string[]).includes(code) ? (`errors.${code}` as UpdatesKey) : null;
}
