/**
 * A lesson run as a pure state machine: (state, event) → state. Time is an input (`at`, in ms),
 * never read here, so every path can be tested and a run can be saved and resumed.
 *
 * Never a failure and never a time-out: a miss only counts, time only climbs the hint ladder.
 * An event that does not fit the current step (a "success" on a step the person only has to
 * listen to, anything after the end) returns the same state object, unchanged.
 */
import { isInteractive, type StepKind } from './kinds.ts';

/** The hint ladder, one rung at a time. */
export const HintLevel = {
  none: 0,
  repeatAudio: 1,
  highlightTarget: 2,
  animatedHand: 3,
  offerHelp: 4,
} as const;
export type HintLevel = (typeof HintLevel)[keyof typeof HintLevel];
const TOP_HINT: HintLevel = HintLevel.offerHelp;

/** Time without progress before the next rung: long enough to think, short enough not to give up. */
export const HINT_AFTER_MS = 15_000;
/** Two misses on one step climb one rung, whatever the time. */
export const MISSES_PER_HINT = 2;

/** What the person did on one finished step; the service counts these for usage reports. */
export type StepOutcome = { index: number; kind: StepKind; misses: number; hintLevel: HintLevel; seconds: number };

export type LessonRun = {
  lessonId: string;
  kinds: readonly StepKind[];
  stepIndex: number;
  finished: boolean;
  missesOnStep: number;
  hintLevel: HintLevel;
  /** When the current step appeared (or the run resumed on it). */
  stepStartedAt: number;
  /** When the ladder last climbed, or the step started. */
  lastHintAt: number;
  /** The outcome of the step just completed, for the service to record; null at start. */
  lastOutcome: StepOutcome | null;
};

export type LessonEvent =
  | { type: 'continue'; at: number }
  | { type: 'success'; at: number }
  | { type: 'miss'; at: number }
  | { type: 'tick'; at: number }
  | { type: 'back'; at: number }
  /** Back after an interruption (Help, sleep, another screen): same step, fresh clock. */
  | { type: 'resume'; at: number };

export function startLesson(lessonId: string, kinds: readonly StepKind[], at: number, resumeAt = 0): LessonRun {
  if (kinds.length === 0) throw new Error(`lesson ${lessonId} has no steps`);
  const stepIndex = Math.min(Math.max(0, Math.trunc(resumeAt)), kinds.length - 1);
  return freshStep({ lessonId, kinds, finished: false, lastOutcome: null }, stepIndex, at);
}

function freshStep(run: Pick<LessonRun, 'lessonId' | 'kinds' | 'finished' | 'lastOutcome'>, stepIndex: number, at: number): LessonRun {
  return { ...run, stepIndex, missesOnStep: 0, hintLevel: HintLevel.none, stepStartedAt: at, lastHintAt: at };
}

export function currentKind(run: LessonRun): StepKind {
  return run.kinds[run.stepIndex]!;
}

function climb(run: LessonRun, at: number): LessonRun {
  if (run.hintLevel >= TOP_HINT) return run;
  return { ...run, hintLevel: (run.hintLevel + 1) as HintLevel, lastHintAt: at };
}

function complete(run: LessonRun, at: number): LessonRun {
  const outcome: StepOutcome = {
    index: run.stepIndex,
    kind: currentKind(run),
    misses: run.missesOnStep,
    hintLevel: run.hintLevel,
    seconds: Math.max(0, Math.round((at - run.stepStartedAt) / 1000)),
  };
  const next = run.stepIndex + 1;
  if (next >= run.kinds.length) return { ...run, finished: true, missesOnStep: 0, hintLevel: HintLevel.none, lastOutcome: outcome };
  return freshStep({ ...run, lastOutcome: outcome }, next, at);
}

export function advanceLesson(run: LessonRun, event: LessonEvent): LessonRun {
  if (run.finished) return run;
  const interactive = isInteractive(currentKind(run));
  switch (event.type) {
    case 'continue':
      return interactive ? run : complete(run, event.at);
    case 'success':
      return interactive ? complete(run, event.at) : run;
    case 'miss': {
      if (!interactive) return run;
      const counted = { ...run, missesOnStep: run.missesOnStep + 1 };
      return counted.missesOnStep % MISSES_PER_HINT === 0 ? climb(counted, event.at) : counted;
    }
    case 'tick':
      return event.at - run.lastHintAt >= HINT_AFTER_MS ? climb(run, event.at) : run;
    case 'back':
      return run.stepIndex === 0 ? run : freshStep(run, run.stepIndex - 1, event.at);
    case 'resume':
      return { ...run, stepStartedAt: event.at, lastHintAt: event.at };
  }
}

