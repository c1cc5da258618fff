/**
 * The evaluation figures: small numbers never reach a published figure, not even by subtracting one
 * published figure from another (property tests with fast-check).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_COHORTS, evaluate, evaluationCsv, type CohortDay, type UsageCell } from '../../../app/usage/evaluation.ts';
import { isoWeek } from '../../../app/usage/aggregate.ts';

const DAYS = ['2026-03-02', '2026-03-03', '2026-03-09', '2026-03-10', '2026-03-16'];
const COHORTS = ['home', 'Kiosque Nord'];
const LESSONS = ['souris-cliquer', 'clavier-lettres', 'mail-lire'];

/** Random hub rows, consistent: a cell's machines never exceed its cohort-day's contributors. */
const dataArb = fc
  .array(fc.record({ cohort: fc.constantFrom(...COHORTS), day: fc.constantFrom(...DAYS), contributors: fc.integer({ min: 1, max: 12 }) }), { maxLength: 10 })
  .chain((rawDays) => {
    const days = new Map<string, CohortDay>();
    for (const d of rawDays) days.set(`${d.cohort}|${d.day}`, d);
    const dayList = [...days.values()];
    if (dayList.length === 0) return fc.constant({ days: dayList, cells: [] as UsageCell[] });
    const cellArb = fc
      .record({
        d: fc.constantFrom(...dayList),
        metric: fc.constantFrom('lesson.started', 'lesson.completed', 'help.requested'),
        lesson: fc.constantFrom(...LESSONS),
        total: fc.integer({ min: 1, max: 40 }),
        share: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(({ d, metric, lesson, total, share }) => ({
        cohort: d.cohort,
        day: d.day,
        metric,
        label: metric === 'help.requested' ? '' : lesson,
        total,
        machines: Math.max(1, Math.round(share * d.contributors)),
      }));
    return fc.array(cellArb, { maxLength: 25 }).map((cells) => {
      const unique = new Map<string, UsageCell>();
      for (const c of cells) unique.set(`${c.cohort}|${c.day}|${c.metric}|${c.label}`, c);
      return { days: dayList, cells: [...unique.values()] };
    });
  });

const run = (cells: UsageCell[], days: CohortDay[]) => evaluate({ from: DAYS[0]!, to: DAYS.at(-1)!, cells, days });

describe('evaluation figures', () => {
  it('withholds a figure from 4 machines and shows it from 5', () => {
    const days = [{ cohort: 'home', day: '2026-03-02', contributors: 4 }];
    const cells = [{ cohort: 'home', day: '2026-03-02', metric: 'help.requested', label: '', total: 7, machines: 4 }];
    expect(run(cells, days).weeks.find((w) => w.cohort === 'home')).toMatchObject({
      machinesAtLeast: { value: null, suppressed: true },
      helpRequests: { value: null, suppressed: true },
    });
    const five = run([{ ...cells[0]!, machines: 5 }], [{ ...days[0]!, contributors: 5 }]);
    expect(five.weeks.find((w) => w.cohort === 'home')).toMatchObject({
      machinesAtLeast: { value: 5, suppressed: false },
      helpRequests: { value: 7, suppressed: false },
      lessonsStarted: { value: 0, suppressed: false }, // 5 machines, none started a lesson: a true 0
    });
  });

  it('counts machines over a week as the largest daily count (a lower bound), never as a sum of days', () => {
    const days = [
      { cohort: 'home', day: '2026-03-02', contributors: 3 },
      { cohort: 'home', day: '2026-03-03', contributors: 3 },
    ];
    // Perhaps the same 3 machines both days: 6 machine-days are not 6 machines.
    expect(run([], days).weeks.find((w) => w.cohort === 'home')!.machinesAtLeast).toEqual({ value: null, suppressed: true });
  });

  it('keeps a small cohort out of the all-cohorts row, so "all − home" reveals nothing about it', () => {
    const days = [
      { cohort: 'home', day: '2026-03-02', contributors: 6 },
      { cohort: 'Kiosque Nord', day: '2026-03-02', contributors: 2 },
    ];
    const cells = [
      { cohort: 'home', day: '2026-03-02', metric: 'help.requested', label: '', total: 9, machines: 6 },
      { cohort: 'Kiosque Nord', day: '2026-03-02', metric: 'help.requested', label: '', total: 4, machines: 2 },
    ];
    const view = run(cells, days);
    const row = (cohort: string) => view.weeks.find((w) => w.cohort === cohort)!;
    expect(row(ALL_COHORTS).machinesAtLeast.value).toBe(6);
    expect(row(ALL_COHORTS).helpRequests.value).toBe(9);
    expect(row('Kiosque Nord').helpRequests).toEqual({ value: null, suppressed: true });
  });

  it('property: no cell resting on fewer than 5 machines changes any published number', () => {
    fc.assert(
      fc.property(dataArb, fc.nat(), fc.integer({ min: 1, max: 500 }), ({ days, cells }, pick, newTotal) => {
        const small = cells.filter((c) => c.machines < 5);
        if (small.length === 0) return;
        const target = small[pick % small.length]!;
        // A small cell only stays small for its week if no other day of that week lifts it to 5.
        const sameWeekCell = cells.filter(
          (c) => c.cohort === target.cohort && c.metric === target.metric && c.label === target.label && isoWeek(c.day) === isoWeek(target.day),
        );
        if (sameWeekCell.some((c) => c.machines >= 5)) return;
        // Nor if the month's figure of finished lessons rests on 5 machines through another day.
        const sameMonthCell = cells.filter(
          (c) => c.cohort === target.cohort && c.metric === target.metric && c.label === target.label && c.day.slice(0, 7) === target.day.slice(0, 7),
        );
        if (target.metric === 'lesson.completed' && sameMonthCell.some((c) => c.machines >= 5)) return;
        const before = run(cells, days);
        const changed = cells.map((c) => (c === target ? { ...c, total: newTotal } : c));
        expect(run(changed, days)).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('property: every shown figure rests on at least 5 machines, and hidden ones carry no value', () => {
    fc.assert(
      fc.property(dataArb, ({ days, cells }) => {
        const view = run(cells, days);
        for (const w of view.weeks) {
          for (const f of [w.machinesAtLeast, w.lessonsStarted, w.lessonsCompleted, w.helpRequests]) {
            if (f.suppressed) expect(f.value).toBeNull();
            else expect(f.value).not.toBeNull();
          }
          if (!w.machinesAtLeast.suppressed) expect(w.machinesAtLeast.value).toBeGreaterThanOrEqual(5);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('writes the CSV with withheld cells empty and a note saying why', () => {
    const view = run([], [{ cohort: 'Kiosque, Nord', day: '2026-03-02', contributors: 2 }]);
    const csv = evaluationCsv(view, { all: 'Toutes', suppressedNote: 'chiffre masqué : moins de 5 machines' });
    expect(csv.split('\r\n')).toEqual([
      'cohort,week,machines_at_least,lessons_started,lessons_completed,help_requests,note',
      'Toutes,2026-W10,,,,,chiffre masqué : moins de 5 machines',
      '"Kiosque, Nord",2026-W10,,,,,chiffre masqué : moins de 5 machines',
      '',
    ]);
  });
});
