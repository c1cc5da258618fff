import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleHealthReport, type HealthReadings } from '../../../app/health/assemble.ts';
import { REASON_CODES } from '../../../app/health/reason-codes.ts';
import { reasonsEn } from '../../../app/health/reasons.en.ts';
import { reasonsFr } from '../../../app/health/reasons.fr.ts';
import { makeReason, reasonText } from '../../../app/health/reasons.ts';
import { HealthReport, type BatteryReading, type DiskReading } from '../../../app/health/report.ts';
import {
  batteryHealthPercent,
  evaluateBattery,
  evaluateDisk,
  evaluateFilesystem,
} from '../../../app/health/rules.ts';
import { readSmartctlJson } from '../../../app/health/smartctl.ts';
import { worstVerdict } from '../../../app/health/verdict.ts';

const SMART = join(import.meta.dirname, '../../fixtures/smartctl');
type Json = Record<string, unknown> & {
  ata_smart_attributes?: { table: Array<{ id: number; raw: { value: number; string: string } }> };
  nvme_smart_health_information_log?: Record<string, number>;
  smartctl?: { exit_status: number };
  smart_status?: { passed: boolean };
};
const capture = (name: string): Json => JSON.parse(readFileSync(join(SMART, `${name}.json`), 'utf8')) as Json;
const disk = (json: unknown): DiskReading => readSmartctlJson(json, '/dev/test');
const codes = (reasons: Array<{ code: string; verdict: string }>) => reasons.map((r) => `${r.code}:${r.verdict}`);

function withRaw(json: Json, id: number, raw: number): Json {
  const copy = structuredClone(json);
  const row = copy.ata_smart_attributes!.table.find((a) => a.id === id)!;
  row.raw = { value: raw, string: String(raw) };
  return copy;
}

describe('the shared smartctl captures', () => {
  it('smart-fail2 (Hitachi behind a USB JMicron bridge) → replace: SMART failed, attr 5 raw 1975, 8 pending', () => {
    const d = disk(capture('smart-fail2'));
    expect(d).toMatchObject({ device: '/dev/sdc', kind: 'ata', smartPassed: false, smartctlExitStatus: 216, powerOnHours: 65592 });
    const a = evaluateDisk(d);
    expect(a.verdict).toBe('replace');
    expect(a.reasons).toContainEqual(expect.objectContaining({ code: 'smart_failed', verdict: 'replace', params: { source: 'status' } }));
    expect(a.reasons).toContainEqual(expect.objectContaining({ code: 'reallocated_sectors', verdict: 'replace', params: { value: 1975 } }));
    expect(a.reasons).toContainEqual(expect.objectContaining({ code: 'pending_sectors', verdict: 'replace', params: { value: 8 } }));
    expect(a.reasons).toContainEqual(expect.objectContaining({ code: 'attribute_failing_now', params: { id: 5, name: 'Reallocated_Sector_Ct' } }));
    expect(a.reasons).toContainEqual(expect.objectContaining({ code: 'self_test_failed', verdict: 'watch' }));
    expect(a.reasons.find((r) => r.code === 'reallocated_sectors')?.text).toBe('1975 bad sectors were reallocated.');
  });

  it.each([
    ['smart-ata', 'WDC WD140EDFZ-11A0VA0', 'ata', 1730, 32],
    ['smart-ata-full', 'Samsung SSD 860 EVO 500GB', 'ata', 14551, 36],
    ['smart-nvme', 'INTEL SSDPEKNW010T8', 'nvme', 2401, 36],
  ])('%s (%s) → ok with no reason', (name, model, kind, hours, temp) => {
    const d = disk(capture(name));
    expect(d).toMatchObject({ model, kind, smartPassed: true, powerOnHours: hours, temperatureC: temp });
    expect(evaluateDisk(d)).toEqual({ verdict: 'ok', reasons: [] });
  });

  it('keeps only the attributes of interest, with raw values', () => {
    const d = disk(capture('smart-ata'));
    expect(d.attributes.map((a) => a.id)).toEqual([5, 9, 10, 12, 194, 196, 197, 198, 199]);
    expect(d.attributes.find((a) => a.id === 194)).toMatchObject({ raw: 163210330144, rawString: '32 (Min/Max 24/38)' });
  });

  it('reads the NVMe health log', () => {
    expect(disk(capture('smart-nvme')).nvme).toEqual({
      criticalWarning: 0,
      availableSpare: 100,
      availableSpareThreshold: 10,
      percentageUsed: 0,
      mediaErrors: 0,
      unsafeShutdowns: 43,
    });
  });
});

