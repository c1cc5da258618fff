/**
 * `npm run lessons:check` (part of `npm test`): every lesson pack is schema-valid, every file it
 * names exists and is credited, every step has a picture and audio in every shipped language, and
 * the plain-language rules of lessons/plain-language.yaml hold (sentence length, one instruction per
 * step, no jargon without the picture that explains it). Also checks the exported JSON Schemas are
 * up to date. Prints every problem, then exits 1 if there was any.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { z } from 'zod';
import { LessonManifest, LessonTexts, stepPictures, stepTextKeys, type LessonStep } from '../app/lessons/model.ts';
import { Language } from '../app/protocol/common.ts';
import { readAudioManifest, resolveAudioFile } from '../main/services/lesson-audio.ts';
import { SCHEMA_FILES, schemaTexts } from './lessons-schema.ts';

/** Every lesson ships in these languages (French is the source). */
export const SHIPPED_LANGUAGES: readonly Language[] = ['fr', 'en', 'ar'];

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

function listFiles(dir: string, base = dir): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? listFiles(full, base) : [path.relative(base, full).split(path.sep).join('/')];
  });
}

function issues(error: z.ZodError): string {
  return z.prettifyError(error).replace(/\n/g, ' ');
}

function checkPack(packDir: string, rules: PlainLanguageRules, problems: Problem[]): LessonManifest | null {
  const folder = path.basename(packDir);
  const problem = (message: string) => problems.push({ lesson: folder, message });
  let manifest: LessonManifest;
  try {
    const parsed = LessonManifest.safeParse(YAML.parse(fs.readFileSync(path.join(packDir, 'lesson.yaml'), 'utf8')));
    if (!parsed.success) {
      problem(`lesson.yaml does not match the schema: ${issues(parsed.error)}`);
      return null;
    }
    manifest = parsed.data;
  } catch (error) {
    problem(`lesson.yaml cannot be read: ${(error as Error).message}`);
    return null;
  }
  if (manifest.id !== folder) problem(`the id "${manifest.id}" differs from the folder name`);
  for (const language of SHIPPED_LANGUAGES) {
    if (!manifest.languages.includes(language)) problem(`languages lacks "${language}": every lesson ships in ${SHIPPED_LANGUAGES.join(', ')}`);
  }

  // Files: every picture named exists and is credited; every file in pictures/ is used.
  const credited = new Map(manifest.assets.map((a) => [a.file, a]));
  const named = new Set([manifest.picture, ...manifest.steps.flatMap(stepPictures)]);
  for (const file of named) {
    if (!fs.existsSync(path.join(packDir, file))) problem(`${file} is named but does not exist`);
    if (!credited.has(file)) problem(`${file} has no licence and attribution in assets`);
  }
  for (const asset of manifest.assets) {
    if (!fs.existsSync(path.join(packDir, asset.file))) problem(`assets lists ${asset.file}, which does not exist`);
  }
  for (const file of listFiles(path.join(packDir, 'pictures'))) {
    if (!named.has(`pictures/${file}`)) problem(`pictures/${file} is not used by any step`);
  }
  for (const file of listFiles(path.join(packDir, 'recorded'))) {
    if (!credited.has(`recorded/${file}`)) problem(`recorded/${file} has no licence and attribution in assets`);
  }

  // Texts, audio and plain language, per language.
  const keysUsed = new Set(manifest.steps.flatMap(stepTextKeys));
  const audio = readAudioManifest(packDir);
  for (const language of manifest.languages) {
    const file = path.join(packDir, 'texts', `${language}.yaml`);
    if (!fs.existsSync(file)) {
      problem(`texts/${language}.yaml is missing`);
      continue;
    }
    const parsed = LessonTexts.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) {
      problem(`texts/${language}.yaml does not match the schema: ${issues(parsed.error)}`);
      continue;
    }
    const texts = parsed.data;
    for (const key of keysUsed) {
      if (!texts.steps[key]) problem(`texts/${language}.yaml lacks the sentence "${key}"`);
    }
    for (const key of Object.keys(texts.steps)) {
      if (!keysUsed.has(key)) problem(`texts/${language}.yaml has "${key}", which no step says`);
    }
    manifest.steps.forEach((step, index) => checkStepText(step, index, language, texts, rules, problem));
    for (const key of keysUsed) {
      const text = texts.steps[key];
      if (text && !resolveAudioFile(packDir, audio, language, key, text)) {
        problem(`no audio for "${key}" in ${language} (or it was made from an older text): run npm run lessons:audio`);
      }
    }
  }
  return manifest;
}

