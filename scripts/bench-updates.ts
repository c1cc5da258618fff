/**
 * npm run bench:updates — the lesson feed with many shells, on loopback, bounded (a fixed number of
 * shells and a time limit):
 *
 *  1. An unchanged index: every shell asks again with the ETag of the index it has. Bytes on the wire
 *     per shell (request and answer, headers included) and the time for all shells polling at once,
 *     against the same shells fetching the whole index in the same run (the baseline: no ETag).
 *  2. A new lesson version: from the moment the hub publishes it (its 'lessons.changed' event, after
 *     lessons:check's rules ran) until each shell has had the push on its live feed, fetched the index
 *     again, checked its signature with the pinned content key and seen the new version ("knows"), then
 *     downloaded the pack and checked its sha256 against the index ("has"). Against the same clients
 *     and the same bytes served by a bare server in the same run (a WebSocket broadcast and static
 *     answers, no authentication, no store): what the hub itself adds.
 *
 * Each server runs in its own child process (this process is the shells). Every shell opens its own
 * connections, as separate machines would.
 *
 *   npm run bench:updates [-- --shells 500]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createPublicKey, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';
import { API_PREFIX } from '../app/protocol/hub.ts';
import { readFolder, writeArchive } from '../lib/packs/archive.ts';
import { sha256Hex, verifyPackIndex } from '../lib/packs/pack-index.ts';
import { buildHub, DEFAULT_LESSONS_DIR } from '../server/hub.ts';
import { seed } from '../server/seed.ts';

const here = fileURLToPath(import.meta.url);
const repo = path.resolve(path.dirname(here), '..');
const TIME_LIMIT_MS = 300_000;
const LESSON = 'souris-bouger';

const { values: args } = parseArgs({
  options: {
    role: { type: 'string' },
    dir: { type: 'string' },
    shells: { type: 'string', default: '500' },
  },
});

/** Wall-clock milliseconds comparable between processes of this machine. */
const wallNow = () => performance.timeOrigin + performance.now();

// ---- child: the hub -------------------------------------------------------------------------------
interface HubReady {
  port: number;
  tokens: string[];
}

async function serveHub(dir: string, shells: number): Promise<void> {
  const hub = await buildHub({ dataDir: dir, consoleDir: path.join(dir, 'no-console'), lessonsDir: DEFAULT_LESSONS_DIR, escalationIntervalMs: 0, purgeIntervalMs: 0 });
  const seeded = await seed(hub.store);
  const staff = await hub.store.accounts.createAccount({ associationId: seeded.associationId, email: 'staff@bench.test', firstName: 'Sam', role: 'staff', password: randomUUID() });
  // Machines' tokens are minted through the store (enrolment is rate-limited per address on purpose).
  const tokens: string[] = [];
  for (let i = 0; i < shells; i++) {
    const m = await hub.store.register.createMachine({ associationId: seeded.associationId, assetTag: `BENCH-${i}`, mode: 'home', cohort: 'home' });
    const { code } = await hub.store.register.createEnrolmentCode(m.id, 60);
    const enrolled = await hub.store.register.enrol(code);
    if (!enrolled.ok) throw new Error(enrolled.reason);
    tokens.push(enrolled.token);
  }
  await hub.lessons.index(seeded.associationId); // the bundled packs archived and the index signed before any shell asks
  hub.bus.subscribe('lessons.changed', () => process.stdout.write(`${JSON.stringify({ publishedAt: wallNow() })}\n`));
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  process.stdout.write(`${JSON.stringify({ port: (hub.app.server.address() as { port: number }).port, tokens } satisfies HubReady)}\n`);
  // "publish N": the lesson at version N, through the same publication as the console's upload.
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const version = Number(/^publish (\d+)$/.exec(line)?.[1]);
    const files = readFolder(path.join(DEFAULT_LESSONS_DIR, LESSON)).map((f) =>
      f.path === 'lesson.yaml' ? { ...f, data: Buffer.from(f.data.toString('utf8').replace(/^version: \d+$/m, `version: ${version}`)) } : f,
    );
    hub.lessons.publish(seeded.associationId, staff.id, writeArchive(files), 'upload').catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  });
  process.on('SIGTERM', () => void hub.close().then(() => process.exit(0)));
}

