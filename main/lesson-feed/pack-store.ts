/**
 * Lesson packs received from the hub, on the shell's disk, switched in atomically:
 *
 *   <root>/<id>/v<version>-<sha12>/   one unpacked, checked pack (never changed once in place)
 *   <root>/<id>/current               JSON naming the folder in use: replaced by rename(2), the switch
 *   <root>/<id>/previous              JSON naming the folder used before (kept: a lesson in progress
 *                                     keeps reading it, and it is the fallback if `current` is lost)
 *   <root>/<id>/.incoming-*           a pack being unpacked; removed at the next start if left by a crash
 *
 * A pack is checked (archive sha256 and size, archive format, the caller's pack check) before the
 * switch; a pack failing any check never replaces a working one. Files, folders and pointers are
 * fsync'ed before the rename that switches, so a crash or a power cut at any moment leaves either the
 * old pack or the new one in place, complete.
 */
import { closeSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PACK_LIMITS, readArchive } from '../../lib/packs/archive.ts';
import { PACK_ID, sha256Hex, type HeldPack } from '../../lib/packs/pack-index.ts';

const Pointer = z.object({ folder: z.string().regex(/^v\d+-[0-9a-f]{12}$/), version: z.number().int().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();
type Pointer = z.infer<typeof Pointer>;

/** Where a shell keeps the packs it receives, inside its data folder. */
export const lessonPacksDir = (dataDir: string): string => path.join(dataDir, 'lesson-packs');

export type InstalledPack = { id: string; version: number; sha256: string; dir: string };

/** Where an install is: for logs, and for the crash test that stops the process at each stage. */
export type InstallStage = 'verified' | 'unpacked' | 'checked' | 'placed' | 'previous-kept' | 'switched';

export class PackRefused extends Error {
  constructor(
    readonly reason: 'size' | 'sha256' | 'archive' | 'check',
    message: string,
  ) {
    super(message);
  }
}

function fsyncPath(target: string): void {
  const fd = openSync(target, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeDurably(file: string, data: Buffer | string): void {
  const fd = openSync(file, 'w', 0o644);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Replaces `file` in one step: a reader sees the old content or the new one, never a mix. */
function replaceAtomically(file: string, text: string): void {
  const temporary = `${file}.tmp`;
  writeDurably(temporary, text);
  renameSync(temporary, file);
  fsyncPath(path.dirname(file));
}

export class PackStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  private packDir(id: string): string {
    if (!PACK_ID.test(id)) throw new Error(`not a pack id: ${JSON.stringify(id)}`);
    return path.join(this.root, id);
  }

  private readPointer(id: string, name: 'current' | 'previous'): Pointer | null {
    const file = path.join(this.packDir(id), name);
    try {
      const pointer = Pointer.parse(JSON.parse(readFileSync(file, 'utf8')));
      return existsSync(path.join(this.packDir(id), pointer.folder, 'lesson.yaml')) ? pointer : null;
    } catch {
      return null;
    }
  }

  /** The pack in use: `current`, or `previous` when `current` is unreadable or its folder is gone. */
  current(id: string): InstalledPack | null {
    const pointer = this.readPointer(id, 'current') ?? this.readPointer(id, 'previous');
    return pointer ? { id, version: pointer.version, sha256: pointer.sha256, dir: path.join(this.packDir(id), pointer.folder) } : null;
  }

  /** Every pack held, by id. */
  list(): InstalledPack[] {
    return readdirSync(this.root, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && PACK_ID.test(entry.name))
      .map((entry) => this.current(entry.name))
      .filter((pack): pack is InstalledPack => pack !== null)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  held(): Map<string, HeldPack> {
    return new Map(this.list().map((pack) => [pack.id, { version: pack.version, sha256: pack.sha256 }]));
  }

  /**
   * Checks the archive against the index entry, unpacks it into a new folder, runs `check` on that
   * folder (it throws to refuse), and switches `current` to it. Returns the pack now in use.
   */
  install(
    entry: { id: string; version: number; sha256: string; size: number },
    archive: Buffer,
    check: (dir: string) => void,
    onStage: (stage: InstallStage) => void = () => {},
  ): InstalledPack {
    const packDir = this.packDir(entry.id);
    if (archive.length !== entry.size) throw new PackRefused('size', `pack ${entry.id} ${entry.version}: ${archive.length} bytes, the index says ${entry.size}`);
    const sha256 = sha256Hex(archive);
    if (sha256 !== entry.sha256) throw new PackRefused('sha256', `pack ${entry.id} ${entry.version}: sha256 differs from the index`);
    onStage('verified');

    let files;
    try {
      files = readArchive(archive, PACK_LIMITS);
    } catch (error) {
      throw new PackRefused('archive', `pack ${entry.id} ${entry.version}: ${(error as Error).message}`);
    }
    mkdirSync(packDir, { recursive: true });
    const incoming = mkdtempSync(path.join(packDir, '.incoming-'));
    try {
      const folders = new Set<string>([incoming]);
      for (const file of files) {
        const target = path.join(incoming, file.path);
        mkdirSync(path.dirname(target), { recursive: true });
        for (let dir = path.dirname(target); dir.startsWith(incoming); dir = path.dirname(dir)) folders.add(dir);
        writeDurably(target, file.data);
      }
      for (const folder of folders) fsyncPath(folder);
      onStage('unpacked');
      try {
        check(incoming);
      } catch (error) {
        throw new PackRefused('check', `pack ${entry.id} ${entry.version}: ${(error as Error).message}`);
      }
      onStage('checked');
    } catch (error) {
      rmSync(incoming, { recursive: true, force: true });
      throw error;
    }

    const folder = `v${entry.version}-${sha256.slice(0, 12)}`;
    const placed = path.join(packDir, folder);
    if (existsSync(placed)) rmSync(incoming, { recursive: true, force: true });
    else renameSync(incoming, placed);
    fsyncPath(packDir);
    onStage('placed');

    const before = this.readPointer(entry.id, 'current');
    if (before && before.folder !== folder) replaceAtomically(path.join(packDir, 'previous'), JSON.stringify(before));
    onStage('previous-kept');
    replaceAtomically(path.join(packDir, 'current'), JSON.stringify({ folder, version: entry.version, sha256 } satisfies Pointer));
    onStage('switched');
    return { id: entry.id, version: entry.version, sha256, dir: placed };
  }

  /**
   * Tidies after a crash and after switches: removes unfinished unpacks, half-written pointers, and
   * pack folders that are neither current nor previous nor in `inUse` (a lesson being taken).
   */
  tidy(inUse: ReadonlySet<string> = new Set()): void {
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !PACK_ID.test(entry.name)) continue;
      const packDir = path.join(this.root, entry.name);
      const keep = new Set<string>();
      for (const name of ['current', 'previous'] as const) {
        const pointer = this.readPointer(entry.name, name);
        if (pointer) keep.add(pointer.folder);
      }
      for (const child of readdirSync(packDir)) {
        const full = path.join(packDir, child);
        const unfinished = child.startsWith('.incoming-') || child.endsWith('.tmp');
        const stale = /^v\d+-[0-9a-f]{12}$/.test(child) && !keep.has(child) && !inUse.has(full);
        if (unfinished || stale) rmSync(full, { recursive: true, force: true });
      }
    }
  }
}
