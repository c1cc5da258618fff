/**
 * Which lesson to suggest next (issue 12), pure: from the lessons' prerequisites, the person's path
 * (chosen with a helper), and how their last attempts went. No lesson is ever locked: a suggestion
 * is the one huge picture on the home screen, every other lesson stays one press away.
 *
 *   - after a lesson with many misses, or a step where the person needed the hand or called for help,
 *     the next suggestion is more practice of the same lesson ("On s'entraîne encore ?");
 *   - a lesson finished without any hint lets the person skip ahead: the next lesson of the same
 *     family is offered to be skipped for the one after it;
 *   - otherwise the first unfinished lesson of the path, then the first unfinished lesson whose
 *     prerequisites are done, in map order.
 */
import { HintLevel, MISSES_PER_HINT } from './engine.ts';

export interface SuggestLesson {
  id: string;
  order: number;
  prerequisites: readonly string[];
  family: string | null;
}

/** One attempt at a lesson as the rules need it (a progress report, or the shell's own record). */
export interface AttemptSummary {
  lessonId: string;
  finished: boolean;
  /** When the attempt was last updated (ISO): the latest attempt decides practice or skip. */
  at: string;
  steps: readonly { hintLevel: number; misses: number; help?: boolean }[];
  stepCount: number;
}

/** A step where the person needed the animated hand, or asked a human. */
export function isStuckStep(step: { hintLevel: number; help?: boolean }): boolean {
  return step.hintLevel >= HintLevel.animatedHand || step.help === true;
}

/**
 * Many misses: on average, each step cost the person as many misses as climb one hint rung
 * (engine.ts MISSES_PER_HINT) — or they got stuck somewhere.
 */
export function wasHard(attempt: AttemptSummary): boolean {
  const misses = attempt.steps.reduce((n, s) => n + s.misses, 0);
  return attempt.steps.some(isStuckStep) || misses >= MISSES_PER_HINT * Math.max(1, attempt.stepCount);
}

/** Finished without a single hint or miss: the person knew it already. */
export function wasEasy(attempt: AttemptSummary): boolean {
  return attempt.finished && attempt.steps.every((s) => s.hintLevel === HintLevel.none && s.misses === 0 && !s.help);
}

export type NextReason = 'practice_again' | 'path' | 'skip_ahead' | 'next_in_order' | 'all_done';
export interface NextSuggestion {
  lessonId: string | null;
  reason: NextReason;
  /** For skip_ahead: the lesson skipped (still one press away). */
  skipped?: string;
}

function finishedSet(attempts: readonly AttemptSummary[]): Set<string> {
  return new Set(attempts.filter((a) => a.finished).map((a) => a.lessonId));
}

function latest(attempts: readonly AttemptSummary[]): AttemptSummary | null {
  return attempts.reduce<AttemptSummary | null>((best, a) => (best === null || a.at > best.at ? a : best), null);
}

/** The next lesson for the home screen's one huge picture. */
export function nextLesson(input: { lessons: readonly SuggestLesson[]; path: readonly string[]; attempts: readonly AttemptSummary[] }): NextSuggestion {
  const lessons = [...input.lessons].sort((a, b) => a.order - b.order);
  const known = new Set(lessons.map((l) => l.id));
  const done = finishedSet(input.attempts);
  const last = latest(input.attempts);
  if (last && last.finished && known.has(last.lessonId) && wasHard(last)) return { lessonId: last.lessonId, reason: 'practice_again' };

  const fromPath = input.path.find((id) => known.has(id) && !done.has(id));
  const ready = (l: SuggestLesson) => !done.has(l.id) && l.prerequisites.every((p) => done.has(p) || !known.has(p));
  const candidate = fromPath ? { id: fromPath, reason: 'path' as const } : (() => {
    const l = lessons.find(ready) ?? lessons.find((x) => !done.has(x.id));
    return l ? { id: l.id, reason: 'next_in_order' as const } : null;
  })();
  if (!candidate) return { lessonId: null, reason: 'all_done' };

  // Skip ahead: the last lesson went without a hint and the candidate is its family's next step.
  if (last && wasEasy(last) && candidate.reason === 'next_in_order') {
    const family = lessons.find((l) => l.id === last.lessonId)?.family ?? null;
    const next = lessons.find((l) => l.id === candidate.id);
    if (family !== null && next?.family === family) {
      const after = lessons.find((l) => l.family === family && l.order > next.order && !done.has(l.id));
      if (after) return { lessonId: after.id, reason: 'skip_ahead', skipped: next.id };
    }
  }
  return { lessonId: candidate.id, reason: candidate.reason };
}

export type SuggestionReason = 'practice_again' | 'prerequisite_done' | 'next_in_order';

/**
 * What the console suggests adding to a path, best first: lessons the person found hard (to practise
 * again), then lessons whose prerequisites they finished, then the next lessons in map order. Lessons
 * already in the path are left out.
 */
export function pathSuggestions(
  input: { lessons: readonly SuggestLesson[]; path: readonly string[]; attempts: readonly AttemptSummary[] },
  max = 5,
): { lessonId: string; reason: SuggestionReason }[] {
  const lessons = [...input.lessons].sort((a, b) => a.order - b.order);
  const inPath = new Set(input.path);
  const done = finishedSet(input.attempts);
  const out: { lessonId: string; reason: SuggestionReason }[] = [];
  const add = (lessonId: string, reason: SuggestionReason) => {
    if (!inPath.has(lessonId) && !out.some((s) => s.lessonId === lessonId)) out.push({ lessonId, reason });
  };
  const known = new Set(lessons.map((l) => l.id));
  for (const a of [...input.attempts].sort((x, y) => (x.at < y.at ? 1 : -1))) if (known.has(a.lessonId) && wasHard(a)) add(a.lessonId, 'practice_again');
  for (const l of lessons) {
    if (done.has(l.id)) continue;
    if (l.prerequisites.length > 0 && l.prerequisites.every((p) => done.has(p))) add(l.id, 'prerequisite_done');
  }
  for (const l of lessons) if (!done.has(l.id) && l.prerequisites.every((p) => done.has(p) || !known.has(p))) add(l.id, 'next_in_order');
  return out.slice(0, max);
}
