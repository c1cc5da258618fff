import { describe, expect, it } from 'vitest';
import { advanceLesson, startLesson, targetScale } from '../../../app/lessons/engine.ts';

describe('lesson engine', () => {
  it('runs a lesson from the first step to the end', () => {
    let run = startLesson('souris-cliquer', 3);
    run = advanceLesson(run, { type: 'continue' });
    run = advanceLesson(run, { type: 'success' });
    expect(run).toMatchObject({ stepIndex: 2, finished: false });
    run = advanceLesson(run, { type: 'success' });
    expect(run.finished).toBe(true);
    expect(advanceLesson(run, { type: 'success' })).toBe(run);
  });

  it('counts misses without ever failing, and grows the target up to a limit', () => {
    let run = startLesson('l', 2);
    for (let i = 0; i < 10; i++) run = advanceLesson(run, { type: 'miss' });
    expect(run).toMatchObject({ stepIndex: 0, missesOnStep: 10, finished: false });
    expect(targetScale(run)).toBe(1.6);
    run = advanceLesson(run, { type: 'success' });
    expect(run.missesOnStep).toBe(0);
    expect(targetScale(run)).toBe(1);
  });

  it('resumes where the person stopped, clamped to the lesson', () => {
    expect(startLesson('l', 4, 2).stepIndex).toBe(2);
    expect(startLesson('l', 4, 99).stepIndex).toBe(3);
    expect(startLesson('l', 4, -5).stepIndex).toBe(0);
  });

  it('goes back one step but never before the first', () => {
    let run = startLesson('l', 3, 1);
    run = advanceLesson(run, { type: 'back' });
    run = advanceLesson(run, { type: 'back' });
    expect(run.stepIndex).toBe(0);
  });
});
