/**
 * Every reason a health rule can give, with its parameters. Reasons travel as a stable code plus
 * parameters so the console can phrase them in any language (see reasons.en.ts, reasons.fr.ts).
 */

/** Parameters of each reason code. `Record<string, never>` means "no parameter". */
export interface ReasonParams {
  /** SMART overall health self-assessment failed (from `smart_status.passed` or exit_status bit 3). */
  smart_failed: { source: 'status' | 'exit_status' };
  /** smartctl could not read the disk's health data. */
  smart_unavailable: { exitStatus: number | null };
  /** A spool file is not a smartctl JSON document. */
  smart_file_invalid: { file: string };
  /** The spool folder holds no smartctl file at all (timer not installed or not run yet). */
  no_smart_data: Record<string, never>;
  /** An ATA attribute's normalised value is at or below its threshold right now. */
  attribute_failing_now: { id: number; name: string };
  /** The disk's self-test log records a failed self-test (exit_status bit 7). */
  self_test_failed: Record<string, never>;
  /** ATA 5 Reallocated_Sector_Ct raw value. */
  reallocated_sectors: { value: number };
  /** ATA 187 Reported_Uncorrect raw value. */
  reported_uncorrectable: { value: number };
  /** ATA 197 Current_Pending_Sector raw value. */
  pending_sectors: { value: number };
  /** ATA 198 Offline_Uncorrectable raw value. */
  offline_uncorrectable: { value: number };
  /** One of the counters above grew since the previous report. */
  counter_growing: { id: number; name: string; previous: number; value: number };
  /** ATA 188 Command_Timeout or 199 UDMA_CRC_Error_Count: usually the cable, the port or a USB bridge. */
  check_cable: { id: number; name: string; value: number };
  /** NVMe critical_warning bit field is not zero. */
  nvme_critical_warning: { value: number };
  /** NVMe media and data integrity errors. */
  nvme_media_errors: { value: number };
  /** NVMe available spare below the drive's own threshold. */
  nvme_spare_low: { spare: number; threshold: number };
  /** NVMe percentage_used (endurance consumed, vendor estimate). */
  nvme_worn: { percentageUsed: number };
  /** Battery full capacity relative to its design capacity. */
  battery_worn: { healthPercent: number };
  /** The battery does not report its full and design capacities. */
  battery_capacity_unknown: Record<string, never>;
  /** A filesystem has little free space left. */
  disk_nearly_full: { mount: string; freePercent: number; freeBytes: number };
  /** The filesystem size could not be read. */
  filesystem_unknown: { mount: string };
}

export type ReasonCode = keyof ReasonParams;

export const REASON_CODES = [
  'smart_failed',
  'smart_unavailable',
  'smart_file_invalid',
  'no_smart_data',
  'attribute_failing_now',
  'self_test_failed',
  'reallocated_sectors',
  'reported_uncorrectable',
  'pending_sectors',
  'offline_uncorrectable',
  'counter_growing',
  'check_cable',
  'nvme_critical_warning',
  'nvme_media_errors',
  'nvme_spare_low',
  'nvme_worn',
  'battery_worn',
  'battery_capacity_unknown',
  'disk_nearly_full',
  'filesystem_unknown',
] as const satisfies readonly ReasonCode[];

// Compile-time check that REASON_CODES lists every code.
type _Missing = Exclude<ReasonCode, (typeof REASON_CODES)[number]>;
const _allCodesListed: [_Missing] extends [never] ? true : never = true;
void _allCodesListed;

/** One sentence per code, for one language. */
export type ReasonMessages = { [C in ReasonCode]: (params: ReasonParams[C]) => string };
