/**
 * npm run bench:ingest — how many reports per second the hub ingests, against a bare Fastify +
 * better-sqlite3 insert route measured in the same run, and how long a shell takes to drain a
 * 30-day offline backlog from its outbox. Loopback only, bounded (a fixed number of requests).
 *
 * The hub runs twice, on its two stores: the embedded SQLite files, and PostgreSQL (a private server
 * started for the run, initdb + pg_ctl, with its default durability: fsync on, synchronous commit).
 *
 * Each server runs in its own child process (the load generator is this process): on a 2-core
 * machine that is one core each. Both servers use the same SQLite durability (WAL, synchronous=FULL):
 * the bare route pays one fsync per report; the hub validates (zod), authenticates the machine token,
 * rate-limits per machine, dedupes on the report id and commits in groups from its bounded queue.
 *
 *   npm run bench:ingest [-- --requests 4000 --concurrency 32 --machines 100]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Fastify from 'fastify';
import { assembleHealthReport } from '../app/health/assemble.ts';
import type { HealthReport } from '../app/health/report.ts';
import { readSmartctlJson } from '../app/health/smartctl.ts';
import { addDays } from '../app/usage/aggregate.ts';
import { Outbox } from '../main/outbox/outbox.ts';
import { hubDeliveries } from '../main/sync/delivery.ts';
import { openShellDb } from '../main/store/db.ts';
import { HubClient } from '../main/sync/hub-client.ts';
import { SyncLoop } from '../main/sync/sync-loop.ts';
import pg from 'pg';
import { startTempCluster, type TempCluster } from '../lib/postgres/temp-cluster.ts';
import { buildHub } from '../server/hub.ts';
import { seed } from '../server/seed.ts';

const here = fileURLToPath(import.meta.url);
const repo = path.resolve(path.dirname(here), '..');

const { values: args } = parseArgs({
  options: {
    role: { type: 'string' },
    dir: { type: 'string' },
    machines: { type: 'string', default: '100' },
    requests: { type: 'string', default: '4000' },
    concurrency: { type: 'string', default: '32' },
    store: { type: 'string' },
  },
});

// ---- the report every request carries (a real capture through the real rules) -------------------
function sampleReport(assetTag: string, takenAt = new Date()): HealthReport {
  const capture = JSON.parse(fs.readFileSync(path.join(repo, 'tests/fixtures/smartctl/smart-ata-full.json'), 'utf8')) as unknown;
  return assembleHealthReport({
    assetTag,
    takenAt,
    appVersion: '1.4.0',
    os: { prettyName: 'Ubuntu 24.04.1 LTS', kernel: '6.8.0-45-generic' },
    cpuModel: 'Intel(R) Core(TM) i5-6200U CPU @ 2.30GHz',
    uptimeSeconds: 3600,
    memory: { totalBytes: 8 * 1024 ** 3, availableBytes: 5 * 1024 ** 3 },
    batteries: [{ name: 'BAT0', manufacturer: 'SMP', model: '45N1029', technology: 'Li-ion', status: 'Discharging', energyOrCharge: 'energy', full: 45_070_000, fullDesign: 47_520_000, cycleCount: 312 }],
    temperatures: [
      { source: 'hwmon', label: 'coretemp Package id 0', celsius: 52 },
      { source: 'hwmon', label: 'coretemp Core 0', celsius: 50 },
      { source: 'hwmon', label: 'coretemp Core 1', celsius: 51 },
      { source: 'thermal', label: 'acpitz', celsius: 40 },
    ],
    filesystems: [{ mount: '/', totalBytes: 120 * 1024 ** 3, freeBytes: 60 * 1024 ** 3 }],
    disks: [readSmartctlJson(capture, '/dev/sda')],
    smartSpoolFound: true,
  });
}

// ---- child roles ---------------------------------------------------------------------------------
async function serveHub(dir: string, machines: number): Promise<void> {
  const hub = await buildHub({ dataDir: dir, store: args.store, consoleDir: path.join(dir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0 });
  const s = await seed(hub.store);
  const tokens: string[] = [];
  for (let i = 0; i < machines; i++) {
    const m = await hub.store.register.createMachine({ associationId: s.associationId, assetTag: `BENCH-${i}`, mode: 'home', cohort: 'home' });
    const { code } = await hub.store.register.createEnrolmentCode(m.id, 60);
    const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code }, remoteAddress: `10.0.${i >> 8}.${i & 255}` });
    tokens.push((res.json() as { token: string }).token);
  }
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (hub.app.server.address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ port, tokens })}\n`);
}

async function serveBare(dir: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, 'bare.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, body TEXT NOT NULL)');
  const insert = db.prepare('INSERT INTO reports (id, body) VALUES (?, ?)');
  const app = Fastify({ bodyLimit: 128 * 1024 });
  app.post('/ingest', async (req, reply) => {
    const body = req.body as { id: string };
    insert.run(body.id, JSON.stringify(body));
    return reply.code(201).send({ id: body.id, status: 'stored' });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ port: (app.server.address() as { port: number }).port, tokens: [] })}\n`);
}

// ---- parent: load generator ----------------------------------------------------------------------
type Server = { child: ChildProcess; port: number; tokens: string[] };
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill('SIGKILL'))); // never leave a server behind

function startChild(role: 'hub' | 'bare', dir: string, machines: number, store?: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const extra = store ? ['--store', store] : [];
    const child = spawn(process.execPath, ['--import', 'tsx', here, '--role', role, '--dir', dir, '--machines', String(machines), ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.add(child);
    child.once('exit', () => children.delete(child));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        const info = JSON.parse(line) as { port: number; tokens: string[] };
        resolve({ child, ...info });
      }
    });
    child.on('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

async function stopChild(s: Server): Promise<void> {
  s.child.removeAllListeners('exit');
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

function post(agent: http.Agent, port: number, urlPath: string, body: string, token?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: urlPath, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function load(server: Server, urlPath: string, requests: number, concurrency: number, bodies: string[]): Promise<{ perSecond: number; statuses: Record<number, number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= requests) return;
        const token = server.tokens.length ? server.tokens[i % server.tokens.length] : undefined;
        const status = await post(agent, server.port, urlPath, bodies[i]!, token);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { perSecond: requests / seconds, statuses };
}

function bodiesFor(count: number, template: HealthReport): string[] {
  return Array.from({ length: count }, () => JSON.stringify({ id: randomUUID(), report: template }));
}

/** A fresh database on the run's PostgreSQL server, for one round of the hub on PostgreSQL. */
let postgres: TempCluster | null = null;
async function freshDatabase(): Promise<string> {
  postgres ??= await startTempCluster({ durable: true });
  const name = `bench_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: postgres.url() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return postgres.url(name);
}

async function ingestRound(kind: 'hub' | 'hub-pg' | 'bare', requests: number, concurrency: number, machines: number, template: HealthReport) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-`));
  const server = await startChild(kind === 'bare' ? 'bare' : 'hub', dir, machines, kind === 'hub-pg' ? await freshDatabase() : undefined);
  try {
    const urlPath = kind === 'bare' ? '/ingest' : '/api/v1/reports/health';
    await load(server, urlPath, 200, concurrency, bodiesFor(200, template)); // warm-up (JIT, page cache)
    return await load(server, urlPath, requests, concurrency, bodiesFor(requests, template));
  } finally {
    await stopChild(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A shell offline for 30 days: a health report and a usage batch per day, and 3 help requests. */
async function drainBacklog(): Promise<{ messages: number; outboxMs: number; bareMs: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-drain-'));
  const servers: Server[] = [];
  try {
    const hub = await startChild('hub', path.join(dir, 'hub'), 1);
    servers.push(hub);
    const bare = await startChild('bare', path.join(dir, 'bare'), 0);
    servers.push(bare);
    const db = openShellDb(path.join(dir, 'shell.sqlite'));
    const outbox = new Outbox(db);
    const today = new Date().toISOString().slice(0, 10);
    for (let d = 30; d >= 1; d--) {
      const day = addDays(today, -d);
      const healthId = randomUUID();
      outbox.enqueue('health.report', healthId, { id: healthId, report: sampleReport('BENCH-0', new Date(`${day}T09:00:00Z`)) });
      const usageId = randomUUID();
      outbox.enqueue('usage.batch', usageId, {
        id: usageId,
        version: 1,
        cohort: 'home',
        day,
        counts: [
          { metric: 'lesson.started', label: 'souris-cliquer', value: 1 },
          { metric: 'use.day', label: '15-60', value: 1 },
        ],
      });
      if (d % 10 === 0) {
        const helpId = randomUUID();
        outbox.enqueue('help.request', helpId, { id: helpId, createdAt: new Date(`${day}T10:00:00Z`).toISOString(), context: { screen: 'home' } });
      }
    }
    const messages = outbox.pendingCount();
    const payloads = outbox.due(Number.MAX_SAFE_INTEGER, 1000).map((m) => JSON.stringify(m.payload));
    const client = new HubClient({ baseUrl: `http://127.0.0.1:${hub.port}`, getToken: () => hub.tokens[0]! });
    const loop = new SyncLoop({ outbox, deliveries: hubDeliveries(client), onReply: {}, onReachable: () => undefined });
    const t0 = performance.now();
    loop.start();
    await loop.idle();
    const outboxMs = performance.now() - t0;
    await loop.stop();
    if (outbox.pendingCount() !== 0) throw new Error(`backlog not drained: ${outbox.pendingCount()} left`);
    db.close();

    // Baseline: the same payloads posted one after the other to the bare insert route, no outbox.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const t1 = performance.now();
    for (const p of payloads) await post(agent, bare.port, '/ingest', JSON.stringify({ ...JSON.parse(p), id: randomUUID() }));
    const bareMs = performance.now() - t1;
    agent.destroy();
    return { messages, outboxMs, bareMs };
  } finally {
    for (const s of servers) await stopChild(s);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (args.role === 'hub') return serveHub(args.dir!, Number(args.machines));
  if (args.role === 'bare') return serveBare(args.dir!);

  const requests = Math.min(20_000, Math.max(100, Number(args.requests)));
  const concurrency = Math.min(256, Math.max(1, Number(args.concurrency)));
  const machines = Math.min(1000, Math.max(1, Number(args.machines)));
  const template = sampleReport('BENCH-0');
  console.log(`bench:ingest — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`);
  console.log(`${requests} health reports of ${Buffer.byteLength(JSON.stringify({ id: randomUUID(), report: template }))} bytes, ${concurrency} concurrent connections, ${machines} machines, loopback`);
  console.log('');
  const rows: { name: string; perSecond: number; statuses: Record<number, number> }[] = [];
  // Alternate the two servers twice so a noisy neighbour does not favour one.
  const names = { bare: 'bare Fastify + better-sqlite3 insert', hub: 'hub /api/v1/reports/health', 'hub-pg': 'hub on PostgreSQL /api/v1/reports/health' };
  for (let round = 1; round <= 2; round++) {
    for (const kind of ['bare', 'hub', 'hub-pg'] as const) {
      const r = await ingestRound(kind, requests, concurrency, machines, template);
      rows.push({ name: `${names[kind]} (round ${round})`, ...r });
      console.log(`${rows.at(-1)!.name.padEnd(52)} ${r.perSecond.toFixed(0).padStart(7)} reports/s   statuses ${JSON.stringify(r.statuses)}`);
    }
  }
  const best = (prefix: string) => Math.max(...rows.filter((r) => r.name.startsWith(prefix)).map((r) => r.perSecond));
  const hubBest = best('hub /');
  const pgBest = best('hub on PostgreSQL');
  const bareBest = best('bare');
  console.log('');
  console.log(`best of 2: hub ${hubBest.toFixed(0)} reports/s, bare ${bareBest.toFixed(0)} reports/s — hub/bare = ${(hubBest / bareBest).toFixed(2)}×`);
  console.log(`           hub on PostgreSQL ${pgBest.toFixed(0)} reports/s — PostgreSQL/SQLite = ${(pgBest / hubBest).toFixed(2)}×`);
  postgres?.stop();
  console.log(`(a fleet of 3,000 machines sends ~6,000 reports a day: ${(6000 / hubBest).toFixed(1)} s of ingest at this rate)`);

  const drain = await drainBacklog();
  console.log('');
  console.log(`30-day offline backlog: ${drain.messages} messages (30 health reports, 30 usage batches, 3 help requests)`);
  console.log(`  drained by the shell's outbox + sync loop to the hub: ${drain.outboxMs.toFixed(0)} ms`);
  console.log(`  same payloads posted one by one to the bare route:    ${drain.bareMs.toFixed(0)} ms (baseline, no validation or outbox)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
