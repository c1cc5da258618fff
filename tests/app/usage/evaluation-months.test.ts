import { describe, expect, it } from 'vitest';
import { evaluate, monthlyCompleted, type UsageCell } from '../../../app/usage/evaluation.ts';

const cell = (cohort: string, day: string, label: string, total: number, machines: number): UsageCell => ({ cohort, day, metric: 'lesson.completed', label, total, machines });

describe('lessons finished per cohort and month (issue 12)', () => {
  it('sums the lessons finished in a month from cells resting on at least k machines', () => {
    const cells = [
      cell('home', '2026-10-03', 'souris-bouger', 7, 6),
      cell('home', '2026-10-20', 'souris-cliquer', 4, 5),
      // Two machines finished this lesson this month: left out of every figure.
      cell('home', '2026-10-21', 'clavier-lettres', 2, 2),
      cell('home', '2026-11-02', 'souris-bouger', 9, 5),
    ];
    expect(monthlyCompleted(cells, ['home'], 5)).toEqual([
      { cohort: '*', month: '2026-10', lessonsCompleted: { value: 11, suppressed: false } },
      { cohort: '*', month: '2026-11', lessonsCompleted: { value: 9, suppressed: false } },
      { cohort: 'home', month: '2026-10', lessonsCompleted: { value: 11, suppressed: false } },
      { cohort: 'home', month: '2026-11', lessonsCompleted: { value: 9, suppressed: false } },
    ]);
  });

  it('withholds a month whose every cell rests on fewer than k machines, and ignores other metrics', () => {
    const cells = [cell('kiosk-b', '2026-10-03', 'souris-bouger', 3, 4), { ...cell('kiosk-b', '2026-10-03', 'souris-bouger', 50, 9), metric: 'lesson.started' }];
    expect(monthlyCompleted(cells, ['kiosk-b'], 5)).toEqual([
      { cohort: '*', month: '2026-10', lessonsCompleted: { value: null, suppressed: true } },
      { cohort: 'kiosk-b', month: '2026-10', lessonsCompleted: { value: null, suppressed: true } },
    ]);
  });

  it('is part of the evaluation view', () => {
    const view = evaluate({ from: '2026-10-01', to: '2026-10-31', cells: [cell('home', '2026-10-03', 'souris-bouger', 7, 6)], days: [{ cohort: 'home', day: '2026-10-03', contributors: 6 }] });
    expect(view.months).toContainEqual({ cohort: 'home', month: '2026-10', lessonsCompleted: { value: 7, suppressed: false } });
  });
});