describe('ATA rules', () => {
  const healthy = capture('smart-ata');

  it('5, 187, 197, 198 raw > 0 → watch; at the chosen counts → replace', () => {
    expect(evaluateDisk(disk(withRaw(healthy, 5, 1)))).toMatchObject({ verdict: 'watch' });
    expect(evaluateDisk(disk(withRaw(healthy, 5, 15))).verdict).toBe('watch');
    expect(evaluateDisk(disk(withRaw(healthy, 5, 16))).verdict).toBe('replace');
    expect(evaluateDisk(disk(withRaw(healthy, 197, 1))).verdict).toBe('watch');
    expect(evaluateDisk(disk(withRaw(healthy, 197, 2))).verdict).toBe('replace');
    expect(evaluateDisk(disk(withRaw(healthy, 198, 1))).verdict).toBe('watch');
    expect(evaluateDisk(disk(withRaw(healthy, 198, 2))).verdict).toBe('replace');
    const full = capture('smart-ata-full'); // has 187 Uncorrectable_Error_Cnt
    expect(codes(evaluateDisk(disk(withRaw(full, 187, 1))).reasons)).toEqual(['reported_uncorrectable:watch']);
    expect(evaluateDisk(disk(withRaw(full, 187, 2))).verdict).toBe('replace');
  });

  it('a counter that grows between reports → replace', () => {
    const before = disk(withRaw(healthy, 5, 3));
    const now = disk(withRaw(healthy, 5, 4));
    expect(evaluateDisk(now).verdict).toBe('watch');
    const a = evaluateDisk(now, before);
    expect(a.verdict).toBe('replace');
    expect(a.reasons).toContainEqual(
      expect.objectContaining({ code: 'counter_growing', params: { id: 5, name: 'Reallocated_Sector_Ct', previous: 3, value: 4 } }),
    );
    expect(evaluateDisk(now, now).verdict).toBe('watch');
  });

  it('199 (CRC) or 188 (timeouts) alone is not a disk failure: ok, with a "check the cable" reason', () => {
    const a = evaluateDisk(disk(withRaw(healthy, 199, 57)));
    expect(a.verdict).toBe('ok');
    expect(a.reasons).toEqual([
      expect.objectContaining({ code: 'check_cable', verdict: 'ok', params: { id: 199, name: 'UDMA_CRC_Error_Count', value: 57 } }),
    ]);
    const withTimeouts = structuredClone(healthy);
    withTimeouts.ata_smart_attributes!.table.push({ id: 188, name: 'Command_Timeout', raw: { value: 4295032833, string: '1 1 1' } } as never);
    expect(evaluateDisk(disk(withTimeouts))).toMatchObject({ verdict: 'ok', reasons: [expect.objectContaining({ code: 'check_cable' })] });
  });

  it('exit_status bit 3 alone (no smart_status) → replace', () => {
    const json = structuredClone(healthy);
    delete json.smart_status;
    json.smartctl = { exit_status: 8 };
    expect(evaluateDisk(disk(json)).reasons).toContainEqual(
      expect.objectContaining({ code: 'smart_failed', verdict: 'replace', params: { source: 'exit_status' } }),
    );
  });

  it('an old-age attribute below threshold now → watch, a pre-fail one → replace', () => {
    const json = structuredClone(healthy) as unknown as { ata_smart_attributes: { table: Array<Record<string, unknown>> } };
    const t = json.ata_smart_attributes.table;
    t.find((a) => a.id === 194)!.when_failed = 'now';
    expect(evaluateDisk(disk(json)).verdict).toBe('watch');
    t.find((a) => a.id === 5)!.when_failed = 'now';
    expect(evaluateDisk(disk(json)).verdict).toBe('replace');
  });

  it('no SMART data (device could not be opened) → unknown', () => {
    const a = evaluateDisk(disk({ smartctl: { exit_status: 2 }, device: { name: '/dev/sdz', protocol: 'ATA' } }));
    expect(a).toEqual({ verdict: 'unknown', reasons: [expect.objectContaining({ code: 'smart_unavailable', params: { exitStatus: 2 } })] });
  });

  it('garbage never throws: odd fields are dropped, the rest is kept', () => {
    expect(disk(null).fileInvalid).toBe(true);
    expect(disk([1, 2]).fileInvalid).toBe(true);
    const odd = { ...capture('smart-ata'), temperature: { current: 'hot' }, power_on_time: 'long', model_name: 42 };
    const d = disk(odd);
    expect(d).toMatchObject({ temperatureC: null, powerOnHours: null, model: null, smartPassed: true });
    expect(d.attributes.length).toBeGreaterThan(0);
    const badRows = withRaw(healthy, 5, 0) as unknown as { ata_smart_attributes: { table: unknown[] } };
    badRows.ata_smart_attributes.table.push({ id: 'x' }, null, { id: 197, name: 'Current_Pending_Sector', raw: { value: -1 } });
    expect(evaluateDisk(disk(badRows)).verdict).toBe('ok');
  });
});

