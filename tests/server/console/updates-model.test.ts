/** The "Mises à jour" page's arithmetic: version order, each machine's outcome, the rollout's counts. */
import { describe, expect, it } from 'vitest';
import type { MachineUpdatesView, UpdaterResult, UpdatesView } from '../../../app/protocol/updates.ts';
import { compareVersions, machineOutcome, rolloutProgress } from '../../../server/console/src/updates/model.ts';

let n = 0;
function machine(appVersion: string | null, updater: Partial<UpdaterResult> | null = null): MachineUpdatesView {
  n += 1;
  return {
    machineId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    assetTag: `PC-${n}`,
    lastSeen: null,
    appVersion,
    lessonsBehind: 0,
    lessonCount: 0,
    updater: updater && { result: 'refused', reason: 'signature', version: '1.2.0', installed: appVersion ?? '', at: '2026-11-30T10:00:00.000Z', message: '', ...updater },
    lessonFeed: null,
    statusAt: appVersion ? '2026-11-30T10:00:00.000Z' : null,
  };
}

describe('compareVersions', () => {
  it('orders numerically, part by part, a pre-release before its release', () => {
    expect(compareVersions('1.10.0', '1.9.2')).toBe(1);
    expect(compareVersions('1.2.0', '1.2.0')).toBe(0);
    expect(compareVersions('1.2', '1.2.0')).toBe(0);
    expect(compareVersions('1.2.0-beta.2', '1.2.0')).toBe(-1);
    expect(compareVersions('1.2.0-beta.10', '1.2.0-beta.9')).toBe(1);
    expect(compareVersions('0.9.0', '1.0.0')).toBe(-1);
  });
});

describe('machineOutcome', () => {
  it('a machine on the offered release (or newer) is current whatever its updater said last', () => {
    expect(machineOutcome(machine('1.2.0', { result: 'refused' }), '1.2.0')).toBe('current');
    expect(machineOutcome(machine('1.3.0'), '1.2.0')).toBe('current');
  });
  it('an older machine is a problem after a refusal or a failure, waiting when staged, paused or installed not yet started', () => {
    expect(machineOutcome(machine('1.1.0', { result: 'refused', reason: 'sha512' }), '1.2.0')).toBe('problem');
    expect(machineOutcome(machine('1.1.0', { result: 'failed', reason: 'unreachable' }), '1.2.0')).toBe('problem');
    expect(machineOutcome(machine('1.1.0', { result: 'waiting', reason: 'staged' }), '1.2.0')).toBe('waiting');
    expect(machineOutcome(machine('1.1.0', { result: 'installed', reason: 'installed' }), '1.2.0')).toBe('waiting');
  });
  it('a machine that never reported is unknown', () => {
    expect(machineOutcome(machine(null), '1.2.0')).toBe('unknown');
  });
  it('with no release offered, a machine that reported a version is current', () => {
    expect(machineOutcome(machine('1.1.0'), null)).toBe('current');
    expect(machineOutcome(machine('1.1.0', { result: 'up-to-date', reason: 'current' }), null)).toBe('current');
  });
});

describe('rolloutProgress', () => {
  it('counts each outcome once and lists the failed machines, the latest failure first', () => {
    const view: UpdatesView = {
      release: { version: '1.2.0', releaseDate: null, signedAt: null, signed: true, stagingPercentage: 50 },
      rollout: { paused: false, changedAt: null, changedBy: null, canChange: true },
      machines: [
        machine('1.2.0'),
        machine('1.1.0', { result: 'refused', reason: 'signature', at: '2026-11-30T09:00:00.000Z' }),
        machine('1.1.0', { result: 'failed', reason: 'download', at: '2026-11-30T11:00:00.000Z' }),
        machine('1.1.0', { result: 'waiting', reason: 'staged' }),
        machine(null),
      ],
    };
    const progress = rolloutProgress(view);
    expect({ current: progress.current, waiting: progress.waiting, problem: progress.problem, unknown: progress.unknown, total: progress.total }).toEqual({
      current: 1,
      waiting: 1,
      problem: 2,
      unknown: 1,
      total: 5,
    });
    expect(progress.problems.map((m) => m.updater?.reason)).toEqual(['download', 'signature']);
  });
});
