/**
 * The strings of a group of console pages in their own i18next namespace, so that they travel with
 * the pages' lazy chunk (people/t.ts, updates/t.ts): French first, English and Arabic beside it. Keys
 * are typed from the French file; the English and Arabic files must have every French key (a compile
 * error at the `addNamespace` call otherwise), as the console's own strings are (t.ts).
 */
import i18n from './i18n.ts';

/** Every key of a strings file, dotted ('a.b.c'). */
export type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
/** A plural key without its CLDR suffix ('count_one' → 'count'), as i18next is called with it. */
export type StripPlural<S> = S extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : S;
/** The same keys as the French file, every leaf a string. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export function addNamespace<F>(ns: string, fr: F, en: SameKeys<F>, ar: SameKeys<F>): void {
  i18n.addResourceBundle('fr', ns, fr, true, true);
  i18n.addResourceBundle('en', ns, en, true, true);
  i18n.addResourceBundle('ar', ns, ar, true, true);
}
