/**
 * The pack archive: a real lesson pack goes through and comes back byte for byte, the same pack
 * always gives the same bytes, GNU tar reads what we write and we read what GNU tar writes, and every
 * hostile archive (escaping paths, links, devices, duplicates, bombs, cut or corrupted archives) is
 * refused with a message naming the problem.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ArchiveError, readArchive, readFolder, safeRelativePath, writeArchive } from '../../../lib/packs/archive.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const pack = path.join(root, 'lessons/souris-bouger');
const work = mkdtempSync(path.join(tmpdir(), 'passerelle-archive-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A raw ustar header for hand-made hostile archives. */
function rawHeader(name: string, options: { type?: string; size?: number; link?: string; badChecksum?: boolean } = {}): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100);
  block.write('0000000\0', 108);
  block.write('0000000\0', 116);
  block.write((options.size ?? 0).toString(8).padStart(11, '0') + '\0', 124);
  block.write('00000000000\0', 136);
  block.write('        ', 148);
  block.write(options.type ?? '0', 156);
  if (options.link) block.write(options.link, 157, 100);
  block.write('ustar\u000000', 257);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write((sum + (options.badChecksum ? 1 : 0)).toString(8).padStart(6, '0') + '\0 ', 148);
  return block;
}
function rawArchive(...parts: Array<Buffer | { name: string; data: string; type?: string; link?: string }>): Buffer {
  const blocks: Buffer[] = [];
  for (const part of parts) {
    if (Buffer.isBuffer(part)) {
      blocks.push(part);
      continue;
    }
    const data = Buffer.from(part.data);
    blocks.push(rawHeader(part.name, { type: part.type ?? '0', size: data.length, link: part.link ?? '' }), data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

describe('pack archives', () => {
  it('carry a real lesson pack and bring it back byte for byte', () => {
    const files = readFolder(pack);
    expect(files.map((f) => f.path)).toContain('lesson.yaml');
    expect(files.some((f) => f.path.startsWith('audio/ar/'))).toBe(true);
    const back = readArchive(writeArchive(files));
    expect(back.map((f) => f.path)).toEqual([...files.map((f) => f.path)].sort());
    for (const file of files) expect(back.find((b) => b.path === file.path)!.data.equals(file.data), file.path).toBe(true);
  });

  it('give the same bytes for the same pack, whatever the order the files were listed in', () => {
    const files = readFolder(pack);
    expect(writeArchive(files).equals(writeArchive([...files].reverse()))).toBe(true);
  });

  it('are read by GNU tar, and GNU tar archives of a pack folder are read back', () => {
    const ours = path.join(work, 'ours.tar.gz');
    writeFileSync(ours, writeArchive(readFolder(pack)));
    const listed = execFileSync('tar', ['tzf', ours], { encoding: 'utf8' }).trim().split('\n');
    expect(listed).toContain('lesson.yaml');
    const out = path.join(work, 'unpacked');
    mkdirSync(out);
    execFileSync('tar', ['xzf', ours, '-C', out]);
    expect(readFolder(out).map((f) => f.path).sort()).toEqual(readFolder(pack).map((f) => f.path).sort());

    // An author's `tar czf` (folders, ./ prefixes, GNU format) is read too.
    const theirs = path.join(work, 'theirs.tar.gz');
    execFileSync('tar', ['czf', theirs, '-C', pack, '.']);
    const read = readArchive(Buffer.from(execFileSync('cat', [theirs])));
    expect(read.map((f) => f.path).sort()).toEqual(readFolder(pack).map((f) => f.path).sort());
  });

  it.each([
    ['a path climbing out', { name: '../evil.sh', data: 'x' }, /unsafe path/],
    ['a path climbing out in the middle', { name: 'pictures/../../evil.sh', data: 'x' }, /unsafe path/],
    ['an absolute path', { name: '/etc/cron.d/evil', data: 'x' }, /unsafe path/],
    ['a backslash path', { name: 'pictures\\..\\evil', data: 'x' }, /unsafe path/],
    ['a symbolic link', { name: 'lesson.yaml', data: '', type: '2', link: '/etc/passwd' }, /only files and folders.*type "2"/],
    ['a hard link', { name: 'lesson.yaml', data: '', type: '1', link: '/etc/passwd' }, /type "1"/],
    ['a character device', { name: 'tty', data: '', type: '3' }, /type "3"/],
    ['a pax header that could rename what follows', { name: 'PaxHeader', data: '30 path=../../etc/evil\n', type: 'x' }, /type "x"/],
    ['a GNU long name', { name: '././@LongLink', data: '../../evil', type: 'L' }, /type "L"/],
  ])('refuse %s', (_what, entry, message) => {
    expect(() => readArchive(rawArchive(entry))).toThrow(ArchiveError);
    expect(() => readArchive(rawArchive(entry))).toThrow(message);
  });

  it('refuse the same path twice, and a path that is both a file and a folder', () => {
    expect(() => readArchive(rawArchive({ name: 'a.svg', data: '1' }, { name: './a.svg', data: '2' }))).toThrow(/the same path twice/);
    expect(() => readArchive(rawArchive({ name: 'pictures', data: '1' }, { name: 'pictures/a.svg', data: '2' }))).toThrow(/both a file and a folder/);
  });

  it('refuse a gzip bomb at the size limit, too many files, a cut or corrupted archive, and what is not gzip', () => {
    const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(() => readArchive(bomb, { maxBytes: 1024 * 1024, maxEntries: 10 })).toThrow(/more than 1048576 bytes/);
    const many = writeArchive(Array.from({ length: 11 }, (_, i) => ({ path: `f${i}.txt`, data: Buffer.from('x') })));
    expect(() => readArchive(many, { maxBytes: 1024 * 1024, maxEntries: 10 })).toThrow(/more than 10 files/);
    const whole = writeArchive([{ path: 'lesson.yaml', data: Buffer.alloc(2000, 65) }]);
    const tar = gunzipSync(whole);
    expect(() => readArchive(gzipSync(tar.subarray(0, 1024)))).toThrow(/cut short/);
    expect(() => readArchive(gzipSync(tar.subarray(0, 512 + 2048)))).toThrow(/no end marker/);
    expect(() => readArchive(rawArchive(rawHeader('lesson.yaml', { badChecksum: true })))).toThrow(/wrong checksum/);
    expect(() => readArchive(Buffer.from('PK\u0003\u0004 a zip'))).toThrow(/not a gzip archive/);
  });

  it('will not write what it would refuse to read', () => {
    expect(() => writeArchive([{ path: '../x', data: Buffer.from('') }])).toThrow(/not a plain relative path/);
    expect(() => writeArchive([{ path: 'a', data: Buffer.from('') }, { path: 'a', data: Buffer.from('') }])).toThrow(/the same path twice/);
    const withLink = mkdtempSync(path.join(work, 'linked-'));
    writeFileSync(path.join(withLink, 'lesson.yaml'), 'id: x');
    symlinkSync('/etc/passwd', path.join(withLink, 'passwd'));
    expect(() => readFolder(withLink)).toThrow(/only files and folders can go in a pack, not passwd/);
  });

  it('accept only plain relative names', () => {
    expect(safeRelativePath('./audio/fr/step-1.ogg')).toBe('audio/fr/step-1.ogg');
    expect(safeRelativePath('pictures/')).toBe('pictures');
    for (const bad of ['', '.', '..', 'a/../b', 'a//b', '/a', 'a\0b', 'é.svg', 'a b.svg']) expect(safeRelativePath(bad), bad).toBeNull();
  });
});
