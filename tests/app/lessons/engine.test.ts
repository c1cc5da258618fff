import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ADAPTIVITY_LIMITS,
  DEFAULT_ADAPTIVITY,
  HINT_AFTER_MS,
  HintLevel,
  adaptAfterPointing,
  adaptToMissedDrop,
  adaptToSlowDoubleClick,
  advanceLesson,
  dropCounts,
  isDoubleClick,
  sanitizeAdaptivity,
  startLesson,
  stuckSeconds,
  targetScale,
  type LessonEvent,
  type LessonRun,
} from '../../../app/lessons/engine.ts';
import { StepKind, isInteractive } from '../../../app/lessons/model.ts';

const ALL_KINDS = StepKind.options;
const EVENT_TYPES = ['continue', 'success', 'miss', 'tick', 'back', 'resume'] as const;

describe('lesson engine: every step kind against every event', () => {
  for (const kind of ALL_KINDS) {
    const interactive = isInteractive(kind);
    for (const type of EVENT_TYPES) {
      it(`${kind} step, ${type} event`, () => {
        // The step under test sits in the middle, so "back" and "complete" both have somewhere to go.
        const run = startLesson('l', ['show', kind, 'show'], 1000, 1);
        const next = advanceLesson(run, { type, at: 2000 } as LessonEvent);
        switch (type) {
          case 'continue':
            if (interactive) expect(next).toBe(run);
            else expect(next).toMatchObject({ stepIndex: 2, lastOutcome: { index: 1, kind, misses: 0, seconds: 1 } });
            break;
          case 'success':
            if (interactive) expect(next).toMatchObject({ stepIndex: 2, lastOutcome: { index: 1, kind } });
            else expect(next).toBe(run);
            break;
          case 'miss':
            if (interactive) expect(next).toMatchObject({ stepIndex: 1, missesOnStep: 1, finished: false });
            else expect(next).toBe(run);
            break;
          case 'tick':
            expect(next).toBe(run); // one second is not being stuck
            expect(advanceLesson(run, { type: 'tick', at: 1000 + HINT_AFTER_MS })).toMatchObject({ hintLevel: HintLevel.repeatAudio });
            break;
          case 'back':
            expect(next).toMatchObject({ stepIndex: 0, missesOnStep: 0, hintLevel: 0, stepStartedAt: 2000 });
            break;
          case 'resume':
            expect(next).toMatchObject({ stepIndex: 1, stepStartedAt: 2000, lastHintAt: 2000 });
            break;
        }
      });
    }
  }
});

describe('lesson engine: paths through a lesson', () => {
  it('runs a lesson from the first step to the end and then ignores everything', () => {
    let run = startLesson('souris-cliquer', ['show', 'click', 'double-click'], 0);
    run = advanceLesson(run, { type: 'continue', at: 1 });
    run = advanceLesson(run, { type: 'success', at: 2 });
    expect(run).toMatchObject({ stepIndex: 2, finished: false });
    run = advanceLesson(run, { type: 'success', at: 3 });
    expect(run.finished).toBe(true);
    for (const type of EVENT_TYPES) expect(advanceLesson(run, { type, at: 99_999 } as LessonEvent)).toBe(run);
  });

  it('counts misses without ever failing, and grows the target up to a limit', () => {
    let run = startLesson('l', ['click', 'click'], 0);
    for (let i = 0; i < 10; i++) run = advanceLesson(run, { type: 'miss', at: i });
    expect(run).toMatchObject({ stepIndex: 0, missesOnStep: 10, finished: false });
    expect(targetScale(run)).toBe(2);
    run = advanceLesson(run, { type: 'success', at: 20 });
    expect(run.missesOnStep).toBe(0);
    expect(targetScale(run)).toBe(1);
    expect(targetScale(run, { ...DEFAULT_ADAPTIVITY, targetScale: 1.3 })).toBe(1.3);
  });

  it('resumes where the person stopped, clamped to the lesson', () => {
    expect(startLesson('l', ['show', 'show', 'show', 'show'], 0, 2).stepIndex).toBe(2);
    expect(startLesson('l', ['show', 'show', 'show', 'show'], 0, 99).stepIndex).toBe(3);
    expect(startLesson('l', ['show', 'show', 'show', 'show'], 0, -5).stepIndex).toBe(0);
    expect(() => startLesson('l', [], 0)).toThrow(/no steps/);
  });

  it('after an interruption, resumes on the same step with a fresh clock and the same hints', () => {
    let run = startLesson('l', ['click'], 0);
    run = advanceLesson(run, { type: 'tick', at: HINT_AFTER_MS });
    expect(run.hintLevel).toBe(HintLevel.repeatAudio);
    run = advanceLesson(run, { type: 'resume', at: 600_000 });
    expect(stuckSeconds(run, 600_000)).toBe(0);
    expect(run).toMatchObject({ stepIndex: 0, hintLevel: HintLevel.repeatAudio });
    // An hour away is not an hour stuck: the ladder climbs from the resume, not from before it.
    expect(advanceLesson(run, { type: 'tick', at: 600_001 }).hintLevel).toBe(HintLevel.repeatAudio);
  });

  it('goes back one step but never before the first', () => {
    let run = startLesson('l', ['show', 'show', 'show'], 0, 1);
    run = advanceLesson(run, { type: 'back', at: 1 });
    const first = run;
    expect(advanceLesson(first, { type: 'back', at: 2 })).toBe(first);
    expect(run.stepIndex).toBe(0);
  });

  it('reports what happened on each completed step', () => {
    let run = startLesson('l', ['drag', 'show'], 10_000);
    run = advanceLesson(run, { type: 'miss', at: 11_000 });
    run = advanceLesson(run, { type: 'miss', at: 12_000 });
    run = advanceLesson(run, { type: 'success', at: 14_400 });
    expect(run.lastOutcome).toEqual({ index: 0, kind: 'drag', misses: 2, hintLevel: HintLevel.repeatAudio, seconds: 4 });
  });
});

