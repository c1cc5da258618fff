/**
 * A private, throw-away PostgreSQL server for the tests and benchmarks: `initdb` into a temp folder,
 * `pg_ctl start` on a free port of 127.0.0.1 with its unix socket in that folder, stopped and removed
 * at the end (and on process exit if a run is cut short). Binaries from Debian's `postgresql` package
 * (`/usr/lib/postgresql/<version>/bin`, or `PG_BIN`).
 *
 * initdb refuses to run as root: as root (CI), every server command runs as the `postgres` user
 * through `runuser`, and the temp folder is given to that user; a developer runs them as themselves.
 * The superuser is `passerelle` with a random password (scram-sha-256 over TCP); the socket, in a 0700
 * folder, trusts whoever can reach it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempCluster {
  dir: string;
  port: number;
  /** Where the server binaries are (pg_dump and pg_restore come from there too). */
  bin: string;
  /** `postgres://passerelle:…@127.0.0.1:PORT/<database>` */
  url(database?: string): string;
  stop(): void;
}

export interface TempClusterOptions {
  /**
   * false (the default for tests): fsync and synchronous commit off, nothing survives a power cut, fast.
   * true (benchmarks): the server's default durability, to compare fairly with SQLite's synchronous=FULL.
   */
  durable?: boolean;
  maxConnections?: number;
}

export const SUPERUSER = 'passerelle';

/** The newest installed server's binaries, or PG_BIN. */
export function findPostgresBin(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  throw new Error(`No PostgreSQL server found in ${root}: install Debian's postgresql package (apt-get install postgresql) or set PG_BIN.`);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;

/** Runs a server binary, as `postgres` when we are root. */
function runAsServerUser(command: string, args: string[]): void {
  const [file, argv] = isRoot() ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
}

export async function startTempCluster(opts: TempClusterOptions = {}): Promise<TempCluster> {
  const bin = findPostgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-pg-'));
  const data = join(dir, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (isRoot()) execFileSync('chown', ['-R', 'postgres:', dir]);
  chmodSync(dir, 0o700);
  const port = await freePort();

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      if (existsSync(join(data, 'postmaster.pid'))) runAsServerUser(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  process.on('exit', stop);

  try {
    runAsServerUser(join(bin, 'initdb'), [
      '-D', data, '-U', SUPERUSER, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256',
      '-E', 'UTF8', '--locale=C', '--no-sync', '--no-instructions',
    ]);
    const settings = [
      `-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', `-c max_connections=${opts.maxConnections ?? 300}`,
      ...(opts.durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
    ];
    runAsServerUser(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', settings.join(' '), 'start']);
  } catch (err) {
    stop();
    throw err;
  }
  return {
    dir,
    port,
    bin,
    url: (database = 'postgres') => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop,
  };
}
