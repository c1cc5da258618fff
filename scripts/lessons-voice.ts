/**
 * The voice's rules, applied by lessons:check to every sentence the synthesizer is given (each pack's
 * title, goal and sentences, and the shell's own sentences in lessons/shell-speech.yaml):
 * - every Arabic sentence has a speech form, and it says the words shown;
 * - every Arabic word of it is fully vowelled, and espeak-ng's phonemes for it hold a vowel
 *   (`espeak-ng -x -q -v ar`: an unvowelled "أحسنت" is ?Hsnt);
 * - no group of digits is given to the synthesizer: it would be said as a number ("1234" as
 *   "mille deux cent trente-quatre"); a code is written digit by digit, a number in words.
 *
 * `tsx scripts/lessons-voice.ts` prints, per language, how many synthesized words have no vowel in
 * espeak-ng's phonemes: for the speech forms given now, and for the shown words alone (what the
 * synthesizer was given before speech forms existed).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { LessonManifest, LessonTexts, TITLE_KEY, packSentenceKeys, sentenceLabel, shownText, writtenSpeechForm } from '../app/lessons/model.ts';
import {
  SHELL_SPEECH_FILE,
  ShellSpeech,
  digitGroups,
  hasArabicLetters,
  prepareForEspeak,
  saysTheShownWords,
  unmarkedLetters,
} from '../app/lessons/speech-forms.ts';
import type { Language } from '../app/protocol/common.ts';
import type { Problem } from './lessons-plain-language.ts';

/** One sentence the synthesizer is given, and where it comes from (for the problem message). */
export type Utterance = { lesson: string; where: string; language: Language; shown: string; speech: string | undefined };

/** Languages whose shown text lacks what the voice needs: every sentence must have a speech form. */
const SPEECH_FORM_REQUIRED: ReadonlySet<Language> = new Set(['ar']);

/** Arabic-letter words of a text, with their marks, without punctuation. */
export function arabicWords(text: string): string[] {
  return text
    .split(/\s+/u)
    .map((t) => t.replace(/^[^\p{L}]+|[^\p{L}\p{M}]+$/gu, ''))
    .filter((t) => t !== '' && hasArabicLetters(t));
}

/** espeak-ng's vowels are a, e, i, o, u (with length marks); its consonant names never use them. */
export const phonemesHaveVowel = (phonemes: string): boolean => /[aeiou]/.test(phonemes);

/**
 * espeak-ng's phonemes for each word, said alone. One run for all words (one clause per line); if
 * espeak-ng does not answer line for line, one run per word.
 */
