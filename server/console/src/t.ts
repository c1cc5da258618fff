/**
 * Typed translation for the console. The repository is one TypeScript program and the shell's renderer
 * types i18next's global `t` with *its* keys, so the console types its own keys from its French file
 * here instead: a missing or misspelt key is still a compile error.
 */
import { useTranslation } from 'react-i18next';
import fr from './locales/fr.json';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type StripPlural<S> = S extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : S;

/** The keys of a locale file, plural forms folded (Arabic has more forms than French). */
type KeysOf<T> = StripPlural<Leaves<T>>;
export type ConsoleKey = KeysOf<typeof fr>;

/**
 * `L` when its keys are exactly the French ones, else a type naming the missing and extra keys:
 * `const en: SameKeysAsFrench<typeof enFile> = enFile` fails to compile on any difference.
 */
export type SameKeysAsFrench<L> = [Exclude<ConsoleKey, KeysOf<L>>, Exclude<KeysOf<L>, ConsoleKey>] extends [never, never]
  ? L
  : { missing: Exclude<ConsoleKey, KeysOf<L>>; extra: Exclude<KeysOf<L>, ConsoleKey> };
export type TFn = (key: ConsoleKey, options?: Record<string, unknown>) => string;

const has = <T extends object>(group: T, key: string): key is keyof T & string => Object.prototype.hasOwnProperty.call(group, key);

/** A screen name the shell sent (any string on the wire): its label when the console knows it, else the name itself. */
export function screenLabel(t: TFn, screen: string): string {
  return has(fr.screen, screen) ? t(`screen.${screen}`) : screen;
}

/** A journal entry's action in words (`detail` fills the sentence); an action the console does not know is shown as is. */
export function journalLabel(t: TFn, action: string, detail: string): string {
  return has(fr.journal, action) ? t(`journal.${action}`, { detail }) : action;
}

export function useConsoleT(): { t: TFn; i18n: ReturnType<typeof useTranslation>['i18n'] } {
  const { t, i18n } = useTranslation();
  return { t: t as unknown as TFn, i18n };
}
