/**
 * Lesson packs read from the lessons folder, validated with app/'s schema, resolved for a language.
 * A text missing in the asked language falls back to French, the source language.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Language } from '../../app/protocol/common.ts';
import { LessonManifest, LessonTexts, type LessonForDisplay, type LessonSummary } from '../../app/lessons/model.ts';
import type { ShellDb } from '../store/db.ts';

export type LoadedLesson = { manifest: LessonManifest; texts: Partial<Record<Language, LessonTexts>> };

export function loadLessonPack(dir: string): LoadedLesson {
  const manifest = LessonManifest.parse(YAML.parse(fs.readFileSync(path.join(dir, 'lesson.yaml'), 'utf8')));
  const texts: LoadedLesson['texts'] = {};
  for (const language of manifest.languages) {
    const file = path.join(dir, 'texts', `${language}.yaml`);
    if (fs.existsSync(file)) texts[language] = LessonTexts.parse(YAML.parse(fs.readFileSync(file, 'utf8')));
  }
  return { manifest, texts };
}

export function loadLessonPacks(lessonsDir: string): LoadedLesson[] {
  if (!fs.existsSync(lessonsDir)) return [];
  return fs
    .readdirSync(lessonsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(lessonsDir, d.name, 'lesson.yaml')))
    .map((d) => loadLessonPack(path.join(lessonsDir, d.name)))
    .sort((a, b) => a.manifest.difficulty - b.manifest.difficulty || a.manifest.id.localeCompare(b.manifest.id));
}

export function resolveLesson(lesson: LoadedLesson, language: Language): LessonForDisplay {
  const { manifest } = lesson;
  const texts = lesson.texts[language] ?? lesson.texts.fr;
  const fallback = lesson.texts.fr;
  if (!texts || !fallback) throw new Error(`lesson ${manifest.id} has no French texts`);
  const text = (key: string) => texts.steps[key] ?? fallback.steps[key] ?? key;
  return {
    id: manifest.id,
    version: manifest.version,
    language: lesson.texts[language] ? language : 'fr',
    title: texts.title,
    goal: texts.goal,
    steps: manifest.steps.map((step) => ({ kind: step.kind, text: text(step.say), picture: `lessons/${manifest.id}/${step.picture}` })),
  };
}

export class LessonService {
  private readonly lessons: Map<string, LoadedLesson>;

  constructor(
    lessonsDir: string,
    private readonly db: ShellDb,
  ) {
    this.lessons = new Map(loadLessonPacks(lessonsDir).map((l) => [l.manifest.id, l]));
  }

  list(language: Language): LessonSummary[] {
    return [...this.lessons.values()].map((lesson) => {
      const resolved = resolveLesson(lesson, language);
      return {
        id: resolved.id,
        title: resolved.title,
        picture: resolved.steps[0]!.picture,
        stepCount: resolved.steps.length,
        completed: this.progress(resolved.id)?.finished ?? false,
      };
    });
  }

  get(id: string, language: Language): LessonForDisplay {
    const lesson = this.lessons.get(id);
    if (!lesson) throw new Error(`no lesson ${id}`);
    return resolveLesson(lesson, language);
  }

  saveProgress(lessonId: string, stepIndex: number, finished: boolean, now = new Date()): void {
    this.db
      .prepare(
        `INSERT INTO lesson_progress (lesson_id, step_index, finished, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(lesson_id) DO UPDATE SET step_index = excluded.step_index,
           finished = MAX(lesson_progress.finished, excluded.finished), updated_at = excluded.updated_at`,
      )
      .run(lessonId, stepIndex, finished ? 1 : 0, now.toISOString());
  }

  progress(lessonId: string): { stepIndex: number; finished: boolean } | null {
    const row = this.db.prepare('SELECT step_index, finished FROM lesson_progress WHERE lesson_id = ?').get(lessonId) as
      | { step_index: number; finished: number }
      | undefined;
    return row ? { stepIndex: row.step_index, finished: row.finished === 1 } : null;
  }
}
