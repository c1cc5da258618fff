/**
 * The French AZERTY keyboard of the loaned computers, as the lessons draw it: which key, and which
 * key to hold with it, writes each character. A non-reader copies shapes: a model letter is shown as
 * it is printed on its key ("T", not "t"), and the next key to press lights up on the keyboard picture.
 */

/** A key as printed: its name, what it writes alone, with Shift held, and with AltGr held. */
export type KeyCap = { id: string; base: string; shift?: string; altgr?: string; wide?: number };

const letter = (l: string): KeyCap => ({ id: l, base: l, shift: l.toUpperCase() });

/** The rows of the keyboard, top to bottom, without the function keys. */
export const AZERTY_ROWS: readonly (readonly KeyCap[])[] = [
  [
    { id: 'sup2', base: '²' },
    { id: '1', base: '&', shift: '1' },
    { id: '2', base: 'é', shift: '2', altgr: '~' },
    { id: '3', base: '"', shift: '3', altgr: '#' },
    { id: '4', base: "'", shift: '4', altgr: '{' },
    { id: '5', base: '(', shift: '5', altgr: '[' },
    { id: '6', base: '-', shift: '6', altgr: '|' },
    { id: '7', base: 'è', shift: '7', altgr: '`' },
    { id: '8', base: '_', shift: '8', altgr: '\\' },
    { id: '9', base: 'ç', shift: '9', altgr: '^' },
    { id: '0', base: 'à', shift: '0', altgr: '@' },
    { id: 'paren', base: ')', shift: '°', altgr: ']' },
    { id: 'equal', base: '=', shift: '+', altgr: '}' },
    { id: 'backspace', base: '⟵', wide: 2 },
  ],
  [
    { id: 'tab', base: '↹', wide: 1.5 },
    ...'azertyuiop'.split('').map(letter),
    { id: 'caret', base: '^', shift: '¨' },
    { id: 'dollar', base: '$', shift: '£' },
    { id: 'enter', base: '⏎', wide: 1.5 },
  ],
  [
    { id: 'caps', base: '⇪', wide: 1.8 },
    ...'qsdfghjklm'.split('').map(letter),
    { id: 'ugrave', base: 'ù', shift: '%' },
    { id: 'star', base: '*', shift: 'µ' },
    { id: 'enter2', base: '', wide: 1.2 },
  ],
  [
    { id: 'shift', base: '⇧', wide: 1.3 },
    { id: 'lt', base: '<', shift: '>' },
    ...'wxcvbn'.split('').map(letter),
    { id: 'comma', base: ',', shift: '?' },
    { id: 'semicolon', base: ';', shift: '.' },
    { id: 'colon', base: ':', shift: '/' },
    { id: 'bang', base: '!', shift: '§' },
    { id: 'shift-right', base: '⇧', wide: 2.7 },
  ],
  [
    { id: 'ctrl', base: 'Ctrl', wide: 1.5 },
    { id: 'alt', base: 'Alt', wide: 1.5 },
    { id: 'space', base: ' ', wide: 7 },
    { id: 'altgr', base: 'AltGr', wide: 1.5 },
    { id: 'ctrl-right', base: 'Ctrl', wide: 1.5 },
  ],
];

/** The key that writes a character, and the key held with it; null for a character this keyboard has no key for. */
export type Stroke = { key: string; hold: 'shift' | 'altgr' | null };

const STROKES: ReadonlyMap<string, Stroke> = (() => {
  const strokes = new Map<string, Stroke>();
  for (const row of AZERTY_ROWS) {
    for (const cap of row) {
      if (cap.id === 'space') strokes.set(' ', { key: 'space', hold: null });
      else if (cap.base.length === 1 && !strokes.has(cap.base)) strokes.set(cap.base, { key: cap.id, hold: null });
      if (cap.shift && !strokes.has(cap.shift)) strokes.set(cap.shift, { key: cap.id, hold: 'shift' });
      if (cap.altgr && !strokes.has(cap.altgr)) strokes.set(cap.altgr, { key: cap.id, hold: 'altgr' });
    }
  }
  strokes.set('€', { key: 'e', hold: 'altgr' });
  return strokes;
})();

export function strokeFor(char: string): Stroke | null {
  return STROKES.get(char) ?? null;
}

/** The characters of a word that no key of this keyboard writes (lessons:check refuses them in a word to type). */
export function untypable(word: string): string[] {
  return [...new Set([...word].filter((c) => !STROKES.has(c)))];
}

/**
 * A character as it is printed on its key: letters are capitals on the keys ("t" is shown "T"); é, è,
 * à, ç, ù and the signs are printed as they are. A capital stays a capital (Shift shows on the keyboard).
 */
export function asPrintedOnKey(char: string): string {
  return /^[a-z]$/.test(char) ? char.toUpperCase() : char;
}
