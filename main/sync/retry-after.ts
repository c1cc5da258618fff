/**
 * The hub's `Retry-After` on a 429 (too many requests) or a 503 (overloaded, in maintenance): how
 * long to wait before sending again. RFC 9110 §10.2.3 allows a number of seconds or an HTTP-date.
 * The wait is bounded: a wrong or hostile header cannot hold a help request back for hours.
 */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/** Statuses whose Retry-After the outbox honours. */
export const RETRY_AFTER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Milliseconds to wait (0 when the header is absent, unreadable or in the past), at most MAX_RETRY_AFTER_MS. */
export function retryAfterMs(header: string | null, now: number): number {
  if (header === null) return 0;
  const value = header.trim();
  let ms: number;
  if (/^\d+$/.test(value)) ms = Number(value) * 1000;
  else {
    // An HTTP-date (IMF-fixdate, or the obsolete RFC 850 and asctime forms Date.parse also reads).
    const at = /[a-z]/i.test(value) ? Date.parse(value) : NaN;
    if (!Number.isFinite(at)) return 0;
    ms = at - now;
  }
  return Number.isFinite(ms) && ms > 0 ? Math.min(ms, MAX_RETRY_AFTER_MS) : 0;
}
