/**
 * The hardware-health report a machine sends to the hub, keyed to its asset tag (never to a person).
 * Sizes are bounded so the hub can validate a report at the edge.
 */
import { z } from 'zod';
import { IsoDateTime } from '../protocol/common.ts';
import { Reason } from './reasons.ts';
import { Verdict } from './verdict.ts';

const Text = (max: number) => z.string().max(max);
const Count = z.number().int().nonnegative();

// ---- Disks -------------------------------------------------------------------------------
export const DiskKind = z.enum(['ata', 'nvme', 'unknown']);
export type DiskKind = z.infer<typeof DiskKind>;

/** One ATA SMART attribute, as smartctl decodes it. */
export const AtaAttribute = z.object({
  id: z.number().int().min(1).max(255),
  name: Text(60),
  /** Normalised value, worst value and vendor threshold (higher is better). */
  value: z.number().int().nullable(),
  worst: z.number().int().nullable(),
  thresh: z.number().int().nullable(),
  raw: z.number().nonnegative(),
  rawString: Text(80).nullable(),
  prefailure: z.boolean(),
  /** smartctl's WHEN_FAILED: 'now', 'past' or '' (never). */
  whenFailed: Text(10),
});
export type AtaAttribute = z.infer<typeof AtaAttribute>;

/** The NVMe SMART / Health Information log fields the rules use. */
export const NvmeHealth = z.object({
  criticalWarning: Count.nullable(),
  availableSpare: Count.nullable(),
  availableSpareThreshold: Count.nullable(),
  percentageUsed: Count.nullable(),
  mediaErrors: Count.nullable(),
  unsafeShutdowns: Count.nullable(),
});
export type NvmeHealth = z.infer<typeof NvmeHealth>;

/** What the probe read about one disk (from one smartctl JSON file). */
export const DiskReading = z.object({
  device: Text(120),
  model: Text(120).nullable(),
  serial: Text(80).nullable(),
  kind: DiskKind,
  /** smartctl's exit status bit mask; null when unknown. */
  smartctlExitStatus: z.number().int().min(0).max(255).nullable(),
  smartPassed: z.boolean().nullable(),
  powerOnHours: Count.nullable(),
  temperatureC: z.number().nullable(),
  /** The attributes of interest only (see ATA_ATTRIBUTES_OF_INTEREST). */
  attributes: z.array(AtaAttribute).max(32),
  nvme: NvmeHealth.nullable(),
  /** Set when the spool file could not be parsed at all. */
  fileInvalid: z.boolean(),
});
export type DiskReading = z.infer<typeof DiskReading>;

export const DiskReport = DiskReading.extend({ verdict: Verdict, reasons: z.array(Reason).max(32) });
export type DiskReport = z.infer<typeof DiskReport>;

// ---- Batteries ---------------------------------------------------------------------------
export const BatteryReading = z.object({
  /** The power_supply entry's name: BAT0, BAT1, CMB0… */
  name: Text(40),
  manufacturer: Text(80).nullable(),
  model: Text(80).nullable(),
  technology: Text(40).nullable(),
  /** Charging, Discharging, Full, Not charging, Unknown… as the kernel says. */
  status: Text(40).nullable(),
  /** Which sysfs family the capacities come from: energy_* (µWh) or charge_* (µAh). */
  energyOrCharge: z.enum(['energy', 'charge']).nullable(),
  /** energy_full / charge_full and their _design values, in µWh or µAh. */
  full: Count.nullable(),
  fullDesign: Count.nullable(),
  /** null when the kernel reports 0 (which means "unknown"). */
  cycleCount: Count.nullable(),
});
export type BatteryReading = z.infer<typeof BatteryReading>;

export const BatteryReport = BatteryReading.extend({
  /** full / design, clamped to 100, one decimal. */
  healthPercent: z.number().min(0).max(100).nullable(),
  verdict: Verdict,
  reasons: z.array(Reason).max(8),
});
export type BatteryReport = z.infer<typeof BatteryReport>;

// ---- Temperatures and filesystems -----------------------------------------------------------
export const Temperature = z.object({
  source: z.enum(['hwmon', 'thermal']),
  /** e.g. 'coretemp Core 0', 'acpitz', 'x86_pkg_temp'. */
  label: Text(120),
  celsius: z.number(),
});
export type Temperature = z.infer<typeof Temperature>;

export const FilesystemReading = z.object({
  mount: Text(120),
  totalBytes: Count.nullable(),
  /** Space available to an unprivileged user (statfs f_bavail), as the person experiences it. */
  freeBytes: Count.nullable(),
});
export type FilesystemReading = z.infer<typeof FilesystemReading>;

export const FilesystemReport = FilesystemReading.extend({ verdict: Verdict, reasons: z.array(Reason).max(4) });
export type FilesystemReport = z.infer<typeof FilesystemReport>;

// ---- The report --------------------------------------------------------------------------
export const HEALTH_REPORT_VERSION = 1;

export const HealthReport = z.object({
  version: z.literal(HEALTH_REPORT_VERSION),
  assetTag: Text(64).min(1),
  takenAt: IsoDateTime,
  appVersion: Text(40),
  os: z.object({ prettyName: Text(120).nullable(), kernel: Text(120).nullable() }),
  cpuModel: Text(160).nullable(),
  uptimeSeconds: z.number().nonnegative().nullable(),
  bootTime: IsoDateTime.nullable(),
  memory: z.object({ totalBytes: Count.nullable(), availableBytes: Count.nullable() }),
  batteries: z.array(BatteryReport).max(8),
  temperatures: z.array(Temperature).max(256),
  filesystems: z.array(FilesystemReport).max(8),
  disks: z.array(DiskReport).max(32),
  /** Worst of every part's verdict and of the report-wide reasons. */
  verdict: Verdict,
  /** Report-wide reasons (e.g. no SMART data) followed by every part's non-ok reasons, with a `subject`. */
  reasons: z.array(Reason).max(200),
});
export type HealthReport = z.infer<typeof HealthReport>;
