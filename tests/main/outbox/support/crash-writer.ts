/**
 * Child process for the kill -9 test: opens the shell store and writes to the outbox in a loop,
 * printing a line only after each write returned (that is, was acknowledged):
 *   E <key>   enqueued
 *   d <key>   about to mark delivered (the removal may or may not have happened if killed now)
 *   D <key>   delivered (removed)
 * The parent kills it with SIGKILL at a random moment and checks the file.
 */
import { Outbox, type OutboxKind } from '../../../../main/outbox/outbox.ts';

/** The storage layer's tests store opaque payloads: enqueue without the per-kind payload type. */
const put = (outbox: Outbox, kind: OutboxKind, key: string, payload: unknown, now?: number): boolean => outbox.enqueue(kind, key, payload as never, now);
import { openShellDb } from '../../../../main/store/db.ts';

const [file, prefix] = process.argv.slice(2) as [string, string];
const db = openShellDb(file);
const outbox = new Outbox(db);
const kinds = ['help.request', 'health.report', 'usage.batch'] as const;
const padding = 'x'.repeat(2_000); // health-report-sized payloads make each commit span several pages

let i = 0;
process.stdout.write('READY\n');
for (;;) {
  const key = `${prefix}-${i}`;
  put(outbox, kinds[i % 3]!, key, { i, padding }, Date.now());
  process.stdout.write(`E ${key}\n`);
  if (i % 4 === 3) {
    const old = `${prefix}-${i - 2}`;
    process.stdout.write(`d ${old}\n`);
    outbox.delivered(old);
    process.stdout.write(`D ${old}\n`);
  }
  i += 1;
}
