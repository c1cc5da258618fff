/**
 * Retention of the reports: usage 25 months (CNIL's ceiling for audience-measurement data), health
 * 24 months (two years of history is enough to see a battery or a disk wear out), usage receipts
 * after their acceptance window. Runs at hub start and then daily.
 */
import { USAGE_RETENTION_MONTHS } from '../app/usage/registry.ts';
import type { ReportsStore, RetentionResult } from './store/reports/types.ts';

export interface RetentionPolicy {
  usageMonths: number;
  healthMonths: number;
}
export const DEFAULT_RETENTION: RetentionPolicy = { usageMonths: USAGE_RETENTION_MONTHS, healthMonths: 24 };

/** The same UTC calendar day `months` earlier (clamped to the month's last day: 31 March − 1 month = 28/29 Feb). */
export function monthsBefore(now: Date, months: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const target = new Date(Date.UTC(y, m, 1, now.getUTCHours(), now.getUTCMinutes(), now.getUTCSeconds(), now.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(now.getUTCDate(), lastDay));
  return target;
}

export function retentionCutoffs(now: Date, policy: RetentionPolicy): { usageBefore: string; healthBefore: string; today: string } {
  return {
    usageBefore: monthsBefore(now, policy.usageMonths).toISOString().slice(0, 10),
    healthBefore: monthsBefore(now, policy.healthMonths).toISOString(),
    today: now.toISOString().slice(0, 10),
  };
}

export function runRetention(reports: ReportsStore, now: Date, policy: RetentionPolicy = DEFAULT_RETENTION): Promise<RetentionResult> {
  return reports.retention(retentionCutoffs(now, policy));
}

/**
 * Runs retention now and every `everyMs`; a failed run (lock held elsewhere) is simply tried next time.
 * With several hub instances, only the one for which `runsHere()` is true runs it.
 */
export function scheduleRetention(
  reports: ReportsStore,
  policy: RetentionPolicy = DEFAULT_RETENTION,
  now: () => Date = () => new Date(),
  everyMs = 24 * 60 * 60_000,
  runsHere: () => boolean = () => true,
): () => void {
  const run = () => runsHere() && void runRetention(reports, now(), policy).catch(() => undefined);
  run();
  const timer = setInterval(run, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
