/** The updates area in PostgreSQL: machines' latest update statuses and the rollout pause. */
import type { MachineUpdateStatus } from '../../../app/protocol/updates.ts';
import type { MachineStatusRow, RolloutState, StatusRecordResult, UpdatesStore } from '../updates.ts';
import { ROLLOUT_SELECT, statusDecision, statusesSelect, toMachineStatus, toRollout, type RolloutRow, type StatusRow } from '../sqlite/updates-rows.ts';
import type { PgContext } from './db.ts';

export class PgUpdates implements UpdatesStore {
  constructor(private readonly x: PgContext) {}

  async recordStatus(machineId: string, status: MachineUpdateStatus): Promise<StatusRecordResult> {
    return this.x.tx(async (sql): Promise<StatusRecordResult> => {
      // The machine's row is the lock: two statuses of one machine are decided one after the other.
      await sql.run('SELECT 1 FROM machines WHERE id = $1 FOR UPDATE', [machineId]);
      const current = await sql.one<{ status_id: string; status_at: string }>('SELECT status_id, status_at FROM machine_update_status WHERE machine_id = $1', [machineId]);
      const decision = statusDecision(current, status);
      if (decision !== 'stored') return decision;
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
    const rows = await this.x.sql.rows<StatusRow>(statusesSelect('$1'), [associationId]);
    return rows.map(toMachineStatus);
  }

  async getRollout(): Promise<RolloutState> {
    return toRollout(await this.x.sql.one<RolloutRow>(ROLLOUT_SELECT));
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
