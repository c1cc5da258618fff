/**
 * `npm run lessons:schema`: export the pack schemas (app/lessons/model.ts, zod) as JSON Schema for
 * authors and their editors: lessons/lesson.schema.json (lesson.yaml) and lessons/texts.schema.json
 * (texts/<lang>.yaml). `npm run lessons:check` fails when these files are out of date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { LessonManifest, LessonTexts } from '../app/lessons/model.ts';

export const SCHEMA_FILES = { manifest: 'lesson.schema.json', texts: 'texts.schema.json' } as const;

/** The exported files' text, exactly as written to disk. */
export function schemaTexts(): Record<keyof typeof SCHEMA_FILES, string> {
  const render = (schema: z.ZodType, title: string, description: string) =>
    JSON.stringify({ ...z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }), title, description }, null, 2) + '\n';
  return {
    manifest: render(
      LessonManifest,
      'Passerelle lesson pack manifest (lesson.yaml)',
      'Generated from app/lessons/model.ts by `npm run lessons:schema`; do not edit. Rules a schema cannot say (a type step has a word or firstName; a choose step has exactly one right option; files exist; plain language) are checked by `npm run lessons:check`.',
    ),
    texts: render(
      LessonTexts,
      'Passerelle lesson texts (texts/<lang>.yaml)',
      'Generated from app/lessons/model.ts by `npm run lessons:schema`; do not edit. The title, the goal and every spoken sentence of a lesson in one language.',
    ),
  };
}

export function writeSchemas(lessonsDir: string): void {
  const texts = schemaTexts();
  for (const key of Object.keys(SCHEMA_FILES) as (keyof typeof SCHEMA_FILES)[]) {
    fs.writeFileSync(path.join(lessonsDir, SCHEMA_FILES[key]), texts[key]);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lessonsDir = path.resolve(import.meta.dirname, '../lessons');
  writeSchemas(lessonsDir);
  console.log(`wrote ${Object.values(SCHEMA_FILES).map((f) => path.join('lessons', f)).join(' and ')}`);
}
