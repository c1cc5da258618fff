/** Temperatures from hwmon (temp*_input, milli-°C, with temp*_label) and thermal zones (temp + type). */
import { join } from 'node:path';
import type { Temperature } from '../../app/health/report.ts';
import { cleanText } from '../../app/health/text.ts';
import { listDir, readInteger, readLine } from './files.ts';

/** Readings outside this range are sensor noise (unplugged probes report -273 or 255 °C). */
const PLAUSIBLE_MIN_C = -40;
const PLAUSIBLE_MAX_C = 150;
const MAX_READINGS = 256;

function celsius(milli: number | null): number | null {
  if (milli === null) return null;
  const c = milli / 1000;
  return c < PLAUSIBLE_MIN_C || c > PLAUSIBLE_MAX_C ? null : c;
}

export async function readTemperatures(root: string): Promise<Temperature[]> {
  const out: Array<Temperature & { entry: string }> = []; // entry: where it was read, to tell twins apart
  const hwmonDir = join(root, 'sys/class/hwmon');
  for (const entry of await listDir(hwmonDir)) {
    const base = join(hwmonDir, entry); // usually a symlink into /sys/devices; dangling ones read as empty
    const chip = (await readLine(join(base, 'name'))) ?? entry;
    for (const file of await listDir(base)) {
      const m = /^temp(\d+)_input$/.exec(file);
      if (!m) continue;
      const c = celsius(await readInteger(join(base, file)));
      if (c === null) continue;
      const label = (await readLine(join(base, `temp${m[1]}_label`))) ?? `temp${m[1]}`;
      out.push({ source: 'hwmon', entry: `${entry}/temp${m[1]}`, label: cleanText(`${chip} ${label}`, 120) ?? chip, celsius: c });
    }
  }
  const thermalDir = join(root, 'sys/class/thermal');
  for (const entry of await listDir(thermalDir)) {
    if (!/^thermal_zone\d+$/.test(entry)) continue;
    const c = celsius(await readInteger(join(thermalDir, entry, 'temp')));
    if (c === null) continue;
    const type = (await readLine(join(thermalDir, entry, 'type'))) ?? entry;
    out.push({ source: 'thermal', entry, label: cleanText(type, 120) ?? entry, celsius: c });
  }
  // Two chips of the same kind (a two-socket board's coretemp.0 and coretemp.1) or two inputs with one
  // label give the same labels: name those by where they were read.
  const seen = new Map<string, number>();
  for (const t of out) seen.set(t.label, (seen.get(t.label) ?? 0) + 1);
  return out
    .slice(0, MAX_READINGS)
    .map(({ entry, ...t }) => ((seen.get(t.label) ?? 0) > 1 ? { ...t, label: `${t.label} (${entry})`.slice(0, 120) } : t));
}
