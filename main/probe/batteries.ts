/**
 * Batteries from /sys/class/power_supply (kernel ABI sysfs-class-power). Every entry whose `type` is
 * Battery counts — names vary (BAT0, BAT1, CMB0…). Each value is read from its own file first and
 * from `uevent` (POWER_SUPPLY_*) when the file is missing. energy_* are µWh, charge_* µAh.
 */
import { join } from 'node:path';
import type { BatteryReading } from '../../app/health/report.ts';
import { cleanText } from '../../app/health/text.ts';
import { listDir, parseInteger, parseKeyValues, readLine, readText } from './files.ts';

export async function readBatteries(root: string): Promise<BatteryReading[]> {
  const dir = join(root, 'sys/class/power_supply');
  const out: BatteryReading[] = [];
  for (const name of await listDir(dir)) {
    const reading = await readBattery(join(dir, name), name);
    if (reading) out.push(reading);
  }
  return out;
}

async function readBattery(base: string, name: string): Promise<BatteryReading | null> {
  const uevent = parseKeyValues(await readText(join(base, 'uevent')));
  const get = async (attribute: string): Promise<string | null> =>
    (await readLine(join(base, attribute))) ?? uevent.get(`POWER_SUPPLY_${attribute.toUpperCase()}`)?.trim() ?? null;
  const int = async (attribute: string): Promise<number | null> => {
    const n = parseInteger(await get(attribute));
    return n === null || n < 0 ? null : n;
  };

  const type = await get('type');
  const energyFull = await int('energy_full');
  const energyDesign = await int('energy_full_design');
  const chargeFull = await int('charge_full');
  const chargeDesign = await int('charge_full_design');
  const hasCapacityFields = [energyFull, energyDesign, chargeFull, chargeDesign].some((v) => v !== null);
  // Without a type (some uevent captures omit it) an entry with capacity fields is a battery.
  if (type !== null ? type !== 'Battery' : !hasCapacityFields) return null;
  // scope=Device: the battery of a wireless mouse or keyboard, not the machine's.
  if ((await get('scope')) === 'Device') return null;
  // present=0: an empty battery bay.
  if ((await get('present')) === '0') return null;

  // Prefer whichever family reports both values; energy first (it is what most laptops expose).
  let energyOrCharge: BatteryReading['energyOrCharge'] = null;
  let full: number | null = null;
  let fullDesign: number | null = null;
  if (energyFull !== null && energyDesign !== null) [energyOrCharge, full, fullDesign] = ['energy', energyFull, energyDesign];
  else if (chargeFull !== null && chargeDesign !== null) [energyOrCharge, full, fullDesign] = ['charge', chargeFull, chargeDesign];
  else if (energyFull !== null || energyDesign !== null) [energyOrCharge, full, fullDesign] = ['energy', energyFull, energyDesign];
  else if (chargeFull !== null || chargeDesign !== null) [energyOrCharge, full, fullDesign] = ['charge', chargeFull, chargeDesign];

  const cycles = await int('cycle_count');
  return {
    name: cleanText(name, 40) ?? 'battery',
    manufacturer: cleanText(await get('manufacturer'), 80),
    model: cleanText(await get('model_name'), 80),
    technology: cleanText(await get('technology'), 40),
    status: cleanText(await get('status'), 40),
    energyOrCharge,
    full,
    fullDesign,
    // cycle_count 0 means the battery does not report it [sysfs-class-power].
    cycleCount: cycles === null || cycles === 0 ? null : cycles,
  };
}
