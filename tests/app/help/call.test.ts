import { describe, expect, it } from 'vitest';
import { CallEndReason, callDidNotHappen, callHappened, formatCallEnd, parseCallEnd } from '../../../app/help/call.ts';

describe('live calls on a help request', () => {
  it('says a call happened only once the person answered', () => {
    expect(callHappened({ calledAt: null })).toBe(false);
    expect(callHappened({})).toBe(false);
    expect(callHappened({ calledAt: '2026-11-30T10:00:00.000Z' })).toBe(true);
  });

  it('writes the end of a call as duration and reason, and reads it back', () => {
    for (const reason of CallEndReason.options) {
      expect(parseCallEnd(formatCallEnd(95.4, reason))).toEqual({ seconds: 95, reason });
    }
    expect(formatCallEnd(-3, 'failed')).toBe('0 s · failed');
    expect(parseCallEnd(null)).toBeNull();
    expect(parseCallEnd('12 s')).toBeNull();
    expect(parseCallEnd('12 s · exploded')).toBeNull();
  });

  it('offers the phone number exactly when the call could not take place', () => {
    const offered = CallEndReason.options.filter(callDidNotHappen);
    expect(offered.sort()).toEqual(['busy', 'declined', 'failed', 'microphone_refused', 'no_answer', 'no_microphone', 'offline']);
  });
});
