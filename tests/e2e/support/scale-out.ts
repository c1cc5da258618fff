/**
 * The real programs for the scale-out end-to-end test: a private PostgreSQL (initdb + pg_ctl), two
 * hub processes on it (`server/cli.ts --store postgres://…`), Debian's nginx in front of both with
 * the shipped location rules (build/nginx/snippets/), and a shell whose hub is nginx.
 *
 * nginx runs in the foreground with a temp prefix (`-p`), its own config (`-c`) and error log (`-e`),
 * on a free port of 127.0.0.1. Bodies and proxied responses stay in memory (no temp files under the
 * prefix, which its workers may not be allowed to write when the test runs as root).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { startWebHost, type WebHost } from '../../../main/webhost/server.ts';
import { freePort, startTempCluster, type TempCluster } from '../../../lib/postgres/temp-cluster.ts';
import { PgHubStore } from '../../../server/store/postgres/index.ts';
import { lessonsDir, rendererDir, repo } from './stack.ts';

export const METRICS_TOKEN = 'scale-out-test-metrics-token';
const NGINX = fs.existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx';

export interface HubProcess {
  name: 'A' | 'B';
  port: number;
  url: string;
  child: ChildProcess;
  /** Feeds open on this instance, from its /metrics. */
  feeds(): Promise<{ shell: number; console: number }>;
  kill(): Promise<void>;
}

export interface ScaleOut {
  dir: string;
  cluster: TempCluster;
  databaseUrl: string;
  /** The test's own connection to the hubs' database (accounts, codes, counts). */
  store: PgHubStore;
  sql<R>(text: string, params?: unknown[]): Promise<R[]>;
  hubs: [HubProcess, HubProcess];
  nginxUrl: string;
  shell: ShellServices;
  shellDir: string;
  webHost: WebHost;
  close(): Promise<void>;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms`);
}

/**
 * One hub process (`server/cli.ts`) on `store` (a postgres:// URL, or 'sqlite' in its data folder).
 * Node runs the hub itself (`--import tsx`), not a wrapper: a SIGKILL kills the hub.
 */
export async function startHubProcess(name: 'A' | 'B', dir: string, store: string, extraArgs: string[] = []): Promise<HubProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      '--import', 'tsx', 'server/cli.ts', '--port', String(port), '--data', path.join(dir, `hub-${name}`), '--store', store,
      '--console', path.join(repo, 'dist', 'console'), '--metrics-token', METRICS_TOKEN, '--trust-proxy', '127.0.0.1', ...extraArgs,
    ],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`hub ${name}`, async () => {
    if (child.exitCode !== null) throw new Error(`hub ${name} exited: ${output}`);
    return (await fetch(`${url}/livez`)).ok;
  });
  return {
    name,
    port,
    url,
    child,
    async feeds() {
      const text = await (await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
      const value = (kind: string) => Number(new RegExp(`passerelle_feeds_connected\\{kind="${kind}"\\} (\\d+)`).exec(text)?.[1] ?? NaN);
      return { shell: value('shell'), console: value('console') };
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function nginxConfig(dir: string, port: number, upstreams: number[], workerConnections: number): string {
  return `worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections ${workerConnections}; }
http {
  access_log off;
  client_body_buffer_size 512k;
  proxy_max_temp_file_size 0;
  map $http_upgrade $passerelle_connection { default upgrade; '' ''; }
  upstream passerelle_hub {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 8;
  }
  server {
    listen 127.0.0.1:${port};
    include ${path.join(repo, 'build', 'nginx', 'snippets', 'passerelle-hub-locations.conf')};
  }
}
`;
}

export async function startNginx(dir: string, upstreams: number[], workerConnections = 1024): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const prefix = path.join(dir, 'nginx');
  fs.mkdirSync(prefix, { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig(prefix, port, upstreams, workerConnections));
  const args = ['-p', prefix, '-c', conf, '-e', path.join(prefix, 'nginx-error.log'), '-g', 'daemon off;'];
  const check = spawnSync(NGINX, [...args.slice(0, 6), '-t'], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t: ${check.stderr}`);
  const child = spawn(NGINX, args, { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitFor('nginx', async () => {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${fs.readFileSync(path.join(prefix, 'nginx-error.log'), 'utf8')}`);
    return (await fetch(`${url}/livez`)).ok;
  });
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM'); // fast shutdown: a graceful one would wait for the live feeds
      await exited;
    },
  };
}

export async function startScaleOut(): Promise<ScaleOut> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('run `npm run build` before the end-to-end tests');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-scale-'));
  const cluster = await startTempCluster();
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query('CREATE DATABASE passerelle');
  await admin.end();
  const databaseUrl = cluster.url('passerelle');
  // Together, on the empty database: one of them seeds the association (server/seed.ts, an advisory lock).
  const [a, b] = await Promise.all([startHubProcess('A', dir, databaseUrl), startHubProcess('B', dir, databaseUrl)]);
  const nginx = await startNginx(dir, [a.port, b.port]);
  const store = await PgHubStore.open({ url: databaseUrl });
  const machine = await store.register.findMachineByAssetTag('DEMO-0001');
  const { code } = await store.register.createEnrolmentCode(machine!.id, 60);
  const shellDir = path.join(dir, 'shell');
  const shell = await createShell({ dataDir: shellDir, hubUrl: nginx.url, lessonsDir, appVersion: '0.0.0-test' });
  await shell.enrol(code);
  await shell.handlers.setUsageConsent({ granted: false });
  const webHost = await startWebHost({ shell, rendererDir, lessonsDir });
  return {
    dir,
    cluster,
    databaseUrl,
    store,
    sql: async (text, params = []) => (await store.pool.query(text, params)).rows,
    hubs: [a, b],
    nginxUrl: nginx.url,
    shell,
    shellDir,
    webHost,
    async close() {
      await webHost.close();
      await shell.close();
      await nginx.stop();
      await Promise.all([a.kill(), b.kill()]);
      await store.close();
      cluster.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
