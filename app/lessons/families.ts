/**
 * Lesson families (issue 12): the lesson list shows 4–5 groups, each with its own picture, instead of
 * every lesson at once; and each lesson shows a picture no other lesson has (`covers` gives a lesson
 * another picture for the list when its own looks like a sibling's). Declared once in
 * `lessons/families.yaml`, pictures in `lessons/families/`; `npm run lessons:check` holds every lesson
 * in exactly one family. Pure: the file is read by the callers.
 */
import { z } from 'zod';
import { Language } from '../protocol/common.ts';
import { AssetPath, LessonAsset, LessonId } from './model.ts';

export const FAMILIES_FILE = 'families.yaml';
/** Where the families' pictures and the lessons' cover pictures live, under lessons/. */
export const FAMILIES_DIR = 'families';

export const FamilyId = z.string().regex(/^[a-z]+(-[a-z]+)*$/, 'a family id is lowercase words joined by dashes');

export const LessonFamily = z
  .object({
    id: FamilyId,
    /** The family's picture, under lessons/families/. */
    picture: AssetPath,
    /** The family's name, shown and spoken, in every shipped language. */
    title: z.partialRecord(Language, z.string().min(1).max(40)),
    /** What the voice says where it differs from the name (Arabic: fully vowelled). */
    speech: z.partialRecord(Language, z.string().min(1).max(80)).default({}),
    lessons: z.array(LessonId).min(1),
  })
  .strict();
export type LessonFamily = z.infer<typeof LessonFamily>;

export const LessonFamilies = z
  .object({
    families: z.array(LessonFamily).max(8),
    /** A lesson's picture in the list when it is not its manifest's picture (under lessons/families/). */
    covers: z.record(LessonId, AssetPath).default({}),
    assets: z.array(LessonAsset),
  })
  .strict();
export type LessonFamilies = z.infer<typeof LessonFamilies>;

/** The family a lesson belongs to, or null (a lesson that arrived without one goes with the others). */
export function familyOf(families: LessonFamilies, lessonId: string): LessonFamily | null {
  return families.families.find((f) => f.lessons.includes(lessonId)) ?? null;
}

export interface FamilyProblem {
  where: string;
  message: string;
}

/**
 * Every lesson in exactly one family, every family's lesson a real lesson, every picture credited,
 * and no two lessons (nor a lesson and a family) showing the same picture. `pictureKey` identifies a
 * picture's content (a hash of the file) so that two copies of one drawing count as one picture.
 */
export function checkFamilies(
  families: LessonFamilies,
  lessons: readonly { id: string; picture: string }[],
  pictureKey: (file: string) => string | null,
  languages: readonly Language[],
): FamilyProblem[] {
  const problems: FamilyProblem[] = [];
  const known = new Set(lessons.map((l) => l.id));
  const seen = new Map<string, string>();
  const ids = new Set<string>();
  for (const family of families.families) {
    const where = `family ${family.id}`;
    if (ids.has(family.id)) problems.push({ where, message: 'this family id appears twice' });
    ids.add(family.id);
    for (const language of languages) {
      if (!family.title[language]) problems.push({ where, message: `title lacks "${language}": give the family's name in ${languages.join(', ')}` });
    }
    for (const lessonId of family.lessons) {
      if (!known.has(lessonId)) problems.push({ where, message: `${lessonId} is not a lesson here: remove it, or add its pack` });
      const other = seen.get(lessonId);
      if (other) problems.push({ where, message: `${lessonId} is also in family ${other}: a lesson belongs to exactly one family` });
      seen.set(lessonId, family.id);
    }
  }
  for (const lesson of lessons) {
    if (!seen.has(lesson.id)) {
      problems.push({
        where: `lesson ${lesson.id}`,
        message: `belongs to no family: add "${lesson.id}" to the lessons of one family in lessons/${FAMILIES_FILE} (${families.families.map((f) => f.id).join(', ')})`,
      });
    }
  }
  for (const lessonId of Object.keys(families.covers)) {
    if (!known.has(lessonId)) problems.push({ where: 'covers', message: `${lessonId} is not a lesson here` });
  }

  // Pictures: credited, present, and each one shown by one lesson or family only.
  const credited = new Set(families.assets.map((a) => a.file));
  const own = [...families.families.map((f) => f.picture), ...Object.values(families.covers)];
  for (const file of own) {
    if (!credited.has(file)) problems.push({ where: file, message: `has no licence and attribution in assets of lessons/${FAMILIES_FILE}` });
    if (pictureKey(`${FAMILIES_DIR}/${file}`) === null) problems.push({ where: file, message: `does not exist in lessons/${FAMILIES_DIR}/` });
  }
  const byPicture = new Map<string, string>();
  const shown: { who: string; file: string }[] = [
    ...families.families.map((f) => ({ who: `family ${f.id}`, file: `${FAMILIES_DIR}/${f.picture}` })),
    ...lessons.map((l) => ({
      who: `lesson ${l.id}`,
      file: families.covers[l.id] ? `${FAMILIES_DIR}/${families.covers[l.id]}` : `${l.id}/${l.picture}`,
    })),
  ];
  for (const { who, file } of shown) {
    const key = pictureKey(file);
    if (key === null) continue;
    const other = byPicture.get(key);
    if (other) {
      problems.push({
        where: who,
        message: `shows the same picture as ${other}: give it its own picture in covers of lessons/${FAMILIES_FILE} (each lesson has a distinct picture)`,
      });
    } else byPicture.set(key, who);
  }
  return problems;
}
