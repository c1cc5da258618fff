/**
 * The event bus across hub instances: PostgreSQL LISTEN/NOTIFY on one channel.
 *
 * `publish` delivers to this instance's feeds at once, then sends the event with NOTIFY; every other
 * instance LISTENing delivers it to its own feeds. NOTIFYs go out one after another in publish order
 * (one chain), so each instance sees another's events in the order they happened there. A payload
 * too big for a NOTIFY (PostgreSQL's limit is 8000 bytes; a help request's context can be larger)
 * is stored in `bus_payloads` and the NOTIFY carries its id: the receivers read it back.
 *
 * Events from two instances about one help request can cross on the way: a request's `updatedAt`
 * only grows (the PostgreSQL store makes it so), and a change older than one already delivered for
 * the same request is dropped, so no console ever sees a resolved request come back as claimed.
 *
 * A help request's change is also sent *inside the transaction that makes it* (`announce`, called by
 * the PostgreSQL store): PostgreSQL delivers a NOTIFY if and only if its transaction commits, so an
 * instance killed between its commit and its `publish` loses nobody's change; `publish` then only
 * delivers it here.
 *
 * When the listening connection is lost, events may have been missed: once it is back, `onGap` runs
 * (the hub closes its live sockets, whose clients reconnect and get a fresh hello).
 */
import { EventEmitter } from 'node:events';
import type pg from 'pg';
import type { EventBus, HubEvents } from '../events.ts';
import type { Sql } from '../store/postgres/db.ts';

export const BUS_CHANNEL = 'passerelle_bus';
/** NOTIFY payloads must be shorter than 8000 bytes; above this, the payload goes by reference. */
export const NOTIFY_MAX_BYTES = 7900;
/** Payloads passed by reference are kept this long: every instance has read them long before. */
const PAYLOAD_TTL_MINUTES = 10;

type Wire = { i: string; t: keyof HubEvents; s: boolean } & ({ p: unknown } | { r: number });

/** The NOTIFY for one event, sent on `sql` (a transaction's connection, or the pool). */
export async function notifyOn(sql: Sql, instanceId: string, type: keyof HubEvents, payload: unknown, deliveredBySender: boolean): Promise<void> {
  const inline = JSON.stringify({ i: instanceId, t: type, s: deliveredBySender, p: payload } satisfies Wire);
  if (Buffer.byteLength(inline) <= NOTIFY_MAX_BYTES) {
    await sql.run('SELECT pg_notify($1, $2)', [BUS_CHANNEL, inline]);
    return;
  }
  // Stored and notified in one statement: the row is visible to the receivers when the NOTIFY arrives.
  await sql.run(
    `WITH p AS (INSERT INTO bus_payloads (payload) VALUES ($2) RETURNING id)
     SELECT pg_notify($1, json_build_object('i', $3::text, 't', $4::text, 's', $5::boolean, 'r', p.id)::text) FROM p`,
    [BUS_CHANNEL, JSON.stringify(payload), instanceId, type, deliveredBySender],
  );
}

/** One version of one request: its id and updatedAt (which only grows, by at least a millisecond per change). */
const announcedKey = (change: HubEvents['help.changed']) => `${change.view.id}@${change.view.updatedAt}`;

export interface PgEventBusOptions {
  instanceId: string;
  /** Sends the NOTIFYs and reads payloads passed by reference. */
  sql: Sql;
  log: (message: string, error?: unknown) => void;
}

export class PgEventBus implements EventBus {
  private readonly emitter = new EventEmitter();
  private sending: Promise<unknown> = Promise.resolve();
  private receiving: Promise<unknown> = Promise.resolve();
  /** The newest updatedAt delivered per help request (bounded: oldest entries forgotten first). */
  private readonly lastHelpUpdate = new Map<string, string>();
  /** Changes already sent inside their transaction (`announce`), waiting for their `publish`. */
  private readonly announced = new Set<string>();
  /** Counters for /metrics and tests. */
  readonly stats = { published: 0, received: 0, byReference: 0, stale: 0, failed: 0 };

