/**
 * One hub instance among several on one PostgreSQL database: its event bus (LISTEN/NOTIFY), its share
 * of presence, and whether it is the one that runs the periodic jobs.
 *
 * Each instance holds one connection of its own (outside the pool) that LISTENs, beats (the
 * instance's row in `hub_instances`, every few seconds, in database time) and, on the instance that
 * leads, holds a session-level advisory lock: escalation, the purge and report retention run only
 * there, so once across instances. When the leader stops or its connection drops, the lock goes
 * with it and another instance takes it at its next beat.
 *
 * An instance that stops beating for INSTANCE_TIMEOUT_SECONDS (killed, cut off) is removed by the
 * others, with its console connections: its helpers stop counting as on duty.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import { createClient, PgContext } from '../store/postgres/db.ts';
import type { PgHubStore } from '../store/postgres/index.ts';
import { BUS_CHANNEL, PgEventBus } from './pg-bus.ts';
import { INSTANCE_TIMEOUT_SECONDS, SharedPresence } from './pg-presence.ts';

/** The same number on every instance: whoever holds it runs the jobs. */
const JOBS_LOCK = 0x7061_7373_6a6f_6273n; // "passjobs"
export const HEARTBEAT_MS = 5_000;
const MAX_RECONNECT_DELAY_MS = 10_000;

export interface ClusterOptions {
  store: PgHubStore;
  now: () => Date;
  log: (message: string, error?: unknown) => void;
  /** Events may have been missed while the listening connection was down: resynchronise the live feeds. */
  onGap: () => void;
  heartbeatMs?: number;
}

export interface Cluster {
  instanceId: string;
  bus: PgEventBus;
  presence: SharedPresence;
  /** True while this instance runs the periodic jobs. */
  leads(): boolean;
  /** One heartbeat now (it also runs every HEARTBEAT_MS): tests and diagnosis. */
  beat(): Promise<void>;
  /** Waits until what this instance published and changed in presence has gone out (tests, shutdown). */
  settled(): Promise<void>;
  close(): Promise<void>;
}

export async function joinCluster(opts: ClusterOptions): Promise<Cluster> {
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(4).toString('hex')}`;
  const x = new PgContext(opts.store.pool, opts.now);
  const bus = new PgEventBus({ instanceId, sql: x.sql, log: opts.log });
  const presence = new SharedPresence(x, bus, opts.log);
  // A help request's change goes to the other instances with the commit that makes it.
  opts.store.announceWith((sql, change) => bus.announce(sql, change));
  let control: pg.Client | null = null;
  let leader = false;
  let closed = false;
  let reconnectDelay = 500;
  let reconnecting: NodeJS.Timeout | null = null;

  async function connect(): Promise<void> {
    const client = createClient({ url: opts.store.url, applicationName: `passerelle-hub ${instanceId}` });
    client.on('notification', (m) => bus.receive(m));
    client.on('error', () => undefined); // 'end' follows and handles it
    await client.connect();
    try {
      await client.query(`LISTEN ${BUS_CHANNEL}`);
      await client.query('INSERT INTO hub_instances (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET seen_at = now()', [instanceId]);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    client.once('end', () => lost(client));
    control = client;
    await tryToLead();
  }

  function lost(client: pg.Client): void {
    if (control !== client) return;
    control = null;
    leader = false;
    if (closed) return;
    opts.log('lost the connection to PostgreSQL used for the shared feed; reconnecting');
    scheduleReconnect();
  }

  function scheduleReconnect(): void {
    if (reconnecting || closed) return;
    reconnecting = setTimeout(() => {
      reconnecting = null;
      connect().then(
        () => {
          reconnectDelay = 500;
          // Our rows may have been removed as a dead instance's, and events were missed meanwhile.
          presence.rewrite();
          opts.onGap();
        },
        () => {
          reconnectDelay = Math.min(reconnectDelay * 2, MAX_RECONNECT_DELAY_MS);
          scheduleReconnect();
        },
      );
    }, reconnectDelay);
    reconnecting.unref();
  }

  async function tryToLead(): Promise<void> {
    if (leader || !control) return;
    const r = await control.query('SELECT pg_try_advisory_lock($1) AS got', [JOBS_LOCK.toString()]);
    leader = (r.rows[0] as { got: boolean }).got;
  }

  async function beat(): Promise<void> {
    const client = control;
    if (!client) return;
    await client.query('UPDATE hub_instances SET seen_at = now() WHERE id = $1', [instanceId]);
    await tryToLead();
    // Any instance may clear the dead ones; recomputing their associations is idempotent.
    const dead = await client.query<{ association_id: string }>(
      `WITH gone AS (DELETE FROM hub_instances WHERE seen_at < now() - make_interval(secs => ${INSTANCE_TIMEOUT_SECONDS}) RETURNING id)
       SELECT DISTINCT association_id FROM presence_on_duty WHERE EXISTS (SELECT 1 FROM gone)`,
    );
    if (dead.rowCount) presence.recomputeAll(dead.rows.map((r) => r.association_id));
    if (leader) await bus.prunePayloads();
  }

  await connect();
  await presence.load();
  const heartbeat = setInterval(() => {
    void beat().catch((error: unknown) => opts.log('hub instance heartbeat failed', error));
  }, opts.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();

  const settled = async () => {
    await bus.flushed();
    await presence.settled();
  };

  return {
    instanceId,
    bus,
    presence,
    leads: () => leader,
    beat,
    settled,
    async close() {
      if (closed) return;
      closed = true;
      opts.store.announceWith(null);
      clearInterval(heartbeat);
      if (reconnecting) clearTimeout(reconnecting);
      await settled();
      const client = control;
      control = null;
      if (client) {
        // Our feeds are closed by now (their presence changes are settled); the row goes too.
        await client.query('DELETE FROM hub_instances WHERE id = $1', [instanceId]).catch(() => undefined);
        await client.end().catch(() => undefined);
      }
    },
  };
}
