/**
 * Property: whatever the sequence of enqueues, sends, lost acknowledgements, failures, hub restarts
 * and shell crashes, once the hub is reachable again every message reaches a REAL hub (Fastify +
 * SQLite on a free port) exactly once — help requests, health reports and usage batches alike —
 * and the outbox ends empty; of the update statuses, the hub keeps the newest. The shell side is the real outbox on a real SQLite file and the real
 * HubClient; a "crash" drops the open store without any clean-up step and reopens the file.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Outbox, type OutboxMessage } from '../../../main/outbox/outbox.ts';
import { deliverMessage, hubDeliveries } from '../../../main/sync/delivery.ts';
import { openShellDb, type ShellDb } from '../../../main/store/db.ts';
import { HubClient, HubError } from '../../../main/sync/hub-client.ts';
import { startHub, type StartedHub } from '../../../server/hub.ts';
import { addDays } from '../../../app/usage/aggregate.ts';
import { healthReport } from '../../server/reports-support.ts';

type Op =
  | { op: 'enqueue'; kind: 'help' | 'health' | 'usage' | 'status' }
  | { op: 'send'; count: number }
  | { op: 'lostAck' }
  | { op: 'crashAfterSend' }
  | { op: 'crash' }
  | { op: 'hubDown' }
  | { op: 'hubUp' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('enqueue' as const), kind: fc.constantFrom('help' as const, 'health' as const, 'usage' as const, 'status' as const) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('send' as const), count: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 1, arbitrary: fc.constant({ op: 'lostAck' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crashAfterSend' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'crash' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'hubDown' as const }) },
  { weight: 1, arbitrary: fc.constant({ op: 'hubUp' as const }) },
);

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const EVERYTHING_DUE = Number.MAX_SAFE_INTEGER;
const quickBackoff = { baseMs: 1, maxMs: 10, random: () => 0.5 };

async function runScenario(ops: Op[]): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-prop-'));
  dirs.push(dir);
  const hubDir = path.join(dir, 'hub');
  // Up to 40 operations may enqueue more help requests than a real person makes: lift the per-machine limit.
  const lifted = { max: 1_000_000, windowMs: 60_000 };
  const limits = { helpRequests: lifted, helpMachineCalls: lifted };
  let hub: StartedHub | null = await startHub({ port: 0, dataDir: hubDir, limits });
  const port = hub.port;
  const url = hub.url;
  try {
    const token = (await new HubClient({ baseUrl: url, getToken: () => null }).enrol(hub.seed.demoMachine.enrolmentCode!.code, 'prop')).token;
    const client = new HubClient({ baseUrl: url, getToken: () => token, timeoutMs: 5_000 });
    const file = path.join(dir, 'shell.sqlite');
    let db: ShellDb = openShellDb(file);
    let outbox = new Outbox(db, quickBackoff);
    const sent = { help: new Set<string>(), health: new Set<string>(), usage: new Set<string>(), status: new Set<string>() };
    let newestStatus: string | null = null;
    const today = new Date().toISOString().slice(0, 10);
    const template = healthReport();

    // The shell's own delivery table (main/sync/delivery.ts), as the sync loop uses it.
    const deliveries = hubDeliveries(client);
    const deliver = (m: OutboxMessage) => deliverMessage(deliveries, m);
    /** One step of the sync loop: deliver the next message and record the outcome as the loop does. */
    const sendOne = async (mode: 'normal' | 'lostAck' | 'crashAfterSend'): Promise<boolean> => {
      const [m] = outbox.due(EVERYTHING_DUE, 1);
      if (!m) return false;
      try {
        await deliver(m);
      } catch (error) {
        if (error instanceof HubError && !error.retryable) throw new Error(`hub refused ${m.kind}: ${error.status} ${error.code} ${error.message}`);
        outbox.failed(m.key, (error as Error).message, 0);
        return false;
      }
      if (mode === 'lostAck') outbox.failed(m.key, 'connection reset before the answer', 0);
      else if (mode === 'crashAfterSend') crash();
      else outbox.delivered(m.key);
      return true;
    };
    const crash = () => {
      db.close();
      db = openShellDb(file);
      outbox = new Outbox(db, quickBackoff);
    };

    for (const step of ops) {
      switch (step.op) {
        case 'enqueue': {
          const id = randomUUID();
          if (step.kind === 'help') outbox.enqueue('help.request', id, { id, createdAt: new Date().toISOString(), context: { screen: 'home' } });
          else if (step.kind === 'health') outbox.enqueue('health.report', id, { id, report: template });
          else if (step.kind === 'status') {
            // Each status a second after the last: whatever order they arrive in, the hub keeps the newest.
            const at = new Date(Date.parse('2025-06-01T00:00:00Z') + sent.status.size * 1000).toISOString();
            outbox.enqueue('update.status', id, { id, appVersion: '1.0.0', lessons: [], updater: null, lessonFeed: null, at });
            newestStatus = id;
          } else {
            // One batch per closed day, as the usage service makes them.
            const day = addDays(today, -(sent.usage.size + 1));
            outbox.enqueue('usage.batch', id, { id, version: 1, cohort: 'home', day, counts: [{ metric: 'help.requested', label: '', value: 1 }] });
          }
          sent[step.kind].add(id);
          break;
        }
        case 'send':
          for (let i = 0; i < step.count; i++) await sendOne('normal');
          break;
        case 'lostAck':
          await sendOne('lostAck');
          break;
        case 'crashAfterSend':
          await sendOne('crashAfterSend');
          break;
        case 'crash':
          crash();
          break;
        case 'hubDown':
          await hub?.close();
          hub = null;
          break;
        case 'hubUp':
          hub ??= await startHub({ port, dataDir: hubDir, limits });
          break;
      }
    }

    // The hub is back for good: drain.
    hub ??= await startHub({ port, dataDir: hubDir, limits });
    for (let guard = 0; outbox.pendingCount() > 0; guard++) {
      if (guard > 500) throw new Error('outbox did not drain');
      await sendOne('normal');
    }
    expect(outbox.pendingCount()).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n).toBe(0); // nothing rejected either
    db.close();
    await hub.close();
    hub = null;

    const hubDb = new Database(path.join(hubDir, 'hub.sqlite'), { readonly: true });
    // A machine has one open request on the hub: a later press is merged into it, its id kept as an alias.
    const helpIds = (hubDb.prepare('SELECT id FROM help_requests UNION ALL SELECT alias_id FROM help_request_aliases').all() as { id: string }[]).map((r) => r.id);
    const storedStatus = hubDb.prepare('SELECT status_id FROM machine_update_status').get() as { status_id: string } | undefined;
    hubDb.close();
    const reportsDb = new Database(path.join(hubDir, 'reports.sqlite'), { readonly: true });
    const healthIds = (reportsDb.prepare('SELECT id FROM health_reports').all() as { id: string }[]).map((r) => r.id);
    const usageDays = reportsDb.prepare('SELECT COALESCE(SUM(contributors), 0) AS n FROM usage_days').get() as { n: number };
    const usageTotal = reportsDb.prepare("SELECT COALESCE(SUM(total), 0) AS n FROM usage_counts WHERE metric = 'help.requested' AND label = ''").get() as { n: number };
    reportsDb.close();

    expect(helpIds.sort()).toEqual([...sent.help].sort());
    expect(healthIds.sort()).toEqual([...sent.health].sort());
    expect(usageDays.n).toBe(sent.usage.size);
    expect(usageTotal.n).toBe(sent.usage.size);
    expect(storedStatus?.status_id ?? null).toBe(newestStatus);
  } finally {
    await hub?.close();
  }
}

describe('outbox delivery to a real hub (property)', () => {
  it('delivers every message exactly once through lost acks, failures, hub restarts and shell crashes', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 40 }), runScenario), { numRuns: 40, endOnFailure: true });
  }, 240_000);

  it('also holds for a sequence that crashes right after every send', async () => {
    await runScenario([
      { op: 'enqueue', kind: 'help' },
      { op: 'enqueue', kind: 'health' },
      { op: 'enqueue', kind: 'usage' },
      { op: 'enqueue', kind: 'status' },
      { op: 'enqueue', kind: 'status' },
      { op: 'crashAfterSend' },
      { op: 'crashAfterSend' },
      { op: 'crashAfterSend' },
      { op: 'lostAck' },
      { op: 'hubDown' },
      { op: 'send', count: 3 },
      { op: 'crash' },
    ]);
  }, 60_000);
});
