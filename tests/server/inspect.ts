/**
 * Test-only readers of the hub's SQLite store: what the tests check behind the API's back (every
 * request whatever its association, the raw journal, counts). Not part of HubStore on purpose.
 */
import { createHash } from 'node:crypto';
import type { HelpState } from '../../app/help/states.ts';
import type { HelpRequestView } from '../../app/protocol/hub.ts';
import type { SqliteDb } from '../../lib/sqlite/open.ts';
import type { HubStore } from '../../server/store/index.ts';
import { SqliteHubStore } from '../../server/store/sqlite/index.ts';
import { HELP_SELECT, toView, type HelpRow } from '../../server/store/sqlite/rows.ts';

export interface HelpEvent {
  requestId: string;
  actor: string;
  action: string;
  fromState: HelpState | null;
  toState: HelpState;
  at: string;
  detail: string | null;
}

/** The SQLite database behind a hub's store. */
export function hubDb(store: HubStore): SqliteDb {
  if (!(store instanceof SqliteHubStore)) throw new Error('these readers need the SQLite store');
  return store.db;
}

export function countHelpRequests(store: HubStore): number {
  return (hubDb(store).prepare('SELECT COUNT(*) AS n FROM help_requests').get() as { n: number }).n;
}

/** A request by id, whatever its association. */
export function helpRequest(store: HubStore, id: string): HelpRequestView | null {
  const r = hubDb(store).prepare(`${HELP_SELECT} WHERE h.id = ?`).get(id) as HelpRow | undefined;
  return r ? toView(r) : null;
}

/** Every open request, whatever its association, oldest first. */
export function openHelpRequests(store: HubStore): HelpRequestView[] {
  const rows = hubDb(store)
    .prepare(`${HELP_SELECT} WHERE h.state NOT IN ('resolved', 'cancelled') ORDER BY h.received_at, h.id`)
    .all() as HelpRow[];
  return rows.map(toView);
}

export function helpEvents(store: HubStore, requestId: string): HelpEvent[] {
  const rows = hubDb(store)
    .prepare('SELECT request_id, actor, action, from_state, to_state, at, detail FROM help_events WHERE request_id = ? ORDER BY seq')
    .all(requestId) as {
    request_id: string;
    actor: string;
    action: string;
    from_state: HelpState | null;
    to_state: HelpState;
    at: string;
    detail: string | null;
  }[];
  return rows.map((r) => ({ requestId: r.request_id, actor: r.actor, action: r.action, fromState: r.from_state, toState: r.to_state, at: r.at, detail: r.detail }));
}

/** Every table's rows, hashed (machines.last_seen aside: reading with a token may touch it): "changed nothing". */
export function storeSnapshot(store: HubStore): string {
  const db = hubDb(store);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  const hash = createHash('sha256');
  for (const t of tables) {
    for (const r of db.prepare(`SELECT * FROM "${t}"`).all() as Record<string, unknown>[]) {
      if (t === 'machines') delete r.last_seen;
      hash.update(`${t}:${JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))}\n`);
    }
  }
  return hash.digest('hex');
}
