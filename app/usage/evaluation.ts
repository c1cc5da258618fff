/**
 * The evaluation figures, pure: weekly totals per cohort from the hub's cohort/day rows, where no
 * published number rests on fewer than MIN_MACHINES_PER_FIGURE machines.
 *
 * How many machines? Usage carries no machine identifier, so distinct machines over a week cannot be
 * counted. What is known exactly is, per cohort, day and cell (metric + label), how many batches —
 * machines, since a machine sends one batch per day — had a non-zero count. The largest of those
 * daily numbers over a week is a lower bound on the distinct machines behind the week's cell.
 *
 * The rule: a week cell (cohort, week, metric, label) whose lower bound is below the threshold is
 * left out of EVERY figure — weekly totals, per-lesson totals, the all-cohorts row. Each published
 * number is therefore a sum of cells that each rest on at least k machines, and subtracting one
 * published number from another (the usual way to uncover a hidden cell) only ever gives such sums.
 * A figure with no cell left is withheld (null) rather than shown as 0, unless the cohort really had
 * k machines that week and none of them did the thing (a true 0). The price: activity spread thinly
 * (2 machines a day on a lesson) is left out of the figures until more machines share it.
 */
import type { EvaluationView } from '../protocol/reports.ts';
import { addDays, isoWeek, isoWeekMonday, MIN_MACHINES_PER_FIGURE, type Figure } from './aggregate.ts';
import { USAGE_METRICS, type UsageMetric } from './registry.ts';

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

type WeekCell = { cohort: string; week: string; metric: string; label: string; total: number; machinesAtLeast: number };

/** Labelled metrics are summed from their labelled cells; unlabelled ones are their '' cell. */
function isPrimaryCell(metric: string, label: string): boolean {
  const def = USAGE_METRICS[metric as UsageMetric];
  if (!def) return false;
  return def.label === 'none' ? label === '' : label !== '';
}

/** Day cells summed into week cells (cohort, week, metric, label), each with its lower bound on machines. */
function weekCellsOf(cells: readonly UsageCell[]): WeekCell[] {
  const weekCells = new Map<string, WeekCell>();
  for (const c of cells) {
    if (!isPrimaryCell(c.metric, c.label)) continue;
    const week = isoWeek(c.day);
    const key = [c.cohort, week, c.metric, c.label].join('\u0000');
    const w = weekCells.get(key) ?? { cohort: c.cohort, week, metric: c.metric, label: c.label, total: 0, machinesAtLeast: 0 };
    w.total += c.total;
    w.machinesAtLeast = Math.max(w.machinesAtLeast, c.machines);
    weekCells.set(key, w);
  }
  return [...weekCells.values()];
}

const WEEKLY_METRICS = { lessonsStarted: 'lesson.started', lessonsCompleted: 'lesson.completed', helpRequests: 'help.requested' } as const;

