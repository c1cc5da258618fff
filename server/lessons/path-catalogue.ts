/**
 * The lessons as the hub knows them for following people (issue 12): for choosing a person's path in
 * the console and checking a path names real lessons: id, order, prerequisites, family, titles and picture. Read once from
 * the lessons folder (each pack's lesson.yaml and texts, and lessons/families.yaml).
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { FAMILIES_DIR, FAMILIES_FILE, LessonFamilies, familyOf } from '../../app/lessons/families.ts';
import { LessonManifest, LessonTexts, shownText } from '../../app/lessons/model.ts';
import type { SuggestLesson } from '../../app/lessons/suggest.ts';
import type { CatalogueLesson } from '../../app/protocol/accompaniment.ts';
import type { Language } from '../../app/protocol/common.ts';

export interface PathCatalogue {
  lessons: CatalogueLesson[];
  has(id: string): boolean;
  /** The file of a lesson's list picture (its cover, or its manifest's picture). */
  pictureFile(id: string): string | null;
  forSuggestions(): SuggestLesson[];
}

const readYaml = (file: string): unknown => YAML.parse(fs.readFileSync(file, 'utf8'));

export function loadPathCatalogue(lessonsDir: string, picturePath: (id: string) => string): PathCatalogue {
  const familiesFile = path.join(lessonsDir, FAMILIES_FILE);
  const families = fs.existsSync(familiesFile) ? LessonFamilies.safeParse(readYaml(familiesFile)) : null;
  const fam = families?.success ? families.data : null;
  const entries: { lesson: CatalogueLesson; file: string }[] = [];
  const dirs = fs.existsSync(lessonsDir) ? fs.readdirSync(lessonsDir, { withFileTypes: true }) : [];
  for (const d of dirs) {
    const manifestFile = path.join(lessonsDir, d.name, 'lesson.yaml');
    if (!d.isDirectory() || !fs.existsSync(manifestFile)) continue;
    const parsed = LessonManifest.safeParse(readYaml(manifestFile));
    if (!parsed.success) continue; // lessons:check reports it; the hub serves the valid ones
    const manifest = parsed.data;
    const titles: Partial<Record<Language, string>> = {};
    const stepSays: Partial<Record<Language, string[]>> = {};
    for (const language of manifest.languages) {
      const textsFile = path.join(lessonsDir, d.name, 'texts', `${language}.yaml`);
      const texts = fs.existsSync(textsFile) ? LessonTexts.safeParse(readYaml(textsFile)) : null;
      if (!texts?.success) continue;
      titles[language] = texts.data.title;
      const shown = texts.data;
      stepSays[language] = manifest.steps.map((step) => shownText(shown, step.say) ?? '');
    }
    const cover = fam?.covers[manifest.id];
    entries.push({
      lesson: {
        id: manifest.id,
        order: manifest.order,
        family: fam ? (familyOf(fam, manifest.id)?.id ?? null) : null,
        prerequisites: manifest.prerequisites,
        minutes: manifest.minutes,
        titles,
        stepSays,
        picture: picturePath(manifest.id),
      },
      file: cover ? path.join(lessonsDir, FAMILIES_DIR, cover) : path.join(lessonsDir, d.name, manifest.picture),
    });
  }
  entries.sort((a, b) => a.lesson.order - b.lesson.order || a.lesson.id.localeCompare(b.lesson.id));
  const files = new Map(entries.map((e) => [e.lesson.id, e.file]));
  const lessons = entries.map((e) => e.lesson);
  return {
    lessons,
    has: (id) => files.has(id),
    pictureFile: (id) => files.get(id) ?? null,
    forSuggestions: () => lessons.map((l) => ({ id: l.id, order: l.order, prerequisites: l.prerequisites, family: l.family })),
  };
}
