import { describe, expect, it } from 'vitest';
import { isStuckStep, nextLesson, pathSuggestions, wasEasy, wasHard, type AttemptSummary, type SuggestLesson } from '../../../app/lessons/suggest.ts';

const lessons: SuggestLesson[] = [
  { id: 'souris-bouger', order: 1, prerequisites: [], family: 'souris' },
  { id: 'souris-cliquer', order: 2, prerequisites: ['souris-bouger'], family: 'souris' },
  { id: 'souris-double-clic', order: 3, prerequisites: ['souris-cliquer'], family: 'souris' },
  { id: 'souris-glisser', order: 4, prerequisites: ['souris-cliquer'], family: 'souris' },
  { id: 'clavier-lettres', order: 6, prerequisites: ['souris-cliquer'], family: 'clavier' },
  { id: 'internet-site', order: 10, prerequisites: ['souris-cliquer'], family: 'internet' },
];
const clean = (n: number) => Array.from({ length: n }, () => ({ hintLevel: 0, misses: 0 }));
const attempt = (lessonId: string, at: string, steps: AttemptSummary['steps'], finished = true): AttemptSummary => ({ lessonId, finished, at, steps, stepCount: steps.length });

describe('what makes a lesson hard or easy', () => {
  it('a step is stuck when it needed the hand or a call for help', () => {
    expect(isStuckStep({ hintLevel: 3 })).toBe(true);
    expect(isStuckStep({ hintLevel: 1, help: true })).toBe(true);
    expect(isStuckStep({ hintLevel: 2 })).toBe(false);
  });
  it('many misses (a hint’s worth per step on average) make a lesson hard; a few do not', () => {
    expect(wasHard(attempt('x', 't', [{ hintLevel: 1, misses: 4 }, { hintLevel: 0, misses: 0 }]))).toBe(true);
    expect(wasHard(attempt('x', 't', [{ hintLevel: 1, misses: 2 }, { hintLevel: 0, misses: 1 }]))).toBe(false);
  });
  it('a lesson is easy only when finished without any hint, miss or help', () => {
    expect(wasEasy(attempt('x', 't', clean(3)))).toBe(true);
    expect(wasEasy(attempt('x', 't', [{ hintLevel: 1, misses: 0 }]))).toBe(false);
    expect(wasEasy(attempt('x', 't', clean(3), false))).toBe(false);
  });
});

describe('nextLesson', () => {
  it('starts at the beginning of the map for a newcomer without a path', () => {
    expect(nextLesson({ lessons, path: [], attempts: [] })).toEqual({ lessonId: 'souris-bouger', reason: 'next_in_order' });
  });
  it('follows the path chosen with the helper, skipping what is finished', () => {
    const attempts = [attempt('internet-site', '2026-01-01', [{ hintLevel: 1, misses: 1 }])];
    expect(nextLesson({ lessons, path: ['internet-site', 'clavier-lettres'], attempts })).toEqual({ lessonId: 'clavier-lettres', reason: 'path' });
  });
  it('after a lesson with many misses, suggests practising it again', () => {
    const attempts = [attempt('souris-cliquer', '2026-01-02', [{ hintLevel: 2, misses: 5 }, { hintLevel: 0, misses: 0 }])];
    expect(nextLesson({ lessons, path: ['internet-site'], attempts })).toEqual({ lessonId: 'souris-cliquer', reason: 'practice_again' });
  });
  it('after a lesson done without hints, lets the person skip the next one of the family', () => {
    const attempts = [attempt('souris-bouger', '2026-01-01', clean(4)), attempt('souris-cliquer', '2026-01-02', clean(5))];
    expect(nextLesson({ lessons, path: [], attempts })).toEqual({ lessonId: 'souris-glisser', reason: 'skip_ahead', skipped: 'souris-double-clic' });
  });
  it('does not skip ahead over the path a helper chose with the person', () => {
    const attempts = [attempt('souris-cliquer', '2026-01-02', clean(5))];
    expect(nextLesson({ lessons, path: ['souris-double-clic'], attempts })).toEqual({ lessonId: 'souris-double-clic', reason: 'path' });
  });
  it('says all done when every lesson is finished, and ignores lessons it does not know', () => {
    const attempts = lessons.map((l, i) => attempt(l.id, `2026-01-0${i + 1}`, [{ hintLevel: 1, misses: 0 }]));
    expect(nextLesson({ lessons, path: ['gone-lesson'], attempts })).toEqual({ lessonId: null, reason: 'all_done' });
  });
});

describe('pathSuggestions', () => {
  it('puts what the person found hard first, then what their finished lessons open, leaving out the path', () => {
    const attempts = [
      attempt('souris-bouger', '2026-01-01', clean(3)),
      attempt('souris-cliquer', '2026-01-02', [{ hintLevel: 3, misses: 2 }]),
    ];
    const out = pathSuggestions({ lessons, path: ['clavier-lettres'], attempts });
    expect(out[0]).toEqual({ lessonId: 'souris-cliquer', reason: 'practice_again' });
    expect(out).toContainEqual({ lessonId: 'souris-double-clic', reason: 'prerequisite_done' });
    expect(out.map((s) => s.lessonId)).not.toContain('clavier-lettres');
    expect(out.map((s) => s.lessonId)).not.toContain('souris-bouger');
  });
  it('suggests the start of the map to a newcomer', () => {
    expect(pathSuggestions({ lessons, path: [], attempts: [] })).toEqual([{ lessonId: 'souris-bouger', reason: 'next_in_order' }]);
  });
});
