/**
 * Live-call signalling (issue 11): what the console, the hub and the shell say to each other on the
 * live feeds they already have (the console feed and the machine feed). Audio and the shared screen
 * go peer to peer over WebRTC, relayed by coturn when needed; only these messages cross the hub.
 *
 *   console ──call.start──▶ hub ──call.ring──▶ shell        (the hub checks that the helper holds the request)
 *   console ◀─call.ready──  hub                             (with the helper's ICE servers)
 *   console ◀─call.ringing─ hub ◀─call.ringing─ shell       (the person sees and hears it ring)
 *   console ──call.signal─▶ hub ──call.signal─▶ shell       (offer, answer and candidates, both ways)
 *   console ◀─call.answered hub ◀─call.answer── shell       (the person pressed Répondre)
 *   console ──screen.ask──▶ hub ──screen.ask──▶ shell       (asked aloud; consent or refusal comes back)
 *   console ──pointer─────▶ hub ──pointer─────▶ shell       (a ring where the helper clicked)
 *   either side hangs up; resolution, handover, release or the helper's revocation ends the call.
 */
import { z } from 'zod';
import { CallEndReason } from '../help/call.ts';
import { Uuid } from './common.ts';
import { HelperPublic } from './hub.ts';

// ---- WebRTC pieces ------------------------------------------------------------------------------
/** An SDP offer or answer. Chromium's audio + screen offers are a few kilobytes. */
export const SessionDescription = z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(24_000) }).strict();
/** An ICE candidate as RTCIceCandidate.toJSON() gives it; null marks the end of candidates. */
export const IceCandidate = z
  .object({
    candidate: z.string().max(1000),
    sdpMid: z.string().max(64).nullable().optional(),
    sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
    usernameFragment: z.string().max(256).nullable().optional(),
  })
  .strict();
export const CallSignal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('description'), description: SessionDescription }).strict(),
  z.object({ kind: z.literal('candidate'), candidate: IceCandidate.nullable() }).strict(),
]);
export type CallSignal = z.infer<typeof CallSignal>;

/** One STUN or TURN server as RTCPeerConnection takes it (TURN with time-limited REST credentials). */
export const IceServer = z
  .object({
    urls: z.array(z.string().regex(/^(?:stun|turn|turns):[^\s]{1,200}$/, 'a stun:, turn: or turns: URL')).min(1).max(4),
    username: z.string().max(200).optional(),
    credential: z.string().max(200).optional(),
  })
  .strict();
/** What a peer needs to connect: the servers, and whether it must go through the relay only. */
export const IceConfig = z.object({ iceServers: z.array(IceServer).max(4), iceTransportPolicy: z.enum(['all', 'relay']) }).strict();
export type IceConfig = z.infer<typeof IceConfig>;

/** A point on the shared picture, normalised to it: (0, 0) its top-left corner, (1, 1) its bottom-right. */
const Unit = z.number().min(0).max(1);
/** What the person shares: this tab (web host), the shell's window (kiosk) or the whole screen (home loan). */
export const SharedSurface = z.enum(['browser', 'window', 'monitor']);
export type SharedSurface = z.infer<typeof SharedSurface>;

const CallId = Uuid;

// ---- console → hub --------------------------------------------------------------------------------
export const ConsoleCallMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call.start'), requestId: Uuid }).strict(),
  z.object({ type: z.literal('call.signal'), callId: CallId, signal: CallSignal }).strict(),
  z.object({ type: z.literal('call.hangup'), callId: CallId }).strict(),
  z.object({ type: z.literal('screen.ask'), callId: CallId }).strict(),
  z.object({ type: z.literal('screen.stop'), callId: CallId }).strict(),
  z.object({ type: z.literal('pointer'), callId: CallId, x: Unit, y: Unit }).strict(),
]);
export type ConsoleCallMessage = z.infer<typeof ConsoleCallMessage>;

/** Why the hub would not start a call. */
export const CallRefusal = z.enum(['not_found', 'not_holder', 'closed', 'in_call']);
export type CallRefusal = z.infer<typeof CallRefusal>;

// ---- hub → console --------------------------------------------------------------------------------
export const ConsoleCallEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call.ready'), requestId: Uuid, callId: CallId, ice: IceConfig }),
  z.object({ type: z.literal('call.refused'), requestId: Uuid, reason: CallRefusal, holder: z.string().optional() }),
  z.object({ type: z.literal('call.ringing'), callId: CallId }),
  z.object({ type: z.literal('call.answered'), callId: CallId }),
  z.object({ type: z.literal('call.signal'), callId: CallId, signal: CallSignal }),
  z.object({ type: z.literal('call.ended'), callId: CallId, reason: CallEndReason }),
  z.object({ type: z.literal('screen.answer'), callId: CallId, consent: z.boolean(), surface: SharedSurface.optional(), failed: z.boolean().optional() }),
  z.object({ type: z.literal('screen.stopped'), callId: CallId }),
  /** A message the hub could not accept: what was wrong and what is accepted. */
  z.object({ type: z.literal('call.error'), code: z.string(), message: z.string() }),
]);
export type ConsoleCallEvent = z.infer<typeof ConsoleCallEvent>;

// ---- shell → hub ------------------------------------------------------------------------------------
/** How the person's side can end a call. */
export const PersonEndReason = CallEndReason.extract(['hangup_person', 'declined', 'no_answer', 'no_microphone', 'microphone_refused', 'failed', 'busy']);
export type PersonEndReason = z.infer<typeof PersonEndReason>;

export const MachineCallMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call.ringing'), callId: CallId }).strict(),
  z.object({ type: z.literal('call.answer'), callId: CallId }).strict(),
  z.object({ type: z.literal('call.signal'), callId: CallId, signal: CallSignal }).strict(),
  z.object({ type: z.literal('call.hangup'), callId: CallId, reason: PersonEndReason }).strict(),
  /** Yes (with what is shared) or no; `failed`: the person said yes but the screen could not be captured. */
  z.object({ type: z.literal('screen.answer'), callId: CallId, consent: z.boolean(), surface: SharedSurface.optional(), failed: z.boolean().optional() }).strict(),
  z.object({ type: z.literal('screen.stop'), callId: CallId }).strict(),
]);
export type MachineCallMessage = z.infer<typeof MachineCallMessage>;

// ---- hub → shell ------------------------------------------------------------------------------------
export const MachineCallEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call.ring'), callId: CallId, requestId: Uuid, helper: HelperPublic, ice: IceConfig }),
  z.object({ type: z.literal('call.signal'), callId: CallId, signal: CallSignal }),
  z.object({ type: z.literal('call.ended'), callId: CallId, reason: CallEndReason }),
  z.object({ type: z.literal('screen.ask'), callId: CallId }),
  z.object({ type: z.literal('screen.stop'), callId: CallId }),
  z.object({ type: z.literal('pointer'), callId: CallId, x: Unit, y: Unit }),
  z.object({ type: z.literal('call.error'), code: z.string(), message: z.string() }),
]);
export type MachineCallEvent = z.infer<typeof MachineCallEvent>;

/** Turns a zod failure on a feed message into the sentence sent back: what was wrong, what is accepted. */
export function describeBadCallMessage(accepted: readonly string[], issues: string): string {
  return `This feed message was refused (${issues}). Accepted: JSON objects whose type is one of ${accepted.join(', ')}, with the fields of app/protocol/call.ts.`;
}
