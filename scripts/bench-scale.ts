/**
 * Several hub instances, measured (figures printed, nothing asserted). Two benchmarks:
 *
 *   npm run bench:help:scale [-- --shells 1000 --consoles 50 --requests 300]
 *     How long a help request takes from the shell's POST to the push on every console, with the
 *     shells' and consoles' feeds connected: two hub instances on PostgreSQL behind nginx (round
 *     robin, so most pushes cross instances through LISTEN/NOTIFY), against one hub on SQLite reached
 *     directly, measured in the same run with the same clients. Closed loop: one request at a time.
 *
 *   npm run bench:sockets [-- --sockets 10000]
 *     The memory of two hub instances holding idle shell feeds (half each), against the same two
 *     processes with none, in the same run: resident set size per instance, read from /proc.
 *
 * PostgreSQL is a private server started for the run (initdb + pg_ctl, its default durability);
 * nginx runs in the foreground with a temp prefix. The file descriptor limit is raised for this
 * process and its children only (ulimit -n up to the hard limit, by re-running under sh).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import WebSocket from 'ws';
import { startTempCluster, type TempCluster } from '../lib/postgres/temp-cluster.ts';
import { openHubStore } from '../server/store/open.ts';
import type { HubStore } from '../server/store/index.ts';
import { startHubProcess, startNginx, type HubProcess } from '../tests/e2e/support/scale-out.ts';

const here = fileURLToPath(import.meta.url);
const { values: args, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    shells: { type: 'string', default: '1000' },
    consoles: { type: 'string', default: '50' },
    requests: { type: 'string', default: '300' },
    sockets: { type: 'string', default: '10000' },
  },
});
const mode = positionals[0];
if (mode !== 'help' && mode !== 'sockets') {
  console.error('usage: tsx scripts/bench-scale.ts help|sockets [--shells N --consoles N --requests N | --sockets N]');
  process.exit(2);
}

// ---- file descriptors: enough for every socket, for this process and its children only -------------
const needed = Number(mode === 'sockets' ? args.sockets : args.shells) + 2000;
const soft = Number(spawnSync('sh', ['-c', 'ulimit -Sn'], { encoding: 'utf8' }).stdout.trim());
if (soft < needed && !process.env.PASSERELLE_BENCH_FD_RAISED) {
  const hard = spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim();
  const limit = hard === 'unlimited' ? needed : Math.min(Number(hard), Math.max(needed, soft));
  const quoted = [process.execPath, ...process.execArgv, here, ...process.argv.slice(2)].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('sh', ['-c', `ulimit -n ${limit} && exec ${quoted}`], { stdio: 'inherit', env: { ...process.env, PASSERELLE_BENCH_FD_RAISED: '1' } });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

function int(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max} (got ${value})`);
  return n;
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)!, n: sorted.length };
}
// Function declarations, not consts: main() starts above (top-level await) before a const here exists.
function ms(v: number): string {
  return `${v.toFixed(2).padStart(8)} ms`;
}
function row(label: string, samples: number[]): string {
  const s = stats(samples);
  return `${label.padEnd(58)}${ms(s.p50)}${ms(s.p99)}${ms(s.max)}${String(s.n).padStart(9)}`;
}

/** Machines with known tokens and helpers' sessions, written straight into the store (setup, not measured). */
async function mint(store: HubStore, shells: number, consoles: number): Promise<{ tokens: string[]; cookies: string[] }> {
  const association = (await store.accounts.defaultAssociation())!;
  const tokens: string[] = [];
  for (let i = 0; i < shells; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, shells - i) }, async (_, j) => {
        const m = await store.register.createMachine({ associationId: association.id, assetTag: `BENCH-${i + j}`, mode: 'home', cohort: 'home' });
        const { code } = await store.register.createEnrolmentCode(m.id, 60);
        const enrolled = await store.register.enrol(code);
        if (!enrolled.ok) throw new Error(enrolled.reason);
        return enrolled.token;
      }),
    );
    tokens.push(...batch);
  }
  const helpers = await Promise.all(
    Array.from({ length: Math.min(consoles, 5) }, (_, i) =>
      store.accounts.createAccount({ associationId: association.id, email: `helper${i}@bench.test`, firstName: `Helper${i}`, role: 'accompagnant', password: randomUUID() }),
    ),
  );
  const cookies: string[] = [];
  for (let i = 0; i < consoles; i++) cookies.push(`passerelle_session=${(await store.accounts.createSession(helpers[i % helpers.length]!.id, 120)).sessionId}`);
  return { tokens, cookies };
}

