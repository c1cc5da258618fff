/**
 * The evaluation figures, pure: weekly totals per cohort from the hub's cohort/day rows, with every
 * figure that rests on fewer than MIN_MACHINES_PER_FIGURE machines withheld.
 *
 * How many machines? Usage carries no machine identifier, so distinct machines over a week cannot be
 * counted. What is known exactly is, per cohort, day and cell, how many batches (= machines, one batch
 * per machine and day) had a non-zero count. The largest of those daily numbers over the week is a
 * lower bound on the distinct machines behind the weekly figure: a figure is shown only when that
 * lower bound reaches the threshold. It errs towards hiding (a lesson tried by 2 machines a day, a
 * different pair each day, stays hidden) — the price of data that cannot be linked to a machine.
 */
import type { EvaluationView } from '../protocol/reports.ts';
import { figure, isoWeek, MIN_MACHINES_PER_FIGURE } from './aggregate.ts';
import type { UsageMetric } from './registry.ts';

export interface UsageCell {
  cohort: string;
  day: string;
  metric: string;
  label: string;
  total: number;
  machines: number;
}
export interface CohortDay {
  cohort: string;
  day: string;
  contributors: number;
}

/** The cohort name standing for every cohort together. */
export const ALL_COHORTS = '*';

type Acc = { total: number; maxMachines: number };
const acc = (): Acc => ({ total: 0, maxMachines: 0 });

export function evaluate(input: { from: string; to: string; cells: UsageCell[]; days: CohortDay[]; k?: number }): EvaluationView {
  const k = input.k ?? MIN_MACHINES_PER_FIGURE;
  // Every cohort's rows, plus the same rows summed per day across cohorts (one batch per machine and
  // day means cohorts never share a machine on the same day, so daily sums stay exact).
  const dayCells = new Map<string, UsageCell>();
  for (const c of input.cells) {
    const key = [ALL_COHORTS, c.day, c.metric, c.label].join('\u0000');
    const sum = dayCells.get(key) ?? { ...c, cohort: ALL_COHORTS, total: 0, machines: 0 };
    sum.total += c.total;
    sum.machines += c.machines;
    dayCells.set(key, sum);
  }
  const dayContrib = new Map<string, CohortDay>();
  for (const d of input.days) {
    const sum = dayContrib.get(d.day) ?? { cohort: ALL_COHORTS, day: d.day, contributors: 0 };
    sum.contributors += d.contributors;
    dayContrib.set(d.day, sum);
  }
  const cells = [...input.cells, ...dayCells.values()];
  const days = [...input.days, ...dayContrib.values()];

  const weekly = new Map<string, { cohort: string; week: string; machines: Acc; metrics: Map<UsageMetric | string, Acc> }>();
  const weekOf = (cohort: string, day: string) => {
    const week = isoWeek(day);
    const key = `${cohort}\u0000${week}`;
    let w = weekly.get(key);
    if (!w) weekly.set(key, (w = { cohort, week, machines: acc(), metrics: new Map() }));
    return w;
  };
  for (const d of days) {
    const w = weekOf(d.cohort, d.day);
    w.machines.maxMachines = Math.max(w.machines.maxMachines, d.contributors);
    w.machines.total = w.machines.maxMachines;
  }
  const lessons = new Map<string, { cohort: string; lessonId: string; started: Acc; completed: Acc }>();
  for (const c of cells) {
    if (c.label === '') {
      const w = weekOf(c.cohort, c.day);
      const m = w.metrics.get(c.metric) ?? acc();
      m.total += c.total;
      m.maxMachines = Math.max(m.maxMachines, c.machines);
      w.metrics.set(c.metric, m);
    } else if (c.metric === 'lesson.started' || c.metric === 'lesson.completed') {
      const key = `${c.cohort}\u0000${c.label}`;
      const l = lessons.get(key) ?? { cohort: c.cohort, lessonId: c.label, started: acc(), completed: acc() };
      const a = c.metric === 'lesson.started' ? l.started : l.completed;
      a.total += c.total;
      a.maxMachines = Math.max(a.maxMachines, c.machines);
      lessons.set(key, l);
    }
  }
  const fig = (a: Acc | undefined) => (a ? figure(a.total, a.maxMachines, k) : figure(0, 0, k));
  // A week where the cohort had enough machines but nobody did X is a true 0, not a hidden figure.
  const metricFig = (w: { machines: Acc; metrics: Map<string, Acc> }, metric: UsageMetric) => {
    const a = w.metrics.get(metric);
    if (!a) return w.machines.maxMachines >= k ? { value: 0, suppressed: false } : figure(0, 0, k);
    return fig(a);
  };
  const order = (a: { cohort: string }, b: { cohort: string }) =>
    (a.cohort === ALL_COHORTS ? -1 : b.cohort === ALL_COHORTS ? 1 : a.cohort.localeCompare(b.cohort));
  return {
    from: input.from,
    to: input.to,
    minMachines: k,
    cohorts: [...new Set(input.days.map((d) => d.cohort))].sort(),
    weeks: [...weekly.values()]
      .sort((a, b) => order(a, b) || a.week.localeCompare(b.week))
      .map((w) => ({
        cohort: w.cohort,
        week: w.week,
        machinesAtLeast: figure(w.machines.maxMachines, w.machines.maxMachines, k),
        lessonsStarted: metricFig(w, 'lesson.started'),
        lessonsCompleted: metricFig(w, 'lesson.completed'),
        helpRequests: metricFig(w, 'help.requested'),
      })),
    lessons: [...lessons.values()]
      .sort((a, b) => order(a, b) || a.lessonId.localeCompare(b.lessonId))
      .map((l) => ({ cohort: l.cohort, lessonId: l.lessonId, started: fig(l.started), completed: fig(l.completed) })),
  };
}

/** CSV for funders (RFC 4180, `;`-free so spreadsheets in French locales split it right with ','). */
export function evaluationCsv(view: EvaluationView, labels: { all: string; suppressedNote: string }): string {
  const esc = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const header = ['cohort', 'week', 'machines_at_least', 'lessons_started', 'lessons_completed', 'help_requests', 'note'];
  const lines = [header.join(',')];
  for (const w of view.weeks) {
    const cells = [w.machinesAtLeast, w.lessonsStarted, w.lessonsCompleted, w.helpRequests];
    const note = cells.some((c) => c.suppressed) ? labels.suppressedNote : '';
    lines.push([w.cohort === ALL_COHORTS ? labels.all : w.cohort, w.week, ...cells.map((c) => c.value), note].map(esc).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
