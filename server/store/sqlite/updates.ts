/** The updates area in SQLite: machines' latest update statuses and the rollout pause. */
import { MachineUpdateStatus } from '../../../app/protocol/updates.ts';
import type { MachineStatusRow, RolloutState, StatusRecordResult, UpdatesStore } from '../updates.ts';
import type { SqliteContext } from './context.ts';

export class SqliteUpdates implements UpdatesStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  async recordStatus(machineId: string, status: MachineUpdateStatus): Promise<StatusRecordResult> {
    return this.x.write((): StatusRecordResult => {
      const current = this.db.prepare('SELECT status_id, status_at FROM machine_update_status WHERE machine_id = ?').get(machineId) as
        | { status_id: string; status_at: string }
        | undefined;
      if (current?.status_id === status.id) return 'duplicate';
      if (current && Date.parse(current.status_at) > Date.parse(status.at)) return 'older';
      this.db
        .prepare(
          `INSERT INTO machine_update_status (machine_id, status_id, status, status_at, received_at) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(machine_id) DO UPDATE SET status_id = excluded.status_id, status = excluded.status,
             status_at = excluded.status_at, received_at = excluded.received_at`,
        )
        .run(machineId, status.id, JSON.stringify(status), status.at, this.x.iso());
      return 'stored';
    });
  }

  async listStatuses(associationId: string): Promise<MachineStatusRow[]> {
    const rows = this.db
      .prepare(
        `SELECT m.id, m.asset_tag, m.last_seen, s.status, s.received_at FROM machines m
         LEFT JOIN machine_update_status s ON s.machine_id = m.id WHERE m.association_id = ? ORDER BY m.asset_tag`,
      )
      .all(associationId) as Array<{ id: string; asset_tag: string; last_seen: string | null; status: string | null; received_at: string | null }>;
    return rows.map((r) => ({
      machineId: r.id,
      assetTag: r.asset_tag,
      lastSeen: r.last_seen,
      // Stored only after validation; parsed again so a row from an older schema cannot reach the console malformed.
      status: r.status === null ? null : (MachineUpdateStatus.safeParse(JSON.parse(r.status)).data ?? null),
      receivedAt: r.received_at,
    }));
  }

  async getRollout(): Promise<RolloutState> {
    const row = this.db.prepare('SELECT r.paused, r.changed_at, a.first_name FROM rollout r LEFT JOIN accounts a ON a.id = r.changed_by WHERE r.id = 1').get() as
      | { paused: number; changed_at: string | null; first_name: string | null }
      | undefined;
    return row ? { paused: row.paused === 1, changedAt: row.changed_at, changedBy: row.first_name } : { paused: false, changedAt: null, changedBy: null };
  }

  async setRolloutPaused(paused: boolean, accountId: string): Promise<RolloutState> {
    this.db
      .prepare(
        `INSERT INTO rollout (id, paused, changed_at, changed_by) VALUES (1, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET paused = excluded.paused, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
      )
      .run(paused ? 1 : 0, this.x.iso(), accountId);
    return this.getRollout();
  }
}
