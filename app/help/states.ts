import { z } from 'zod';
import type { HelpStateName } from './predicates.ts';

/**
 * The life of a help request. Owned by the hub; the shell mirrors it.
 * new → seen → claimed → calling_back → resolved, with cancel from any open state,
 * a helper able to hand a claimed request back (release → seen) or over to another helper
 * (handover → claimed, by someone else). Notes and escalation are journaled but change no state.
 * A resolution can be undone for a few seconds (reopen → claimed; app/help/outcome.ts).
 */
export const HelpState = z.enum(['new', 'seen', 'claimed', 'calling_back', 'resolved', 'cancelled']);
export type HelpState = z.infer<typeof HelpState>;

export const HelpAction = z.enum(['see', 'claim', 'call', 'resolve', 'cancel', 'release', 'handover', 'reopen']);
export type HelpAction = z.infer<typeof HelpAction>;

const transitions: Record<HelpAction, Partial<Record<HelpState, HelpState>>> = {
  see: { new: 'seen' },
  claim: { new: 'claimed', seen: 'claimed' },
  call: { claimed: 'calling_back' },
  resolve: { claimed: 'resolved', calling_back: 'resolved', seen: 'resolved', new: 'resolved' },
  cancel: { new: 'cancelled', seen: 'cancelled', claimed: 'cancelled', calling_back: 'cancelled' },
  release: { claimed: 'seen', calling_back: 'seen' },
  handover: { claimed: 'claimed', calling_back: 'claimed' },
  // Undoing a resolution (only just made: the hub checks the time and who resolved it).
  reopen: { resolved: 'claimed' },
};

/** Actions that only the helper holding the request (or staff) may take once it is claimed. */
export const HOLDER_ACTIONS: readonly HelpAction[] = ['call', 'release', 'handover', 'resolve'];

/** The state after `action`, or null when the action is not allowed from `state`. */
export function nextHelpState(state: HelpState, action: HelpAction): HelpState | null {
  return transitions[action][state] ?? null;
}

// The predicates live zod-free in predicates.ts (the shell's first script uses them); the same states here and there.
export { isHeldHelpState, isOpenHelpState, isUnclaimedHelpState } from './predicates.ts';
const sameStates: [HelpState, HelpStateName] extends [HelpStateName, HelpState] ? true : never = true;
void sameStates;
