/**
 * The bridge's names, once: every call the page may make, every event main pushes, the IPC channel
 * rule, and the one shape of an answer for both hosts (Electron's IPC and the web host's socket).
 * No schema here (they are in contract.ts, keyed by these names): the sandboxed preload and the
 * renderer import this file without pulling zod in.
 */
export const bridgeCallNames = [
  'getShellInfo',
  'requestHelp',
  'cancelHelp',
  'getOpenHelpRequests',
  'attachHelpVoice',
  'enrol',
  'listLessons',
  'getLesson',
  'saveLessonProgress',
  'getLessonProgress',
  'getLessonAdaptivity',
  'saveLessonAdaptivity',
  'speak',
  'getUsageConsent',
  'setUsageConsent',
  'getKioskState',
  'startVisit',
  'endVisit',
  'reportActivity',
  'checkStaffPin',
  'staffAction',
  // Issue 12: the person, their next lesson, their consent, their language, a visitor's card.
  'getPerson',
  'getNextLesson',
  'setProgressConsent',
  'setLanguage',
  'resumeWithCard',
  'listLessonFamilies',
  // Issue 11: live help.
  'sendCallMessage',
  'raiseHelp',
  // Issue 13: everyday tiles.
  'getTiles',
  'openTile',
  'listMyFiles',
  'readMyFile',
  'deleteMyFile',
  'sendFileToHelp',
  // Issue 17: the neighbourhood webzine.
  'sendStory',
  'getMyStories',
  'withdrawStory',
  'getJournal',
  'getJournalMedia',
  // Issue 13: a website tile's guarded browser, whichever way the host shows it (Electron view or frame).
  'siteOpen',
  'sitePlace',
  'siteBack',
  'siteZoom',
  'sitePrint',
  'siteListen',
  'siteLeave',
  'siteClose',
] as const;
export type BridgeCallName = (typeof bridgeCallNames)[number];

export const bridgeEventNames = ['helpChanged', 'hubReachableChanged', 'helpAvailabilityChanged', 'kioskChanged', 'visitEnded', 'personChanged', 'callEvent', 'helpRaised', 'tilesChanged', 'siteLeaveAsked', 'siteNavigated', 'siteDownload'] as const;
export type BridgeEventName = (typeof bridgeEventNames)[number];

export function isBridgeCallName(name: unknown): name is BridgeCallName {
  return typeof name === 'string' && (bridgeCallNames as readonly string[]).includes(name);
}
export function isBridgeEventName(name: unknown): name is BridgeEventName {
  return typeof name === 'string' && (bridgeEventNames as readonly string[]).includes(name);
}

/** The IPC channel for a call or an event: one naming rule, one place. */
export const ipcChannel = (name: BridgeCallName | BridgeEventName): string => `passerelle:${name}`;

/**
 * Why a call failed: `bad_input` (the payload was refused; the message says why), `forbidden` (not
 * the shell's own page), `internal` (the shell could not do it; details stay in main's log),
 * `bad_frame` (the web host could not read the message), `disconnected` (the web host's socket
 * closed before the answer).
 */
export type BridgeErrorCode = 'bad_input' | 'forbidden' | 'internal' | 'bad_frame' | 'disconnected';

/** The one answer shape, whichever host: the value, or an error that is safe to show (no stack). */
export type BridgeReply = { ok: true; value: unknown } | { ok: false; error: { code: BridgeErrorCode; message: string } };

/**
 * What a failed call rejects with in the page. Its message starts with the code ("bad_input: …"):
 * Electron's context bridge keeps only an error's message, so the page reads the code from there
 * (bridgeErrorCode) whichever host served it.
 */
export class BridgeCallError extends Error {
  constructor(
    readonly code: BridgeErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

/** The value of a reply, or a BridgeCallError. */
export function unwrapReply(call: string, reply: unknown): unknown {
  const r = reply as BridgeReply | null;
  if (r && r.ok === true) return r.value;
  if (r && r.ok === false && r.error) throw new BridgeCallError(r.error.code, r.error.message);
  throw new BridgeCallError('internal', `no reply to ${call}`);
}

const CODES: readonly BridgeErrorCode[] = ['bad_input', 'forbidden', 'internal', 'bad_frame', 'disconnected'];

/** The code of an error a bridge call rejected with, in either host; null for any other error. */
export function bridgeErrorCode(error: unknown): BridgeErrorCode | null {
  const message = error instanceof Error ? error.message : '';
  const code = message.slice(0, message.indexOf(':'));
  return (CODES as readonly string[]).includes(code) ? (code as BridgeErrorCode) : null;
}