export function espeakPhonemes(wordList: readonly string[], voice: string): string[] {
  if (wordList.length === 0) return [];
  const run = (input: string) => execFileSync('espeak-ng', ['-x', '-q', '-v', voice], { input, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const lines = run(wordList.map((w) => `${w}.`).join('\n'))
    .split('\n')
    .map((l) => l.trim())
    .filter((l, i, all) => l !== '' || i < all.length - 1);
  if (lines.length === wordList.length) return lines;
  return wordList.map((w) => run(`${w}.`).trim());
}

export function espeakAvailable(): boolean {
  try {
    execFileSync('espeak-ng', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Every sentence a pack gives the synthesizer: title, goal and the steps' sentences, per language. */
export function packUtterances(lesson: string, manifest: LessonManifest, texts: Partial<Record<Language, LessonTexts>>): Utterance[] {
  const keys = [TITLE_KEY, ...packSentenceKeys(manifest)];
  return (Object.entries(texts) as [Language, LessonTexts][]).flatMap(([language, t]) =>
    keys.flatMap((key) => {
      const shown = shownText(t, key);
      return shown === undefined ? [] : [{ lesson, where: `${sentenceLabel(key)} in ${language}`, language, shown, speech: writtenSpeechForm(t, key) }];
    }),
  );
}

/** Every shell sentence with a speech form, after checking each still matches the locale's string. */
export function shellUtterances(lessonsDir: string, localesDir: string, problems: Problem[]): Utterance[] {
  const file = path.join(lessonsDir, SHELL_SPEECH_FILE);
  const problem = (message: string) => problems.push({ lesson: SHELL_SPEECH_FILE, message });
  if (!fs.existsSync(file)) {
    problem('is missing: the shell says its own sentences from it');
    return [];
  }
  const parsed = ShellSpeech.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    problem(`does not match its schema: ${parsed.error.message.replace(/\n/g, ' ')}`);
    return [];
  }
  const utterances: Utterance[] = [];
  for (const [language, phrases] of Object.entries(parsed.data) as [Language, Record<string, { text: string; speech: string }>][]) {
    const strings = localeStrings(localesDir, language);
    for (const [key, phrase] of Object.entries(phrases)) {
      const current = strings.get(key);
      if (current === undefined) problem(`${language} ${key}: no such string in renderer/src/locales/${language}.json`);
      else if (current !== phrase.text) problem(`${language} ${key}: the shell now says "${current}", not "${phrase.text}": update its text and speech form`);
      utterances.push({ lesson: SHELL_SPEECH_FILE, where: `${key} in ${language}`, language, shown: phrase.text, speech: phrase.speech });
    }
    if (!SPEECH_FORM_REQUIRED.has(language)) continue;
    // The lesson screens' sentences must all be there; other screens may add theirs.
    for (const [key, text] of strings) {
      if (/^(lessons?|tiles|site|photos)\./.test(key) && !text.includes('{{') && !phrases[key]) problem(`${language} ${key} ("${text}") has no speech form`);
    }
  }
  return utterances;
}

/** The shell's strings in one language, by dotted i18n key. */
export function localeStrings(localesDir: string, language: Language): Map<string, string> {
  const file = path.join(localesDir, `${language}.json`);
  return flatten(fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as unknown) : {});
}

/** i18n strings by dotted key. */
function flatten(value: unknown, prefix = '', into = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'string') into.set(prefix, value);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  return into;
}

/** The text given to the synthesizer for an utterance. */
export const said = (u: Utterance): string => (u.language === 'ar' ? prepareForEspeak(u.speech ?? u.shown) : (u.speech ?? u.shown));

/** Apply the voice's rules to every utterance; espeak-ng runs once per language. */
export function checkVoice(utterances: readonly Utterance[], problems: Problem[]): void {
  const problem = (u: Utterance, message: string) => problems.push({ lesson: u.lesson, message: `${u.where}: ${message}` });
  const formsByShown = new Map<string, Set<string>>();
  for (const u of utterances) {
    if (u.speech === undefined && SPEECH_FORM_REQUIRED.has(u.language)) problem(u, `"${u.shown}" needs a speech form, fully vowelled (speech: in its texts file)`);
    if (u.speech !== undefined && !saysTheShownWords(u.shown, u.speech, u.language)) problem(u, `the speech form "${u.speech}" does not say the words shown, "${u.shown}"`);
    for (const group of digitGroups(said(u))) {
      problem(u, `"${group}" would be said as one number: write a code digit by digit ("${[...group].join(' ')}") or a number in words, in its speech form`);
    }
    if (u.language === 'ar' && u.speech !== undefined) {
      for (const word of arabicWords(u.speech)) {
        const bare = unmarkedLetters(word);
        if (bare.length > 0) problem(u, `"${word}" is not fully vowelled (no mark on ${bare.join(' ')})`);
      }
      const forms = formsByShown.get(u.shown) ?? new Set();
      formsByShown.set(u.shown, forms.add(u.speech));
    }
  }
  for (const [shown, forms] of formsByShown) {
    if (forms.size > 1) problems.push({ lesson: 'speech forms', message: `"${shown}" is given ${forms.size} different speech forms: ${[...forms].join(' | ')}` });
  }
  const arabic = utterances.filter((u) => u.language === 'ar');
  if (arabic.length === 0) return;
  if (!espeakAvailable()) {
    problems.push({ lesson: 'espeak-ng', message: 'is needed to check the Arabic voice (apt-get install espeak-ng)' });
    return;
  }
  const voiceless = wordsWithoutVowel(arabic.flatMap((u) => arabicWords(said(u))));
  for (const u of arabic) {
    for (const word of arabicWords(said(u))) {
      const phonemes = voiceless.get(word);
      if (phonemes !== undefined) problem(u, `espeak-ng says "${word}" with no vowel (${phonemes})`);
    }
  }
}

/** The words, among these, whose espeak-ng phonemes hold no vowel, with their phonemes. */
export function wordsWithoutVowel(wordList: readonly string[]): Map<string, string> {
  const distinct = [...new Set(wordList)];
  const phonemes = espeakPhonemes(distinct, 'ar');
  return new Map(distinct.flatMap((w, i) => (phonemesHaveVowel(phonemes[i] ?? '') ? [] : [[w, phonemes[i] ?? ''] as [string, string]])));
}

/** Synthesized Arabic words (every occurrence) and those said without a vowel, given the speech forms or the shown words alone. */
export function vowelReport(utterances: readonly Utterance[]): { words: number; withSpeechForms: number; shownAlone: number } {
  const arabic = utterances.filter((u) => u.language === 'ar');
  const now = arabic.flatMap((u) => arabicWords(said(u)));
  const before = arabic.flatMap((u) => arabicWords(u.shown));
  const badNow = wordsWithoutVowel(now);
  const badBefore = wordsWithoutVowel(before);
  return { words: now.length, withSpeechForms: now.filter((w) => badNow.has(w)).length, shownAlone: before.filter((w) => badBefore.has(w)).length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lessonsDir = path.resolve(import.meta.dirname, '../lessons');
  const utterances: Utterance[] = [];
  for (const d of fs.readdirSync(lessonsDir, { withFileTypes: true })) {
    const dir = path.join(lessonsDir, d.name);
    if (!d.isDirectory() || !fs.existsSync(path.join(dir, 'lesson.yaml'))) continue;
    const manifest = LessonManifest.parse(YAML.parse(fs.readFileSync(path.join(dir, 'lesson.yaml'), 'utf8')));
    const texts: Partial<Record<Language, LessonTexts>> = {};
    for (const language of manifest.languages) {
      const file = path.join(dir, 'texts', `${language}.yaml`);
      if (fs.existsSync(file)) texts[language] = LessonTexts.parse(YAML.parse(fs.readFileSync(file, 'utf8')));
    }
    utterances.push(...packUtterances(d.name, manifest, texts));
  }
  const packs = vowelReport(utterances);
  const shell = vowelReport(shellUtterances(lessonsDir, path.resolve(import.meta.dirname, '../renderer/src/locales'), []));
  console.log(`lesson packs: ${packs.words} Arabic words synthesized; without a vowel in espeak-ng's phonemes: ${packs.withSpeechForms} with the speech forms, ${packs.shownAlone} from the shown words alone`);
  console.log(`shell sentences: ${shell.words} Arabic words; without a vowel: ${shell.withSpeechForms} with the speech forms, ${shell.shownAlone} from the shown words alone`);
}
