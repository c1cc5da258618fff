/** The one SQLite open-and-migrate helper of the hub's two stores and the shell's. */
import { mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, schemaVersion } from '../../../lib/sqlite/open.ts';
import { openShellDb } from '../../../main/store/db.ts';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'passerelle-sqlite-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const migrations = ['CREATE TABLE a (x INTEGER);', 'ALTER TABLE a ADD COLUMN y TEXT;'];
const mode = (p: string) => statSync(p).mode & 0o777;

describe('openSqlite', () => {
  it('creates the file, its WAL and SHM 0600 in a new 0700 folder, whatever the umask', () => {
    const previous = process.umask(0o022);
    try {
      const dir = join(tempDir(), 'new', 'data');
      const db = openSqlite(join(dir, 'x.sqlite'), { name: 'x.sqlite', owner: 'test', migrations });
      db.prepare('INSERT INTO a (x, y) VALUES (1, ?)').run('one');
      expect(readdirSync(dir).sort()).toEqual(['x.sqlite', 'x.sqlite-shm', 'x.sqlite-wal']);
      for (const f of readdirSync(dir)) expect(mode(join(dir, f)), f).toBe(0o600);
      expect(mode(dir)).toBe(0o700);
      db.close();
    } finally {
      process.umask(previous);
    }
  });

  it('runs each migration once, in WAL with synchronous FULL, and records the version', () => {
    const file = join(tempDir(), 'x.sqlite');
    const first = openSqlite(file, { name: 'x.sqlite', owner: 'test', migrations: migrations.slice(0, 1) });
    expect(schemaVersion(first)).toBe(1);
    first.close();
    const db = openSqlite(file, { name: 'x.sqlite', owner: 'test', migrations });
    expect(schemaVersion(db)).toBe(2);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('leaves the file at the last good version when a migration fails', () => {
    const file = join(tempDir(), 'x.sqlite');
    expect(() => openSqlite(file, { name: 'x.sqlite', owner: 'test', migrations: [migrations[0]!, 'ALTER TABLE nope ADD COLUMN z;'] })).toThrow();
    const db = openSqlite(file, { name: 'x.sqlite', owner: 'test', migrations: migrations.slice(0, 1) });
    expect(schemaVersion(db)).toBe(1);
    db.close();
  });

  it("refuses the shell's store written by a newer shell instead of misreading it", () => {
    const file = join(tempDir(), 'shell.sqlite');
    const db = openShellDb(file);
    const version = schemaVersion(db);
    db.pragma(`user_version = ${version + 1}`);
    db.close();
    expect(() => openShellDb(file)).toThrow(`the shell store has schema version ${version + 1}, newer than this shell (${version}); upgrade the shell`);
  });
});
