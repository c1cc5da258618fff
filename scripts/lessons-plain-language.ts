/**
 * The plain-language rules of lessons/plain-language.yaml (FALC habits: short sentences, one action
 * at a time, no unexplained word), as pure functions over one sentence or one step; lessons:check
 * applies them to every pack.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { Language } from '../app/protocol/common.ts';

export const PlainLanguageRules = z
  .object({
    maxWordsPerSentence: z.number().int().min(1),
    /** Imperative verbs, per language: a step may use one. */
    instructions: z.record(Language, z.array(z.string().min(1))),
    /** word → the picture files (by name) that explain it; a sentence with the word needs one of them. */
    jargon: z.record(Language, z.record(z.string(), z.array(z.string().min(1)).min(1))),
  })
  .strict();
export type PlainLanguageRules = z.infer<typeof PlainLanguageRules>;

export type Problem = { lesson: string; message: string };

export function loadRules(lessonsDir: string): PlainLanguageRules {
  return PlainLanguageRules.parse(YAML.parse(fs.readFileSync(path.join(lessonsDir, 'plain-language.yaml'), 'utf8')));
}

/** Sentences as a listener hears them: split after . ! ? … and the Arabic question mark. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…؟])\s+/u)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Words: letters or digits, with inner apostrophes and dashes ("l'étoile", "e-mail" are one word). */
export function words(sentence: string): string[] {
  return sentence.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Lower case, no Arabic short vowels, no leading Arabic "and"/"so" clitic: the form the lists use. */
function wordForm(word: string, language: Language): string {
  let w = word.toLowerCase().replace(/[\u064B-\u0652\u0670]/g, '');
  if (language === 'ar' && w.length > 3 && (w.startsWith('و') || w.startsWith('ف'))) w = w.slice(1);
  return w.replace(/’/g, "'");
}

/** English words that may stand before an imperative at the start of a clause ("Now press…"). */
const EN_LEAD_INS = new Set(['now', 'then', 'and', 'please', 'again', 'once', 'first', 'next']);

export function countInstructions(text: string, language: Language, rules: PlainLanguageRules): number {
  const verbs = new Set((rules.instructions[language] ?? []).map((v) => wordForm(v, language)));
  if (language === 'en') {
    // English verbs double as nouns ("a call", "the search"): an imperative opens its clause.
    return text
      .split(/[.,;:!?…]+|\bthen\b/i)
      .map((clause) => words(clause).map((w) => wordForm(w, language)))
      .filter((clause) => {
        const first = clause.find((w) => !EN_LEAD_INS.has(w));
        return first !== undefined && verbs.has(first);
      }).length;
  }
  return words(text).filter((w) => {
    const form = wordForm(w, language);
    // French imperatives take pronouns after a dash: "posez-la" is "posez".
    return verbs.has(form) || verbs.has(form.split('-')[0]!);
  }).length;
}

/** Jargon words found in a text (whole words or phrases, case-insensitive). */
export function jargonIn(text: string, language: Language, rules: PlainLanguageRules): string[] {
  const normalised = ` ${words(text)
    .map((w) => wordForm(w, language))
    .join(' ')} `;
  return Object.keys(rules.jargon[language] ?? {}).filter((term) => normalised.includes(` ${words(term).map((w) => wordForm(w, language)).join(' ')} `));
}