export function evaluate(input: { from: string; to: string; cells: UsageCell[]; days: CohortDay[]; k?: number }): EvaluationView {
  const k = input.k ?? MIN_MACHINES_PER_FIGURE;

  // 1. Week cells with their lower bound; the small ones are dropped before anything is summed.
  const all = weekCellsOf(input.cells);
  const kept = all.filter((c) => c.machinesAtLeast >= k);

  // 2. Machines per cohort and week (largest daily count), and for all cohorts from cohort-days that
  //    themselves reach k (so "all − one cohort" never reveals a small cohort's count).
  const machines = new Map<string, number>();
  const allDaily = new Map<string, number>();
  for (const d of input.days) {
    const key = `${d.cohort}\u0000${isoWeek(d.day)}`;
    machines.set(key, Math.max(machines.get(key) ?? 0, d.contributors));
    const allKey = `${ALL_COHORTS}\u0000${isoWeek(d.day)}`;
    machines.set(allKey, machines.get(allKey) ?? 0); // the all-cohorts row exists (withheld) even when no day reaches k
    if (d.contributors >= k) allDaily.set(d.day, (allDaily.get(d.day) ?? 0) + d.contributors);
  }
  for (const [day, n] of allDaily) {
    const key = `${ALL_COHORTS}\u0000${isoWeek(day)}`;
    machines.set(key, Math.max(machines.get(key) ?? 0, n));
  }

  const cohorts = [...new Set(input.days.map((d) => d.cohort))].sort();
  const weeks = [...new Set(input.days.map((d) => isoWeek(d.day)))].sort();
  const inCohort = (cohort: string) => (c: WeekCell) => cohort === ALL_COHORTS || c.cohort === cohort;

  /** Sum of kept cells matching; withheld when only small cells exist, a true 0 when the cohort had k machines. */
  const figureOf = (match: (c: WeekCell) => boolean, machinesThatWeek: number): Figure => {
    const keptCells = kept.filter(match);
    if (keptCells.length > 0) return { value: keptCells.reduce((n, c) => n + c.total, 0), suppressed: false };
    const anyData = all.some(match);
    return !anyData && machinesThatWeek >= k ? { value: 0, suppressed: false } : { value: null, suppressed: true };
  };

  const weekRows: EvaluationView['weeks'] = [];
  for (const cohort of [ALL_COHORTS, ...cohorts]) {
    for (const week of weeks) {
      const m = machines.get(`${cohort}\u0000${week}`);
      if (m === undefined) continue; // the cohort sent nothing that week
      const row = {
        cohort,
        week,
        machinesAtLeast: m >= k ? { value: m, suppressed: false } : { value: null, suppressed: true },
      } as EvaluationView['weeks'][number];
      for (const [field, metric] of Object.entries(WEEKLY_METRICS) as [keyof typeof WEEKLY_METRICS, string][]) {
        row[field] = figureOf((c) => inCohort(cohort)(c) && c.week === week && c.metric === metric, m);
      }
      weekRows.push(row);
    }
  }

  const lessonIds = [...new Set(all.filter((c) => c.metric === 'lesson.started' || c.metric === 'lesson.completed').map((c) => c.label))].sort();
  const lessonRows: EvaluationView['lessons'] = [];
  for (const cohort of [ALL_COHORTS, ...cohorts]) {
    for (const lessonId of lessonIds) {
      const mine = (metric: string) => (c: WeekCell) => inCohort(cohort)(c) && c.metric === metric && c.label === lessonId;
      if (!all.some((c) => inCohort(cohort)(c) && c.label === lessonId)) continue;
      // Over a whole period there is no "k machines that week": a lesson with only small cells is withheld.
      lessonRows.push({ cohort, lessonId, started: figureOf(mine('lesson.started'), 0), completed: figureOf(mine('lesson.completed'), 0) });
    }
  }

  return { from: input.from, to: input.to, minMachines: k, cohorts, weeks: weekRows, lessons: lessonRows, months: monthlyCompleted(input.cells, cohorts, k) };
}

/**
 * Lessons finished per cohort and month (issue 12), from the anonymous `lesson.completed` counts only
 * (personal progress never enters here). A month is a sum of whole week cells — each week counted in
 * the month of its Thursday, as ISO weeks are — and only of the week cells the weekly figures keep
 * (at least k machines). Summing day cells by calendar month instead would let "month − the weeks
 * shown" uncover a withheld week, or the days of a week falling in another month. A month with only
 * small cells is withheld.
 */
export function monthlyCompleted(cells: readonly UsageCell[], cohorts: readonly string[], k: number): EvaluationView['months'] {
  const all = weekCellsOf(cells).filter((c) => c.metric === 'lesson.completed');
  const monthOf = (week: string) => addDays(isoWeekMonday(week), 3).slice(0, 7);
  const months = [...new Set(all.map((c) => monthOf(c.week)))].sort();
  const rows: EvaluationView['months'] = [];
  for (const cohort of [ALL_COHORTS, ...cohorts]) {
    for (const month of months) {
      const mine = all.filter((c) => (cohort === ALL_COHORTS || c.cohort === cohort) && monthOf(c.week) === month);
      if (mine.length === 0) continue;
      const kept = mine.filter((c) => c.machinesAtLeast >= k);
      rows.push({ cohort, month, lessonsCompleted: kept.length > 0 ? { value: kept.reduce((n, c) => n + c.total, 0), suppressed: false } : { value: null, suppressed: true } });
    }
  }
  return rows;
}

/** CSV for funders (RFC 4180, comma-separated, UTF-8 with BOM added by the route). */
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
  // Lessons finished per cohort and month (issue 12): a second table below the weeks, after a blank line.
  if (view.months.length > 0) {
    lines.push('', ['cohort', 'month', 'lessons_completed', 'note'].join(','));
    for (const m of view.months) {
      const note = m.lessonsCompleted.suppressed ? labels.suppressedNote : '';
      lines.push([m.cohort === ALL_COHORTS ? labels.all : m.cohort, m.month, m.lessonsCompleted.value, note].map(esc).join(','));
    }
  }
  return `${lines.join('\r\n')}\r\n`;
}
