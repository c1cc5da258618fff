/** The updates area's rows, shared by the SQLite and PostgreSQL stores (same SELECTs, same mapping). */
import { MachineUpdateStatus } from '../../../app/protocol/updates.ts';
import type { MachineStatusRow, RolloutState, StatusRecordResult } from '../updates.ts';

export interface StatusRow {
  id: string;
  asset_tag: string;
  last_seen: string | null;
  status: string | null;
  received_at: string | null;
}

/** Every machine of an association with its latest status (none yet: nulls), by asset tag; `?`/`$1` is the association. */
export const statusesSelect = (param: string): string =>
  `SELECT m.id, m.asset_tag, m.last_seen, s.status, s.received_at FROM machines m
   LEFT JOIN machine_update_status s ON s.machine_id = m.id WHERE m.association_id = ${param} ORDER BY m.asset_tag`;

export const toMachineStatus = (r: StatusRow): MachineStatusRow => ({
  machineId: r.id,
  assetTag: r.asset_tag,
  lastSeen: r.last_seen,
  // Stored only after validation; parsed again so a row from an older schema cannot reach the console malformed.
  status: r.status === null ? null : (MachineUpdateStatus.safeParse(JSON.parse(r.status)).data ?? null),
  receivedAt: r.received_at,
});

export const ROLLOUT_SELECT = 'SELECT r.paused, r.changed_at, a.first_name FROM rollout r LEFT JOIN accounts a ON a.id = r.changed_by WHERE r.id = 1';

/** `paused` is 0/1 in SQLite, a boolean in PostgreSQL. No row yet: not paused, never changed. */
export interface RolloutRow {
  paused: number | boolean;
  changed_at: string | null;
  first_name: string | null;
}
export const toRollout = (row: RolloutRow | undefined | null): RolloutState =>
  row ? { paused: Boolean(row.paused), changedAt: row.changed_at, changedBy: row.first_name } : { paused: false, changedAt: null, changedBy: null };

/** Whether a machine's new status replaces its stored one: the same status again, or one older than the stored, does not. */
export function statusDecision(current: { status_id: string; status_at: string } | undefined | null, status: MachineUpdateStatus): StatusRecordResult {
  if (current?.status_id === status.id) return 'duplicate';
  if (current && Date.parse(current.status_at) > Date.parse(status.at)) return 'older';
  return 'stored';
}
