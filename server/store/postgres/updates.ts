/** The updates area in PostgreSQL: machines' latest update statuses and the rollout pause. */
import { MachineUpdateStatus } from '../../../app/protocol/updates.ts';
import type { MachineStatusRow, RolloutState, StatusRecordResult, UpdatesStore } from '../updates.ts';
import type { PgContext } from './db.ts';

export class PgUpdates implements UpdatesStore {
  constructor(private readonly x: PgContext) {}

  async recordStatus(machineId: string, status: MachineUpdateStatus): Promise<StatusRecordResult> {
    return this.x.tx(async (sql): Promise<StatusRecordResult> => {
      // The machine's row is the lock: two statuses of one machine are decided one after the other.
      await sql.run('SELECT 1 FROM machines WHERE id = $1 FOR UPDATE', [machineId]);
      const current = await sql.one<{ status_id: string; status_at: string }>('SELECT status_id, status_at FROM machine_update_status WHERE machine_id = $1', [machineId]);
      if (current?.status_id === status.id) return 'duplicate';
      if (current && Date.parse(current.status_at) > Date.parse(status.at)) return 'older';
      await sql.run(
        `INSERT INTO machine_update_status (machine_id, status_id, status, status_at, received_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (machine_id) DO UPDATE SET status_id = excluded.status_id, status = excluded.status,
           status_at = excluded.status_at, received_at = excluded.received_at`,
        [machineId, status.id, JSON.stringify(status), status.at, this.x.iso()],
      );
      return 'stored';
    });
  }

  async listStatuses(associationId: string): Promise<MachineStatusRow[]> {
    const rows = await this.x.sql.rows<{ id: string; asset_tag: string; last_seen: string | null; status: string | null; received_at: string | null }>(
      `SELECT m.id, m.asset_tag, m.last_seen, s.status, s.received_at FROM machines m
       LEFT JOIN machine_update_status s ON s.machine_id = m.id WHERE m.association_id = $1 ORDER BY m.asset_tag`,
      [associationId],
    );
    return rows.map((r) => ({
      machineId: r.id,
      assetTag: r.asset_tag,
      lastSeen: r.last_seen,
      status: r.status === null ? null : (MachineUpdateStatus.safeParse(JSON.parse(r.status)).data ?? null),
      receivedAt: r.received_at,
    }));
  }

  async getRollout(): Promise<RolloutState> {
    const row = await this.x.sql.one<{ paused: boolean; changed_at: string | null; first_name: string | null }>(
      'SELECT r.paused, r.changed_at, a.first_name FROM rollout r LEFT JOIN accounts a ON a.id = r.changed_by WHERE r.id = 1',
    );
    return row ? { paused: row.paused, changedAt: row.changed_at, changedBy: row.first_name } : { paused: false, changedAt: null, changedBy: null };
  }

  async setRolloutPaused(paused: boolean, accountId: string): Promise<RolloutState> {
    await this.x.sql.run(
      `INSERT INTO rollout (id, paused, changed_at, changed_by) VALUES (1, $1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET paused = excluded.paused, changed_at = excluded.changed_at, changed_by = excluded.changed_by`,
      [paused, this.x.iso(), accountId],
    );
    return this.getRollout();
  }
}
