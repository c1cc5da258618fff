/**
 * A lesson run as a pure state machine: (state, event) → state.
 * Never a failure: a miss only counts, so the shell can make the target bigger and offer hints.
 */
export type LessonRun = {
  lessonId: string;
  stepIndex: number;
  stepCount: number;
  missesOnStep: number;
  finished: boolean;
};

export type LessonEvent =
  | { type: 'continue' }
  | { type: 'success' }
  | { type: 'miss' }
  | { type: 'back' };

export function startLesson(lessonId: string, stepCount: number, resumeAt = 0): LessonRun {
  const stepIndex = Math.min(Math.max(0, resumeAt), Math.max(0, stepCount - 1));
  return { lessonId, stepIndex, stepCount, missesOnStep: 0, finished: false };
}

export function advanceLesson(run: LessonRun, event: LessonEvent): LessonRun {
  if (run.finished) return run;
  switch (event.type) {
    case 'continue':
    case 'success': {
      const next = run.stepIndex + 1;
      if (next >= run.stepCount) return { ...run, finished: true, missesOnStep: 0 };
      return { ...run, stepIndex: next, missesOnStep: 0 };
    }
    case 'miss':
      return { ...run, missesOnStep: run.missesOnStep + 1 };
    case 'back':
      return { ...run, stepIndex: Math.max(0, run.stepIndex - 1), missesOnStep: 0 };
  }
}

/** Targets grow after misses, up to 1.6× their size: kinder than a failure message. */
export function targetScale(run: LessonRun): number {
  return Math.min(1.6, 1 + 0.2 * run.missesOnStep);
}
