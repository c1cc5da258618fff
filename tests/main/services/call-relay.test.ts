import { describe, expect, it } from 'vitest';
import type { MachineCallEvent, MachineCallMessage } from '../../../app/protocol/call.ts';
import { CallRelay } from '../../../main/services/call-relay.ts';

const ICE = { iceServers: [], iceTransportPolicy: 'all' as const };
const ring = (callId: string): MachineCallEvent => ({ type: 'call.ring', callId, requestId: '0b0f8d9e-1d9b-4f86-9a3c-1b2c3d4e5f60', helper: { firstName: 'Marie', photo: null }, ice: ICE });
const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

function relay(feedOpen = true) {
  const sent: MachineCallMessage[] = [];
  const emitted: MachineCallEvent[] = [];
  const r = new CallRelay({ send: (m) => (sent.push(m), feedOpen), emit: (e) => emitted.push(e) });
  return { r, sent, emitted };
}

describe('the call relay in main', () => {
  it('passes a ring to the page, and answers a second ring busy without bothering the person', () => {
    const { r, sent, emitted } = relay();
    r.fromHub(ring(A));
    r.fromHub(ring(B));
    expect(emitted.map((e) => e.type)).toEqual(['call.ring']);
    expect(sent).toEqual([{ type: 'call.hangup', callId: B, reason: 'busy' }]);
    expect(r.view()).toMatchObject({ callId: A, answered: false, screen: 'none' });
  });

  it('lets the page capture the screen only in an answered call whose helper asked for it, until it stops', () => {
    const { r } = relay();
    expect(r.mayCaptureScreen()).toBe(false);
    r.fromHub(ring(A));
    r.fromHub({ type: 'screen.ask', callId: A });
    expect(r.mayCaptureScreen()).toBe(false); // not answered yet
    r.fromPage({ type: 'call.answer', callId: A });
    expect(r.mayCaptureScreen()).toBe(true);
    r.fromPage({ type: 'screen.answer', callId: A, consent: true, surface: 'monitor' });
    expect(r.view()).toMatchObject({ screen: 'shared', surface: 'monitor' });
    expect(r.mayCaptureScreen()).toBe(true);
    r.fromPage({ type: 'screen.stop', callId: A });
    expect(r.mayCaptureScreen()).toBe(false);
    r.fromHub({ type: 'screen.ask', callId: A });
    r.fromPage({ type: 'screen.answer', callId: A, consent: false });
    expect(r.mayCaptureScreen()).toBe(false);
    r.fromHub({ type: 'screen.ask', callId: A });
    r.fromHub({ type: 'call.ended', callId: A, reason: 'closed' });
    expect(r.mayCaptureScreen()).toBe(false);
    expect(r.view()).toBeNull();
  });

  it('refuses what the page says about another call, and ignores the hub\'s messages for one it does not know', () => {
    const { r, sent, emitted } = relay();
    expect(r.fromPage({ type: 'call.answer', callId: A })).toEqual({ sent: false });
    r.fromHub({ type: 'pointer', callId: A, x: 0.5, y: 0.5 });
    expect(emitted).toEqual([]);
    r.fromHub(ring(A));
    expect(r.fromPage({ type: 'screen.stop', callId: B })).toEqual({ sent: false });
    expect(sent).toEqual([]);
  });

  it('ends the call on both ends of main when the feed cannot carry it', () => {
    const { r, emitted } = relay(false);
    r.fromHub(ring(A));
    expect(r.fromPage({ type: 'call.answer', callId: A })).toEqual({ sent: false });
    expect(emitted.at(-1)).toEqual({ type: 'call.ended', callId: A, reason: 'failed' });
    expect(r.view()).toBeNull();
    const open = relay();
    open.r.fromHub(ring(B));
    open.r.feedClosed();
    expect(open.emitted.at(-1)).toEqual({ type: 'call.ended', callId: B, reason: 'failed' });
  });
});