// ---- child: the bare server ------------------------------------------------------------------------
/** Serves the index and pack files of `dir` as they are, and broadcasts a 'lessons' event on "publish". */
function serveBare(dir: string): void {
  const index = fs.readFileSync(path.join(dir, 'index.json'));
  const pack = fs.readFileSync(path.join(dir, 'pack.tar.gz'));
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/lessons/index')) res.writeHead(200, { 'content-type': 'application/json', etag: '"bare"' }).end(index);
    else res.writeHead(200, { 'content-type': 'application/gzip' }).end(pack);
  });
  const wss = new WebSocketServer({ server });
  server.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: (server.address() as { port: number }).port })}\n`));
  readline.createInterface({ input: process.stdin }).on('line', () => {
    process.stdout.write(`${JSON.stringify({ publishedAt: wallNow() })}\n`);
    const event = JSON.stringify({ type: 'lessons' });
    for (const client of wss.clients) client.send(event);
  });
  process.on('SIGTERM', () => wss.close(() => server.close(() => process.exit(0))));
}

// ---- parent: the shells ---------------------------------------------------------------------------------
const children: ChildProcess[] = [];
let stopping = false;

type Child = { next<T>(): Promise<T>; send(line: string): void };

function startChild(role: string, extra: string[]): Child {
  const child = spawn(path.join(repo, 'node_modules', '.bin', 'tsx'), [here, '--role', role, ...extra], { cwd: repo, stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else lines.push(line);
  });
  child.once('exit', (code) => {
    if (!stopping && code !== 0 && code !== null) {
      console.error(`bench:updates: the ${role} process exited with ${code}`);
      process.exit(1);
    }
  });
  return {
    next: <T>() => new Promise<T>((resolve) => (lines.length ? resolve(JSON.parse(lines.shift()!) as T) : waiting.push((l) => resolve(JSON.parse(l) as T)))),
    send: (line) => child.stdin!.write(`${line}\n`),
  };
}

type Answer = { status: number; etag: string | null; body: Buffer; bytesIn: number; bytesOut: number };

/** One GET on its own connection (each shell is its own machine), with the bytes both ways. */
function get(port: number, url: string, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const socket = res.socket;
        const done = () =>
          resolve({ status: res.statusCode ?? 0, etag: (res.headers.etag as string | undefined) ?? null, body: Buffer.concat(chunks), bytesIn: socket.bytesRead, bytesOut: socket.bytesWritten });
        if (socket.destroyed) done();
        else socket.once('close', done);
      });
    });
    req.on('error', reject);
    req.end();
  });
}

function openFeed(port: number, token: string | null, onLessons: () => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${token ? `${API_PREFIX}/machine/feed` : '/feed'}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    ws.on('message', (data) => {
      if (/"type":"lessons"/.test(data.toString())) onLessons();
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function stats(samples: number[]): { p50: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1)! };
}

const ms = (v: number) => `${v.toFixed(1).padStart(9)} ms`;
const row = (label: string, samples: number[]) => {
  const s = stats(samples);
  return `${label.padEnd(52)}${ms(s.p50)}${ms(s.p99)}${ms(s.max)}`;
};

type Shell = { token: string | null; etag: string | null; issuedAt: string | null };

/**
 * Every shell connected to the feed; on "publish" each fetches the index with its ETag, checks it and
 * finds the new version, then fetches the pack and checks its sha256. Times from the server's publication.
 */
async function newVersionRound(server: Child, port: number, shells: Shell[], version: number, key: ReturnType<typeof createPublicKey>, bare: boolean) {
  const knows: number[] = [];
  const has: number[] = [];
  const sockets: WebSocket[] = [];
  let finished = 0;
  let allDone!: () => void;
  const done = new Promise<void>((resolve) => (allDone = resolve));
  const failures: string[] = [];
  const learn = async (shell: Shell) => {
    const auth: Record<string, string> = shell.token ? { authorization: `Bearer ${shell.token}` } : {};
    const answer = await get(port, `${API_PREFIX}/machine/lessons/index`, { ...auth, ...(shell.etag ? { 'if-none-match': shell.etag } : {}) });
    if (answer.status !== 200) throw new Error(`index answered ${answer.status}`);
    const index = verifyPackIndex(answer.body.toString('utf8'), key, bare ? null : shell.issuedAt);
    const entry = index.packs.find((p) => p.id === LESSON);
    if (entry?.version !== version) throw new Error(`the index offers ${LESSON} ${entry?.version}, not ${version}`);
    knows.push(wallNow());
    const pack = await get(port, `${API_PREFIX}/machine/lessons/packs/${LESSON}/${version}`, auth);
    if (pack.status !== 200 || sha256Hex(pack.body) !== entry.sha256 || pack.body.length !== entry.size) throw new Error('the pack does not match the index');
    has.push(wallNow());
  };
  for (const shell of shells) {
    sockets.push(
      await openFeed(port, shell.token, () => {
        learn(shell)
          .catch((error: unknown) => failures.push((error as Error).message))
          .finally(() => {
            finished += 1;
            if (finished === shells.length) allDone();
          });
      }),
    );
  }
  server.send(`publish ${version}`);
  const { publishedAt } = await server.next<{ publishedAt: number }>();
  await done;
  for (const ws of sockets) ws.terminate();
  if (failures.length) throw new Error(`${failures.length} shell(s) failed: ${failures[0]}`);
  return { knows: knows.map((t) => t - publishedAt), has: has.map((t) => t - publishedAt) };
}

async function main(): Promise<void> {
  const shellCount = Number(args.shells);
  if (!Number.isInteger(shellCount) || shellCount < 1 || shellCount > 5000) {
    console.error(`--shells must be a whole number from 1 to 5000 (got ${args.shells})`);
    process.exit(2);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-bench-updates-'));
  const deadline = setTimeout(() => {
    console.error(`bench:updates stopped after ${TIME_LIMIT_MS / 1000} s (time limit)`);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  }, TIME_LIMIT_MS);
  try {
    const hub = startChild('hub', ['--dir', path.join(dir, 'hub'), '--shells', String(shellCount)]);
    const { port, tokens } = await hub.next<HubReady>();
    const keyAnswer = await get(port, `${API_PREFIX}/machine/content-key`, { authorization: `Bearer ${tokens[0]}` });
    const key = createPublicKey((JSON.parse(keyAnswer.body.toString('utf8')) as { publicKey: string }).publicKey);
    const shells: Shell[] = tokens.map((token) => ({ token, etag: null, issuedAt: null }));

    // ---- 1. the index, whole (baseline), then unchanged (ETag → 304), every shell at once
    const poll = async (conditional: boolean) => {
      const started = performance.now();
      const answers = await Promise.all(
        shells.map(async (shell) => {
          const t0 = performance.now();
          const answer = await get(port, `${API_PREFIX}/machine/lessons/index`, { authorization: `Bearer ${shell.token}`, ...(conditional && shell.etag ? { 'if-none-match': shell.etag } : {}) });
          if (answer.status === 200) {
            shell.etag = answer.etag;
            shell.issuedAt = verifyPackIndex(answer.body.toString('utf8'), key, null).issuedAt;
          }
          return { ...answer, ms: performance.now() - t0 };
        }),
      );
      return { answers, wallMs: performance.now() - started };
    };
    const whole = await poll(false);
    const unchanged = await poll(true);
    if (!unchanged.answers.every((a) => a.status === 304)) throw new Error('an unchanged index was not a 304');
    const bytes = (answers: Answer[], pick: (a: Answer) => number) => stats(answers.map(pick)).max;

    // ---- 2. a new version, pushed: the hub, then the bare server with the same bytes
    const shipped = Number(/^version: (\d+)$/m.exec(fs.readFileSync(path.join(DEFAULT_LESSONS_DIR, LESSON, 'lesson.yaml'), 'utf8'))![1]);
    const viaHub = await newVersionRound(hub, port, shells, shipped + 1, key, false);
    const newIndex = await get(port, `${API_PREFIX}/machine/lessons/index`, { authorization: `Bearer ${tokens[0]}` });
    const pack = await get(port, `${API_PREFIX}/machine/lessons/packs/${LESSON}/${shipped + 1}`, { authorization: `Bearer ${tokens[0]}` });
    const bareDir = path.join(dir, 'bare');
    fs.mkdirSync(bareDir);
    fs.writeFileSync(path.join(bareDir, 'index.json'), newIndex.body);
    fs.writeFileSync(path.join(bareDir, 'pack.tar.gz'), pack.body);
    const bare = startChild('bare', ['--dir', bareDir]);
    const { port: barePort } = await bare.next<{ port: number }>();
    const viaBare = await newVersionRound(bare, barePort, shells.map(() => ({ token: null, etag: null, issuedAt: null })), shipped + 1, key, true);

    const w = whole.answers;
    const u = unchanged.answers;
    console.log(`bench:updates — ${shellCount} shells, loopback, Node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0]!.toFixed(1)}`);
    console.log('');
    console.log('1. The lesson index, every shell asking at once (bytes on the wire per shell, headers included)');
    console.log(`${''.padEnd(52)}${'sent'.padStart(12)}${'received'.padStart(12)}${'all shells'.padStart(12)}`);
    const line = (label: string, answers: Answer[], wallMs: number) =>
      console.log(`${label.padEnd(52)}${`${bytes(answers, (a) => a.bytesOut)} B`.padStart(12)}${`${bytes(answers, (a) => a.bytesIn)} B`.padStart(12)}${ms(wallMs)}`);
    line('baseline: the whole index (no ETag), 200', w, whole.wallMs);
    line('unchanged index with its ETag, 304', u, unchanged.wallMs);
    console.log(`${''.padEnd(52)}${'p50'.padStart(12)}${'p99'.padStart(12)}${'max'.padStart(12)}`);
    console.log(row('  one shell, whole index (baseline)', w.map((a) => (a as Answer & { ms: number }).ms)));
    console.log(row('  one shell, unchanged index (304)', u.map((a) => (a as Answer & { ms: number }).ms)));
    console.log('');
    console.log(`2. A new version of ${LESSON} (pack ${pack.body.length} B), from its publication, per shell`);
    console.log(`${''.padEnd(52)}${'p50'.padStart(12)}${'p99'.padStart(12)}${'max'.padStart(12)}`);
    console.log(row('baseline: bare server, knows (push, index, signature)', viaBare.knows));
    console.log(row('hub, knows (push, index with ETag, signature)', viaHub.knows));
    console.log(row('baseline: bare server, has the pack (sha256 checked)', viaBare.has));
    console.log(row('hub, has the pack (sha256 checked)', viaHub.has));
    console.log('');
    console.log(`All ${shellCount} shells knew the new version ${stats(viaHub.knows).max.toFixed(0)} ms after the hub published it (bare: ${stats(viaBare.knows).max.toFixed(0)} ms); an unchanged index costs each shell ${bytes(u, (a) => a.bytesOut + a.bytesIn)} B both ways (the whole index: ${bytes(w, (a) => a.bytesOut + a.bytesIn)} B).`);
  } finally {
    clearTimeout(deadline);
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (args.role === 'hub') void serveHub(args.dir!, Number(args.shells));
else if (args.role === 'bare') serveBare(args.dir!);
else
  void main().catch((error: unknown) => {
    console.error(error);
    for (const c of children) c.kill('SIGKILL');
    process.exit(1);
  });
