import { describe, expect, it } from 'vitest';
import { lessonHelpContext } from '../../../renderer/src/help/context.ts';

const place = { lessonId: 'souris-cliquer', stepIndex: 3, hintLevel: 2, stepStartedAt: 1_000_000 };

describe('lessonHelpContext', () => {
  it('is empty outside a lesson', () => {
    expect(lessonHelpContext(null, place, 1_060_000)).toEqual({});
  });
  it('names the step, the hint rung and the seconds spent on it', () => {
    expect(lessonHelpContext('souris-cliquer', place, 1_061_400)).toEqual({ lessonId: 'souris-cliquer', stepIndex: 3, hintLevel: 2, stuckSeconds: 61 });
  });
  it('names only the lesson when the place is another lesson’s (or not known yet)', () => {
    expect(lessonHelpContext('clavier', place, 1_061_400)).toEqual({ lessonId: 'clavier' });
    expect(lessonHelpContext('clavier', null, 1_061_400)).toEqual({ lessonId: 'clavier' });
  });
  it('keeps the seconds within what the hub accepts (0 to a day)', () => {
    expect(lessonHelpContext('souris-cliquer', place, 0)).toMatchObject({ stuckSeconds: 0 });
    expect(lessonHelpContext('souris-cliquer', place, 1_000_000 + 10 * 86_400_000)).toMatchObject({ stuckSeconds: 86_400 });
  });
});