function checkStepText(
  step: LessonStep,
  index: number,
  language: Language,
  texts: LessonTexts,
  rules: PlainLanguageRules,
  problem: (message: string) => void,
): void {
  const where = `step ${index + 1} (${step.kind}) in ${language}`;
  const pictures = new Set(stepPictures(step).map((p) => path.basename(p)));
  for (const key of stepTextKeys(step)) {
    const text = texts.steps[key];
    if (!text) continue;
    for (const sentence of sentences(text)) {
      const count = words(sentence).length;
      if (count > rules.maxWordsPerSentence) problem(`${where}: "${sentence}" has ${count} words (at most ${rules.maxWordsPerSentence})`);
    }
    for (const term of jargonIn(text, language, rules)) {
      const explaining = rules.jargon[language]![term]!;
      if (!explaining.some((p) => pictures.has(p))) problem(`${where}: "${term}" needs one of these pictures on the step: ${explaining.join(', ')}`);
    }
  }
  const instructions = countInstructions(texts.steps[step.say] ?? '', language, rules);
  if (instructions > 1) problem(`${where}: "${texts.steps[step.say]}" gives ${instructions} instructions (one per step)`);
}

export function checkLessons(lessonsDir: string): Problem[] {
  const problems: Problem[] = [];
  let rules: PlainLanguageRules;
  try {
    rules = loadRules(lessonsDir);
  } catch (error) {
    return [{ lesson: 'plain-language.yaml', message: (error as Error).message }];
  }
  const current = schemaTexts();
  for (const key of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
    const file = path.join(lessonsDir, SCHEMA_FILES[key]);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== current[key]) {
      problems.push({ lesson: SCHEMA_FILES[key], message: 'out of date with app/lessons/model.ts: run npm run lessons:schema' });
    }
  }
  const packs = fs
    .readdirSync(lessonsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => path.join(lessonsDir, d.name));
  const manifests: LessonManifest[] = [];
  for (const pack of packs) {
    if (!fs.existsSync(path.join(pack, 'lesson.yaml'))) {
      problems.push({ lesson: path.basename(pack), message: 'a folder in lessons/ without lesson.yaml' });
      continue;
    }
    const manifest = checkPack(pack, rules, problems);
    if (manifest) manifests.push(manifest);
  }
  // The map: one place per lesson, and a prerequisite always comes earlier.
  const byId = new Map(manifests.map((m) => [m.id, m]));
  const orders = new Map<number, string>();
  for (const m of manifests) {
    const other = orders.get(m.order);
    if (other) problems.push({ lesson: m.id, message: `order ${m.order} is also ${other}'s` });
    orders.set(m.order, m.id);
    for (const p of m.prerequisites) {
      const pre = byId.get(p);
      if (!pre) problems.push({ lesson: m.id, message: `prerequisite ${p} is not a lesson here` });
      else if (pre.order >= m.order) problems.push({ lesson: m.id, message: `prerequisite ${p} comes later on the map (order ${pre.order})` });
    }
  }
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lessonsDir = path.resolve(import.meta.dirname, '../lessons');
  const problems = checkLessons(lessonsDir);
  for (const p of problems) console.error(`✗ ${p.lesson}: ${p.message}`);
  const count = fs.readdirSync(lessonsDir, { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  if (problems.length > 0) {
    console.error(`lessons:check: ${problems.length} problem(s) in ${count} lesson pack(s)`);
    process.exit(1);
  }
  console.log(`lessons:check: ${count} lesson pack(s), no problem`);
}
