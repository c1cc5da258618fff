/**
 * The machine's update status: read from the updater's result file (absent or damaged: null), sent
 * only when what it says changes.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MachineUpdateStatus, type UpdaterResult } from '../../../app/protocol/updates.ts';
import { isNews, lessonFeedResult, makeStatus, readUpdaterResult, statusFingerprint, type StatusParts } from '../../../main/updates/update-status.ts';

const work = mkdtempSync(path.join(tmpdir(), 'passerelle-status-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const result: UpdaterResult = { result: 'refused', reason: 'signature', version: '0.4.0', installed: '0.3.0', at: '2025-06-01T10:00:00Z', message: 'the feed signature is not the release key' };
const parts: StatusParts = {
  appVersion: '0.3.0',
  lessons: [
    { id: 'souris-cliquer', version: 1, source: 'shipped' },
    { id: 'souris-bouger', version: 2, source: 'received' },
  ],
  updater: result,
  lessonFeed: { index: 'accepted', refused: [], at: '2025-06-01T10:00:00.000Z' },
};

describe('readUpdaterResult', () => {
  it('reads the result file, and gives null when it is absent, not JSON or not a result', () => {
    const file = path.join(work, 'update-result.json');
    expect(readUpdaterResult(file)).toBeNull();
    writeFileSync(file, JSON.stringify(result));
    expect(readUpdaterResult(file)).toEqual(result);
    writeFileSync(file, '{"result":"installed"');
    expect(readUpdaterResult(file)).toBeNull();
    writeFileSync(file, JSON.stringify({ ...result, reason: 'because' }));
    expect(readUpdaterResult(file)).toBeNull();
  });
});

describe('the update status', () => {
  it('has the same fingerprint when only the times changed, or a 304 confirmed the index', () => {
    const later = { ...parts, updater: { ...result, at: '2025-06-02T10:00:00Z' }, lessonFeed: { index: 'unchanged' as const, refused: [], at: '2025-06-02T10:00:00.000Z' } };
    expect(statusFingerprint(later)).toBe(statusFingerprint(parts));
    expect(statusFingerprint({ ...parts, lessons: [...parts.lessons].reverse() })).toBe(statusFingerprint(parts));
  });

  it('changes its fingerprint when a version, a result or a refusal changes', () => {
    const base = statusFingerprint(parts);
    expect(statusFingerprint({ ...parts, appVersion: '0.4.0' })).not.toBe(base);
    expect(statusFingerprint({ ...parts, updater: { ...result, result: 'installed', reason: 'installed' } })).not.toBe(base);
    expect(statusFingerprint({ ...parts, lessons: [{ id: 'souris-bouger', version: 3, source: 'received' }] })).not.toBe(base);
    expect(statusFingerprint({ ...parts, lessonFeed: { index: 'accepted', refused: [{ id: 'x', version: 2, reason: 'check' }], at: '2025-06-01T10:00:00.000Z' } })).not.toBe(base);
  });

  it('is a valid wire message, lessons in id order', () => {
    const status = makeStatus(parts, new Date('2025-06-01T12:00:00Z'));
    expect(MachineUpdateStatus.parse(status)).toEqual(status);
    expect(status.lessons.map((l) => l.id)).toEqual(['souris-bouger', 'souris-cliquer']);
  });

  it("words a feed pass for the wire, and counts an unreachable hub as no news", () => {
    const outcome = { index: 'accepted' as const, installed: [], refused: [{ id: 'a', version: 2, reason: 'sha256' }], failed: [{ id: 'b', version: 3, reason: 'connection reset' }] };
    expect(lessonFeedResult(outcome, new Date('2025-06-01T10:00:00Z')).refused).toEqual([
      { id: 'a', version: 2, reason: 'sha256' },
      { id: 'b', version: 3, reason: 'download: connection reset' },
    ]);
    expect(isNews({ ...outcome, index: 'unreachable' })).toBe(false);
    expect(isNews({ ...outcome, index: 'no-key' })).toBe(false);
    expect(isNews({ ...outcome, index: 'refused' })).toBe(true);
  });
});
