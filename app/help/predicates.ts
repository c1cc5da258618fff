/**
 * What a help request's state means, in one place: zod-free, so that the shell's first script can
 * use it without shipping zod (states.ts holds the schema and re-exports these; the compiler keeps
 * the two lists of states the same).
 */
export type HelpStateName = 'new' | 'seen' | 'claimed' | 'calling_back' | 'resolved' | 'cancelled';

export function isOpenHelpState(state: HelpStateName): boolean {
  return state !== 'resolved' && state !== 'cancelled';
}

/** A helper holds it (claimed, or calling back): only they (or staff) act on it, and only they may call. */
export function isHeldHelpState(state: HelpStateName): boolean {
  return state === 'claimed' || state === 'calling_back';
}

/** Open and nobody holds it yet: what escalation watches. */
export function isUnclaimedHelpState(state: HelpStateName): boolean {
  return state === 'new' || state === 'seen';
}

/** Did a call happen on this request (the person answered at least once)? */
export function callHappened(request: { calledAt?: string | null }): boolean {
  return typeof request.calledAt === 'string';
}
