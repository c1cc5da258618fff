/** The kiosk card's lock schedule, decided once for both stores (server/store/visitors.ts). */
import { describe, expect, it } from 'vitest';
import { CARD_FAILURES_BEFORE_LOCK, CARD_LOCK_MAX_MINUTES, cardLockRefusal, wrongCardCode } from '../../server/store/visitors.ts';

describe('wrong card codes on one kiosk', () => {
  it('counts down the tries left, then locks for 5 minutes, then twice as long each time, never over a day', () => {
    expect(CARD_FAILURES_BEFORE_LOCK).toBe(5);
    expect([1, 2, 3, 4].map((n) => wrongCardCode(n).refusal)).toEqual([4, 3, 2, 1].map((attemptsLeft) => ({ ok: false, reason: 'wrong', attemptsLeft })));
    expect(wrongCardCode(5)).toEqual({ lockMinutes: 5, refusal: { ok: false, reason: 'locked', retryAfterSeconds: 300 } });
    expect(wrongCardCode(6).refusal).toEqual({ ok: false, reason: 'wrong', attemptsLeft: 4 });
    expect([10, 15, 20].map((n) => wrongCardCode(n).lockMinutes)).toEqual([10, 20, 40]);
    expect(wrongCardCode(5 * 40).lockMinutes).toBe(CARD_LOCK_MAX_MINUTES);
  });

  it('a lock still running refuses with the seconds left, rounded up; one that has run out does not', () => {
    const now = '2026-11-30T20:00:00.000Z';
    expect(cardLockRefusal(null, now)).toBeNull();
    expect(cardLockRefusal('2026-11-30T19:59:59.000Z', now)).toBeNull();
    expect(cardLockRefusal(now, now)).toBeNull();
    expect(cardLockRefusal('2026-11-30T20:00:00.200Z', now)).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 1 });
    expect(cardLockRefusal('2026-11-30T20:04:59.500Z', now)).toEqual({ ok: false, reason: 'locked', retryAfterSeconds: 300 });
  });
});
