/**
 * Speech forms: what the voice is given for a sentence, where it must differ from the words shown.
 *
 * Arabic is shown the way adults read it, without short vowels; espeak-ng only says the vowels it is
 * given ("أحسنت" comes out as ?Hsnt), so every Arabic sentence has a fully vowelled speech form
 * (tashkeel). A code shown as "1234" is given as "1 2 3 4": espeak-ng reads a group of digits as a
 * number ("mille deux cent trente-quatre"). The checks here are pure; lessons:check runs them, and
 * the shell's voice looks speech forms up before it speaks.
 */
import { z } from 'zod';
import { Language } from '../protocol/common.ts';

/** Tanween, short vowels, shadda, sukun and the dagger alif: the marks of tashkeel. */
const MARK = /[\u064B-\u0652\u0670]/u;
const MARKS = /[\u064B-\u0652\u0670]/gu;
const SHADDA = '\u0651';
const DAMMA = '\u064F';
const KASRA = '\u0650';
const TATWEEL = /\u0640/gu;
/** Alif wasla (ٱ): an alif that is not said; shown text writes it as a plain alif. */
const ALIF_WASLA = '\u0671';
const ARABIC_LETTER = /[\u0621-\u064A\u0671]/u;
/** Letters that carry no mark of their own: alif, alif madda, alif wasla, alif maqsura. */
const UNMARKED_LETTERS = new Set(['\u0627', '\u0622', '\u0671', '\u0649']);

/** The text without tashkeel and tatweel, alif wasla as a plain alif: what a reader is shown. */
export function stripArabicMarks(text: string): string {
  return text.replace(MARKS, '').replace(TATWEEL, '').replaceAll(ALIF_WASLA, '\u0627');
}

export const hasArabicLetters = (text: string): boolean => ARABIC_LETTER.test(text);

/**
 * Vowelled Arabic as espeak-ng reads it right (each quirk checked with `espeak-ng -x -q -v ar`):
 * - a shadda must come before the letter's vowel (ش ّ َ). Unicode's canonical order, which editors
 *   and normalisers apply, puts the vowel first (ش َ ّ), and espeak-ng then drops the vowel
 *   ("مَرَّةً" said m'aRRtan);
 * - a kasra followed by a plain alif is read as a long ā ("بِالْفَأْرَةِ" said bi-ā-lfa?Rati), but in
 *   Arabic that alif is always one that is not said (wasl: بِالْ, الِاسْمُ): it is given as alif wasla.
 */
export function prepareForEspeak(text: string): string {
  return text.replace(/([\u064B-\u0650\u0652]+)\u0651/gu, `${SHADDA}$1`).replace(/\u0650\u0627/gu, `${KASRA}${ALIF_WASLA}`);
}

type Letter = { letter: string; marks: string };

function lettersOf(word: string): Letter[] {
  const letters: Letter[] = [];
  for (const char of word.replace(TATWEEL, '')) {
    if (MARK.test(char)) {
      const last = letters[letters.length - 1];
      if (last) last.marks += char;
    } else letters.push({ letter: char, marks: '' });
  }
  return letters;
}

/**
 * The letters of an Arabic word that carry no mark but need one: fully vowelled text marks every
 * consonant (a vowel, sukun, shadda or tanween). Exempt: the alifs and alif maqsura; و after a damma
 * and ي after a kasra (long vowels); the ل of the article before a letter with shadda (sun letters:
 * الشَّمْس, لِلرَّدِّ). Returns the bare letters, in order.
 */
export function unmarkedLetters(word: string): string[] {
  const letters = lettersOf(word);
  return letters
    .filter(({ letter, marks }, i) => {
      if (!ARABIC_LETTER.test(letter) || marks !== '' || UNMARKED_LETTERS.has(letter)) return false;
      const before = letters[i - 1];
      const after = letters[i + 1];
      if (letter === '\u0648' && before?.marks.includes(DAMMA)) return false;
      if (letter === '\u064A' && before?.marks.includes(KASRA)) return false;
      const articleLam = letter === '\u0644' && after?.marks.includes(SHADDA) && (before?.letter === '\u0627' || before?.letter === ALIF_WASLA || before?.letter === '\u0644');
      return !articleLam;
    })
    .map(({ letter }) => letter);
}

/** Digit groups of two digits or more: espeak-ng says them as one number. */
export function digitGroups(text: string): string[] {
  return text.match(/\p{Nd}{2,}/gu) ?? [];
}

