/**
 * Reads the parts of a `smartctl --json` document that the rules use. Defensive: each part is parsed
 * on its own with loose (passthrough) schemas, so an unexpected field elsewhere never loses the rest;
 * anything missing becomes null.
 */
import { z } from 'zod';
import type { AtaAttribute, DiskKind, DiskReading, NvmeHealth } from './report.ts';
import { ATA_ATTRIBUTES_OF_INTEREST } from './rules.ts';
import { cleanText } from './text.ts';

const Num = z.number().finite();
const SmartctlInfo = z.looseObject({ exit_status: z.number().int().min(0).max(255) });
const Device = z.looseObject({
  name: z.string().optional(),
  type: z.string().optional(),
  protocol: z.string().optional(),
});
const SmartStatus = z.looseObject({ passed: z.boolean() });
const PowerOnTime = z.looseObject({ hours: Num.nonnegative() });
const TemperatureInfo = z.looseObject({ current: Num });
const AttributeRow = z.looseObject({
  id: z.number().int().min(1).max(255),
  name: z.string(),
  value: Num.optional(),
  worst: Num.optional(),
  thresh: Num.optional(),
  when_failed: z.string().optional(),
  flags: z.looseObject({ prefailure: z.boolean().optional() }).optional(),
  raw: z.looseObject({ value: Num.nonnegative(), string: z.string().optional() }),
});
const AttributeTable = z.looseObject({ table: z.array(z.unknown()) });
const NvmeLog = z.looseObject({
  critical_warning: Num.optional(),
  available_spare: Num.optional(),
  available_spare_threshold: Num.optional(),
  percentage_used: Num.optional(),
  media_errors: Num.optional(),
  unsafe_shutdowns: Num.optional(),
  power_on_hours: Num.optional(),
});

function part<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

function count(n: number | undefined): number | null {
  return n === undefined || n < 0 ? null : Math.trunc(n);
}

function kindOf(device: z.infer<typeof Device> | undefined, hasNvmeLog: boolean, hasAta: boolean): DiskKind {
  const protocol = device?.protocol?.toLowerCase();
  const type = device?.type?.toLowerCase();
  if (protocol === 'nvme' || type === 'nvme' || hasNvmeLog) return 'nvme';
  if (protocol === 'ata' || hasAta) return 'ata';
  return 'unknown';
}

/**
 * @param json the parsed smartctl document (anything: it is checked here)
 * @param fallbackDevice used when the document names no device (e.g. the spool file's name)
 */
export function readSmartctlJson(json: unknown, fallbackDevice: string): DiskReading {
  const doc = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as Record<string, unknown>) : null;
  if (!doc) return invalidDisk(fallbackDevice);

  const info = part(SmartctlInfo, doc.smartctl);
  const device = part(Device, doc.device);
  const nvmeLog = part(NvmeLog, doc.nvme_smart_health_information_log);
  const table = part(AttributeTable, doc.ata_smart_attributes)?.table ?? [];

  const attributes: AtaAttribute[] = [];
  for (const row of table) {
    const a = part(AttributeRow, row);
    if (!a || !ATA_ATTRIBUTES_OF_INTEREST.includes(a.id)) continue;
    attributes.push({
      id: a.id,
      name: cleanText(a.name, 60) ?? `attribute_${a.id}`,
      value: a.value === undefined ? null : Math.trunc(a.value),
      worst: a.worst === undefined ? null : Math.trunc(a.worst),
      thresh: a.thresh === undefined ? null : Math.trunc(a.thresh),
      raw: a.raw.value,
      rawString: cleanText(a.raw.string, 80),
      prefailure: a.flags?.prefailure === true,
      whenFailed: cleanText(a.when_failed, 10) ?? '',
    });
  }

  const nvme: NvmeHealth | null = nvmeLog
    ? {
        criticalWarning: count(nvmeLog.critical_warning),
        availableSpare: count(nvmeLog.available_spare),
        availableSpareThreshold: count(nvmeLog.available_spare_threshold),
        percentageUsed: count(nvmeLog.percentage_used),
        mediaErrors: count(nvmeLog.media_errors),
        unsafeShutdowns: count(nvmeLog.unsafe_shutdowns),
      }
    : null;

  const temperature = part(TemperatureInfo, doc.temperature)?.current;
  const model = part(z.string(), doc.model_name) ?? part(z.string(), doc.scsi_model_name) ?? part(z.string(), doc.product);

  return {
    device: cleanText(device?.name, 120) ?? fallbackDevice,
    model: cleanText(model, 120),
    serial: cleanText(part(z.string(), doc.serial_number), 80),
    kind: kindOf(device, nvme !== null, attributes.length > 0),
    smartctlExitStatus: info?.exit_status ?? null,
    smartPassed: part(SmartStatus, doc.smart_status)?.passed ?? null,
    powerOnHours: count(part(PowerOnTime, doc.power_on_time)?.hours ?? nvmeLog?.power_on_hours),
    temperatureC: temperature ?? null,
    attributes,
    nvme,
    fileInvalid: false,
  };
}

/** A spool file that is not JSON (or not an object): the disk is known only by the file's name. */
export function invalidDisk(fallbackDevice: string): DiskReading {
  return {
    device: fallbackDevice,
    model: null,
    serial: null,
    kind: 'unknown',
    smartctlExitStatus: null,
    smartPassed: null,
    powerOnHours: null,
    temperatureC: null,
    attributes: [],
    nvme: null,
    fileInvalid: true,
  };
}
