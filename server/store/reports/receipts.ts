/**
 * One usage batch per machine and day, without a lasting way to tell which machine sent what.
 *
 * Before, one HMAC key kept forever in reports.sqlite made every receipt recomputable: with
 * hub.sqlite (every machine id) in hand, 11 of 11 receipts were linked to their machine and day.
 *
 * Now each day has its own random key. A receipt is HMAC(that day's key, machine id). The key is
 * shared by every hub instance through the reports store (the first instance to need it stores it,
 * the others read it), because two instances receiving the same machine's batch for the same day
 * must compute the same receipt. It is destroyed as soon as the day leaves the acceptance window
 * (a batch for that day is refused from then on, so nothing needs the key): from then on nobody,
 * the hub included, can recompute that day's receipts, even holding both databases. The stores
 * overwrite the deleted key (SQLite secure_delete + WAL truncation).
 *
 * What stays possible: while a day is still open (USAGE_ACCEPT_WINDOW_DAYS), whoever holds the
 * reports database and the machine ids can link that day's receipts. Holding the key only in memory
 * would close that too, but then two instances (or one instance after a restart) would each accept
 * the same machine-day once: contributors, the figure the k rule rests on, would be wrong.
 *
 * PostgreSQL (postgres.ts) rewrites the key table with VACUUM FULL once keys are deleted: a DELETE
 * (or an UPDATE "overwriting" the key) leaves the old row version as a dead tuple in the table's file,
 * and a plain VACUUM only marks its space reusable without erasing it. Still, the key's insertion was
 * written to the write-ahead log: its bytes stay in WAL segments until PostgreSQL recycles them (after
 * later checkpoints), and in any WAL archive or base backup taken meanwhile. Whoever can read the
 * database server's files in those days can still recover an open day's key from there.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { addDays, USAGE_ACCEPT_WINDOW_DAYS } from '../../../app/usage/aggregate.ts';

/** A fresh key for a day that has none yet. */
export function newDayKey(): Buffer {
  return randomBytes(32);
}

/** The receipt of `machineId` under its batch day's key. */
export function receiptOf(dayKey: Buffer, machineId: string): string {
  return createHmac('sha256', dayKey).update(machineId).digest('base64url');
}

/** Days before this one are closed: their keys are destroyed. */
export function oldestOpenDay(today: string): string {
  return addDays(today, -USAGE_ACCEPT_WINDOW_DAYS);
}
