/**
 * Hardware-health rules: pure functions from a reading to a verdict and its reasons.
 * Every threshold cites where it comes from.
 *
 * Sources:
 * [BB16]  Backblaze, "What SMART Stats Tell Us About Hard Drives" (A. Klein, 2016-10-06),
 *         https://www.backblaze.com/blog/what-smart-stats-indicate-hard-drive-failures/ —
 *         "When the RAW value for one of these five attributes [5, 187, 188, 197, 198] is greater
 *         than zero, we have a reason to investigate."
 * [SCR]   AnalogJ/scrutiny, webapp/backend/pkg/thresholds/ata_attribute_metadata.go: annualised
 *         failure rates (AFR) per raw-value bucket, computed from Backblaze's public drive-stats data.
 *         Baseline with raw = 0: about 2.5–2.9 % AFR for attributes 5, 187, 197, 198.
 *         scrutiny also marks an NVMe drive failed when media_errors > 0
 *         (nvme_attribute_metadata.go).
 * [SMCTL] smartctl(8), "RETURN VALUES": exit status bit 3 "SMART status check returned DISK FAILING",
 *         bit 4 "prefail attributes <= threshold", bit 7 "self-test log contains records of errors".
 * [NVME]  NVM Express Base Specification, SMART / Health Information log page (02h):
 *         Critical Warning, Available Spare, Available Spare Threshold, Percentage Used,
 *         Media and Data Integrity Errors.
 * [KABI]  Linux sysfs-class-power ABI: energy_full/energy_full_design (µWh), charge_* (µAh),
 *         cycle_count 0 when the battery does not report it.
 * [GSD]   GNOME settings-daemon housekeeping defaults: warn below 5 % free
 *         (free-percent-notify = 0.05) unless more than 2 GB are free (free-size-gb-no-notify = 2).
 */
import { makeReason, assess, type Assessment, type Reason } from './reasons.ts';
import type {
  AtaAttribute,
  BatteryReading,
  DiskReading,
  FilesystemReading,
  NvmeHealth,
} from './report.ts';

// ---- Disks ---------------------------------------------------------------------------------

/** smartctl exit status bits [SMCTL]. */
export const SMARTCTL_BIT = {
  commandLine: 1 << 0,
  deviceOpen: 1 << 1,
  commandFailed: 1 << 2,
  diskFailing: 1 << 3,
  prefailBelowThreshold: 1 << 4,
  pastBelowThreshold: 1 << 5,
  errorLog: 1 << 6,
  selfTestErrors: 1 << 7,
} as const;

type CounterCode = 'reallocated_sectors' | 'reported_uncorrectable' | 'pending_sectors' | 'offline_uncorrectable';

/**
 * The four ATA counters that mean the media is failing. Any raw value > 0 → `watch` [BB16].
 * `replaceAt`: the lowest raw value whose [SCR] bucket has an AFR of at least ~20 % (about 8× a
 * clean drive), never below 2 so that one isolated event stays a `watch`:
 *  - 5   Reallocated_Sector_Ct: 16–70 → 23.6 % AFR (4–16 → 7.5 %)          → replace at 16.
 *  - 187 Reported_Uncorrect:    1–3 → 24.1 % (1 alone 33.9 %)               → replace at 2.
 *  - 197 Current_Pending_Sector: 1–2 → 34.2 %, 2–6 → 68.2 %                 → replace at 2.
 *  - 198 Offline_Uncorrectable:  1–2 → 81.4 %, 2–4 → 111.7 %                → replace at 2.
 * A counter that grows between two reports is `replace` whatever its value: the damage is active
 * (Backblaze and [SCR] both treat rising counts as the strongest signal).
 */
export const ATA_FAILURE_COUNTERS: ReadonlyArray<{ id: number; code: CounterCode; replaceAt: number }> = [
  { id: 5, code: 'reallocated_sectors', replaceAt: 16 },
  { id: 187, code: 'reported_uncorrectable', replaceAt: 2 },
  { id: 197, code: 'pending_sectors', replaceAt: 2 },
  { id: 198, code: 'offline_uncorrectable', replaceAt: 2 },
];

