/**
 * The French strings of the first frame (issue 10): the home screen, the top bar, the tiles' names and
 * the error screen. `import strings from 'virtual:first-frame-strings'` gives these keys of
 * renderer/src/locales/fr.json, picked at build time; the rest of the file loads with the first screen
 * that needs it (i18n.ts `loadAllStrings`). One file for the translators, a small first script.
 * tests/build/first-frame-strings.test.ts checks that every key the first script uses is here.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/** Sections (`home`) or single strings (`lessons.say`) of fr.json. */
export const FIRST_FRAME_KEYS = ['app', 'nav', 'home', 'tiles', 'error', 'lessons.say', 'language.open', 'kiosk.finish'] as const;

export const FRENCH_STRINGS = path.resolve(import.meta.dirname, 'src', 'locales', 'fr.json');

type Strings = { [key: string]: string | Strings };

/** The given keys of a strings tree, nested as they are; a key that is not there is an error. */
export function pickStrings(strings: Strings, keys: readonly string[]): Strings {
  const picked: Strings = {};
  for (const key of keys) {
    const parts = key.split('.');
    let from: Strings | string | undefined = strings;
    let to = picked;
    parts.forEach((part, i) => {
      from = typeof from === 'object' ? from[part] : undefined;
      if (from === undefined) throw new Error(`first-frame string ${key}: not in ${FRENCH_STRINGS}`);
      if (i === parts.length - 1) to[part] = from;
      else to = (to[part] ??= {}) as Strings;
    });
  }
  return picked;
}

const ID = 'virtual:first-frame-strings';

export function firstFrameStrings(): Plugin {
  return {
    name: 'passerelle-first-frame-strings',
    resolveId: (id) => (id === ID ? `\0${ID}` : null),
    load(id) {
      if (id !== `\0${ID}`) return null;
      this.addWatchFile(FRENCH_STRINGS);
      const strings = JSON.parse(fs.readFileSync(FRENCH_STRINGS, 'utf8')) as Strings;
      return `export default ${JSON.stringify(pickStrings(strings, FIRST_FRAME_KEYS))};`;
    },
  };
}
