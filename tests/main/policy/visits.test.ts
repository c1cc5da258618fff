import { describe, expect, it } from 'vitest';
import { LEAVE_KIOSK_EXIT_CODE, RESTART_EXIT_CODE } from '../../../main/policy/kiosk-exit.ts';
import { RESTART_AFTER_VISITS, afterVisitEnded, hostActionPlan, visitorPartition } from '../../../main/policy/visits.ts';

describe('visitorPartition', () => {
  it('names an in-memory partition per window: never persist:, never reused', () => {
    expect(visitorPartition(1)).toBe('visitor-1');
    expect(visitorPartition(2)).not.toBe(visitorPartition(1));
    expect(visitorPartition(7)).not.toMatch(/^persist:/);
    expect(() => visitorPartition(0)).toThrow();
    expect(() => visitorPartition(1.5)).toThrow();
  });
});

describe('afterVisitEnded', () => {
  it('opens a new window after each visit, and restarts the app after many in the kiosk session', () => {
    expect(afterVisitEnded(1, true)).toBe('new-window');
    expect(afterVisitEnded(RESTART_AFTER_VISITS, true)).toBe('restart-app');
    // Outside the kiosk session nobody would start the shell again.
    expect(afterVisitEnded(RESTART_AFTER_VISITS, false)).toBe('new-window');
  });
});

describe('hostActionPlan', () => {
  it('in the kiosk session, exits and lets the session act on the exit status', () => {
    expect(hostActionPlan('restart', true)).toEqual({ kind: 'exit', code: RESTART_EXIT_CODE });
    expect(hostActionPlan('leaveKiosk', true)).toEqual({ kind: 'exit', code: LEAVE_KIOSK_EXIT_CODE });
  });
  it('shows a window of the new mode when the hub changes it, wherever it runs', () => {
    expect(hostActionPlan('modeChanged', true)).toEqual({ kind: 'new-window' });
    expect(hostActionPlan('modeChanged', false)).toEqual({ kind: 'new-window' });
  });
  it('elsewhere, relaunches itself or shows the home-mode window', () => {
    expect(hostActionPlan('restart', false)).toEqual({ kind: 'relaunch' });
    expect(hostActionPlan('leaveKiosk', false)).toEqual({ kind: 'new-window' });
  });
});
