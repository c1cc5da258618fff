/** Small, never-throwing file helpers for the probe: a missing or unreadable file is null. */
import { readdir, readFile, stat } from 'node:fs/promises';

/** Files larger than this are not read (sysfs values are tiny; smartctl -x JSON is ~100 kB). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

export async function readText(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    // sysfs files report size 4096 or 0 whatever their content; only guard real big files.
    if (s.isFile() && s.size > MAX_FILE_BYTES) return null;
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** First line, trimmed; null when missing or empty. */
export async function readLine(path: string): Promise<string | null> {
  const t = await readText(path);
  if (t === null) return null;
  const line = t.split('\n', 1)[0]?.trim() ?? '';
  return line === '' ? null : line;
}

/** A decimal integer (sysfs style); null when missing or not an integer. */
export function parseInteger(s: string | null | undefined): number | null {
  if (s === null || s === undefined) return null;
  const t = s.trim();
  if (!/^-?\d+$/.test(t)) return null;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n : null;
}

export async function readInteger(path: string): Promise<number | null> {
  return parseInteger(await readLine(path));
}

/** Entry names of a folder, in natural order (hwmon2 before hwmon10); [] when unreadable. */
export async function listDir(path: string): Promise<string[]> {
  try {
    const names = await readdir(path);
    return names.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    return [];
  }
}

/** `KEY=value` lines (uevent, os-release without quotes); later keys win. */
export function parseKeyValues(text: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i <= 0 || line.trimStart().startsWith('#')) continue;
    out.set(line.slice(0, i).trim(), line.slice(i + 1));
  }
  return out;
}