  constructor(private readonly opts: PgEventBusOptions) {
    this.emitter.setMaxListeners(0);
  }

  get instanceId(): string {
    return this.opts.instanceId;
  }

  publish<K extends keyof HubEvents>(type: K, payload: HubEvents[K]): void {
    this.deliver(type, payload);
    this.stats.published += 1;
    if (type === 'help.changed' && this.announced.delete(announcedKey(payload as HubEvents['help.changed']))) return;
    const send = () =>
      notifyOn(this.opts.sql, this.opts.instanceId, type, payload, true).catch((error: unknown) => {
        this.stats.failed += 1;
        this.opts.log(`could not send ${type} to the other hub instances`, error);
      });
    this.sending = this.sending.then(send);
  }

  /**
   * Sends a help request's change to the other instances on `sql`, the connection of the transaction
   * that makes it: they receive it when, and only if, that transaction commits. The `publish` that
   * follows the commit then delivers it on this instance only.
   */
  async announce(sql: Sql, change: HubEvents['help.changed']): Promise<void> {
    await notifyOn(sql, this.opts.instanceId, 'help.changed', change, true);
    this.announced.add(announcedKey(change));
    // A transaction that failed after announcing is never published: forget the oldest beyond a bound.
    if (this.announced.size > 10_000) this.announced.delete(this.announced.values().next().value as string);
  }

  subscribe<K extends keyof HubEvents>(type: K, listener: (payload: HubEvents[K]) => void): () => void {
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }

  /** Waits until every event published so far has been sent (tests, shutdown). */
  flushed(): Promise<void> {
    return this.sending.then(() => undefined);
  }

  /** A NOTIFY arrived on the listening connection. */
  receive(message: pg.Notification): void {
    if (message.channel !== BUS_CHANNEL || !message.payload) return;
    let wire: Wire;
    try {
      wire = JSON.parse(message.payload) as Wire;
    } catch (error) {
      this.opts.log('unreadable bus message', error);
      return;
    }
    if (wire.s && wire.i === this.opts.instanceId) return; // delivered here when published
    this.stats.received += 1;
    // In arrival order, including those whose payload must be read back first.
    this.receiving = this.receiving.then(async () => {
      try {
        let payload: unknown;
        if ('r' in wire) {
          this.stats.byReference += 1;
          const row = await this.opts.sql.one<{ payload: string }>('SELECT payload FROM bus_payloads WHERE id = $1', [wire.r]);
          if (!row) throw new Error(`bus payload ${wire.r} is gone`);
          payload = JSON.parse(row.payload);
        } else {
          payload = wire.p;
        }
        this.deliver(wire.t, payload as HubEvents[typeof wire.t]);
      } catch (error) {
        this.opts.log(`could not deliver ${wire.t} from another hub instance`, error);
      }
    });
  }

  /** Drops payloads every instance has read long ago. */
  async prunePayloads(): Promise<number> {
    return this.opts.sql.run(`DELETE FROM bus_payloads WHERE created_at < now() - make_interval(mins => ${PAYLOAD_TTL_MINUTES})`);
  }

  private deliver<K extends keyof HubEvents>(type: K, payload: HubEvents[K]): void {
    if (type === 'help.changed' && this.isStale(payload as HubEvents['help.changed'])) {
      this.stats.stale += 1;
      return;
    }
    this.emitter.emit(type, payload);
  }

  private isStale(change: HubEvents['help.changed']): boolean {
    const { id, updatedAt } = change.view;
    const last = this.lastHelpUpdate.get(id);
    if (last !== undefined && updatedAt < last) return true;
    this.lastHelpUpdate.delete(id);
    this.lastHelpUpdate.set(id, updatedAt);
    if (this.lastHelpUpdate.size > 20_000) this.lastHelpUpdate.delete(this.lastHelpUpdate.keys().next().value as string);
    return false;
  }
}
