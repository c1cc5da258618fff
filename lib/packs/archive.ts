/**
 * A lesson pack travels as one gzipped tar (POSIX ustar) of its folder: a format anyone can open
 * (`tar tzf pack.tar.gz`), written the same way every time (entries sorted, time 0, owner 0, mode
 * 0644, gzip without a name or time) so the same pack gives the same bytes, hence the same sha256 and
 * the same ETag after a hub restart.
 *
 * Reading is strict because the bytes come over the network: only regular files and folders; every
 * path relative, made of plain names (no `..`, no `.`, no absolute path, no backslash, no NUL); no
 * link of any kind; no duplicate; bounded in count and size before anything is decompressed past the
 * limit (a gzip bomb stops at `maxBytes`). A refusal names what was wrong.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

export type ArchiveEntry = { path: string; data: Buffer };

export type ArchiveLimits = {
  /** Total unpacked size (tar bytes). */
  maxBytes: number;
  maxEntries: number;
};

/** A lesson is a few megabytes of pictures and audio; these leave a wide margin. */
export const PACK_LIMITS: ArchiveLimits = { maxBytes: 64 * 1024 * 1024, maxEntries: 4000 };

const BLOCK = 512;
/** A plain file or folder name: letters, digits, dot, dash, underscore, plus; not "." or "..". */
const SEGMENT = /^(?!\.{1,2}$)[A-Za-z0-9._+-]{1,100}$/;

export class ArchiveError extends Error {}

/** A relative path of plain names, or null when it is not one. */
export function safeRelativePath(raw: string): string | null {
  const trimmed = raw.replace(/^\.\//, '').replace(/\/$/, '');
  if (trimmed === '' || trimmed.length > 255) return null;
  const segments = trimmed.split('/');
  return segments.every((s) => SEGMENT.test(s)) ? segments.join('/') : null;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  let prefix = '';
  let short = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 155);
    if (cut <= 0 || name.length - cut - 1 > 100) throw new ArchiveError(`path too long for a tar header: ${name}`);
    prefix = name.slice(0, cut);
    short = name.slice(cut + 1);
  }
  block.write(short, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 'ascii');
  block.write(octal(0, 8), 108, 'ascii');
  block.write(octal(0, 8), 116, 'ascii');
  block.write(octal(size, 12), 124, 'ascii');
  block.write(octal(0, 12), 136, 'ascii');
  block.write('        ', 148, 'ascii');
  block.write('0', 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  block.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'ascii');
  return block;
}

/** The gzipped tar of these files, in path order, the same bytes for the same files. */
export function writeArchive(entries: readonly ArchiveEntry[]): Buffer {
  const sorted = [...entries].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Buffer[] = [];
  let previous: string | null = null;
  for (const entry of sorted) {
    const name = safeRelativePath(entry.path);
    if (name === null || name !== entry.path) throw new ArchiveError(`not a plain relative path: ${JSON.stringify(entry.path)}`);
    if (name === previous) throw new ArchiveError(`the same path twice: ${name}`);
    previous = name;
    parts.push(header(name, entry.data.length), entry.data, Buffer.alloc((BLOCK - (entry.data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(BLOCK * 2));
  return gzipSync(Buffer.concat(parts), { level: 9 });
}

/** A file whose path is another file's folder ("a" and "a/b") cannot be written: refused here. */
function withoutClashes(entries: ArchiveEntry[], paths: Set<string>): ArchiveEntry[] {
  for (const { path } of entries) {
    for (let cut = path.indexOf('/'); cut !== -1; cut = path.indexOf('/', cut + 1)) {
      if (paths.has(path.slice(0, cut))) throw new ArchiveError(`${path.slice(0, cut)} is both a file and a folder in the archive`);
    }
  }
  return entries;
}

function field(block: Buffer, offset: number, length: number): string {
  const raw = block.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end === -1 ? length : end).toString('utf8');
}

function numeric(block: Buffer, offset: number, length: number, what: string): number {
  const text = field(block, offset, length).trim();
  if (!/^[0-7]{1,12}$/.test(text)) throw new ArchiveError(`bad ${what} field in a tar header`);
  return parseInt(text, 8);
}

/** The files of a gzipped tar, checked as the header comment says. Folders are implied by paths. */
export function readArchive(gzipped: Buffer, limits: ArchiveLimits = PACK_LIMITS): ArchiveEntry[] {
  let tar: Buffer;
  try {
    tar = gunzipSync(gzipped, { maxOutputLength: limits.maxBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || /Cannot create a Buffer larger|maxOutputLength/i.test((error as Error).message)) {
      throw new ArchiveError(`the archive unpacks to more than ${limits.maxBytes} bytes`);
    }
    throw new ArchiveError('not a gzip archive');
  }
  const entries: ArchiveEntry[] = [];
  const seen = new Set<string>();
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const block = tar.subarray(offset, offset + BLOCK);
    if (block.every((b) => b === 0)) return withoutClashes(entries, seen);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : block[i]!;
    if (numeric(block, 148, 8, 'checksum') !== sum) throw new ArchiveError('a tar header has a wrong checksum');
    const type = field(block, 156, 1);
    const size = numeric(block, 124, 12, 'size');
    const prefix = field(block, 257, 6) === 'ustar' ? field(block, 345, 155) : '';
    const rawName = prefix ? `${prefix}/${field(block, 0, 100)}` : field(block, 0, 100);
    offset += BLOCK;
    if (type === '5') {
      const isTop = rawName === '.' || rawName === './';
      if (size !== 0 || (!isTop && safeRelativePath(rawName) === null)) throw new ArchiveError(`unsafe folder in the archive: ${JSON.stringify(rawName)}`);
      continue;
    }
    if (type !== '0' && type !== '') throw new ArchiveError(`only files and folders are accepted, not a tar entry of type "${type}" (${JSON.stringify(rawName)})`);
    const name = safeRelativePath(rawName);
    if (name === null) throw new ArchiveError(`unsafe path in the archive: ${JSON.stringify(rawName)}`);
    if (seen.has(name)) throw new ArchiveError(`the same path twice in the archive: ${name}`);
    if (offset + size > tar.length) throw new ArchiveError(`the archive is cut short inside ${name}`);
    seen.add(name);
    if (seen.size > limits.maxEntries) throw new ArchiveError(`more than ${limits.maxEntries} files in the archive`);
    entries.push({ path: name, data: Buffer.from(tar.subarray(offset, offset + size)) });
    offset += size + ((BLOCK - (size % BLOCK)) % BLOCK);
  }
  throw new ArchiveError('the archive has no end marker (cut short?)');
}

/**
 * The files of a pack folder, paths relative to it. A link, a device or an odd name is refused: what
 * the hub publishes is exactly what an archive can carry.
 */
export function readFolder(dir: string): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  const walk = (relative: string): void => {
    for (const child of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const childPath = relative === '' ? child.name : `${relative}/${child.name}`;
      if (safeRelativePath(childPath) !== childPath) throw new ArchiveError(`a file name an archive cannot carry: ${childPath}`);
      if (child.isDirectory()) walk(childPath);
      else if (child.isFile()) entries.push({ path: childPath, data: readFileSync(path.join(dir, childPath)) });
      else throw new ArchiveError(`only files and folders can go in a pack, not ${childPath}`);
    }
  };
  walk('');
  return entries;
}
