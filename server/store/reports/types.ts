/**
 * The reports store's contract (health reports, anonymous usage), separate from HubStore: the
 * embedded SQLite implementation keeps them in their own file; a PostgreSQL one would implement the
 * same interface. Methods are async so that a networked store fits.
 */
import type { HealthReport } from '../../../app/health/report.ts';
import type { Verdict } from '../../../app/health/verdict.ts';
import type { HistoryPoint, UsageBatch } from '../../../app/protocol/reports.ts';

export type IngestJob =
  | { kind: 'health'; id: string; machineId: string; report: HealthReport }
  /** The machine id is used only to derive the one-batch-per-machine-and-day receipt; it is not stored. */
  | { kind: 'usage'; machineId: string; associationId: string; cohort: string; batch: UsageBatch };

export type IngestOutcome = { status: 'stored' | 'duplicate' | 'conflict' | 'out_of_window' };

export interface HealthRow {
  id: string;
  machineId: string;
  assetTag: string;
  takenAt: string;
  receivedAt: string;
  verdict: Verdict;
  appVersion: string;
  osName: string | null;
  report: HealthReport;
}

export interface UsageRow {
  cohort: string;
  day: string;
  metric: string;
  label: string;
  total: number;
  machines: number;
}

export interface RetentionResult {
  usageCounts: number;
  usageDays: number;
  usageReceipts: number;
  /** Keys of days that left the acceptance window, destroyed (their receipts can no longer be recomputed). */
  usageDayKeys: number;
  healthReports: number;
}

export interface ReportsStore {
  /** Stores jobs in one transaction and returns one outcome per job, in order; throws when nothing was stored. */
  write(jobs: IngestJob[]): Promise<IngestOutcome[]>;
  /** Each machine's most recent report, by machine id. */
  latestHealth(): Promise<Map<string, HealthRow>>;
  latestReport(machineId: string): Promise<HealthRow | null>;
  history(machineId: string, sinceIso: string): Promise<HistoryPoint[]>;
  countHealth(machineId?: string): Promise<number>;
  usage(
    associationId: string,
    fromDay: string,
    toDay: string,
  ): Promise<{ days: string[]; rows: UsageRow[]; contributors: { cohort: string; day: string; contributors: number }[] }>;
  retention(cutoffs: { usageBefore: string; healthBefore: string; today: string }): Promise<RetentionResult>;
  close(): Promise<void>;
}

/** The few figures the fleet charts need, pulled out of a report once at ingest. */
export function reportSummary(report: HealthReport): {
  takenAt: string;
  verdict: Verdict;
  appVersion: string;
  osName: string | null;
  batteryHealth: number | null;
  rootFreeBytes: number | null;
  homeFreeBytes: number | null;
  maxTemperatureC: number | null;
} {
  const healths = report.batteries.map((b) => b.healthPercent).filter((h): h is number => h !== null);
  const free = (mount: string) => report.filesystems.find((f) => f.mount === mount)?.freeBytes ?? null;
  const temps = report.temperatures.map((t) => t.celsius).filter((c) => Number.isFinite(c) && c > -40 && c < 150);
  return {
    takenAt: report.takenAt,
    verdict: report.verdict,
    appVersion: report.appVersion,
    osName: report.os.prettyName,
    batteryHealth: healths.length ? Math.min(...healths) : null,
    rootFreeBytes: free('/'),
    homeFreeBytes: free('/home'),
    maxTemperatureC: temps.length ? Math.max(...temps) : null,
  };
}
