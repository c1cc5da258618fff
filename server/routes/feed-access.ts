/**
 * A live feed lives only as long as what opened it: a console session or a machine token. When that
 * stops being valid — logout, account disabled, password changed or reset, session expired, machine
 * token replaced by a new enrolment or retired — the feed closes at once with FEED_REVOKED and the
 * reason, instead of going on pushing phone numbers to whoever holds the socket.
 *
 * Three ways to notice: the `access.revoked` event (this hub or, with a shared bus, another one);
 * the credential's own expiry (a timer); and a periodic re-check against the store, for changes made
 * behind the hub's back (`npm run hub -- reset-password` in another process).
 */
import type { WebSocket } from 'ws';
import { FEED_REVOKED, type FeedRevocation } from '../../app/protocol/hub.ts';
import type { EventBus, Revocation } from '../events.ts';

/** How often an open feed re-checks its session or token against the store (default). */
export const FEED_RECHECK_MS = 30_000;

export interface FeedAccess {
  /** Does this revocation end the feed? */
  matches(revocation: Revocation): boolean;
  /** The reason the credential is no longer valid, or null while it is. */
  recheck(): Promise<FeedRevocation | null>;
  /** When the credential expires by itself (a console session), ISO. */
  expiresAt?: string | null;
}

export interface FeedAccessOptions {
  bus: EventBus;
  now: () => Date;
  recheckMs: number;
}

/** Watches the feed's access until the socket closes; returns the function that stops watching. */
export function closeWhenRevoked(socket: WebSocket, access: FeedAccess, opts: FeedAccessOptions): () => void {
  const close = (reason: FeedRevocation) => {
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(FEED_REVOKED, reason);
  };
  const off = opts.bus.subscribe('access.revoked', (revocation) => {
    if (access.matches(revocation)) close(revocation.reason);
  });
  const timers: NodeJS.Timeout[] = [];
  if (access.expiresAt) {
    // setTimeout takes at most 2^31-1 ms (24.8 days); a session is 12 hours.
    const delay = Math.min(Math.max(0, Date.parse(access.expiresAt) - opts.now().getTime()), 2 ** 31 - 1);
    timers.push(setTimeout(() => close('session_expired'), delay));
  }
  if (opts.recheckMs > 0) {
    const interval = setInterval(() => {
      void access.recheck().then(
        (reason) => reason && close(reason),
        () => undefined, // a store hiccup is not a revocation: try again next time
      );
    }, opts.recheckMs);
    timers.push(interval);
  }
  for (const t of timers) t.unref();
  return () => {
    off();
    for (const t of timers) clearTimeout(t);
  };
}
