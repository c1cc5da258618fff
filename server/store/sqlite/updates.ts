/** The updates area in SQLite: machines' latest update statuses and the rollout pause. */
import type { MachineUpdateStatus } from '../../../app/protocol/updates.ts';
import type { MachineStatusRow, RolloutState, StatusRecordResult, UpdatesStore } from '../updates.ts';
import type { SqliteContext } from './context.ts';
import { ROLLOUT_SELECT, statusDecision, statusesSelect, toMachineStatus, toRollout, type RolloutRow, type StatusRow } from './updates-rows.ts';

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
      const decision = statusDecision(current, status);
      if (decision !== 'stored') return decision;
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
    const rows = this.db.prepare(statusesSelect('?')).all(associationId) as StatusRow[];
    return rows.map(toMachineStatus);
  }

  async getRollout(): Promise<RolloutState> {
    return toRollout(this.db.prepare(ROLLOUT_SELECT).get() as RolloutRow | undefined);
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
