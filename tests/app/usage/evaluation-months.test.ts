import { describe, expect, it } from 'vitest';
import { evaluate, evaluationCsv, monthlyCompleted, type UsageCell } from '../../../app/usage/evaluation.ts';

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

  it('is a second table of the CSV, below the weeks, withheld months empty with the note', () => {
    const view = evaluate({
      from: '2026-10-01',
      to: '2026-11-30',
      cells: [cell('home', '2026-10-03', 'souris-bouger', 7, 6), cell('Kiosque, Nord', '2026-11-03', 'souris-bouger', 3, 2)],
      days: [
        { cohort: 'home', day: '2026-10-03', contributors: 6 },
        { cohort: 'Kiosque, Nord', day: '2026-11-03', contributors: 2 },
      ],
    });
    const csv = evaluationCsv(view, { all: 'Toutes', suppressedNote: 'chiffre masqué : moins de 5 machines' }).split('\r\n');
    const at = csv.indexOf('cohort,month,lessons_completed,note');
    expect(csv[at - 1]).toBe('');
    expect(csv.slice(at + 1)).toEqual([
      'Toutes,2026-10,7,',
      'Toutes,2026-11,,chiffre masqué : moins de 5 machines',
      '"Kiosque, Nord",2026-11,,chiffre masqué : moins de 5 machines',
      'home,2026-10,7,',
      '',
    ]);
  });

  it('never uncovers a withheld week: the month sums only the week cells the weekly figures keep', () => {
    // Week of 2 Nov: 6 machines finished a lesson (shown). Week of 9 Nov: 4 machines (withheld).
    const cells = [cell('home', '2026-11-03', 'souris-bouger', 6, 6), cell('home', '2026-11-10', 'souris-bouger', 4, 4)];
    const days = [
      { cohort: 'home', day: '2026-11-03', contributors: 6 },
      { cohort: 'home', day: '2026-11-10', contributors: 4 },
    ];
    const view = evaluate({ from: '2026-11-01', to: '2026-11-30', cells, days });
    const shownWeeks = view.weeks.filter((w) => w.cohort === 'home').reduce((n, w) => n + (w.lessonsCompleted.value ?? 0), 0);
    const month = view.months.find((m) => m.cohort === 'home' && m.month === '2026-11')!;
    expect(shownWeeks).toBe(6);
    // month − shown weeks would be the withheld week's 4 if the month summed day cells.
    expect(month.lessonsCompleted).toEqual({ value: 6, suppressed: false });
  });

  it('counts a week across two months in the month of its Thursday', () => {
    // Monday 28 Sept 2026 – Sunday 4 Oct: Thursday 1 Oct, so October.
    const cells = [cell('home', '2026-09-29', 'souris-bouger', 5, 5), cell('home', '2026-10-03', 'souris-bouger', 2, 5)];
    expect(monthlyCompleted(cells, ['home'], 5).filter((m) => m.cohort === 'home')).toEqual([{ cohort: 'home', month: '2026-10', lessonsCompleted: { value: 7, suppressed: false } }]);
  });
});
