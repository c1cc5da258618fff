/** Free space of / and /home, and the SMART spool folder written by the root timer. */
import { stat, statfs } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { DiskReading, FilesystemReading } from '../../app/health/report.ts';
import { invalidDisk, readSmartctlJson } from '../../app/health/smartctl.ts';
import { listDir, readText } from './files.ts';

async function statfsReading(path: string, mount: string): Promise<FilesystemReading> {
  try {
    const s = await statfs(path);
    // f_bavail: blocks available to unprivileged users — what the person can still fill.
    return { mount, totalBytes: s.blocks * s.bsize, freeBytes: s.bavail * s.bsize };
  } catch {
    return { mount, totalBytes: null, freeBytes: null };
  }
}

async function deviceOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isDirectory() ? s.dev : null;
  } catch {
    return null;
  }
}

/**
 * `<root>/` always; `<root>/home` only when it exists and is a separate filesystem (on a default
 * Xubuntu install /home is a folder of /, and reporting it twice would double every warning).
 */
export async function readFilesystems(root: string): Promise<FilesystemReading[]> {
  const out = [await statfsReading(root, '/')];
  const home = join(root, 'home');
  const [rootDev, homeDev] = [await deviceOf(root), await deviceOf(home)];
  if (homeDev !== null && homeDev !== rootDev) out.push(await statfsReading(home, '/home'));
  return out;
}

const MAX_DISKS = 32;

/**
 * One smartctl JSON file per disk in `smartDir` (`sda.json`, `nvme0.json`). Files starting with a dot
 * are the spool script's temporary files and are skipped. `found` is false when there is no file.
 */
export async function readSmartSpool(smartDir: string): Promise<{ found: boolean; disks: DiskReading[] }> {
  const files = (await listDir(smartDir)).filter((f) => f.endsWith('.json') && !f.startsWith('.')).slice(0, MAX_DISKS);
  const disks: DiskReading[] = [];
  for (const file of files) {
    const text = await readText(join(smartDir, file));
    let json: unknown;
    try {
      json = text === null ? null : JSON.parse(text);
    } catch {
      json = null;
    }
    const fallback = `/dev/${basename(file, '.json')}`;
    disks.push(json === null ? invalidDisk(file) : readSmartctlJson(json, fallback));
  }
  return { found: files.length > 0, disks };
}
