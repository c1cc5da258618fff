/**
 * Turns the probe's readings into a HealthReport: applies every rule and combines the verdicts.
 * Pure: the probe (main/probe) reads, this decides.
 */
import { makeReason, type Reason } from './reasons.ts';
import {
  HEALTH_REPORT_VERSION,
  type BatteryReading,
  type DiskReading,
  type FilesystemReading,
  type HealthReport,
  type Temperature,
} from './report.ts';
import { evaluateBattery, evaluateDisk, evaluateFilesystem } from './rules.ts';
import { worstVerdict } from './verdict.ts';

export interface HealthReadings {
  assetTag: string;
  takenAt: Date;
  appVersion: string;
  os: { prettyName: string | null; kernel: string | null };
  cpuModel: string | null;
  uptimeSeconds: number | null;
  memory: { totalBytes: number | null; availableBytes: number | null };
  batteries: BatteryReading[];
  temperatures: Temperature[];
  filesystems: FilesystemReading[];
  disks: DiskReading[];
  /** False when the SMART spool folder is missing or holds no file. */
  smartSpoolFound: boolean;
}

/** The previous report of the same machine, to detect growing SMART counters. */
export type PreviousReport = Pick<HealthReport, 'disks'> | null | undefined;

function withSubject(reasons: Reason[], subject: string): Reason[] {
  return reasons.filter((r) => r.verdict !== 'ok').map((r) => ({ ...r, subject }));
}

export function assembleHealthReport(r: HealthReadings, previous?: PreviousReport): HealthReport {
  const disks = r.disks.map((d) => {
    const before = d.serial ? previous?.disks.find((p) => p.serial === d.serial) : undefined;
    return { ...d, ...evaluateDisk(d, before) };
  });
  const batteries = r.batteries.map((b) => ({ ...b, ...evaluateBattery(b) }));
  const filesystems = r.filesystems.map((f) => ({ ...f, ...evaluateFilesystem(f) }));

  const reportWide: Reason[] = r.smartSpoolFound ? [] : [makeReason('no_smart_data', 'unknown', {})];
  const reasons = [
    ...reportWide,
    ...disks.flatMap((d) => withSubject(d.reasons, `disk ${d.device}`)),
    ...batteries.flatMap((b) => withSubject(b.reasons, `battery ${b.name}`)),
    ...filesystems.flatMap((f) => withSubject(f.reasons, f.mount)),
  ];
  const verdict = worstVerdict([
    ...reportWide.map((x) => x.verdict),
    ...disks.map((d) => d.verdict),
    ...batteries.map((b) => b.verdict),
    ...filesystems.map((f) => f.verdict),
  ]);

  const bootTime =
    r.uptimeSeconds === null ? null : new Date(r.takenAt.getTime() - Math.round(r.uptimeSeconds * 1000)).toISOString();

  return {
    version: HEALTH_REPORT_VERSION,
    assetTag: r.assetTag,
    takenAt: r.takenAt.toISOString(),
    appVersion: r.appVersion,
    os: r.os,
    cpuModel: r.cpuModel,
    uptimeSeconds: r.uptimeSeconds,
    bootTime,
    memory: r.memory,
    batteries,
    temperatures: r.temperatures,
    filesystems,
    disks,
    verdict,
    reasons,
  };
}