describe('NVMe rules', () => {
  const nvme = (patch: Record<string, number>) => {
    const json = capture('smart-nvme');
    Object.assign(json.nvme_smart_health_information_log!, patch);
    return evaluateDisk(disk(json));
  };

  it('available spare below its threshold → replace', () => {
    const a = nvme({ available_spare: 9, available_spare_threshold: 10 });
    expect(a.verdict).toBe('replace');
    expect(a.reasons).toContainEqual(expect.objectContaining({ code: 'nvme_spare_low', params: { spare: 9, threshold: 10 } }));
    expect(nvme({ available_spare: 10, available_spare_threshold: 10 }).verdict).toBe('ok');
  });

  it('critical_warning > 0 or media_errors > 0 → replace', () => {
    expect(codes(nvme({ critical_warning: 4 }).reasons)).toEqual(['nvme_critical_warning:replace']);
    expect(codes(nvme({ media_errors: 1 }).reasons)).toEqual(['nvme_media_errors:replace']);
  });

  it('percentage_used ≥ 90 → watch', () => {
    expect(nvme({ percentage_used: 89 }).verdict).toBe('ok');
    expect(codes(nvme({ percentage_used: 90 }).reasons)).toEqual(['nvme_worn:watch']);
    expect(nvme({ percentage_used: 140 }).verdict).toBe('watch');
  });
});

describe('battery rules', () => {
  const battery = (full: number | null, fullDesign: number | null): BatteryReading => ({
    name: 'BAT0',
    manufacturer: null,
    model: null,
    technology: null,
    status: null,
    energyOrCharge: 'energy',
    full,
    fullDesign,
    cycleCount: null,
  });

  it('health = full / design, one decimal, clamped at 100 %', () => {
    expect(batteryHealthPercent(45070000, 47520000)).toBe(94.8);
    expect(batteryHealthPercent(25500000, 38920000)).toBe(65.5);
    expect(batteryHealthPercent(52000000, 47520000)).toBe(100);
    expect(evaluateBattery(battery(52000000, 47520000))).toEqual({ healthPercent: 100, verdict: 'ok', reasons: [] });
  });

  it('< 70 % → watch, < 50 % → replace', () => {
    expect(evaluateBattery(battery(70, 100)).verdict).toBe('ok');
    expect(evaluateBattery(battery(699, 1000)).verdict).toBe('watch');
    expect(evaluateBattery(battery(50, 100)).verdict).toBe('watch');
    expect(evaluateBattery(battery(499, 1000))).toMatchObject({
      verdict: 'replace',
      reasons: [expect.objectContaining({ code: 'battery_worn', params: { healthPercent: 49.9 } })],
    });
  });

  it('missing or zero design capacity → unknown', () => {
    expect(evaluateBattery(battery(null, 47520000))).toMatchObject({ healthPercent: null, verdict: 'unknown' });
    expect(evaluateBattery(battery(1000, 0))).toMatchObject({ healthPercent: null, verdict: 'unknown' });
  });
});

