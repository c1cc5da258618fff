/** English sentences for the health reasons (the CLI's default and the fallback of the console). */
import type { ReasonMessages } from './reason-codes.ts';

function gib(bytes: number): string {
  return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
}

export const reasonsEn: ReasonMessages = {
  smart_failed: (p) =>
    p.source === 'status'
      ? 'The disk reports that its SMART health check FAILED.'
      : 'smartctl reports the disk as failing (exit status bit 3).',
  smart_unavailable: (p) =>
    p.exitStatus === null
      ? 'The disk health data could not be read.'
      : `The disk health data could not be read (smartctl exit status ${p.exitStatus}).`,
  smart_file_invalid: (p) => `The disk health file ${p.file} is not valid smartctl JSON.`,
  no_smart_data: () => 'No disk health data: the SMART timer has not run or is not installed.',
  attribute_failing_now: (p) => `SMART attribute ${p.id} (${p.name}) is at or below its failure threshold now.`,
  self_test_failed: () => 'A disk self-test failed.',
  reallocated_sectors: (p) => `${p.value} bad sectors were reallocated.`,
  reported_uncorrectable: (p) => `${p.value} read errors could not be corrected.`,
  pending_sectors: (p) => `${p.value} sectors are unreadable and waiting to be reallocated.`,
  offline_uncorrectable: (p) => `${p.value} sectors were found uncorrectable by the offline scan.`,
  counter_growing: (p) => `SMART attribute ${p.id} (${p.name}) grew from ${p.previous} to ${p.value} since the last report.`,
  check_cable: (p) =>
    `SMART attribute ${p.id} (${p.name}) is ${p.value}: check the cable, the port or the USB adapter; the disk itself may be fine.`,
  nvme_critical_warning: (p) => `The NVMe drive raises a critical warning (code ${p.value}).`,
  nvme_media_errors: (p) => `The NVMe drive recorded ${p.value} media errors.`,
  nvme_spare_low: (p) => `The NVMe drive's spare blocks are at ${p.spare} %, below its threshold of ${p.threshold} %.`,
  nvme_worn: (p) => `The NVMe drive has used ${p.percentageUsed} % of its rated endurance.`,
  battery_worn: (p) => `The battery holds ${p.healthPercent} % of its design capacity.`,
  battery_capacity_unknown: () => 'The battery does not report its capacity.',
  disk_nearly_full: (p) => `${p.mount} is nearly full: ${gib(p.freeBytes)} free (${p.freePercent} %).`,
  filesystem_unknown: (p) => `The size of ${p.mount} could not be read.`,
};