/** Whole seconds the person has spent on the current step: sent with a help request. */
export function stuckSeconds(run: LessonRun, at: number): number {
  return Math.max(0, Math.round((at - run.stepStartedAt) / 1000));
}

// ---------------------------------------------------------------------------------------------
// Kind adaptivity: settings that follow one person (one visitor on a kiosk) across lessons.

export type Adaptivity = {
  /** How much bigger targets are drawn for this person (1 = as designed). */
  targetScale: number;
  /** The longest gap between two clicks that still counts as a double-click. */
  doubleClickMs: number;
  /** How far from the drop place a dragged picture may land and still count, in CSS px. */
  dragTolerancePx: number;
};

/** 500 ms is the usual desktop double-click setting; 2 s is the slowest we still call "double". */
export const DEFAULT_ADAPTIVITY: Adaptivity = { targetScale: 1, doubleClickMs: 500, dragTolerancePx: 24 };
export const ADAPTIVITY_LIMITS = {
  targetScale: { min: 1, max: 1.6 },
  doubleClickMs: { min: 300, max: 2000 },
  dragTolerancePx: { min: 0, max: 160 },
} as const;
/** Two clicks further apart than this are two single clicks, not a slow double-click. */
export const SLOW_PAIR_MAX_MS = 2500;

const clamp = (value: number, { min, max }: { min: number; max: number }) => Math.min(max, Math.max(min, value));

/** The drawn size of a target: the person's baseline, plus 20% per miss on this step, capped. */
export function targetScale(run: LessonRun, settings: Adaptivity = DEFAULT_ADAPTIVITY): number {
  const grown = settings.targetScale * (1 + 0.2 * run.missesOnStep);
  return Math.round(Math.min(2, grown) * 100) / 100;
}

/** Is this gap between two clicks on the target a double-click for this person? */
export function isDoubleClick(gapMs: number, settings: Adaptivity): boolean {
  return gapMs >= 0 && gapMs <= settings.doubleClickMs;
}

/**
 * Two clicks on the target, too slow for the current setting but clearly meant as a pair: widen the
 * accepted gap to the person's measured speed plus a margin, so the next attempt at that speed counts.
 */
export function adaptToSlowDoubleClick(settings: Adaptivity, gapMs: number): Adaptivity {
  if (gapMs <= settings.doubleClickMs || gapMs > SLOW_PAIR_MAX_MS) return settings;
  return { ...settings, doubleClickMs: Math.round(clamp(gapMs * 1.25, ADAPTIVITY_LIMITS.doubleClickMs)) };
}

/** Does a drop `distancePx` from the drop place's edge count, for this person and this many misses? */
export function dropCounts(distancePx: number, settings: Adaptivity, missesOnStep: number): boolean {
  return distancePx <= settings.dragTolerancePx + 16 * missesOnStep;
}

/** A missed drop: a shaky hand gets more room next time, up to the limit. */
export function adaptToMissedDrop(settings: Adaptivity): Adaptivity {
  return { ...settings, dragTolerancePx: clamp(settings.dragTolerancePx + 16, ADAPTIVITY_LIMITS.dragTolerancePx) };
}

/**
 * After a pointing step: two misses or more make every later target a little bigger; a clean hit
 * lets it shrink back slowly. Never below the designed size.
 */
export function adaptAfterPointing(settings: Adaptivity, missesOnStep: number): Adaptivity {
  const delta = missesOnStep >= 2 ? 0.1 : missesOnStep === 0 ? -0.05 : 0;
  if (delta === 0) return settings;
  const next = Math.round(clamp(settings.targetScale + delta, ADAPTIVITY_LIMITS.targetScale) * 100) / 100;
  return next === settings.targetScale ? settings : { ...settings, targetScale: next };
}

/** Settings read from storage may be old or damaged: keep what is sound, default the rest. */
export function sanitizeAdaptivity(value: Partial<Record<keyof Adaptivity, unknown>> | null | undefined): Adaptivity {
  const pick = (key: keyof Adaptivity) => {
    const raw = value?.[key];
    return typeof raw === 'number' && Number.isFinite(raw) ? clamp(raw, ADAPTIVITY_LIMITS[key]) : DEFAULT_ADAPTIVITY[key];
  };
  return { targetScale: pick('targetScale'), doubleClickMs: pick('doubleClickMs'), dragTolerancePx: pick('dragTolerancePx') };
}
