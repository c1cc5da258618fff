import { describe, expect, it } from 'vitest';
import { HelpAction, HelpState, isOpenHelpState, nextHelpState } from '../../../app/help/states.ts';

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

  it('refuses a second claim and any move out of a closed state', () => {
    expect(nextHelpState('claimed', 'claim')).toBeNull();
    for (const closed of ['resolved', 'cancelled'] as const) {
      for (const action of HelpAction.options) expect(nextHelpState(closed, action)).toBeNull();
      expect(isOpenHelpState(closed)).toBe(false);
    }
  });

  it('allows cancelling from every open state', () => {
    for (const state of HelpState.options.filter(isOpenHelpState)) expect(nextHelpState(state, 'cancel')).toBe('cancelled');
  });
});
