/**
 * Backups of the hub's data, and their restore: `npm run hub -- backup DEST` and
 * `npm run hub -- restore SRC`, with the hub's usual `--data` / `--store`.
 *
 * - SQLite: SQLite's online backup API (better-sqlite3's `backup()`), page by page, while the hub
 *   keeps running: `hub.sqlite` and `reports.sqlite` as consistent copies, with the lesson-signing
 *   content key of the data folder. Restoring copies them back
 *   into the data folder (the hub must be stopped); the files they replace are kept beside them.
 * - PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, taken while the instances run) and
 *   `pg_restore --clean --single-transaction`, refused while a hub instance is alive.
 *
 * Each backup is a folder (0700, files 0600: it holds phone numbers and password hashes) with a
 * `backup.json` saying what it holds; restore reads it and refuses a backup of the other store.
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { findPostgresBin } from '../lib/postgres/temp-cluster.ts';
import { isPostgresUrl } from './store/postgres/index.ts';
import { INSTANCE_TIMEOUT_SECONDS } from './cluster/pg-presence.ts';
import { CONTENT_KEY_FILE } from './lessons/content-key.ts';

export const SQLITE_FILES = ['hub.sqlite', 'reports.sqlite'] as const;
const PG_DUMP_FILE = 'passerelle.pgdump';
const MANIFEST = 'backup.json';

export interface BackupManifest {
  format: 'passerelle-hub-backup';
  version: 1;
  store: 'sqlite' | 'postgresql';
  createdAt: string;
  files: string[];
}

export interface BackupTarget {
  /** The hub's data folder (SQLite files). */
  dataDir: string;
  /** 'sqlite' (or nothing) or a postgres:// URL. */
  store?: string | undefined;
}

function preparePrivateFolder(dest: string): void {
  if (existsSync(dest) && readdirSync(dest).length > 0) throw new Error(`${dest} is not empty: give a new folder for each backup`);
  mkdirSync(dest, { recursive: true, mode: 0o700 });
  chmodSync(dest, 0o700);
}

function writeManifest(dest: string, manifest: BackupManifest): void {
  writeFileSync(join(dest, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
}

export function readManifest(src: string): BackupManifest {
  const file = join(src, MANIFEST);
  if (!existsSync(file)) throw new Error(`${src} is not a Passerelle hub backup (no ${MANIFEST})`);
  const m = JSON.parse(readFileSync(file, 'utf8')) as BackupManifest;
  if (m.format !== 'passerelle-hub-backup' || m.version !== 1) throw new Error(`${file}: unknown backup format`);
  return m;
}

/** pg_dump and pg_restore: the client's on PATH if there is one, else the server package's. */
function pgTool(name: 'pg_dump' | 'pg_restore'): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  return join(findPostgresBin(), name);
}

function run(tool: string, args: string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} failed (${r.status ?? r.signal}): ${r.stderr.trim()}`);
}

export async function backup(target: BackupTarget, dest: string, now = new Date()): Promise<BackupManifest> {
  preparePrivateFolder(dest);
  if (isPostgresUrl(target.store)) {
    const file = join(dest, PG_DUMP_FILE);
    // Unlogged tables (the rate-limit counters) are kept as structure only: counters are not data.
    run(pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', '--no-unlogged-table-data', `--file=${file}`, target.store]);
    chmodSync(file, 0o600);
    const manifest: BackupManifest = { format: 'passerelle-hub-backup', version: 1, store: 'postgresql', createdAt: now.toISOString(), files: [PG_DUMP_FILE] };
    writeManifest(dest, manifest);
    return manifest;
  }
  const files: string[] = [];
  for (const name of SQLITE_FILES) {
    const source = join(target.dataDir, name);
    if (!existsSync(source)) continue;
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      // The online backup API: a consistent copy while the hub writes, the WAL included.
      await db.backup(join(dest, name));
    } finally {
      db.close();
    }
    chmodSync(join(dest, name), 0o600);
    files.push(name);
  }
  if (!files.includes('hub.sqlite')) throw new Error(`no hub.sqlite in ${target.dataDir}: is --data the hub's data folder?`);
  // The lesson-signing key: the shells pinned it, so a hub restored without it would have every lesson
  // index refused. (On PostgreSQL it is a table of the dump; given with --content-key, it is the operator's.)
  const key = join(target.dataDir, CONTENT_KEY_FILE);
  if (existsSync(key)) {
    copyFileSync(key, join(dest, CONTENT_KEY_FILE));
    chmodSync(join(dest, CONTENT_KEY_FILE), 0o600);
    files.push(CONTENT_KEY_FILE);
  }
  const manifest: BackupManifest = { format: 'passerelle-hub-backup', version: 1, store: 'sqlite', createdAt: now.toISOString(), files };
  writeManifest(dest, manifest);
  return manifest;
}

/** Hub instances that beat recently on this database (restoring under them would pull the floor away). */
async function liveInstances(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('public.hub_instances') IS NOT NULL AS e");
    if (!(exists.rows[0] as { e: boolean }).e) return 0;
    const r = await client.query(`SELECT COUNT(*)::int AS n FROM hub_instances WHERE seen_at > now() - make_interval(secs => ${INSTANCE_TIMEOUT_SECONDS})`);
    return (r.rows[0] as { n: number }).n;
  } finally {
    await client.end();
  }
}

export async function restore(target: BackupTarget, src: string, now = new Date()): Promise<BackupManifest> {
  const manifest = readManifest(src);
  if (isPostgresUrl(target.store)) {
    if (manifest.store !== 'postgresql') throw new Error(`${src} is a backup of the SQLite store: restore it with --data, not --store postgres://…`);
    const live = await liveInstances(target.store);
    if (live > 0) throw new Error(`${live} hub instance(s) are running on this database: stop them all before restoring`);
    run(pgTool('pg_restore'), ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${target.store}`, join(src, PG_DUMP_FILE)]);
    return manifest;
  }
  if (manifest.store !== 'sqlite') throw new Error(`${src} is a backup of a PostgreSQL database: restore it with --store postgres://…`);
  mkdirSync(target.dataDir, { recursive: true, mode: 0o700 });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (const name of manifest.files) {
    const into = join(target.dataDir, name);
    // What is there now is kept, not lost: hub.sqlite.before-restore-<time> (and its -wal / -shm).
    for (const suffix of ['', '-wal', '-shm']) {
      if (existsSync(into + suffix)) renameSync(into + suffix, `${into}.before-restore-${stamp}${suffix}`);
    }
    copyFileSync(join(src, name), into);
    chmodSync(into, 0o600);
  }
  return manifest;
}
