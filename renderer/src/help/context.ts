import type { LessonPlace } from '../lessons/useLessonRun.ts';

/** The lesson part of a help request's context: which step, which hint rung, how long on it. */
export function lessonHelpContext(lessonId: string | null, place: LessonPlace | null, now: number) {
  if (!lessonId) return {};
  if (!place || place.lessonId !== lessonId) return { lessonId };
  const stuckSeconds = Math.min(86_400, Math.max(0, Math.round((now - place.stepStartedAt) / 1000)));
  return { lessonId, stepIndex: place.stepIndex, hintLevel: place.hintLevel, stuckSeconds };
}
