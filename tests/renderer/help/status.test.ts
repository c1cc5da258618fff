import { describe, expect, it } from 'vitest';
import type { LocalHelpRequest } from '../../../app/bridge/contract.ts';
import { helpStatusView, type HelpStatusView } from '../../../renderer/src/help/status.ts';

const request = (patch: Partial<LocalHelpRequest> = {}): LocalHelpRequest => ({
  id: '00000000-0000-4000-8000-000000000001',
  state: 'new',
  delivered: true,
  createdAt: '2026-11-30T10:00:00.000Z',
  helperFirstName: null,
  helperPhoto: null,
  calledAt: null,
  ...patch,
});
const someone = { hubReachable: true, phone: '01 23 45 67 89', helpersOnDuty: 2 };
const nobody = { ...someone, helpersOnDuty: 0 };

/** "sent:done seen:waiting …" — the stages as the person sees them. */
const stages = (view: HelpStatusView) => view.stages?.map((s) => `${s.stage}:${s.mark}`).join(' ') ?? null;

describe('helpStatusView', () => {
  it('kept on the machine: nothing is ticked, sending is what it waits for, and the phone number is there', () => {
    const view = helpStatusView(request({ delivered: false }), { ...someone, hubReachable: false });
    expect(view.headline).toBe('saved');
    expect(stages(view)).toBe('sent:waiting seen:later willCall:later call:later');
    expect(view.showPhone).toBe(true);
  });

  it('sent: "sent" is ticked and "seen" is waited for', () => {
    const view = helpStatusView(request(), someone);
    expect(view.headline).toBe('sent');
    expect(stages(view)).toBe('sent:done seen:waiting willCall:later call:later');
    expect(view.showPhone).toBe(false);
  });

  it('seen by an on-duty helper: ticked, and the call-back is waited for', () => {
    const view = helpStatusView(request({ state: 'seen' }), someone);
    expect(view.headline).toBe('seen');
    expect(stages(view)).toBe('sent:done seen:done willCall:waiting call:later');
  });

  it('never says "seen" beside "nobody is available": the request reads as sent, with the phone number', () => {
    const view = helpStatusView(request({ state: 'seen' }), nobody);
    expect(view.headline).toBe('sent');
    expect(view.nobodyAvailable).toBe(true);
    // The phone number takes the stages' place: not even "seen" as a stage waited for.
    expect(view.stages).toBeNull();
    expect(view.showPhone).toBe(true);
    expect(helpStatusView(request({ state: 'new' }), nobody)).toEqual(view);
  });

  it('claimed: "someone will call" is ticked, but "Appel" is only waited for — not ticked at the claim', () => {
    const view = helpStatusView(request({ state: 'claimed', helperFirstName: 'Marie' }), nobody);
    expect(view.headline).toBe('willCall');
    expect(stages(view)).toBe('sent:done seen:done willCall:done call:waiting');
    // Held by someone: "nobody available" no longer applies.
    expect(view.nobodyAvailable).toBe(false);
    expect(view.showPhone).toBe(false);
    expect(stages(helpStatusView(request({ state: 'calling_back', helperFirstName: 'Marie' }), someone))).toBe('sent:done seen:done willCall:done call:waiting');
  });

  it('"Appel" is ticked once a call happened (the person answered)', () => {
    const view = helpStatusView(request({ state: 'claimed', helperFirstName: 'Marie', calledAt: '2026-11-30T10:03:00.000Z' }), someone);
    expect(view.headline).toBe('called');
    expect(stages(view)).toBe('sent:done seen:done willCall:done call:done');
  });

  it('over: no stages, no phone number', () => {
    for (const state of ['resolved', 'cancelled'] as const) {
      const view = helpStatusView(request({ state }), nobody);
      expect(view.headline).toBe(state);
      expect(view.stages).toBeNull();
      expect(view.showPhone).toBe(false);
    }
  });

  it('without the hub, an open request shows the phone number even when delivered', () => {
    expect(helpStatusView(request({ state: 'claimed' }), { ...someone, hubReachable: false }).showPhone).toBe(true);
    expect(helpStatusView(request(), { ...someone, phone: null, hubReachable: false }).showPhone).toBe(false);
  });
});
