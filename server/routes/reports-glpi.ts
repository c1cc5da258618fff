/**
 * GLPI native inventory export of a machine, from its latest health report, for GLPI's
 * "import from file" (one JSON, or a zip of many). It carries hardware only: never users, network
 * addresses or software lists (GLPI's schema has no SMART or temperature readings: those stay in the
 * fleet dashboard). Format: glpi-project/inventory_format `inventory.schema.json`.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import type { HealthReport } from '../../app/health/report.ts';

const MB = 1024 * 1024;

/** GLPI's datetime format: 'YYYY-MM-DD hh:mm:ss' (UTC here). */
function glpiDateTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined && v !== '')) as Partial<T>;
}

/** The GLPI agent id GLPI keys the computer on: stable per asset tag. */
export function glpiDeviceId(assetTag: string): string {
  return `passerelle-${assetTag.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

export function glpiInventory(report: HealthReport): Record<string, unknown> {
  const totalMb = report.memory.totalBytes === null ? null : Math.round(report.memory.totalBytes / MB);
  const osName = report.os.prettyName?.split(' ')[0] ?? null;
  const content: Record<string, unknown> = {
    versionclient: `Passerelle_v${report.appVersion}`,
    hardware: defined({ name: report.assetTag, memory: totalMb, vmsystem: 'Physical' }),
    bios: { assettag: report.assetTag },
    operatingsystem: defined({
      full_name: report.os.prettyName,
      name: osName,
      kernel_name: 'linux',
      kernel_version: report.os.kernel,
      boot_time: report.bootTime ? glpiDateTime(report.bootTime) : null,
    }),
  };
  if (report.cpuModel) content.cpus = [{ name: report.cpuModel }];
  // Without root there is no DIMM detail (dmidecode): one entry with the total the kernel sees.
  if (totalMb !== null) content.memories = [{ capacity: totalMb, caption: 'System memory', description: 'Total' }];
  if (report.disks.length > 0) {
    content.storages = report.disks
      .filter((d) => !d.fileInvalid)
      .map((d) =>
        defined({
          name: d.device.replace(/^\/dev\//, ''),
          model: d.model,
          serial: d.serial,
          type: 'disk',
          interface: d.kind === 'nvme' ? 'NVMe' : d.kind === 'ata' ? 'SATA' : null,
          description: d.smartPassed === false ? 'SMART: FAILED' : null,
        }),
      );
  }
  const drives = report.filesystems
    .filter((f) => f.totalBytes !== null)
    .map((f) => defined({ type: f.mount, volumn: f.mount, total: Math.round(f.totalBytes! / MB), free: f.freeBytes === null ? null : Math.round(f.freeBytes / MB) }));
  if (drives.length > 0) content.drives = drives;
  if (report.batteries.length > 0) {
    content.batteries = report.batteries.map((b) =>
      defined({
        name: [b.manufacturer, b.model].filter(Boolean).join(' ') || b.name,
        manufacturer: b.manufacturer,
        chemistry: b.technology,
        // GLPI wants mWh; charge_* (µAh) cannot be converted without the voltage, so only energy_* fills it.
        capacity: b.energyOrCharge === 'energy' && b.fullDesign !== null ? Math.round(b.fullDesign / 1000) : null,
        real_capacity: b.energyOrCharge === 'energy' && b.full !== null ? Math.round(b.full / 1000) : null,
      }),
    );
  }
  return { action: 'inventory', deviceid: glpiDeviceId(report.assetTag), itemtype: 'Computer', content };
}

/**
 * A zip of files, stored with deflate. Small and dependency-free: GLPI's "import from file" reads
 * any standard zip, and each entry here is a few kilobytes.
 */
export function zipFiles(files: { name: string; data: Buffer }[], date = new Date()): Buffer {
  const dosTime = ((date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1)) & 0xffff;
  const dosDate = (((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate()) & 0xffff;
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const compressed = deflateRawSync(file.data);
    const crc = crc32(file.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(file.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    locals.push(local, name, compressed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(dosTime, 12);
    central.writeUInt16LE(dosDate, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(compressed.length, 20);
    central.writeUInt32LE(file.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += local.length + name.length + compressed.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
