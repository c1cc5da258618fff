/**
 * The check an unpacked pack passes on the shell before it may replace the one in use: it is the
 * lesson the index announced (id and version), its manifest and texts match the schema, French (the
 * fallback of every language) says every sentence, and every picture it names is in the pack. The hub
 * ran the authors' full rules (`lessons:check`) before publishing; this check is what the shell needs
 * to show the lesson, whatever happened on the way.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stepPictures, stepTextKeys } from '../../app/lessons/model.ts';
import { loadLessonPack } from '../services/lessons.ts';

export function checkUnpackedPack(dir: string, expected: { id: string; version: number }): void {
  let lesson;
  try {
    lesson = loadLessonPack(dir);
  } catch (error) {
    throw new Error(`lesson.yaml or a text does not match the schema (${(error as Error).message.split('\n')[0]})`);
  }
  const { manifest } = lesson;
  if (manifest.id !== expected.id) throw new Error(`the pack is lesson "${manifest.id}", the index says "${expected.id}"`);
  if (manifest.version !== expected.version) throw new Error(`the pack is version ${manifest.version}, the index says ${expected.version}`);
  const french = lesson.texts.fr;
  if (!french) throw new Error('the pack has no French texts');
  for (const key of new Set(manifest.steps.flatMap(stepTextKeys))) {
    if (!french.steps[key]) throw new Error(`texts/fr.yaml lacks the sentence "${key}"`);
  }
  for (const file of new Set([manifest.picture, ...manifest.steps.flatMap(stepPictures)])) {
    if (!existsSync(path.join(dir, file))) throw new Error(`${file} is named but not in the pack`);
  }
}
