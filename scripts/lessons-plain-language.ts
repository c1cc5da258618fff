/**
 * The plain-language rules of lessons/plain-language.yaml (FALC habits: short sentences, one action
 * at a time, no unexplained word, say what to do, one name per idea), as pure functions over one
 * sentence or one step; lessons:check applies them to every pack and to the lesson screens' words.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { PASSIVE_KINDS, shownPictures, stepTextKeys, type LessonStep, type LessonTexts } from '../app/lessons/model.ts';
import { Language } from '../app/protocol/common.ts';

const Words = z.array(z.string().min(1));
export const GlossaryEntry = z
  .object({
    /** The idea, for the author reading the rule. */
    idea: z.string().min(1),
    /** The one name every pack uses for it. */
    name: z.string().min(1),
    /** Other words or phrases that must not stand for it (matched as whole words; the name itself is left aside). */
    not: Words.min(1),
  })
  .strict();
export type GlossaryEntry = z.infer<typeof GlossaryEntry>;

export const PlainLanguageRules = z
  .object({
    maxWordsPerSentence: z.number().int().min(1),
    /** Imperative verbs, per language: a step may use one, a step the person only listens to none. */
    instructions: z.record(Language, Words),
    /** word → the picture files (by name) that explain it; a sentence with the word needs one of them shown. */
    jargon: z.record(Language, z.record(z.string(), Words.min(1))),
    /** One name per idea, in every pack and on the lesson screens. */
    glossary: z.partialRecord(Language, z.array(GlossaryEntry)),
    /** Words that make a sentence negative; a sentence says what to do, not what not to do. */
    negations: z.partialRecord(Language, Words),
    /** The answer "no" opening a feedback ("Non. …", "No, …") is an answer, not a negative sentence. */
    answers: z.partialRecord(Language, Words),
    /** Praise: the shell says it once, at the lesson's end; a pack's sentences do not. */
    praise: z.partialRecord(Language, Words),
    /** Words that betray a translation of the French "on" ("we use…"): speak to the person instead. */
    calques: z.partialRecord(Language, Words),
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
  const all = words(text).map((w) => wordForm(w, language));
  return all.filter((form, i) => {
    // An imperative has no subject: "vous allez écrire" and "si vous appuyez" are not orders.
    if (language === 'fr' && (all[i - 1] === 'vous' || all[i - 1] === 'nous')) return false;
    // French imperatives take pronouns after a dash ("posez-la" is "posez") and a negation before ("n'appuyez").
    const bare = form.replace(/^n'/, '');
    return verbs.has(bare) || verbs.has(bare.split('-')[0]!);
  }).length;
}

/** The text as a row of word forms, padded with spaces, for whole-word phrase search. */
function normalised(text: string, language: Language): string {
  return ` ${words(text)
    .map((w) => wordForm(w, language))
    .join(' ')} `;
}
const phrase = (term: string, language: Language) => normalised(term, language);

/** Jargon words found in a text (whole words or phrases, case-insensitive). */
export function jargonIn(text: string, language: Language, rules: PlainLanguageRules): string[] {
  const row = normalised(text, language);
  return Object.keys(rules.jargon[language] ?? {}).filter((term) => row.includes(phrase(term, language)));
}

/** Glossary breaches: for each, the word found and the entry whose name should stand there. */
export function glossaryBreaches(text: string, language: Language, rules: PlainLanguageRules): { found: string; entry: GlossaryEntry }[] {
  const row = normalised(text, language);
  return (rules.glossary[language] ?? []).flatMap((entry) => {
    const rest = row.split(phrase(entry.name, language)).join('  ');
    return entry.not.filter((other) => rest.includes(phrase(other, language))).map((found) => ({ found, entry }));
  });
}

/** Is this sentence negative? A leading answer ("Non.", "No, …") does not count. */
export function isNegative(sentence: string, language: Language, rules: PlainLanguageRules): boolean {
  const all = words(sentence).map((w) => wordForm(w, language));
  const answers = new Set((rules.answers[language] ?? []).map((w) => wordForm(w, language)));
  // An answer stands apart: "Non." or "No, this is…"; "No problem" and "لا نعطيها" are negative.
  const answered = answers.has(all[0] ?? '') && /^[\p{L}\p{M}]+\s*[.,!:;،؛…]/u.test(sentence.trim());
  const body = answered ? all.slice(1) : all;
  const negations = (rules.negations[language] ?? []).map((w) => wordForm(w, language));
  // "n'" opens a word (n'est), "n't" closes one (isn't); other negations are whole words.
  return body.some((w) => negations.some((n) => (!n.includes("'") ? w === n : n.endsWith("'") ? w.startsWith(n) : w.endsWith(n))));
}

/** Praise and calque words in a text (whole words or phrases). */
export function wordsFrom(list: 'praise' | 'calques', text: string, language: Language, rules: PlainLanguageRules): string[] {
  const row = normalised(text, language);
  return (rules[list][language] ?? []).filter((term) => row.includes(phrase(term, language)));
}

/**
 * The rules that hold for any sentence said in a lesson: length, one name per idea, said in the
 * positive, no praise (the shell says it at the end), no "we" for the French "on".
 */
export function checkSentence(text: string, language: Language, rules: PlainLanguageRules, problem: (message: string) => void): void {
  for (const sentence of sentences(text)) {
    const count = words(sentence).length;
    if (count > rules.maxWordsPerSentence) problem(`"${sentence}" has ${count} words (at most ${rules.maxWordsPerSentence})`);
    if (isNegative(sentence, language, rules)) problem(`"${sentence}" is negative: say what to do, or what is true`);
  }
  for (const { found, entry } of glossaryBreaches(text, language, rules)) {
    problem(`"${text}" says "${found}" for ${entry.idea}: the lessons call it "${entry.name}"`);
  }
  for (const word of wordsFrom('praise', text, language, rules)) problem(`"${text}" praises ("${word}"): the shell says well done once, at the lesson's end`);
  for (const word of wordsFrom('calques', text, language, rules)) problem(`"${text}" says "${word}" like the French "on": speak to the person ("you")`);
}

/**
 * A step's sentences: the rules for any sentence, jargon only with a picture shown that explains it,
 * one instruction in the step's sentence — none on a step the person only listens to.
 */
export function checkStepPlainLanguage(
  step: LessonStep,
  index: number,
  language: Language,
  texts: LessonTexts,
  rules: PlainLanguageRules,
  problem: (message: string) => void,
): void {
  const where = `step ${index + 1} (${step.kind}) in ${language}`;
  const pictures = new Set(shownPictures(step).map((p) => path.basename(p)));
  for (const key of stepTextKeys(step)) {
    const text = texts.steps[key];
    if (!text) continue;
    checkSentence(text, language, rules, (message) => problem(`${where}: ${message}`));
    for (const term of jargonIn(text, language, rules)) {
      const explaining = rules.jargon[language]![term]!;
      if (!explaining.some((p) => pictures.has(p))) problem(`${where}: "${term}" needs one of these pictures shown on the step: ${explaining.join(', ')}`);
    }
  }
  const said = texts.steps[step.say] ?? '';
  const instructions = countInstructions(said, language, rules);
  if (PASSIVE_KINDS.includes(step.kind) && instructions > 0) problem(`${where}: "${said}" gives an order on a step the person only listens to`);
  else if (instructions > 1) problem(`${where}: "${said}" gives ${instructions} instructions (one per step)`);
}
