/** A new console or operator session, the same in both stores: only its hash is stored, the secret goes to the cookie. */
import type { NewSession } from './accounts.ts';
import { newSecret, sha256 } from './crypto.ts';

export interface SessionDraft {
  /** What the caller gets back (the secret session id, its CSRF token, when it ends). */
  session: NewSession;
  /** The stored key: sha256 of the session id. */
  idHash: string;
  /** Its creation time, also the bound under which older sessions are expired. */
  now: string;
}

/** `clock` is the store's (it moves in tests). */
export function draftSession(clock: { iso(offsetMs?: number): string }, ttlMinutes: number): SessionDraft {
  const sessionId = newSecret();
  return {
    session: { sessionId, csrfToken: newSecret(), expiresAt: clock.iso(ttlMinutes * 60_000) },
    idHash: sha256(sessionId),
    now: clock.iso(),
  };
}
