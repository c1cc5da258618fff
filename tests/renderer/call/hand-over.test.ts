import { describe, expect, it } from 'vitest';
import { handOver } from '../../../renderer/src/call/hand-over.ts';

/** A load the test finishes when it wants, like a chunk still on its way. */
function deferredLoad<E>() {
  const seen: E[] = [];
  let loads = 0;
  let finish: (ok: boolean) => void = () => undefined;
  const load = () => {
    loads += 1;
    return new Promise<(event: E) => void>((resolve, reject) => {
      finish = (ok) => (ok ? resolve((event) => seen.push(event)) : reject(new Error('chunk failed')));
    });
  };
  return { load, seen, finish: (ok: boolean) => finish(ok), loads: () => loads };
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('handOver (the call loads on its first event)', () => {
  it('loads nothing before the first event, then once however many events come while it loads', async () => {
    const d = deferredLoad<string>();
    const handle = handOver(d.load);
    expect(d.loads()).toBe(0);
    handle('call.ring');
    handle('call.signal 1');
    handle('call.signal 2');
    expect(d.loads()).toBe(1);
    expect(d.seen).toEqual([]);
    d.finish(true);
    await settle();
    expect(d.seen).toEqual(['call.ring', 'call.signal 1', 'call.signal 2']);
    handle('call.ended');
    expect(d.seen).toEqual(['call.ring', 'call.signal 1', 'call.signal 2', 'call.ended']);
    expect(d.loads()).toBe(1);
  });

  it('drops what waited when the load fails, and tries again on the next event', async () => {
    const d = deferredLoad<string>();
    const handle = handOver(d.load);
    handle('old ring');
    d.finish(false);
    await settle();
    handle('new ring');
    expect(d.loads()).toBe(2);
    d.finish(true);
    await settle();
    expect(d.seen).toEqual(['new ring']);
  });
});
