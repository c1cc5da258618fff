/**
 * The families part of `npm run lessons:check` (issue 12): lessons/families.yaml is valid, every lesson
 * is in exactly one family, every family and cover picture is credited and present, no two lessons show
 * the same picture, and each family's name is an utterance the voice check hears like a lesson title.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { checkFamilies, FAMILIES_FILE, LessonFamilies } from '../app/lessons/families.ts';
import type { LessonManifest } from '../app/lessons/model.ts';
import type { Language } from '../app/protocol/common.ts';
import type { Problem } from './lessons-plain-language.ts';
import type { Utterance } from './lessons-voice.ts';

/** A picture's identity is its content: two copies of one drawing are one picture. */
function pictureKeyIn(lessonsDir: string): (file: string) => string | null {
  return (file) => {
    const full = path.join(lessonsDir, file);
    return fs.existsSync(full) ? createHash('sha256').update(fs.readFileSync(full)).digest('hex') : null;
  };
}

export function checkFamiliesFile(
  lessonsDir: string,
  manifests: readonly LessonManifest[],
  languages: readonly Language[],
  problems: Problem[],
): Utterance[] {
  const file = path.join(lessonsDir, FAMILIES_FILE);
  const problem = (message: string) => problems.push({ lesson: FAMILIES_FILE, message });
  if (!fs.existsSync(file)) {
    problem('is missing: the lesson list groups lessons by family from it');
    return [];
  }
  const parsed = LessonFamilies.safeParse(YAML.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) {
    problem(`does not match its schema: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`);
    return [];
  }
  const lessons = manifests.map((m) => ({ id: m.id, picture: m.picture }));
  for (const p of checkFamilies(parsed.data, lessons, pictureKeyIn(lessonsDir), languages)) problem(`${p.where}: ${p.message}`);
  return parsed.data.families.flatMap((family) =>
    (Object.entries(family.title) as [Language, string][]).map(([language, shown]) => ({
      lesson: FAMILIES_FILE,
      where: `family ${family.id} in ${language}`,
      language,
      shown,
      speech: family.speech[language],
    })),
  );
}