/**
 * 188 Command_Timeout and 199 UDMA_CRC_Error_Count count transport errors: a loose SATA cable, a bad
 * port, a cheap USB-to-SATA bridge. Backblaze lists 188 [BB16] but notes it is noisy; scrutiny sets its
 * first bucket to 0–100 "to avoid notifications caused by ... a bad cable" [SCR]. On their own they are
 * never a disk failure: at most an informative 'check the cable' reason with verdict ok.
 */
export const ATA_CABLE_COUNTERS: readonly number[] = [188, 199];

/** Attributes kept in the report: the counters above plus power-on hours, cycles, temperatures. */
export const ATA_ATTRIBUTES_OF_INTEREST: readonly number[] = [5, 9, 10, 12, 187, 188, 190, 194, 196, 197, 198, 199];

/** NVMe: percentage_used at or above this → watch (the vendor's endurance estimate nearly consumed) [NVME]. */
export const NVME_PERCENTAGE_USED_WATCH = 90;

function attr(attributes: readonly AtaAttribute[], id: number): AtaAttribute | undefined {
  return attributes.find((a) => a.id === id);
}

function hasSmartData(d: DiskReading): boolean {
  return d.smartPassed !== null || d.attributes.length > 0 || d.nvme !== null;
}

/** The previous report's values for the same disk, to detect growing counters. */
export type PreviousDisk = Pick<DiskReading, 'attributes'> | null | undefined;

export function evaluateDisk(d: DiskReading, previous?: PreviousDisk): Assessment {
  const reasons: Reason[] = [];
  const exit = d.smartctlExitStatus ?? 0;

  if (d.fileInvalid) {
    return assess([makeReason('smart_file_invalid', 'unknown', { file: d.device })]);
  }

  // Overall self-assessment [SMCTL]: the drive's own verdict; nothing outranks it.
  if (d.smartPassed === false) reasons.push(makeReason('smart_failed', 'replace', { source: 'status' }));
  else if (exit & SMARTCTL_BIT.diskFailing) reasons.push(makeReason('smart_failed', 'replace', { source: 'exit_status' }));

  if (!hasSmartData(d)) {
    reasons.push(makeReason('smart_unavailable', 'unknown', { exitStatus: d.smartctlExitStatus }));
    return assess(reasons);
  }

  // Normalised value at or below the vendor threshold right now [SMCTL bit 4]: pre-fail attributes
  // predict imminent failure → replace; old-age ones (wear, temperature) → watch.
  for (const a of d.attributes) {
    if (a.whenFailed === 'now') {
      reasons.push(makeReason('attribute_failing_now', a.prefailure ? 'replace' : 'watch', { id: a.id, name: a.name }));
    }
  }

  // A failed self-test means the drive could not read its own surface [SMCTL bit 7] → watch.
  if (exit & SMARTCTL_BIT.selfTestErrors) reasons.push(makeReason('self_test_failed', 'watch', {}));

  // Media counters [BB16, SCR].
  for (const { id, code, replaceAt } of ATA_FAILURE_COUNTERS) {
    const a = attr(d.attributes, id);
    if (!a) continue;
    const before = previous ? attr(previous.attributes, id) : undefined;
    if (a.raw > 0) reasons.push(makeReason(code, a.raw >= replaceAt ? 'replace' : 'watch', { value: a.raw }));
    if (before && a.raw > before.raw) {
      reasons.push(makeReason('counter_growing', 'replace', { id, name: a.name, previous: before.raw, value: a.raw }));
    }
  }

  // Transport counters: informative only (see ATA_CABLE_COUNTERS).
  for (const id of ATA_CABLE_COUNTERS) {
    const a = attr(d.attributes, id);
    if (a && a.raw > 0) reasons.push(makeReason('check_cable', 'ok', { id, name: a.name, value: a.raw }));
  }

  if (d.nvme) reasons.push(...evaluateNvme(d.nvme));
  return assess(reasons);
}

