import { describe, expect, it } from 'vitest';
import { HelpAction, HelpState, HOLDER_ACTIONS, isOpenHelpState, isUnclaimedHelpState, nextHelpState } from '../../../app/help/states.ts';

describe('help request states', () => {
  it('follows the normal path new → seen → claimed → calling back → resolved', () => {
    let state: HelpState = 'new';
    for (const [action, expected] of [
      ['see', 'seen'],
      ['claim', 'claimed'],
      ['call', 'calling_back'],
      ['resolve', 'resolved'],
    ] as const) {
      state = nextHelpState(state, action)!;
      expect(state).toBe(expected);
    }
  });

  it('lets a helper hand a claimed request back', () => {
    expect(nextHelpState('claimed', 'release')).toBe('seen');
  });

  it('refuses a second claim and any move out of a closed state but undoing a resolution (the hub checks who and when)', () => {
    expect(nextHelpState('claimed', 'claim')).toBeNull();
    for (const closed of ['resolved', 'cancelled'] as const) {
      for (const action of HelpAction.options.filter((a) => !(closed === 'resolved' && a === 'reopen'))) expect(nextHelpState(closed, action)).toBeNull();
      expect(isOpenHelpState(closed)).toBe(false);
    }
    expect(nextHelpState('resolved', 'reopen')).toBe('claimed');
    expect(nextHelpState('cancelled', 'reopen')).toBeNull();
  });

  it('hands a held request over (it stays claimed, by someone else) but not an unclaimed one', () => {
    expect(nextHelpState('claimed', 'handover')).toBe('claimed');
    expect(nextHelpState('calling_back', 'handover')).toBe('claimed');
    expect(nextHelpState('new', 'handover')).toBeNull();
    expect(nextHelpState('seen', 'handover')).toBeNull();
  });

  it('reserves calling, handing back or over and resolving to the holder once claimed, and escalates only unclaimed requests', () => {
    expect([...HOLDER_ACTIONS].sort()).toEqual(['call', 'handover', 'release', 'resolve']);
    expect(HelpState.options.filter(isUnclaimedHelpState)).toEqual(['new', 'seen']);
  });

  it('has an answer for every state × action pair (the whole table, written out)', () => {
    const table = Object.fromEntries(HelpState.options.map((s) => [s, Object.fromEntries(HelpAction.options.map((a) => [a, nextHelpState(s, a)]))]));
    expect(table).toEqual({
      new: { see: 'seen', claim: 'claimed', call: null, resolve: 'resolved', cancel: 'cancelled', release: null, handover: null, reopen: null },
      seen: { see: null, claim: 'claimed', call: null, resolve: 'resolved', cancel: 'cancelled', release: null, handover: null, reopen: null },
      claimed: { see: null, claim: null, call: 'calling_back', resolve: 'resolved', cancel: 'cancelled', release: 'seen', handover: 'claimed', reopen: null },
      calling_back: { see: null, claim: null, call: null, resolve: 'resolved', cancel: 'cancelled', release: 'seen', handover: 'claimed', reopen: null },
      resolved: { see: null, claim: null, call: null, resolve: null, cancel: null, release: null, handover: null, reopen: 'claimed' },
      cancelled: { see: null, claim: null, call: null, resolve: null, cancel: null, release: null, handover: null, reopen: null },
    });
  });

  it('allows cancelling from every open state', () => {
    for (const state of HelpState.options.filter(isOpenHelpState)) expect(nextHelpState(state, 'cancel')).toBe('cancelled');
  });
});
