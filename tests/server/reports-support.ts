/** Fixtures for the reports tests: health reports built by the real rules from the shared captures. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleHealthReport } from '../../app/health/assemble.ts';
import type { HealthReport } from '../../app/health/report.ts';
import { readSmartctlJson } from '../../app/health/smartctl.ts';
import type { UsageBatch } from '../../app/protocol/reports.ts';

const FIXTURES = join(import.meta.dirname, '../fixtures');

export function smartCapture(name: 'smart-ata' | 'smart-ata-full' | 'smart-fail2' | 'smart-nvme'): unknown {
  return JSON.parse(readFileSync(join(FIXTURES, 'smartctl', `${name}.json`), 'utf8'));
}

/** A plausible laptop report: one disk from a real capture, a battery at `batteryFull / 47520000`, two sensors. */
export function healthReport(
  o: { assetTag?: string; takenAt?: Date; disk?: Parameters<typeof smartCapture>[0]; batteryFull?: number; rootFreeGb?: number; tempC?: number } = {},
): HealthReport {
  return assembleHealthReport({
    assetTag: o.assetTag ?? 'DEMO-0001',
    takenAt: o.takenAt ?? new Date(),
    appVersion: '1.4.0',
    os: { prettyName: 'Ubuntu 24.04.1 LTS', kernel: '6.8.0-45-generic' },
    cpuModel: 'Intel(R) Core(TM) i5-6200U CPU @ 2.30GHz',
    uptimeSeconds: 3600,
    memory: { totalBytes: 8 * 1024 ** 3, availableBytes: 5 * 1024 ** 3 },
    batteries: [
      {
        name: 'BAT0',
        manufacturer: 'SMP',
        model: '45N1029',
        technology: 'Li-ion',
        status: 'Discharging',
        energyOrCharge: 'energy',
        full: o.batteryFull ?? 45_070_000,
        fullDesign: 47_520_000,
        cycleCount: null,
      },
    ],
    temperatures: [
      { source: 'hwmon', label: 'coretemp Core 0', celsius: o.tempC ?? 55 },
      { source: 'thermal', label: 'acpitz', celsius: 40 },
    ],
    filesystems: [{ mount: '/', totalBytes: 120 * 1024 ** 3, freeBytes: (o.rootFreeGb ?? 60) * 1024 ** 3 }],
    disks: [readSmartctlJson(smartCapture(o.disk ?? 'smart-ata'), '/dev/sda')],
    smartSpoolFound: true,
  });
}

export function usageBatch(day: string, counts: UsageBatch['counts'], cohort = 'home'): UsageBatch {
  return { id: randomUUID(), version: 1, cohort, day, counts };
}
