/**
 * What the help status screen says, as a pure function of the request and of who can answer: which
 * sentence, which of the four stages (sent → seen → someone will call → in a call) are done, which
 * one the person is waiting for, and whether the association's phone number must be shown.
 *
 * The rules the person can trust:
 * - a stage is ticked only once it really happened: "Appel" when a call took place (callHappened),
 *   never at the claim; the stage being waited for is drawn as waiting, never as done;
 * - "seen" never stands beside "nobody is available": with nobody on duty the request reads as sent
 *   (the hub also counts only an on-duty helper's look as seen);
 * - without the hub or without anyone on duty, the phone number is there.
 */
import { callHappened, isOpenHelpState, isUnclaimedHelpState } from '../../../app/help/predicates.ts';
import type { LocalHelpRequest } from '../../../app/bridge/contract.ts';

export const HELP_STAGES = ['sent', 'seen', 'willCall', 'call'] as const;
export type HelpStage = (typeof HELP_STAGES)[number];
/** `done`: it happened. `waiting`: what the person is waiting for now. `later`: not yet. */
export type StageMark = 'done' | 'waiting' | 'later';

/** The sentence shown: kept on the machine, sent, seen, X will call, X is calling, spoke with X, over. */
export type HelpHeadline = 'saved' | 'sent' | 'seen' | 'willCall' | 'calling' | 'called' | 'resolved' | 'cancelled';

export type HelpStatusView = {
  headline: HelpHeadline;
  /**
   * The four stages with their marks while the request is open; null once it is over, and while
   * nobody is available (the phone number takes their place: no "seen" beside "nobody available").
   */
  stages: { stage: HelpStage; mark: StageMark }[] | null;
  /** Nobody is on duty (the hub said so) and nobody holds the request yet. */
  nobodyAvailable: boolean;
  /** The request has not reached the hub yet. */
  notDelivered: boolean;
  /** Show (and say) the association's phone number. */
  showPhone: boolean;
};

export type HelpAvailabilityNow = {
  hubReachable: boolean;
  phone: string | null;
  /** Helpers on duty as the hub last said (null: not known yet). */
  helpersOnDuty: number | null;
};

/** Marks for the stages when `reached` of them happened (the next one is waited for). */
function marks(reached: number): { stage: HelpStage; mark: StageMark }[] {
  return HELP_STAGES.map((stage, i) => ({ stage, mark: i < reached ? 'done' : i === reached ? 'waiting' : 'later' }));
}

export function helpStatusView(request: LocalHelpRequest, now: HelpAvailabilityNow): HelpStatusView {
  const open = isOpenHelpState(request.state);
  const notDelivered = open && !request.delivered;
  const nobodyAvailable = open && request.delivered && isUnclaimedHelpState(request.state) && now.helpersOnDuty === 0;
  const showPhone = now.phone !== null && open && (notDelivered || !now.hubReachable || nobodyAvailable);
  const view = (headline: HelpHeadline, reached: number | null): HelpStatusView => ({
    headline,
    stages: reached === null || nobodyAvailable ? null : marks(reached),
    nobodyAvailable,
    notDelivered,
    showPhone,
  });

  if (request.state === 'resolved') return view('resolved', null);
  if (request.state === 'cancelled') return view('cancelled', null);
  // Kept on the machine: even "sent" is still awaited.
  if (notDelivered) return view('saved', 0);
  switch (request.state) {
    case 'new':
      return view('sent', 1);
    case 'seen':
      // Seen by someone who is no longer there says nothing true: it is sent, and waits.
      return nobodyAvailable ? view('sent', 1) : view('seen', 2);
    case 'claimed':
      return callHappened(request) ? view('called', 4) : view('willCall', 3);
    case 'calling_back':
      // The helper said they are phoning now: the call is what the person waits for, not yet ticked.
      return callHappened(request) ? view('called', 4) : view('calling', 3);
  }
}
