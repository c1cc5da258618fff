/**
 * The bridge's call and event names and channel rule, without the zod schemas: the sandboxed
 * preload is one small CommonJS file and must not drag zod and the domain modules in. The lists are
 * checked against the contract twice: at compile time below (a name missing here is a type error)
 * and in tests/main/electron/bridge-names.test.ts (same order, same channels).
 */
import type { BridgeCallName, BridgeEventName } from '../../app/bridge/contract.ts';

export const preloadCallNames = [
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
] as const satisfies readonly BridgeCallName[];

export const preloadEventNames = ['helpChanged', 'hubReachableChanged', 'helpAvailabilityChanged', 'kioskChanged', 'visitEnded'] as const satisfies readonly BridgeEventName[];

type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : { missing: Exclude<All, Listed> };
const callsComplete: Missing<BridgeCallName, (typeof preloadCallNames)[number]> = true;
const eventsComplete: Missing<BridgeEventName, (typeof preloadEventNames)[number]> = true;
void callsComplete;
void eventsComplete;

/** Same rule as the contract's `ipcChannel` (the test compares them name by name). */
export const preloadChannel = (name: BridgeCallName | BridgeEventName): string => `passerelle:${name}`;

/** What crosses IPC for a call: the value, or an error that is safe to show (no stack). */
export type IpcReply = { ok: true; value: unknown } | { ok: false; error: { code: IpcErrorCode; message: string } };
export type IpcErrorCode = 'bad_input' | 'forbidden' | 'unavailable' | 'internal';