function open(url: string, headers: Record<string, string>, onMessage: (data: string) => void = () => undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, perMessageDeflate: false });
    ws.on('message', (data) => onMessage(data.toString()));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

async function openMany(count: number, make: (i: number) => Promise<WebSocket>, parallel = 100): Promise<WebSocket[]> {
  const out: WebSocket[] = [];
  for (let i = 0; i < count; i += parallel) out.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, (_, j) => make(i + j)))));
  return out;
}

/** Help requests one at a time through `entry`: POST → 201, and POST → push on each console. */
async function helpRound(entry: string, tokens: string[], cookies: string[], requests: number): Promise<{ ack: number[]; push: number[]; sockets: WebSocket[] }> {
  const wsBase = entry.replace(/^http/, 'ws');
  const sockets = await openMany(tokens.length, (i) => open(`${wsBase}/api/v1/machine/feed`, { authorization: `Bearer ${tokens[i]}` }));
  const waiting = new Map<string, { t0: number; left: number; done: () => void }>();
  const push: number[] = [];
  let hellos = 0;
  let allHellos!: () => void;
  const helloed = new Promise<void>((r) => (allHellos = r));
  const onConsole = (data: string) => {
    const msg = JSON.parse(data) as { type: string; request?: { id: string; state: string } };
    if (msg.type === 'hello' && ++hellos === cookies.length) allHellos();
    if (msg.type !== 'help.upsert' || msg.request?.state !== 'new') return;
    const w = waiting.get(msg.request.id);
    if (!w) return;
    push.push(performance.now() - w.t0);
    if (--w.left === 0) w.done();
  };
  sockets.push(...(await openMany(cookies.length, (i) => open(`${wsBase}/api/v1/console/feed`, { cookie: cookies[i]!, origin: entry }, onConsole), 10)));
  await helloed;
  const ack: number[] = [];
  for (let i = 0; i < requests; i++) {
    const id = randomUUID();
    const t0 = performance.now();
    const reached = new Promise<void>((done) => waiting.set(id, { t0, left: cookies.length, done }));
    const res = await fetch(`${entry}/api/v1/help-requests`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[i % tokens.length]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ id, createdAt: new Date().toISOString(), context: { screen: 'lesson', lessonId: 'souris-cliquer', stepIndex: 2, stuckSeconds: 40 } }),
    });
    if (res.status !== 201) throw new Error(`${entry} answered ${res.status}: ${await res.text()}`);
    ack.push(performance.now() - t0);
    await reached;
    waiting.delete(id);
    // The machine's request is closed again, so that its next press is a new request.
    await fetch(`${entry}/api/v1/help-requests/${id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${tokens[i % tokens.length]}` } });
  }
  return { ack, push, sockets };
}

