/**
 * One way to open a SQLite file for Passerelle, used by the hub's two stores and the shell's store.
 * It lives outside `server/` and `main/` because both programs import it, and outside `app/` because
 * `app/` is pure TypeScript without Node.
 *
 * - Private files: the file is created 0600 before SQLite opens it, so its `-wal` and `-shm` files
 *   (which SQLite creates with the database file's permissions) are 0600 too; a new parent folder is 0700.
 * - WAL journal with `synchronous = FULL`: in WAL mode NORMAL never corrupts the database but may lose
 *   the last commits on a power cut; what we acknowledge (a help request, a report) must survive one.
 * - Ordered migrations recorded in `PRAGMA user_version`, each in an IMMEDIATE transaction; a file
 *   written by a newer program is refused rather than misread.
 */
import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';

export type SqliteDb = Database.Database;

export interface OpenSqliteOptions {
  /** How errors name the file and its owner: "hub.sqlite … upgrade the hub". */
  name: string;
  owner: string;
  /** Ordered migrations; never edit a shipped one, append a new one. */
  migrations: readonly string[];
  /** busy_timeout once open (ms). Migrations always wait up to 5 s for the lock. Default 5000. */
  busyTimeoutMs?: number;
  /** Default true. */
  foreignKeys?: boolean;
}

const PRIVATE_FILE = 0o600;
const PRIVATE_DIR = 0o700;

/**
 * `file` 0600 before SQLite opens it (SQLite would create it with the umask's mode, and gives its
 * -wal and -shm files the database file's mode); a file left readable by an older version is closed
 * down too. A new parent folder is 0700.
 */
function makePrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR });
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, PRIVATE_FILE);
}

export function schemaVersion(db: SqliteDb): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function openSqlite(file: string, opts: OpenSqliteOptions): SqliteDb {
  if (file !== ':memory:') makePrivate(file);
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma(`foreign_keys = ${opts.foreignKeys === false ? 'OFF' : 'ON'}`);
    migrate(db, opts);
    db.pragma(`busy_timeout = ${opts.busyTimeoutMs ?? 5000}`);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function migrate(db: SqliteDb, opts: OpenSqliteOptions): void {
  const current = schemaVersion(db);
  const target = opts.migrations.length;
  if (current > target) {
    throw new Error(`${opts.name} has schema version ${current}, newer than this ${opts.owner} (${target}); upgrade the ${opts.owner}`);
  }
  // Opening may race another process at start: wait for the lock here.
  db.pragma('busy_timeout = 5000');
  for (let v = current; v < target; v++) {
    db.transaction(() => {
      db.exec(opts.migrations[v] as string);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
}
