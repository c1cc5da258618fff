/** OS, kernel, CPU, memory and uptime readers. Every path is under `root`. */
import { join } from 'node:path';
import { cleanText } from '../../app/health/text.ts';
import { parseKeyValues, readLine, readText } from './files.ts';

/** /proc/meminfo MemTotal and MemAvailable, in bytes (the file says "kB": KiB). */
export async function readMemory(root: string): Promise<{ totalBytes: number | null; availableBytes: number | null }> {
  const text = await readText(join(root, 'proc/meminfo'));
  const kib = (key: string): number | null => {
    const m = text?.match(new RegExp(`^${key}:\\s+(\\d+)\\s*kB\\s*$`, 'm'));
    return m?.[1] ? Number(m[1]) * 1024 : null;
  };
  // MemAvailable exists since Linux 3.14; on older kernels we report null rather than a guess.
  return { totalBytes: kib('MemTotal'), availableBytes: kib('MemAvailable') };
}

/** /proc/uptime first field, seconds since boot. */
export async function readUptime(root: string): Promise<number | null> {
  const line = await readLine(join(root, 'proc/uptime'));
  const first = line?.split(/\s+/)[0];
  if (!first || !/^\d+(\.\d+)?$/.test(first)) return null;
  return Number(first);
}

/** Unquotes an os-release value (shell-like: "…", '…', backslash escapes in double quotes). */
export function unquoteOsRelease(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/\\(["\\`$])/g, '$1');
  if (v.length >= 2 && v.startsWith("'") && v.endsWith("'")) return v.slice(1, -1);
  return v;
}

/** PRETTY_NAME from /etc/os-release, falling back to /usr/lib/os-release (os-release(5)). */
export async function readOsPrettyName(root: string): Promise<string | null> {
  for (const file of ['etc/os-release', 'usr/lib/os-release']) {
    const text = await readText(join(root, file));
    if (text === null) continue;
    const kv = parseKeyValues(text);
    const name = kv.get('PRETTY_NAME') ?? kv.get('NAME');
    return name === undefined ? null : cleanText(unquoteOsRelease(name), 120);
  }
  return null;
}

export async function readKernel(root: string): Promise<string | null> {
  return cleanText(await readLine(join(root, 'proc/sys/kernel/osrelease')), 120);
}

/** The first `model name` of /proc/cpuinfo (x86); `Model` or `Hardware` on ARM boards. */
export async function readCpuModel(root: string): Promise<string | null> {
  const text = await readText(join(root, 'proc/cpuinfo'));
  if (text === null) return null;
  for (const key of ['model name', 'Model', 'Hardware']) {
    const m = text.match(new RegExp(`^${key}\\s*:\\s*(.+)$`, 'm'));
    if (m?.[1]) return cleanText(m[1].replace(/\s+/g, ' '), 160);
  }
  return null;
}
