/**
 * "First claim wins" across processes: several helpers' claims hit the same store at once from
 * separate processes (separate connections to the SQLite file, or to PostgreSQL under
 * npm run test:postgres), released together. Exactly one wins; the others are told
 * who has it; the journal holds one claim.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { enrolDemo, helpSubmit, makeHub, postHelp, removeTempDirs, type TestHub } from './helpers.ts';
import { helpEvents, helpRequest } from './inspect.ts';
import { testStore } from './test-store.ts';

const repo = path.resolve(import.meta.dirname, '../..');
const tsx = path.join(repo, 'node_modules', '.bin', 'tsx');
const worker = path.join(import.meta.dirname, 'fixtures', 'claim-worker.ts');

let hub: TestHub | null = null;
afterEach(async () => {
  await hub?.close();
  removeTempDirs();
});

function start(args: string[]): { child: ChildProcessWithoutNullStreams; lines: string[]; waitFor(n: number): Promise<void> } {
  const child = spawn(tsx, [worker, ...args], { cwd: repo });
  const lines: string[] = [];
  let buffered = '';
  const waiters: (() => void)[] = [];
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    lines.push(...parts.filter(Boolean));
    waiters.splice(0).forEach((w) => w());
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  return {
    child,
    lines,
    waitFor: (n) =>
      new Promise<void>((resolve, reject) => {
        const check = () => (lines.length >= n ? resolve() : waiters.push(check));
        child.once('exit', (code) => (lines.length >= n ? resolve() : reject(new Error(`worker exited ${code}`))));
        check();
      }),
  };
}

it('four helpers in four processes claim the same request at once: exactly one wins', { timeout: 60_000 }, async () => {
  hub = await makeHub();
  const { token } = await enrolDemo(hub);
  const payload = helpSubmit();
  expect((await postHelp(hub, token, payload)).statusCode).toBe(201);
  const names = ['Marie', 'Paul', 'Nadia', 'Luc'];
  const accounts = await Promise.all(
    names.map((firstName) =>
      hub!.store.accounts.createAccount({ associationId: hub!.seed.associationId, email: `${firstName}@asso.test`, firstName, role: 'accompagnant', password: 'x'.repeat(12) }),
    ),
  );
  const { store } = await testStore(hub.dataDir);
  const workers = accounts.map((a) => start([hub!.dataDir, payload.id as string, a.id, hub!.seed.associationId, ...(store ? [store] : [])]));
  await Promise.all(workers.map((w) => w.waitFor(1)));
  for (const w of workers) w.child.stdin.write('go\n');
  await Promise.all(workers.map((w) => w.waitFor(2)));

  const outcomes = workers.map((w) => JSON.parse(w.lines[1]!) as { ok: boolean; changed?: boolean; by?: string; reason?: string; claimedBy?: string });
  const winners = outcomes.filter((o) => o.ok && o.changed);
  expect(winners).toHaveLength(1);
  const winnerName = accounts.find((a) => a.id === winners[0]!.by)!.firstName;
  const losers = outcomes.filter((o) => !o.ok);
  expect(losers).toHaveLength(3);
  for (const l of losers) expect(l).toEqual({ ok: false, reason: 'already_claimed', claimedBy: winnerName });
  expect((await helpEvents(hub.store, payload.id as string)).filter((e) => e.action === 'claim')).toHaveLength(1);
  expect((await helpRequest(hub.store, payload.id as string))?.claimedBy?.firstName).toBe(winnerName);
});
