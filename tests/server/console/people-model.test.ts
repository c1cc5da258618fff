/** The people pages' pure parts (server/console/src/people/model.ts): path moves, the weekly timeline, stuck steps, due days. */
import { describe, expect, it } from 'vitest';
import type { AttemptView } from '../../../app/protocol/accompaniment.ts';
import { dropPath, isOverdue, localToday, movePath, openSuggestions, stuckSteps, timelineWeeks } from '../../../server/console/src/people/model.ts';

const attempt = (over: Partial<AttemptView>): AttemptView => ({
  attemptId: over.attemptId ?? 'a',
  lessonId: 'souris-cliquer',
  startedAt: '2026-11-02T10:00:00.000Z',
  updatedAt: '2026-11-02T10:05:00.000Z',
  finishedAt: null,
  seconds: 300,
  stepsDone: 2,
  stepCount: 5,
  steps: [],
  helpRequests: 0,
  ...over,
});

describe('the path, moved with buttons', () => {
  const path = ['a', 'b', 'c'];
  it('adds at the end once, removes, moves up and down', () => {
    expect(movePath(path, { kind: 'add', lessonId: 'd' })).toEqual(['a', 'b', 'c', 'd']);
    expect(movePath(path, { kind: 'add', lessonId: 'b' })).toEqual(path);
    expect(movePath(path, { kind: 'remove', lessonId: 'b' })).toEqual(['a', 'c']);
    expect(movePath(path, { kind: 'up', lessonId: 'c' })).toEqual(['a', 'c', 'b']);
    expect(movePath(path, { kind: 'down', lessonId: 'a' })).toEqual(['b', 'a', 'c']);
  });
  it('changes nothing at the ends or for a lesson not in the path', () => {
    expect(movePath(path, { kind: 'up', lessonId: 'a' })).toEqual(path);
    expect(movePath(path, { kind: 'down', lessonId: 'c' })).toEqual(path);
    expect(movePath(path, { kind: 'up', lessonId: 'z' })).toEqual(path);
  });
  it('drops a dragged lesson in another’s place', () => {
    expect(dropPath(path, 'c', 'a')).toEqual(['c', 'a', 'b']);
    expect(dropPath(path, 'a', 'c')).toEqual(['b', 'c', 'a']);
  });
  it('shows at most three suggestions not already in the path', () => {
    const s = ['a', 'x', 'y', 'z', 'w'].map((lessonId) => ({ lessonId, reason: 'next_in_order' as const }));
    expect(openSuggestions(s, path).map((x) => x.lessonId)).toEqual(['x', 'y', 'z']);
  });
});

describe('the progress timeline', () => {
  it('counts each attempt in the week it was finished or last worked on, empty weeks included, up to today', () => {
    const weeks = timelineWeeks(
      [
        attempt({ attemptId: '1', finishedAt: '2026-11-03T10:00:00.000Z', updatedAt: '2026-11-03T10:00:00.000Z', seconds: 240 }),
        attempt({ attemptId: '2', startedAt: '2026-11-04T10:00:00.000Z', updatedAt: '2026-11-18T10:00:00.000Z' }),
      ],
      '2026-11-20',
    );
    expect(weeks).toEqual([
      { monday: '2026-11-02', finished: 1, unfinished: 0, minutes: 4 },
      { monday: '2026-11-09', finished: 0, unfinished: 0, minutes: 0 },
      { monday: '2026-11-16', finished: 0, unfinished: 1, minutes: 5 },
    ]);
    expect(timelineWeeks([], '2026-11-20')).toEqual([]);
  });
});

describe('stuck steps and due days', () => {
  it('lists the steps that needed the hand or a human, numbered from 1', () => {
    const stuck = stuckSteps([
      attempt({
        steps: [
          { index: 0, hintLevel: 0, misses: 0, seconds: 10, help: false },
          { index: 2, hintLevel: 4, misses: 3, seconds: 90, help: false },
          { index: 3, hintLevel: 1, misses: 0, seconds: 20, help: true },
        ],
      }),
    ]);
    expect(stuck.map((s) => [s.step, s.hand, s.help])).toEqual([
      [3, true, false],
      [4, false, true],
    ]);
  });
  it('is overdue only before today; today is the helper’s local day', () => {
    expect(isOverdue('2026-11-19', '2026-11-20')).toBe(true);
    expect(isOverdue('2026-11-20', '2026-11-20')).toBe(false);
    expect(localToday(new Date(2026, 10, 20, 0, 30))).toBe('2026-11-20');
  });
});
