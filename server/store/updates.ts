/**
 * The updates area of the hub's store: each machine's latest update status (its app and lesson
 * versions, its updater's and lesson feed's last results; app/protocol/updates.ts) and the state of
 * the app rollout, which the association can pause from the console.
 */
import type { MachineUpdateStatus } from '../../app/protocol/updates.ts';

export type StatusRecordResult = 'stored' | 'duplicate' | 'older';

export interface MachineStatusRow {
  machineId: string;
  assetTag: string;
  lastSeen: string | null;
  /** null: this machine never sent a status. */
  status: MachineUpdateStatus | null;
  receivedAt: string | null;
}

export interface RolloutState {
  paused: boolean;
  changedAt: string | null;
  /** First name of the account that last paused or resumed it. */
  changedBy: string | null;
}

export interface UpdatesStore {
  /** Keeps the status unless it is the one already stored (same id) or older than it. */
  recordStatus(machineId: string, status: MachineUpdateStatus): Promise<StatusRecordResult>;
  /** Every machine of the association with its latest status, by asset tag. */
  listStatuses(associationId: string): Promise<MachineStatusRow[]>;
  getRollout(): Promise<RolloutState>;
  setRolloutPaused(paused: boolean, accountId: string): Promise<RolloutState>;
}
