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
import { untypable } from '../app/lessons/azerty.ts';
import { LessonManifest, LessonTexts, packSentenceKeys, sentenceLabel, stepPictures, stepTextKeys } from '../app/lessons/model.ts';
import type { Language } from '../app/protocol/common.ts';
import { readAudioManifest, resolveAudioFile, synthesizerText } from '../main/services/lesson-audio.ts';
import { SCHEMA_FILES, schemaTexts } from './lessons-schema.ts';
import { checkSentence, checkStepPlainLanguage, glossaryBreaches, loadRules, type PlainLanguageRules, type Problem } from './lessons-plain-language.ts';
import { checkVoice, localeStrings, packUtterances, shellUtterances, type Utterance } from './lessons-voice.ts';
import { checkFamiliesFile } from './lessons-families.ts';
import { FAMILIES_DIR } from '../app/lessons/families.ts';

/** The shell's strings, whose spoken ones lessons/shell-speech.yaml gives speech forms for. */
export const LOCALES_DIR = path.resolve(import.meta.dirname, '../renderer/src/locales');

/** Every lesson ships in these languages (French is the source). */
export const SHIPPED_LANGUAGES: readonly Language[] = ['fr', 'en', 'ar'];

/** A scene is drawn this high on a 1366 × 768 screen (renderer/src/lessons/lessons.css, .lesson-scene__picture). */
const SCENE_HEIGHT_PX = 420;
const SCREEN_WIDTH_PX = 1366;
/** The shell's smallest target (tests/e2e/support/screens.ts). */
const MIN_TARGET_PX = 64;

/** An SVG picture's drawing size, from its viewBox. */
export function svgSize(file: string): { width: number; height: number } | null {
  if (!fs.existsSync(file)) return null;
  const match = /viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"/.exec(fs.readFileSync(file, 'utf8'));
  return match ? { width: Number(match[1]), height: Number(match[2]) } : null;
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

function checkPack(packDir: string, rules: PlainLanguageRules, problems: Problem[], utterances: Utterance[]): LessonManifest | null {
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

  // Every thing to press in a scene is a 64 px target on the 1366 × 768 screen, like every target.
  manifest.steps.forEach((step, index) => {
    if (step.kind !== 'find') return;
    const size = svgSize(path.join(packDir, step.picture));
    if (!size) return problem(`step ${index + 1} (find): ${step.picture} has no viewBox to place its targets on`);
    const width = Math.min((SCENE_HEIGHT_PX * size.width) / size.height, SCREEN_WIDTH_PX * 0.92);
    const height = (width * size.height) / size.width;
    for (const target of step.targets) {
      const [, , w, h] = target.box;
      const px = [Math.floor((w / 100) * width), Math.floor((h / 100) * height)];
      if (px[0]! < MIN_TARGET_PX || px[1]! < MIN_TARGET_PX) {
        problem(`step ${index + 1} (find): "${target.label}" is ${px[0]} × ${px[1]} px on a 1366 × 768 screen (at least ${MIN_TARGET_PX} × ${MIN_TARGET_PX})`);
      }
    }
  });

  // A word to copy is typed on the loaned computers' AZERTY keyboard, whose picture shows where each key is.
  manifest.steps.forEach((step, index) => {
    const missing = step.kind === 'type' && step.word ? untypable(step.word) : [];
    if (missing.length > 0) problem(`step ${index + 1} (type): "${missing.join('')}" has no key on the AZERTY keyboard the lesson draws`);
  });

  // Texts, audio and plain language, per language.
  const keysUsed = new Set(manifest.steps.flatMap(stepTextKeys));
  const audio = readAudioManifest(packDir);
  const allTexts: Partial<Record<Language, LessonTexts>> = {};
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
    allTexts[language] = texts;
    for (const key of keysUsed) {
      if (!texts.steps[key]) problem(`texts/${language}.yaml lacks the sentence "${key}"`);
    }
    for (const key of [...Object.keys(texts.steps), ...Object.keys(texts.speech?.steps ?? {})]) {
      if (!keysUsed.has(key)) problem(`texts/${language}.yaml has "${key}", which no step says`);
    }
    checkSentence(texts.goal, language, rules, (message) => problem(`the goal in ${language}: ${message}`));
    if (texts.done === undefined) problem(`texts/${language}.yaml has no done: what the person can do now, said at the end`);
    else checkSentence(texts.done, language, rules, (message) => problem(`what is learnt (done) in ${language}: ${message}`));
    manifest.steps.forEach((step, index) => checkStepPlainLanguage(step, index, language, texts, rules, problem));
    for (const key of packSentenceKeys(manifest)) {
      const said = synthesizerText(texts, key, language);
      if (said && !resolveAudioFile(packDir, audio, language, key, said)) {
        problem(`no audio for ${sentenceLabel(key)} in ${language} (or it was made from an older text): run npm run lessons:audio`);
      }
    }
  }
  utterances.push(...packUtterances(folder, manifest, allTexts));
  return manifest;
}

/** The lesson screens' own words (renderer/src/locales: lesson.*, lessons.*) use the glossary's names too. */
function checkLessonScreens(localesDir: string, rules: PlainLanguageRules, problems: Problem[]): void {
  for (const language of SHIPPED_LANGUAGES) {
    for (const [key, text] of localeStrings(localesDir, language)) {
      if (!/^lessons?\./.test(key)) continue;
      for (const { found, entry } of glossaryBreaches(text, language, rules)) {
        problems.push({ lesson: `renderer/src/locales/${language}.json`, message: `${key} "${text}" says "${found}" for ${entry.idea}: the lessons call it "${entry.name}"` });
      }
    }
  }
}

export function checkLessons(lessonsDir: string, localesDir = LOCALES_DIR): Problem[] {
  const problems: Problem[] = [];
  const utterances: Utterance[] = shellUtterances(lessonsDir, localesDir, problems);
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
    .filter((d) => d.isDirectory() && d.name !== FAMILIES_DIR)
    .map((d) => path.join(lessonsDir, d.name));
  const manifests: LessonManifest[] = [];
  for (const pack of packs) {
    if (!fs.existsSync(path.join(pack, 'lesson.yaml'))) {
      problems.push({ lesson: path.basename(pack), message: 'a folder in lessons/ without lesson.yaml' });
      continue;
    }
    const manifest = checkPack(pack, rules, problems, utterances);
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
  utterances.push(...checkFamiliesFile(lessonsDir, manifests, SHIPPED_LANGUAGES, problems));
  checkVoice(utterances, problems);
  checkLessonScreens(localesDir, rules, problems);
  return problems;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lessonsDir = path.resolve(import.meta.dirname, '../lessons');
  const problems = checkLessons(lessonsDir);
  for (const p of problems) console.error(`✗ ${p.lesson}: ${p.message}`);
  const count = fs.readdirSync(lessonsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== FAMILIES_DIR).length;
  if (problems.length > 0) {
    console.error(`lessons:check: ${problems.length} problem(s) in ${count} lesson pack(s)`);
    process.exit(1);
  }
  console.log(`lessons:check: ${count} lesson pack(s), no problem`);
}
