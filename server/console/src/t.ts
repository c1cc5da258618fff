/**
 * Typed translation for the console. The repository is one TypeScript program and the shell's renderer
 * types i18next's global `t` with *its* keys, so the console types its own keys from its French file
 * here instead: a missing or misspelt key is still a compile error.
 */
import { useTranslation } from 'react-i18next';
import type fr from './locales/fr.json';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type StripPlural<S> = S extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : S;

export type ConsoleKey = StripPlural<Leaves<typeof fr>>;
export type TFn = (key: ConsoleKey, options?: Record<string, unknown>) => string;

export function useConsoleT(): { t: TFn; i18n: ReturnType<typeof useTranslation>['i18n'] } {
  const { t, i18n } = useTranslation();
  return { t: t as unknown as TFn, i18n };
}
