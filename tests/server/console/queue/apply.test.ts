import { describe, expect, it } from 'vitest';
import { applyHello, applyUpsert, type Versions } from '../../../../server/console/src/queue/apply.ts';
import type { HelpRequestView } from '../../../../app/protocol/hub.ts';
import { request as requestView } from './request.ts';

const request = (over: Partial<HelpRequestView> = {}) => requestView({ id: 'r1', machineId: 'm1', ...over });

const at = (ms: number) => new Date(Date.parse('2026-11-30T10:00:00.000Z') + ms).toISOString();

describe('views arriving out of order', () => {
  it('a late "seen" answer does not bring back a request the person cancelled', () => {
    const versions: Versions = new Map();
    let queue = applyUpsert([], request(), versions);
    const cancelled = request({ state: 'cancelled', updatedAt: at(2) });
    const seen = request({ state: 'seen', updatedAt: at(1) });
    queue = applyUpsert(queue, cancelled, versions); // the feed says cancelled
    queue = applyUpsert(queue, seen, versions); // then the answer to "seen" arrives
    expect(queue).toEqual([]);
  });

  it('the newer version wins whichever road it takes, and the same version twice changes nothing', () => {
    const versions: Versions = new Map();
    const claimed = request({ state: 'claimed', updatedAt: at(5), claimedBy: { id: 'a', firstName: 'Marie' } });
    const seen = request({ state: 'seen', updatedAt: at(3) });
    let queue = applyUpsert([], claimed, versions);
    queue = applyUpsert(queue, seen, versions);
    expect(queue).toEqual([claimed]);
    queue = applyUpsert(queue, { ...claimed }, versions);
    expect(queue).toEqual([claimed]);
    // Undo after a resolution: the reopened version is newer than the resolved one.
    queue = applyUpsert(queue, request({ state: 'resolved', updatedAt: at(6) }), versions);
    expect(queue).toEqual([]);
    const reopened = request({ state: 'claimed', updatedAt: at(7), claimedBy: { id: 'a', firstName: 'Marie' } });
    expect(applyUpsert(queue, reopened, versions)).toEqual([reopened]);
  });

  it('a hello replaces the queue, but keeps a newer version the console already holds', () => {
    const versions: Versions = new Map();
    const other = request({ id: 'r2', receivedAt: at(-1), updatedAt: at(0) });
    const claimed = request({ state: 'claimed', updatedAt: at(5), claimedBy: { id: 'a', firstName: 'Marie' } });
    let queue = applyUpsert([], claimed, versions);
    queue = applyHello(queue, [other, request({ updatedAt: at(1) })], versions);
    expect(queue).toEqual([other, claimed]);
    // Closed in a newer version: an older snapshot showing it open does not bring it back.
    queue = applyUpsert(queue, request({ state: 'resolved', updatedAt: at(8) }), versions);
    expect(applyHello(queue, [other, request({ updatedAt: at(1) })], versions)).toEqual([other]);
    // What the snapshot no longer holds is gone (closed while the feed was away).
    expect(applyHello(queue, [], versions)).toEqual([]);
  });
});