/** NVMe SMART / Health log [NVME, SCR]. */
export function evaluateNvme(n: NvmeHealth): Reason[] {
  const reasons: Reason[] = [];
  // Any critical-warning bit (spare low, over temperature, reliability degraded, read-only,
  // volatile backup failed) is the drive itself asking for attention → replace.
  if (n.criticalWarning !== null && n.criticalWarning > 0) {
    reasons.push(makeReason('nvme_critical_warning', 'replace', { value: n.criticalWarning }));
  }
  // Media and data integrity errors: unrecovered data; scrutiny treats > 0 as failed [SCR].
  if (n.mediaErrors !== null && n.mediaErrors > 0) {
    reasons.push(makeReason('nvme_media_errors', 'replace', { value: n.mediaErrors }));
  }
  // Spare below the drive's own threshold: the drive has run out of replacement blocks [NVME].
  if (n.availableSpare !== null && n.availableSpareThreshold !== null && n.availableSpare < n.availableSpareThreshold) {
    reasons.push(
      makeReason('nvme_spare_low', 'replace', { spare: n.availableSpare, threshold: n.availableSpareThreshold }),
    );
  }
  // percentage_used ≥ 90: rated endurance nearly consumed; drives often keep working past 100 %,
  // so this is a watch, not a replace [NVME].
  if (n.percentageUsed !== null && n.percentageUsed >= NVME_PERCENTAGE_USED_WATCH) {
    reasons.push(makeReason('nvme_worn', 'watch', { percentageUsed: n.percentageUsed }));
  }
  return reasons;
}

// ---- Batteries ------------------------------------------------------------------------------

/**
 * Battery health thresholds, on full / design capacity [KABI]:
 * - The usual end-of-life line for laptop Li-ion packs is 80 % of design capacity (the figure makers
 *   rate their cycle life against). Most reconditioned laptops arrive below it, and a loaned machine
 *   mostly runs on the charger, so 80 % would flag nearly the whole fleet for no benefit.
 * - watch below 70 %: runtime is down by a third and fade accelerates past this point; worth
 *   checking at the next visit.
 * - replace below 50 %: runtime halved — a lesson or a video call off the charger may be cut.
 *   Windows 7 showed "Consider replacing your battery" only at 40 % (Microsoft, 2010); we act a
 *   little earlier because the people we lend to will not diagnose it themselves.
 */
export const BATTERY_WATCH_BELOW = 70;
export const BATTERY_REPLACE_BELOW = 50;

/** full / design × 100, clamped to 100 (new cells often exceed their design capacity), one decimal. */
export function batteryHealthPercent(full: number | null, fullDesign: number | null): number | null {
  if (full === null || fullDesign === null || fullDesign <= 0 || full < 0) return null;
  const pct = Math.min(100, (full / fullDesign) * 100);
  return Math.round(pct * 10) / 10;
}

export function evaluateBattery(b: BatteryReading): Assessment & { healthPercent: number | null } {
  const healthPercent = batteryHealthPercent(b.full, b.fullDesign);
  if (healthPercent === null) {
    return { healthPercent, ...assess([makeReason('battery_capacity_unknown', 'unknown', {})]) };
  }
  const reasons: Reason[] = [];
  if (healthPercent < BATTERY_REPLACE_BELOW) reasons.push(makeReason('battery_worn', 'replace', { healthPercent }));
  else if (healthPercent < BATTERY_WATCH_BELOW) reasons.push(makeReason('battery_worn', 'watch', { healthPercent }));
  return { healthPercent, ...assess(reasons) };
}

// ---- Filesystems ----------------------------------------------------------------------------

/**
 * "Nearly full" when less than 5 % OR less than 2 GiB is free [GSD numbers, combined with OR because
 * the shell needs room for its outbox and for updates of ~100–200 MB whatever the disk size].
 * The verdict is `watch`, never `replace`: a full disk needs cleaning by a technician, not a new disk.
 */
export const FS_NEARLY_FULL_PERCENT = 5;
export const FS_NEARLY_FULL_BYTES = 2 * 1024 ** 3;

export function evaluateFilesystem(f: FilesystemReading): Assessment {
  if (f.totalBytes === null || f.freeBytes === null || f.totalBytes <= 0) {
    return assess([makeReason('filesystem_unknown', 'unknown', { mount: f.mount })]);
  }
  const freePercent = Math.round((f.freeBytes / f.totalBytes) * 1000) / 10;
  if (freePercent < FS_NEARLY_FULL_PERCENT || f.freeBytes < FS_NEARLY_FULL_BYTES) {
    return assess([makeReason('disk_nearly_full', 'watch', { mount: f.mount, freePercent, freeBytes: f.freeBytes })]);
  }
  return assess([]);
}