describe('the hint ladder', () => {
  it('climbs one rung per 15 s without progress: audio, highlight, hand, then Help, and stops there', () => {
    let run = startLesson('l', ['click'], 0);
    const levels: number[] = [];
    for (let t = 1000; t <= HINT_AFTER_MS * 6; t += 1000) {
      run = advanceLesson(run, { type: 'tick', at: t });
      levels.push(run.hintLevel);
    }
    expect(levels[HINT_AFTER_MS / 1000 - 2]).toBe(0);
    expect(levels[HINT_AFTER_MS / 1000 - 1]).toBe(HintLevel.repeatAudio);
    expect(levels[(2 * HINT_AFTER_MS) / 1000 - 1]).toBe(HintLevel.highlightTarget);
    expect(levels[(3 * HINT_AFTER_MS) / 1000 - 1]).toBe(HintLevel.animatedHand);
    expect(levels[(4 * HINT_AFTER_MS) / 1000 - 1]).toBe(HintLevel.offerHelp);
    expect(levels.at(-1)).toBe(HintLevel.offerHelp);
    expect(run.finished).toBe(false); // never timed out
    expect(stuckSeconds(run, HINT_AFTER_MS * 6)).toBe(90);
  });

  it('climbs one rung every two misses, even quickly, and starts again on the next step', () => {
    let run = startLesson('l', ['click', 'click'], 0);
    run = advanceLesson(run, { type: 'miss', at: 1 });
    expect(run.hintLevel).toBe(HintLevel.none);
    run = advanceLesson(run, { type: 'miss', at: 2 });
    expect(run.hintLevel).toBe(HintLevel.repeatAudio);
    run = advanceLesson(run, { type: 'miss', at: 3 });
    run = advanceLesson(run, { type: 'miss', at: 4 });
    expect(run.hintLevel).toBe(HintLevel.highlightTarget);
    // the timer restarts from the last rung: no double climb right after a miss
    expect(advanceLesson(run, { type: 'tick', at: 4 + HINT_AFTER_MS - 1 }).hintLevel).toBe(HintLevel.highlightTarget);
    run = advanceLesson(run, { type: 'success', at: 5 });
    expect(run).toMatchObject({ stepIndex: 1, hintLevel: HintLevel.none, missesOnStep: 0 });
  });

  it('works on a listening step too (the continue button is the target)', () => {
    const run = advanceLesson(startLesson('l', ['show'], 0), { type: 'tick', at: 2 * HINT_AFTER_MS });
    expect(run.hintLevel).toBe(HintLevel.repeatAudio);
  });
});