async function newDatabase(cluster: TempCluster): Promise<string> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: cluster.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return cluster.url(name);
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-scale-'));
  const cluster = await startTempCluster({ durable: true, maxConnections: 200 });
  const hubs: HubProcess[] = [];
  const stops: (() => Promise<void>)[] = [];
  const sockets: WebSocket[] = [];
  try {
    console.log(`bench:${mode === 'help' ? 'help:scale' : 'sockets'} — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, loopback`);
    if (mode === 'help') {
      const shells = int('shells', args.shells, 20_000);
      const consoles = int('consoles', args.consoles, 1000);
      const requests = int('requests', args.requests, 10_000);
      console.log(`${shells} shells and ${consoles} consoles connected; ${requests} help requests, one at a time\n`);
      console.log(`${''.padEnd(58)}${'p50'.padStart(11)}${'p99'.padStart(11)}${'max'.padStart(11)}${'samples'.padStart(9)}`);

      // Baseline: one hub on SQLite, reached directly.
      const single = await startHubProcess('A', path.join(dir, 'single'), 'sqlite');
      hubs.push(single);
      const sqlite = await openHubStore({ dataDir: path.join(dir, 'single', 'hub-A') });
      const one = await helpRound(single.url, ...Object.values(await mint(sqlite, shells, consoles)) as [string[], string[]], requests);
      await sqlite.close();
      console.log(row('baseline: one hub, SQLite, direct: POST → 201', one.ack));
      console.log(row(`baseline: one hub, SQLite, direct: POST → push on ${consoles}`, one.push));
      one.sockets.forEach((s) => s.terminate());
      await single.kill();

      // Two hubs on PostgreSQL behind nginx.
      const url = await newDatabase(cluster);
      const a = await startHubProcess('A', dir, url);
      const b = await startHubProcess('B', dir, url);
      hubs.push(a, b);
      // nginx holds two connections per proxied feed (the client's and the upstream one).
      const nginx = await startNginx(dir, [a.port, b.port], 2 * (shells + consoles) + 1000);
      stops.push(nginx.stop);
      const store = await openHubStore({ dataDir: dir, store: url });
      const minted = await mint(store, shells, consoles);
      const two = await helpRound(nginx.url, minted.tokens, minted.cookies, requests);
      sockets.push(...two.sockets);
      await store.close();
      const [fa, fb] = await Promise.all([a.feeds(), b.feeds()]);
      console.log(row('two hubs, PostgreSQL, behind nginx: POST → 201', two.ack));
      console.log(row(`two hubs, PostgreSQL, behind nginx: POST → push on ${consoles}`, two.push));
      console.log(`\nfeeds per instance: A ${fa.shell} shells + ${fa.console} consoles, B ${fb.shell} shells + ${fb.console} consoles`);
      console.log(`goal: p99 POST → push ≤ 25 ms behind nginx; measured ${stats(two.push).p99.toFixed(1)} ms (baseline ${stats(one.push).p99.toFixed(1)} ms)`);
    } else {
      const total = int('sockets', args.sockets, 100_000);
      const url = await newDatabase(cluster);
      const a = await startHubProcess('A', dir, url);
      const b = await startHubProcess('B', dir, url);
      hubs.push(a, b);
      const store = await openHubStore({ dataDir: dir, store: url });
      const { tokens } = await mint(store, total, 1);
      await store.close();
      await new Promise((r) => setTimeout(r, 3000));
      const idle = [rssMb(a.child.pid!), rssMb(b.child.pid!)];
      const wsUrl = (h: HubProcess) => `${h.url.replace(/^http/, 'ws')}/api/v1/machine/feed`;
      const t0 = performance.now();
      sockets.push(...(await openMany(total, (i) => open(wsUrl(i % 2 ? b : a), { authorization: `Bearer ${tokens[i]}` }))));
      const connectS = (performance.now() - t0) / 1000;
      await new Promise((r) => setTimeout(r, 5000));
      const held = [rssMb(a.child.pid!), rssMb(b.child.pid!)];
      const [fa, fb] = await Promise.all([a.feeds(), b.feeds()]);
      console.log(`${total} idle shell feeds over two hub instances on PostgreSQL (connected in ${connectS.toFixed(1)} s)\n`);
      console.log(`${'instance'.padEnd(12)}${'feeds'.padStart(8)}${'RSS, no feed'.padStart(16)}${'RSS, feeds open'.padStart(18)}${'per feed'.padStart(12)}`);
      for (const [i, h] of [a, b].entries()) {
        const feeds = [fa, fb][i]!.shell;
        console.log(`${h.name.padEnd(12)}${String(feeds).padStart(8)}${`${idle[i]!.toFixed(0)} MB`.padStart(16)}${`${held[i]!.toFixed(0)} MB`.padStart(18)}${`${(((held[i]! - idle[i]!) * 1024) / feeds).toFixed(1)} KB`.padStart(12)}`);
      }
      console.log(`\ngoal: ≤ 300 MB RSS per instance; measured ${Math.max(...held).toFixed(0)} MB at most`);
    }
  } finally {
    for (const s of sockets) s.terminate();
    for (const stop of stops) await stop().catch(() => undefined);
    for (const h of hubs) await h.kill();
    cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