/** Sentence punctuation at a token's edges is not a word ("fin." and "«oui»"); "@" is. */
const EDGE_PUNCTUATION = /^[.,;:!?…؟،؛«»"“”'’()[\]-]+|[.,;:!?…؟،؛«»"“”'’()[\]-]+$/gu;
function tokens(text: string): string[] {
  return text
    .split(/\s+/u)
    .map((t) => t.replace(EDGE_PUNCTUATION, ''))
    .filter((t) => t !== '');
}

/**
 * Does the speech form say the shown words? Words in the language's own letters must be the same,
 * in the same order (Arabic compared without its marks, Latin without case and accents); anything else shown — digits, symbols, a
 * Latin name in an Arabic sentence — may be said as one or more words ("1234" as "1 2 3 4", "@" as
 * "arobase", "FranceConnect" as "فْرَانْسْ كُونِكْتْ").
 */
export function saysTheShownWords(shown: string, spoken: string, language: Language): boolean {
  // Latin words are compared without case and accents: "Améli" may guide the voice for "Ameli".
  const normal = (t: string) => (language === 'ar' ? stripArabicMarks(t) : t.normalize('NFD').replace(/\p{M}/gu, '')).toLowerCase().replace(/’/g, "'");
  const own = language === 'ar' ? /^\p{Script=Arabic}+$/u : /^[\p{Script=Latin}'-]+$/u;
  const a = tokens(normal(shown));
  const b = tokens(normal(spoken));
  const memo = new Map<string, boolean>();
  const match = (i: number, j: number): boolean => {
    if (i === a.length) return j === b.length;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result = false;
    if (own.test(a[i]!)) result = j < b.length && a[i] === b[j] && match(i + 1, j + 1);
    else for (let k = j + 1; k <= b.length && !result; k++) result = match(i + 1, k);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/** A language's speech forms, looked up by the words shown: one per shown sentence. */
export type SpeechLexicon = Partial<Record<Language, ReadonlyMap<string, string>>>;

/** What the synthesizer is given for a shown sentence: its speech form if there is one, in espeak-ng's mark order. */
export function textForSynthesizer(lexicon: SpeechLexicon, text: string, language: Language): string {
  const phrases = lexicon[language];
  const spoken = phrases?.get(text.trim()) ?? (phrases ? fromTemplate(phrases, text.trim()) : null) ?? text;
  return language === 'ar' ? prepareForEspeak(spoken) : spoken;
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;
const templates = new WeakMap<ReadonlyMap<string, string>, { pattern: RegExp; names: string[]; speech: string }[]>();

/**
 * A sentence shown with a value in it ("Marie يتصل بك", from "{{name}} يتصل بك"): the speech form
 * written with the same placeholder, the value put back in ("Marie يَتَّصِلُ بِكَ"). Names are said as
 * they are written (espeak-ng reads a Latin name in its own voice).
 */
function fromTemplate(phrases: ReadonlyMap<string, string>, text: string): string | null {
  let list = templates.get(phrases);
  if (!list) {
    list = [];
    for (const [shown, speech] of phrases) {
      if (!shown.includes('{{')) continue;
      const names: string[] = [];
      const source = shown
        .split(PLACEHOLDER)
        .map((part, i) => (i % 2 === 1 ? (names.push(part), '(.+?)') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('');
      list.push({ pattern: new RegExp(`^${source}$`, 'u'), names, speech });
    }
    templates.set(phrases, list);
  }
  for (const { pattern, names, speech } of list) {
    const match = pattern.exec(text);
    if (!match) continue;
    const values = new Map(names.map((name, i) => [name, match[i + 1]!]));
    return speech.replace(PLACEHOLDER, (whole, name: string) => values.get(name) ?? whole);
  }
  return null;
}

/**
 * `lessons/shell-speech.yaml`: speech forms of the shell's own sentences (renderer/src/locales), by
 * language and i18n key. `text` is the locale's string as it stands (lessons:check compares), `speech`
 * what the voice is given for it.
 */
export const ShellSpeech = z.partialRecord(Language, z.record(z.string().min(1), z.object({ text: z.string().min(1), speech: z.string().min(1) }).strict()));
export type ShellSpeech = z.infer<typeof ShellSpeech>;
export const SHELL_SPEECH_FILE = 'shell-speech.yaml';
