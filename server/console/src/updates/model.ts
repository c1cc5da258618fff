/**
 * What the "Mises à jour" page says about the fleet, as pure functions (tested under Node): which
 * machines run the release offered, which wait (staged out, paused), which failed and why.
 */
import type { MachineUpdatesView, UpdatesView } from '../../../../app/protocol/updates.ts';

export type MachineOutcome = 'current' | 'waiting' | 'problem' | 'unknown';

/**
 * Compares two dotted versions ("1.10.0" > "1.9.2"); a pre-release ("1.2.0-beta.1") comes before its
 * release. Non-numeric parts compare as text.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA = '', preA] = a.split('-', 2);
  const [coreB = '', preB] = b.split('-', 2);
  const partsA = coreA.split('.');
  const partsB = coreB.split('.');
  for (let i = 0; i < Math.max(partsA.length, partsB.length); i++) {
    const x = partsA[i] ?? '0';
    const y = partsB[i] ?? '0';
    const diff = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (diff !== 0) return Math.sign(diff);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return Math.sign(preA.localeCompare(preB, 'en', { numeric: true }));
}

/**
 * Where one machine stands. `current`: it runs the offered release (or newer), or said "up to date";
 * `problem`: its updater's last result is a refusal or a failure and it does not run the release;
 * `waiting`: staged out or paused; `unknown`: it has not said anything yet.
 */
export function machineOutcome(machine: MachineUpdatesView, offered: string | null): MachineOutcome {
  if (offered !== null && machine.appVersion && compareVersions(machine.appVersion, offered) >= 0) return 'current';
  const result = machine.updater?.result;
  if (result === 'refused' || result === 'failed') return 'problem';
  if (result === 'waiting') return 'waiting';
  if (result === 'installed' || result === 'up-to-date') return offered === null ? 'current' : 'waiting';
  return machine.appVersion && offered === null ? 'current' : 'unknown';
}

export type RolloutProgress = Record<MachineOutcome, number> & { total: number; problems: MachineUpdatesView[] };

/** Counts per outcome, and the machines that failed, most recent failure first. */
export function rolloutProgress(view: UpdatesView): RolloutProgress {
  const offered = view.release?.version ?? null;
  const counts: RolloutProgress = { current: 0, waiting: 0, problem: 0, unknown: 0, total: view.machines.length, problems: [] };
  for (const machine of view.machines) {
    const outcome = machineOutcome(machine, offered);
    counts[outcome] += 1;
    if (outcome === 'problem') counts.problems.push(machine);
  }
  counts.problems.sort((a, b) => (b.updater?.at ?? '').localeCompare(a.updater?.at ?? ''));
  return counts;
}
