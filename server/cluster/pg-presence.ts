/**
 * Who is on duty, shared by every hub instance on one PostgreSQL database: a helper is on duty when
 * they switched "on duty" AND have a console open on ANY live instance (the rule of ../presence.ts).
 *
 * Each instance writes how many console feeds it holds per account (`presence_connections`, gone
 * with the instance's row when it stops or stops beating: see ./index.ts). After a change, the
 * association's list is recomputed in one transaction under an advisory lock on the association,
 * and the new list is sent with NOTIFY inside that transaction: lists reach every instance, this one
 * included, in the order they were computed. Each instance keeps the last list per association for
 * the synchronous reads of the feeds (`onDuty`, `count`).
 */
import type { PresenceEntry } from '../../app/protocol/hub.ts';
import type { PresenceTracker } from '../presence.ts';
import type { Account } from '../store/index.ts';
import type { PgContext, Sql } from '../store/postgres/db.ts';
import { notifyOn, type PgEventBus } from './pg-bus.ts';

/** An instance whose heartbeat is older than this is dead: its consoles no longer count. */
export const INSTANCE_TIMEOUT_SECONDS = 30;

export class SharedPresence implements PresenceTracker {
  /** This instance's open console feeds per account. */
  private readonly local = new Map<string, { associationId: string; connections: number }>();
  private readonly lists = new Map<string, PresenceEntry[]>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly x: PgContext,
    private readonly bus: PgEventBus,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    bus.subscribe('presence.changed', ({ associationId, onDuty }) => this.lists.set(associationId, onDuty));
  }

  /** Reads every association's list once, at start. */
  async load(): Promise<void> {
    const rows = await this.x.sql.rows<{ association_id: string; id: string; first_name: string; since: string }>(
      `SELECT d.association_id, d.account_id AS id, a.first_name, d.since FROM presence_on_duty d JOIN accounts a ON a.id = d.account_id
       ORDER BY d.since, d.account_id`,
    );
    this.lists.clear();
    for (const r of rows) {
      const list = this.lists.get(r.association_id) ?? [];
      list.push({ id: r.id, firstName: r.first_name, since: r.since });
      this.lists.set(r.association_id, list);
    }
  }

  connect(account: Account): () => void {
    const t = this.local.get(account.id) ?? { associationId: account.associationId, connections: 0 };
    t.connections += 1;
    this.local.set(account.id, t);
    this.enqueue(account.id, account.associationId);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      t.connections -= 1;
      if (t.connections === 0) this.local.delete(account.id);
      this.enqueue(account.id, account.associationId);
    };
  }

  setDuty(account: Account): void {
    this.enqueue(null, account.associationId);
  }

  update(account: Account): void {
    this.enqueue(null, account.associationId, true);
  }

  onDuty(associationId: string): PresenceEntry[] {
    return this.lists.get(associationId) ?? [];
  }

  count(associationId: string): number {
    return this.onDuty(associationId).length;
  }

  /** Waits for the changes made so far to be written and announced (tests, shutdown). */
  settled(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  /** Writes every local count again (after the database lost this instance's rows) and recomputes. */
  rewrite(): void {
    for (const [accountId, t] of this.local) this.enqueue(accountId, t.associationId);
  }

  /** Recomputes associations after dead instances were removed. */
  recomputeAll(associationIds: readonly string[]): void {
    for (const a of associationIds) this.enqueue(null, a);
  }

  /** One change at a time, in order: write this instance's count for the account, then recompute. */
  private enqueue(accountId: string | null, associationId: string, force = false): void {
    this.chain = this.chain.then(() =>
      this.x
        .tx(async (sql) => {
          if (accountId) await this.writeCount(sql, accountId, associationId);
          await this.recompute(sql, associationId, force);
        })
        .catch((error: unknown) => this.log('could not update who is on duty', error)),
    );
  }

  private async writeCount(sql: Sql, accountId: string, associationId: string): Promise<void> {
    const connections = this.local.get(accountId)?.connections ?? 0;
    if (connections === 0) {
      await sql.run('DELETE FROM presence_connections WHERE instance_id = $1 AND account_id = $2', [this.bus.instanceId, accountId]);
      return;
    }
    await sql.run(
      `INSERT INTO presence_connections (instance_id, account_id, association_id, connections) VALUES ($1, $2, $3, $4)
       ON CONFLICT (instance_id, account_id) DO UPDATE SET connections = excluded.connections`,
      [this.bus.instanceId, accountId, associationId, connections],
    );
  }

  private async recompute(sql: Sql, associationId: string, force: boolean): Promise<void> {
    await sql.run("SELECT pg_advisory_xact_lock(hashtext('passerelle.presence'), hashtext($1))", [associationId]);
    const effective = (
      await sql.rows<{ id: string }>(
        `SELECT a.id FROM accounts a
         WHERE a.association_id = $1 AND a.on_duty AND NOT a.disabled AND EXISTS (
           SELECT 1 FROM presence_connections p JOIN hub_instances i ON i.id = p.instance_id
           WHERE p.account_id = a.id AND i.seen_at > now() - make_interval(secs => ${INSTANCE_TIMEOUT_SECONDS}))`,
        [associationId],
      )
    ).map((r) => r.id);
    const left = await sql.run('DELETE FROM presence_on_duty WHERE association_id = $1 AND NOT (account_id = ANY($2))', [associationId, effective]);
    const came = await sql.run(
      'INSERT INTO presence_on_duty (account_id, association_id, since) SELECT unnest($2::text[]), $1, $3 ON CONFLICT (account_id) DO NOTHING',
      [associationId, effective, this.x.iso()],
    );
    if (left === 0 && came === 0 && !force) return;
    const onDuty = await sql.rows<PresenceEntry>(
      `SELECT d.account_id AS id, a.first_name AS "firstName", d.since FROM presence_on_duty d JOIN accounts a ON a.id = d.account_id
       WHERE d.association_id = $1 ORDER BY d.since, d.account_id`,
      [associationId],
    );
    await notifyOn(sql, this.bus.instanceId, 'presence.changed', { associationId, onDuty }, false);
  }
}
