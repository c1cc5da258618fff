/**
 * npm run bench:help — how long a help request takes from the shell's POST to the live push on every
 * connected console, with N consoles and M shells connected, against bare WebSockets in the same run:
 * an echo (one round trip) and a fan-out of one message to N clients by a server that does nothing else.
 * Loopback only, bounded (a fixed number of requests and a time limit).
 *
 * Each server runs in its own child process (this process is the clients): the hub with its SQLite store
 * (WAL, synchronous=FULL: one fsync per acknowledged request), and the bare WebSocket server. Requests
 * are sent one after the other, each once the previous one reached every console (closed loop), so the
 * figures are latency, not queueing. A machine has one open request at a time, so each shell cancels
 * its request once every console has it (outside the measured time) before it asks again.
 *
 *   npm run bench:help [-- --consoles 20 --shells 100 --requests 200]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';
import { buildHub } from '../server/hub.ts';
import { seed } from '../server/seed.ts';

const here = fileURLToPath(import.meta.url);
const repo = path.resolve(path.dirname(here), '..');
const TIME_LIMIT_MS = 120_000;

const { values: args } = parseArgs({
  options: {
    role: { type: 'string' },
    dir: { type: 'string' },
    consoles: { type: 'string', default: '20' },
    shells: { type: 'string', default: '100' },
    requests: { type: 'string', default: '200' },
  },
});

function positive(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    console.error(`--${name} must be a whole number from 1 to ${max} (got ${value})`);
    process.exit(2);
  }
  return n;
}

// ---- child: the hub -------------------------------------------------------------------------------
interface HubReady {
  url: string;
  sessions: { cookie: string }[];
  tokens: string[];
}

async function serveHub(dir: string, consoles: number, shells: number): Promise<void> {
  // The per-machine limits still run on every request (their cost is measured) but are raised so that
  // a long run (--requests 5000 on 100 shells) is not refused: this measures latency, not the limits.
  const lifted = { max: 1_000_000, windowMs: 60_000 };
  const hub = await buildHub({
    dataDir: dir,
    consoleDir: path.join(dir, 'no-console'),
    escalationIntervalMs: 0,
    purgeIntervalMs: 0,
    // Every bench client shares 127.0.0.1: the per-address connection cap would stop them at 128.
    connections: { perAddress: 100_000 },
    limits: { helpRequests: lifted, helpMachineCalls: lifted },
  });
  const seeded = await seed(hub.store);
  // Helpers' sessions and machines' tokens are minted through the store (logins and enrolments are
  // rate-limited per address on purpose, and all bench clients share 127.0.0.1).
  const helpers = await Promise.all(
    Array.from({ length: Math.min(consoles, 5) }, (_, i) =>
      hub.store.accounts.createAccount({ associationId: seeded.associationId, email: `helper${i}@bench.test`, firstName: `Helper${i}`, role: 'accompagnant', password: randomUUID() }),
    ),
  );
  const sessions: HubReady['sessions'] = [];
  for (let i = 0; i < consoles; i++) {
    const s = await hub.store.accounts.createSession(helpers[i % helpers.length]!.id, 60);
    sessions.push({ cookie: `passerelle_session=${s.sessionId}` });
  }
  const tokens: string[] = [];
  for (let i = 0; i < shells; i++) {
    const m = await hub.store.register.createMachine({ associationId: seeded.associationId, assetTag: `BENCH-${i}`, mode: 'home', cohort: 'home' });
    const { code } = await hub.store.register.createEnrolmentCode(m.id, 60);
    const enrolled = await hub.store.register.enrol(code);
    if (!enrolled.ok) throw new Error(enrolled.reason);
    tokens.push(enrolled.token);
  }
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const address = hub.app.server.address() as { port: number };
  const ready: HubReady = { url: `http://127.0.0.1:${address.port}`, sessions, tokens };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
}

// ---- child: the bare WebSocket server -----------------------------------------------------------------
function serveBare(): void {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (ws, req) => {
    const fanOut = req.url === '/fanout';
    ws.on('message', (data) => {
      if (!fanOut) {
        ws.send(data);
        return;
      }
      for (const client of wss.clients) if (client !== ws && client.readyState === WebSocket.OPEN) client.send(data);
    });
  });
  wss.on('listening', () => process.stdout.write(`${JSON.stringify({ port: (wss.address() as { port: number }).port })}\n`));
  process.on('SIGTERM', () => wss.close(() => process.exit(0)));
}

// ---- parent: the clients --------------------------------------------------------------------------------
const children: ChildProcess[] = [];

function startChild<T>(role: string, extra: string[]): Promise<T> {
  const child = spawn(path.join(repo, 'node_modules', '.bin', 'tsx'), [here, '--role', role, ...extra], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const line = buffered.split('\n')[0];
      if (buffered.includes('\n') && line) resolve(JSON.parse(line) as T);
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

function open(url: string, headers: Record<string, string> = {}, onMessage: (data: string) => void = () => undefined): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('message', (data) => onMessage(data.toString()));
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function stats(samples: number[]): { p50: number; p99: number; max: number; mean: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)!, mean: sorted.reduce((a, b) => a + b, 0) / sorted.length, n: sorted.length };
}

function row(label: string, samples: number[]): string {
  const s = stats(samples);
  const ms = (v: number) => `${v.toFixed(2).padStart(8)} ms`;
  return `${label.padEnd(44)}${ms(s.p50)}${ms(s.p99)}${ms(s.max)}${ms(s.mean)}${String(s.n).padStart(9)}`;
}

async function main(): Promise<void> {
  const consoles = positive('consoles', args.consoles, 500);
  const shells = positive('shells', args.shells, 5000);
  const requests = positive('requests', args.requests, 5000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-help-'));
  const deadline = setTimeout(() => {
    console.error(`bench:help stopped after ${TIME_LIMIT_MS / 1000} s (time limit)`);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  }, TIME_LIMIT_MS);
  const sockets: WebSocket[] = [];
  try {
    const [hub, bare] = await Promise.all([
      startChild<HubReady>('hub', ['--dir', dir, '--consoles', String(consoles), '--shells', String(shells)]),
      startChild<{ port: number }>('bare', []),
    ]);

    // ---- baseline 1: bare echo, one round trip at a time
    const echoTimes: number[] = [];
    {
      let pending: ((t: number) => void) | null = null;
      const ws = await open(`ws://127.0.0.1:${bare.port}/echo`, {}, () => pending?.(performance.now()));
      sockets.push(ws);
      const payload = JSON.stringify({ type: 'help.upsert', request: { id: randomUUID(), pad: 'x'.repeat(600) } });
      for (let i = 0; i < requests; i++) {
        const t0 = performance.now();
        const t1 = await new Promise<number>((resolve) => {
          pending = resolve;
          ws.send(payload);
        });
        echoTimes.push(t1 - t0);
      }
    }

    // ---- baseline 2: bare fan-out of one message to N clients
    const fanTimes: number[] = [];
    {
      let waiting = 0;
      let sentAt = 0;
      let done: (() => void) | null = null;
      const onMessage = () => {
        fanTimes.push(performance.now() - sentAt);
        waiting -= 1;
        if (waiting === 0) done?.();
      };
      for (let i = 0; i < consoles; i++) sockets.push(await open(`ws://127.0.0.1:${bare.port}/fanout`, {}, onMessage));
      const sender = await open(`ws://127.0.0.1:${bare.port}/fanout`);
      sockets.push(sender);
      const payload = JSON.stringify({ type: 'help.upsert', request: { id: randomUUID(), pad: 'x'.repeat(600) } });
      for (let i = 0; i < requests; i++) {
        await new Promise<void>((resolve) => {
          waiting = consoles;
          done = resolve;
          sentAt = performance.now();
          sender.send(payload);
        });
      }
    }

    // ---- the hub: M shells and N consoles connected, then help requests one after the other
    const origin = hub.url;
    for (const token of hub.tokens) {
      sockets.push(await open(`${hub.url.replace('http', 'ws')}/api/v1/machine/feed`, { authorization: `Bearer ${token}` }));
    }
    const pushTimes: number[] = [];
    const ackTimes: number[] = [];
    const sentAt = new Map<string, { t0: number; waiting: number; done: () => void }>();
    let hellos = 0;
    let helloDone!: () => void;
    const allHellos = new Promise<void>((resolve) => (helloDone = resolve));
    const onConsole = (data: string) => {
      const msg = JSON.parse(data) as { type: string; request?: { id: string; state: string } };
      if (msg.type === 'hello' && ++hellos === consoles) helloDone();
      if (msg.type !== 'help.upsert' || msg.request?.state !== 'new') return;
      const entry = sentAt.get(msg.request.id);
      if (!entry) return;
      pushTimes.push(performance.now() - entry.t0);
      entry.waiting -= 1;
      if (entry.waiting === 0) entry.done();
    };
    for (const s of hub.sessions) {
      sockets.push(await open(`${hub.url.replace('http', 'ws')}/api/v1/console/feed`, { cookie: s.cookie, origin }, onConsole));
    }
    await allHellos;

    const started = performance.now();
    for (let i = 0; i < requests; i++) {
      const id = randomUUID();
      const token = hub.tokens[i % hub.tokens.length]!;
      const reached = new Promise<void>((resolve) => sentAt.set(id, { t0: performance.now(), waiting: consoles, done: resolve }));
      const t0 = sentAt.get(id)!.t0;
      const res = await fetch(`${hub.url}/api/v1/help-requests`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, createdAt: new Date().toISOString(), context: { screen: 'lesson', lessonId: 'souris-cliquer', stepIndex: 2, stuckSeconds: 40 } }),
      });
      if (res.status !== 201) throw new Error(`hub answered ${res.status}: ${await res.text()}`);
      ackTimes.push(performance.now() - t0);
      await reached;
      sentAt.delete(id);
      const cancelled = await fetch(`${hub.url}/api/v1/help-requests/${id}/cancel`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      if (cancelled.status !== 200) throw new Error(`hub answered ${cancelled.status} to the cancel: ${await cancelled.text()}`);
    }
    const elapsed = (performance.now() - started) / 1000;

    console.log(`\nbench:help — loopback; hub and bare server each in their own process; ${consoles} consoles, ${shells} shells connected; ${requests} requests, one at a time`);
    console.log(`${''.padEnd(44)}${'p50'.padStart(11)}${'p99'.padStart(11)}${'max'.padStart(11)}${'mean'.padStart(11)}${'samples'.padStart(9)}`);
    console.log(row('baseline: bare WebSocket echo (round trip)', echoTimes));
    console.log(row(`baseline: bare WebSocket fan-out to ${consoles}`, fanTimes));
    console.log(row('hub: help request POST → 201', ackTimes));
    console.log(row(`hub: help request POST → push on each of ${consoles}`, pushTimes));
    console.log(`\n${requests} help requests in ${elapsed.toFixed(1)} s (${(requests / elapsed).toFixed(0)}/s closed loop); every console received every request.`);
  } finally {
    clearTimeout(deadline);
    for (const ws of sockets) ws.terminate();
    for (const c of children) c.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (args.role === 'hub') await serveHub(args.dir!, Number(args.consoles), Number(args.shells));
else if (args.role === 'bare') serveBare();
else
  await main().catch((error: unknown) => {
    console.error(error);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  });
