import { describe, expect, it } from 'vitest';
import ar from '../../../server/console/src/locales/ar.json';
import en from '../../../server/console/src/locales/en.json';
import fr from '../../../server/console/src/locales/fr.json';
import { LANGUAGES, nextLanguage } from '../../../server/console/src/languages.ts';

type Tree = { [key: string]: string | Tree };
const PLURAL = /_(zero|one|two|few|many|other)$/;

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else for (const [k, v] of leaves(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('console locale files', () => {
  const french = leaves(fr as Tree);
  for (const [lng, file] of [['en', en], ['ar', ar]] as const) {
    const other = leaves(file as Tree);
    it(`${lng}: every French string has a counterpart with the same placeholders`, () => {
      for (const [key, text] of french) {
        const base = key.replace(PLURAL, '');
        // A plural family is checked through its _other form (Arabic's one/two forms spell the number out).
        const counterpart = PLURAL.test(key) ? other.get(`${base}_other`) : other.get(key);
        expect(counterpart, `${lng} lacks ${key}`).toBeTypeOf('string');
        if (!PLURAL.test(key) || key.endsWith('_other')) {
          expect(placeholders(counterpart ?? ''), `${lng} ${key}`).toEqual(placeholders(text));
        }
      }
    });
  }

  it('ar: Arabic plural families have all six forms, and no string is left in French', () => {
    const arabic = leaves(ar as Tree);
    const families = new Set([...arabic.keys()].filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
    for (const base of families) {
      for (const form of ['zero', 'one', 'two', 'few', 'many', 'other']) expect(arabic.has(`${base}_${form}`), `${base}_${form}`).toBe(true);
    }
    // Brand names, symbols and the language button (which names French in French) may equal the French text.
    const sameAllowed = new Set(['app.title', 'app.language', 'app.languageLabel', 'app.languageShort', 'journal.system', 'dashboards.evaluation.suppressed']);
    for (const [key, text] of french) {
      if (sameAllowed.has(key) || !arabic.has(key)) continue;
      expect(arabic.get(key), key).not.toBe(text);
    }
  });

  it('the language button goes fr → en → ar → fr, each step naming the target in its own language', () => {
    expect(LANGUAGES.map(nextLanguage)).toEqual(['en', 'ar', 'fr']);
    expect(nextLanguage('fr-FR')).toBe('en');
    expect(fr.app.language).toBe('English');
    expect(en.app.language).toBe('العربية');
    expect(ar.app.language).toBe('Français');
  });
});