describe('filesystem rules', () => {
  const GiB = 1024 ** 3;
  it('nearly full (< 5 % or < 2 GiB free) → watch, never replace', () => {
    expect(evaluateFilesystem({ mount: '/', totalBytes: 500 * GiB, freeBytes: 100 * GiB }).verdict).toBe('ok');
    expect(evaluateFilesystem({ mount: '/', totalBytes: 1000 * GiB, freeBytes: 40 * GiB })).toMatchObject({
      verdict: 'watch',
      reasons: [expect.objectContaining({ code: 'disk_nearly_full', params: { mount: '/', freePercent: 4, freeBytes: 40 * GiB } })],
    });
    expect(evaluateFilesystem({ mount: '/home', totalBytes: 20 * GiB, freeBytes: 1.5 * GiB }).verdict).toBe('watch');
    expect(evaluateFilesystem({ mount: '/', totalBytes: 500 * GiB, freeBytes: 0 }).verdict).toBe('watch');
  });
  it('unreadable → unknown', () => {
    expect(evaluateFilesystem({ mount: '/', totalBytes: null, freeBytes: null }).verdict).toBe('unknown');
  });
});

describe('verdicts and reasons', () => {
  it('overall is the worst: ok < unknown < watch < replace', () => {
    expect(worstVerdict([])).toBe('ok');
    expect(worstVerdict(['ok', 'unknown'])).toBe('unknown');
    expect(worstVerdict(['unknown', 'watch', 'ok'])).toBe('watch');
    expect(worstVerdict(['watch', 'replace', 'unknown'])).toBe('replace');
  });

  it('every code has an English and a French sentence', () => {
    for (const code of REASON_CODES) {
      expect(typeof reasonsEn[code]).toBe('function');
      expect(typeof reasonsFr[code]).toBe('function');
    }
    const r = makeReason('battery_worn', 'watch', { healthPercent: 65.5 });
    expect(r.text).toBe('The battery holds 65.5 % of its design capacity.');
    expect(reasonText(r, 'fr')).toBe("La batterie ne contient plus que 65,5 % de sa capacité d'origine.");
    expect(reasonText(makeReason('reallocated_sectors', 'replace', { value: 1975 }), 'fr')).toBe(
      '1975 secteurs défectueux ont été réalloués.',
    );
  });

  it('a whole report is assembled, is valid, and lists non-ok reasons with their subject', () => {
    const readings: HealthReadings = {
      assetTag: 'PC-0042',
      takenAt: new Date('2026-03-01T10:00:00Z'),
      appVersion: '0.1.0',
      os: { prettyName: 'Xubuntu 24.04 LTS', kernel: '6.8.0-45-generic' },
      cpuModel: 'Intel(R) Core(TM) i5-3320M CPU @ 2.60GHz',
      uptimeSeconds: 3600.5,
      memory: { totalBytes: 8 * 1024 ** 3, availableBytes: 6 * 1024 ** 3 },
      batteries: [{ ...evaluateBatteryInput(), full: 25500000, fullDesign: 38920000 }],
      temperatures: [{ source: 'thermal', label: 'acpitz', celsius: 41 }],
      filesystems: [{ mount: '/', totalBytes: 100 * 1024 ** 3, freeBytes: 50 * 1024 ** 3 }],
      disks: ['smart-ata', 'smart-fail2', 'smart-nvme'].map((n) => disk(capture(n))),
      smartSpoolFound: true,
    };
    const report = HealthReport.parse(assembleHealthReport(readings));
    expect(report.verdict).toBe('replace');
    expect(report.bootTime).toBe('2026-03-01T08:59:59.500Z');
    expect(report.disks.map((d) => d.verdict)).toEqual(['ok', 'replace', 'ok']);
    expect(report.batteries[0]).toMatchObject({ healthPercent: 65.5, verdict: 'watch' });
    expect(new Set(report.reasons.map((r) => r.subject))).toEqual(new Set(['disk /dev/sdc', 'battery BAT0']));
    expect(report.reasons.every((r) => r.verdict !== 'ok')).toBe(true);

    const noSmart = assembleHealthReport({ ...readings, disks: [], batteries: [], smartSpoolFound: false });
    expect(noSmart.verdict).toBe('unknown');
    expect(noSmart.reasons.map((r) => r.code)).toEqual(['no_smart_data']);
  });
});

function evaluateBatteryInput(): BatteryReading {
  return {
    name: 'BAT0',
    manufacturer: 'SMP',
    model: '42T4977',
    technology: 'Li-poly',
    status: 'Unknown',
    energyOrCharge: 'energy',
    full: null,
    fullDesign: null,
    cycleCount: null,
  };
}
