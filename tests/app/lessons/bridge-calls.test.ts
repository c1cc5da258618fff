/**
 * The lesson calls of the bridge at its edge: what the renderer may send about progress and
 * adaptivity, and what is refused before any service sees it.
 */
import { describe, expect, it } from 'vitest';
import { BridgeInputError, parseBridgeInput } from '../../../app/bridge/contract.ts';
import { ADAPTIVITY_LIMITS, DEFAULT_ADAPTIVITY } from '../../../app/lessons/engine.ts';

const outcome = { index: 2, kind: 'drag', misses: 3, hintLevel: 2, seconds: 40 };

describe('lesson bridge calls', () => {
  it('accepts progress with or without the outcome of the step just done', () => {
    expect(parseBridgeInput('saveLessonProgress', { lessonId: 'souris-glisser', stepIndex: 3, finished: false })).toEqual({
      lessonId: 'souris-glisser',
      stepIndex: 3,
      finished: false,
    });
    expect(parseBridgeInput('saveLessonProgress', { lessonId: 'souris-glisser', stepIndex: 3, finished: false, completedStep: outcome }).completedStep).toEqual(outcome);
  });

  it('accepts the default settings and the limits, which the engine and the contract share', () => {
    expect(parseBridgeInput('saveLessonAdaptivity', DEFAULT_ADAPTIVITY)).toEqual(DEFAULT_ADAPTIVITY);
    const widest = {
      targetScale: ADAPTIVITY_LIMITS.targetScale.max,
      doubleClickMs: ADAPTIVITY_LIMITS.doubleClickMs.max,
      dragTolerancePx: ADAPTIVITY_LIMITS.dragTolerancePx.max,
    };
    expect(parseBridgeInput('saveLessonAdaptivity', widest)).toEqual(widest);
    const narrowest = {
      targetScale: ADAPTIVITY_LIMITS.targetScale.min,
      doubleClickMs: ADAPTIVITY_LIMITS.doubleClickMs.min,
      dragTolerancePx: ADAPTIVITY_LIMITS.dragTolerancePx.min,
    };
    expect(parseBridgeInput('saveLessonAdaptivity', narrowest)).toEqual(narrowest);
  });

  it.each([
    ['a step outcome of an unknown kind', 'saveLessonProgress', { lessonId: 'a', stepIndex: 0, finished: false, completedStep: { ...outcome, kind: 'fly' } }],
    ['a hint rung above the ladder', 'saveLessonProgress', { lessonId: 'a', stepIndex: 0, finished: false, completedStep: { ...outcome, hintLevel: 5 } }],
    ['a person named in the outcome', 'saveLessonProgress', { lessonId: 'a', stepIndex: 0, finished: false, completedStep: { ...outcome, firstName: 'Amina' } }],
    ['a negative step', 'saveLessonProgress', { lessonId: 'a', stepIndex: -1, finished: false }],
    ['a double-click gap of a minute', 'saveLessonAdaptivity', { ...DEFAULT_ADAPTIVITY, doubleClickMs: 60_000 }],
    ['targets shrunk below their design', 'saveLessonAdaptivity', { ...DEFAULT_ADAPTIVITY, targetScale: 0.5 }],
    ['a missing setting', 'saveLessonAdaptivity', { targetScale: 1, doubleClickMs: 500 }],
    ['an extra setting', 'saveLessonAdaptivity', { ...DEFAULT_ADAPTIVITY, person: 'someone' }],
    ['a payload for a call without one', 'getLessonAdaptivity', { person: 'someone' }],
  ] as const)('refuses %s', (_label, name, payload) => {
    expect(() => parseBridgeInput(name, payload)).toThrow(BridgeInputError);
  });
});
