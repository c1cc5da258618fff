/**
 * The lesson pack format. A pack is a folder `lessons/<id>/` holding `lesson.yaml` (this manifest),
 * `texts/<lang>.yaml` (every sentence, per language) and its pictures and sounds.
 */
import { z } from 'zod';
import { Language } from '../protocol/common.ts';

export const LessonId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lesson id is lowercase words joined by dashes');
const TextKey = z.string().regex(/^[a-z0-9_]+$/);
const AssetPath = z.string().regex(/^[a-zA-Z0-9_\-./]+$/).refine((p) => !p.split('/').includes('..'), 'no ".." in asset paths');

const StepBase = z.object({
  /** Key of the spoken sentence in texts/<lang>.yaml → steps.<key>. */
  say: TextKey,
  picture: AssetPath,
});

export const LessonStep = z.discriminatedUnion('kind', [
  StepBase.extend({ kind: z.literal('show') }),
  StepBase.extend({ kind: z.literal('click'), target: z.enum(['picture']).default('picture') }),
  StepBase.extend({ kind: z.literal('double-click') }),
]);
export type LessonStep = z.infer<typeof LessonStep>;

export const LessonAsset = z.object({
  file: AssetPath,
  licence: z.string(),
  attribution: z.string(),
});

export const LessonManifest = z.object({
  id: LessonId,
  version: z.number().int().min(1),
  difficulty: z.number().int().min(1).max(5),
  minutes: z.number().int().min(1).max(60),
  prerequisites: z.array(LessonId).default([]),
  languages: z.array(Language).min(1),
  assets: z.array(LessonAsset),
  steps: z.array(LessonStep).min(1),
});
export type LessonManifest = z.infer<typeof LessonManifest>;

export const LessonTexts = z.object({
  title: z.string().min(1),
  goal: z.string().min(1),
  steps: z.record(z.string(), z.string().min(1)),
});
export type LessonTexts = z.infer<typeof LessonTexts>;

/** A lesson resolved for one language, as the renderer receives it. */
export const LessonForDisplay = z.object({
  id: LessonId,
  version: z.number().int(),
  language: Language,
  title: z.string(),
  goal: z.string(),
  steps: z.array(
    z.object({ kind: z.enum(['show', 'click', 'double-click']), text: z.string(), picture: z.string() }),
  ),
});
export type LessonForDisplay = z.infer<typeof LessonForDisplay>;

export const LessonSummary = z.object({
  id: LessonId,
  title: z.string(),
  picture: z.string(),
  stepCount: z.number().int(),
  completed: z.boolean(),
});
export type LessonSummary = z.infer<typeof LessonSummary>;
