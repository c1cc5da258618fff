/**
 * Test helper: materialises the "ttar-like" text captures of tests/fixtures/sysfs into a folder tree.
 * Format: `### <relative path> (file|link)` then the file's content (or the link's target) up to the
 * next header; the blank line before a header is a separator, not content.
 */
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, '../../fixtures');

export interface TtarEntry {
  path: string;
  kind: 'file' | 'link';
  content: string;
}

export function parseTtar(text: string): TtarEntry[] {
  const entries: TtarEntry[] = [];
  let current: { path: string; kind: 'file' | 'link'; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const lines = [...current.lines];
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    entries.push({ path: current.path, kind: current.kind, content: lines.length ? `${lines.join('\n')}\n` : '' });
  };
  for (const line of text.split('\n')) {
    const m = /^### (.+) \((file|link)\)$/.exec(line);
    if (m) {
      flush();
      current = { path: m[1]!, kind: m[2] as 'file' | 'link', lines: [] };
    } else if (current) {
      current.lines.push(line);
    }
  }
  flush();
  return entries;
}

/** Writes the entries under `root` (links keep their relative targets). */
export async function materialiseTtar(text: string, root: string): Promise<void> {
  for (const e of parseTtar(text)) {
    const target = join(root, e.path);
    if (target !== root && !target.startsWith(`${root}/`)) throw new Error(`entry escapes the root: ${e.path}`);
    await mkdir(dirname(target), { recursive: true });
    if (e.kind === 'link') await symlink(e.content.trim().replace(/\/$/, ''), target);
    else await writeFile(target, e.content);
  }
}

export async function tempRoot(prefix = 'passerelle-probe-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export async function readFixture(relative: string): Promise<string> {
  return readFile(join(FIXTURES, relative), 'utf8');
}

/** Writes `files` (path → content) under root, creating folders. */
export async function writeTree(root: string, files: Record<string, string>): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

/** A root with the node_exporter sysfs capture and /proc/meminfo. */
export async function nodeExporterRoot(): Promise<string> {
  const root = await tempRoot();
  await materialiseTtar(await readFixture('sysfs/node_exporter-sys-power_supply-hwmon-thermal.txt'), root);
  await writeTree(root, { 'proc/meminfo': await readFixture('sysfs/node_exporter-proc-meminfo.txt') });
  return root;
}

/** A root whose only battery is the worn BAT0 of i3status issue 186, known by its uevent alone. */
export async function wornBatteryRoot(): Promise<string> {
  const root = await tempRoot();
  const text = await readFixture('sysfs/issue-i3status-186-BAT0-uevent-energy-worn.txt');
  const uevent = text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
  await writeTree(root, { 'sys/class/power_supply/BAT0/uevent': uevent });
  return root;
}
