/**
 * Live calls on a help request (issue 11), as the journal and the help status see them.
 *
 * A helper who holds a request can call the person from the console (WebRTC audio), ask to see their
 * screen and point at it. The hub journals each milestone on the request without changing its state;
 * the first time the person answers, the request gets `calledAt`: that is what "a call happened"
 * means, for the console's card and for the shell's help status ("Appel" ticked), whatever the state.
 */
import { z } from 'zod';

/** Why a call ended, said to the helper (with the phone number when the call could not happen). */
export const CallEndReason = z.enum([
  /** The helper hung up. */
  'hangup_helper',
  /** The person hung up. */
  'hangup_person',
  /** The person pressed "Plus tard" while it rang. */
  'declined',
  /** Nobody answered before the ringing stopped. */
  'no_answer',
  /** The computer has no microphone. */
  'no_microphone',
  /** The computer refused the microphone (a permission said no). */
  'microphone_refused',
  /** The connection could not be made or was lost. */
  'failed',
  /** The computer is not connected to the hub (or did not ring). */
  'offline',
  /** The computer is already in another call. */
  'busy',
  /** The request was resolved or cancelled. */
  'closed',
  /** The request went to another helper, or back to the queue. */
  'holder_changed',
  /** The helper's console went away (signed out, account disabled, page closed). */
  'helper_gone',
]);
export type CallEndReason = z.infer<typeof CallEndReason>;

/** Reasons for which the console offers the person's phone number: the call did not happen. */
export function callDidNotHappen(reason: CallEndReason): boolean {
  return ['declined', 'no_answer', 'no_microphone', 'microphone_refused', 'failed', 'offline', 'busy'].includes(reason);
}

/** The journal's actions for calls and screen sharing (none of them changes the request's state). */
export const CallJournalAction = z.enum(['call_start', 'call_answer', 'call_end', 'screen_consent', 'screen_refuse', 'screen_stop']);
export type CallJournalAction = z.infer<typeof CallJournalAction>;

export { callHappened } from './predicates.ts';

/** The journal detail of `call_end`: how long the call lasted (0 when never answered) and why it ended. */
export function formatCallEnd(seconds: number, reason: CallEndReason): string {
  return `${Math.max(0, Math.round(seconds))} s · ${reason}`;
}

/** Reads back what `formatCallEnd` wrote, or null for anything else. */
export function parseCallEnd(detail: string | null): { seconds: number; reason: CallEndReason } | null {
  const match = /^(\d+) s · ([a-z_]+)$/.exec(detail ?? '');
  if (!match) return null;
  const reason = CallEndReason.safeParse(match[2]);
  return reason.success ? { seconds: Number(match[1]), reason: reason.data } : null;
}