describe('the engine under any sequence of events (property)', () => {
  const kindsArb = fc.array(fc.constantFrom(...ALL_KINDS), { minLength: 1, maxLength: 8 });
  const eventsArb = fc.array(fc.record({ type: fc.constantFrom(...EVENT_TYPES), dt: fc.integer({ min: 0, max: 40_000 }) }), { maxLength: 60 });

  it('keeps every invariant: index in range, ladder within 0–4, finished only after the last step, never a failure', () => {
    fc.assert(
      fc.property(kindsArb, eventsArb, fc.nat(10), (kinds, events, resumeAt) => {
        let at = 0;
        let run: LessonRun = startLesson('p', kinds, at, resumeAt);
        for (const { type, dt } of events) {
          at += dt;
          const before = run;
          run = advanceLesson(run, { type, at });
          expect(run.stepIndex).toBeGreaterThanOrEqual(0);
          expect(run.stepIndex).toBeLessThan(kinds.length);
          expect(run.hintLevel).toBeGreaterThanOrEqual(0);
          expect(run.hintLevel).toBeLessThanOrEqual(4);
          if (run.finished && !before.finished) expect(before.stepIndex).toBe(kinds.length - 1);
          if (run.stepIndex > before.stepIndex) expect(run.stepIndex).toBe(before.stepIndex + 1);
          if (run.stepIndex !== before.stepIndex) expect(run.missesOnStep).toBe(0);
          if (run.stepIndex === before.stepIndex && !run.finished) expect(run.hintLevel).toBeGreaterThanOrEqual(before.hintLevel);
        }
      }),
    );
  });

  it('completes any lesson with the right action for each step, whatever the misses on the way', () => {
    fc.assert(
      fc.property(kindsArb, fc.array(fc.nat(5), { minLength: 8, maxLength: 8 }), (kinds, misses) => {
        let run = startLesson('p', kinds, 0);
        let at = 0;
        kinds.forEach((kind, i) => {
          for (let m = 0; m < misses[i]!; m++) run = advanceLesson(run, { type: 'miss', at: ++at });
          run = advanceLesson(run, { type: isInteractive(kind) ? 'success' : 'continue', at: ++at });
        });
        expect(run.finished).toBe(true);
      }),
    );
  });
});

describe('kind adaptivity', () => {
  it('accepts a slow double-click after measuring the person’s speed once', () => {
    let settings = DEFAULT_ADAPTIVITY;
    expect(isDoubleClick(900, settings)).toBe(false);
    settings = adaptToSlowDoubleClick(settings, 900);
    expect(settings.doubleClickMs).toBe(1125);
    expect(isDoubleClick(900, settings)).toBe(true);
    expect(isDoubleClick(1000, settings)).toBe(true);
  });

  it('never narrows the double-click gap, and treats clicks seconds apart as two single clicks', () => {
    const wide = { ...DEFAULT_ADAPTIVITY, doubleClickMs: 1500 };
    expect(adaptToSlowDoubleClick(wide, 700)).toBe(wide);
    expect(adaptToSlowDoubleClick(DEFAULT_ADAPTIVITY, 4000)).toBe(DEFAULT_ADAPTIVITY);
    expect(adaptToSlowDoubleClick(DEFAULT_ADAPTIVITY, 2400).doubleClickMs).toBe(ADAPTIVITY_LIMITS.doubleClickMs.max);
  });

  it('gives a shaky hand more room for a drop: per miss on the step and, after a miss, for good', () => {
    expect(dropCounts(30, DEFAULT_ADAPTIVITY, 0)).toBe(false);
    expect(dropCounts(30, DEFAULT_ADAPTIVITY, 1)).toBe(true);
    let settings = DEFAULT_ADAPTIVITY;
    for (let i = 0; i < 20; i++) settings = adaptToMissedDrop(settings);
    expect(settings.dragTolerancePx).toBe(ADAPTIVITY_LIMITS.dragTolerancePx.max);
  });

  it('makes targets bigger for a person who misses, and lets them shrink back slowly', () => {
    let settings = adaptAfterPointing(DEFAULT_ADAPTIVITY, 3);
    expect(settings.targetScale).toBe(1.1);
    expect(adaptAfterPointing(settings, 1)).toBe(settings);
    settings = adaptAfterPointing(settings, 0);
    expect(settings.targetScale).toBe(1.05);
    expect(adaptAfterPointing(DEFAULT_ADAPTIVITY, 0)).toBe(DEFAULT_ADAPTIVITY);
    for (let i = 0; i < 20; i++) settings = adaptAfterPointing(settings, 5);
    expect(settings.targetScale).toBe(1.6);
  });

  it('repairs settings read from a damaged store', () => {
    expect(sanitizeAdaptivity(null)).toEqual(DEFAULT_ADAPTIVITY);
    expect(sanitizeAdaptivity({ targetScale: 'big', doubleClickMs: 99_999, dragTolerancePx: Number.NaN })).toEqual({
      targetScale: 1,
      doubleClickMs: 2000,
      dragTolerancePx: 24,
    });
  });
});
