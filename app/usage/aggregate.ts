/**
 * Usage aggregation, pure: what the shell turns a closed day into, and the calendar and
 * small-numbers rules the hub's evaluation figures use.
 */
import { minuteBucket, USAGE_METRICS, isValidLabel, type UsageMetric } from './registry.ts';
import type { UsageBatch, UsageCount } from '../protocol/reports.ts';

/** No figure computed from fewer than this many machines is shown (INSEE uses 3; we use 5). */
export const MIN_MACHINES_PER_FIGURE = 5;

/** The hub accepts batches for days at most this old; the shell drops older ones instead of sending them. */
export const USAGE_ACCEPT_WINDOW_DAYS = 60;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The machine's local calendar day of `date` (people live by their local day, not UTC's). */
export function localDay(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Calendar arithmetic on 'YYYY-MM-DD' strings (done in UTC so no DST hour ever shifts a day). */
export function addDays(day: string, n: number): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) + n * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

/** ISO 8601 week of a day, as 'YYYY-Www' (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeek(day: string): string {
  const m = DAY_RE.exec(day);
  if (!m) throw new Error(`not a day: ${day}`);
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  const isoWeekday = date.getUTCDay() || 7; // Monday 1 … Sunday 7
  date.setUTCDate(date.getUTCDate() + 4 - isoWeekday); // the Thursday of this week decides its year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of an ISO week 'YYYY-Www'. */
export function isoWeekMonday(week: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) throw new Error(`not an ISO week: ${week}`);
  const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
  const mondayOfWeek1 = Date.UTC(Number(m[1]), 0, 4 - ((jan4.getUTCDay() + 6) % 7));
  return new Date(mondayOfWeek1 + (Number(m[2]) - 1) * 7 * 86_400_000).toISOString().slice(0, 10);
}

export interface DayCounts {
  day: string;
  counts: { metric: UsageMetric; label: string; value: number }[];
  /** Distinct minutes with activity that day (kept on the machine; only its bucket leaves). */
  activeMinutes: number;
}

/**
 * One closed day → one batch. Carries the cohort and the day, never a machine, person or install
 * identifier; minutes of use leave as a coarse bucket. Returns null for a day with nothing to say.
 */
export function buildUsageBatch(id: string, cohort: string, d: DayCounts): UsageBatch | null {
  const counts: UsageCount[] = d.counts
    .filter((c) => c.value > 0 && c.metric in USAGE_METRICS && isValidLabel(c.metric, c.label))
    .map((c) => ({ metric: c.metric, label: c.label, value: Math.min(c.value, MAX_COUNT) }));
  if (d.activeMinutes > 0) counts.push({ metric: 'use.day', label: minuteBucket(d.activeMinutes), value: 1 });
  if (counts.length === 0) return null;
  counts.sort((a, b) => a.metric.localeCompare(b.metric) || a.label.localeCompare(b.label));
  return { id, version: 1, cohort, day: d.day, counts };
}

/** A ceiling per count in one day's batch: far above any real use, low enough to bound junk. */
export const MAX_COUNT = 10_000;

/** A figure and whether it was hidden because too few machines contributed to it. */
export type Figure = { value: number | null; suppressed: boolean };

/**
 * `machines` is a lower bound on how many distinct machines contributed to the figure; below
 * MIN_MACHINES_PER_FIGURE the value is withheld (null), never rounded or noised.
 */
export function figure(value: number, machines: number, k = MIN_MACHINES_PER_FIGURE): Figure {
  return machines >= k ? { value, suppressed: false } : { value: null, suppressed: true };
}
