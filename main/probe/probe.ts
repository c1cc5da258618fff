/**
 * The hardware-health probe: plain Node, no Electron, no root. Every path derives from `root`
 * (normally '/') and `smartDir` (the spool folder the root SMART timer writes), so tests run it on
 * fixture trees. Missing or unreadable files give null / 'unknown', never an exception.
 */
import { assembleHealthReport, type PreviousReport } from '../../app/health/assemble.ts';
import type { HealthReport } from '../../app/health/report.ts';
import { readBatteries } from './batteries.ts';
import { readFilesystems, readSmartSpool } from './storage.ts';
import { readCpuModel, readKernel, readMemory, readOsPrettyName, readUptime } from './system.ts';
import { readTemperatures } from './temperatures.ts';

export const DEFAULT_SMART_DIR = '/var/lib/passerelle/smart';

export interface ProbeOptions {
  root: string;
  smartDir: string;
  assetTag: string;
  appVersion: string;
  now: Date;
  /** The machine's previous report, to notice SMART counters that grow. */
  previous?: PreviousReport;
}

const MAX_BATTERIES = 8;

export async function probeHealth(o: ProbeOptions): Promise<HealthReport> {
  const [prettyName, kernel, cpuModel, uptimeSeconds, memory, batteries, temperatures, filesystems, smart] =
    await Promise.all([
      readOsPrettyName(o.root),
      readKernel(o.root),
      readCpuModel(o.root),
      readUptime(o.root),
      readMemory(o.root),
      readBatteries(o.root),
      readTemperatures(o.root),
      readFilesystems(o.root),
      readSmartSpool(o.smartDir),
    ]);
  return assembleHealthReport(
    {
      assetTag: o.assetTag,
      takenAt: o.now,
      appVersion: o.appVersion,
      os: { prettyName, kernel },
      cpuModel,
      uptimeSeconds,
      memory,
      batteries: batteries.slice(0, MAX_BATTERIES),
      temperatures,
      filesystems,
      disks: smart.disks,
      smartSpoolFound: smart.found,
    },
    o.previous,
  );
}
