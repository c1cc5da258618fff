/** The health rows of the reports store, read the same way from SQLite and PostgreSQL (only the SQL placeholders differ). */
import type { HealthReport } from '../../../app/health/report.ts';
import type { Verdict } from '../../../app/health/verdict.ts';
import type { HistoryPoint } from '../../../app/protocol/reports.ts';
import type { HealthRow } from './types.ts';

export type HealthDbRow = {
  id: string;
  machine_id: string;
  asset_tag: string;
  taken_at: string;
  received_at: string;
  verdict: Verdict;
  app_version: string;
  os_name: string | null;
  report: string;
};

export function toHealthRow(r: HealthDbRow): HealthRow {
  return {
    id: r.id,
    machineId: r.machine_id,
    assetTag: r.asset_tag,
    takenAt: r.taken_at,
    receivedAt: r.received_at,
    verdict: r.verdict,
    appVersion: r.app_version,
    osName: r.os_name,
    report: JSON.parse(r.report) as HealthReport,
  };
}

/** One machine's health history since a time: `?`-style placeholders, numbered by `placeholder`. */
export function historySql(placeholder: (n: number) => string): string {
  return `SELECT taken_at, verdict, battery_health, root_free_bytes, home_free_bytes, max_temperature_c
          FROM health_reports WHERE machine_id = ${placeholder(1)} AND taken_at >= ${placeholder(2)} ORDER BY taken_at`;
}

export type HistoryDbRow = {
  taken_at: string;
  verdict: Verdict;
  battery_health: number | null;
  root_free_bytes: number | null;
  home_free_bytes: number | null;
  max_temperature_c: number | null;
};

export function toHistoryPoint(r: HistoryDbRow): HistoryPoint {
  return {
    takenAt: r.taken_at,
    verdict: r.verdict,
    batteryHealthPercent: r.battery_health,
    rootFreeBytes: r.root_free_bytes,
    homeFreeBytes: r.home_free_bytes,
    maxTemperatureC: r.max_temperature_c,
  };
}
