/**
 * How the Electron host gives each kiosk visitor a fresh browser: every visit's window runs in its
 * own in-memory session partition (no `persist:` prefix: nothing is written to disk), created
 * hardened before the window loads; when the visit ends the window is replaced by one on the next
 * partition and the old partition's storage and cache are cleared. And what the host does when the
 * staff menu asks for a restart or to leave kiosk mode.
 */
import { LEAVE_KIOSK_EXIT_CODE, RESTART_EXIT_CODE } from './kiosk-exit.ts';

/** The partition of the n-th kiosk window since start-up: in memory, never `persist:`. */
export function visitorPartition(windowNumber: number): string {
  if (!Number.isSafeInteger(windowNumber) || windowNumber < 1) throw new Error(`bad window number ${windowNumber}`);
  return `visitor-${windowNumber}`;
}

/**
 * An in-memory partition cannot be destroyed, only emptied: it keeps a little memory until the
 * process exits. Past this many visits the shell exits between two visitors and the kiosk
 * session starts it again, fresh (a day of a busy kiosk is a few dozen visitors).
 */
export const RESTART_AFTER_VISITS = 50;

export type AfterVisit = 'new-window' | 'restart-app';

export function afterVisitEnded(visitsSinceStart: number, underKioskSession: boolean): AfterVisit {
  return underKioskSession && visitsSinceStart >= RESTART_AFTER_VISITS ? 'restart-app' : 'new-window';
}

export type HostPlan = { kind: 'exit'; code: number } | { kind: 'relaunch' } | { kind: 'new-window' };

/**
 * The staff menu's host actions. In the kiosk session its loop starts the shell again, so exiting
 * is enough (75 tells it to open the normal desktop instead); elsewhere the shell relaunches
 * itself, or, for "leave kiosk mode", just shows a home-mode window (the mode is already home).
 */
export function hostActionPlan(action: 'restart' | 'leaveKiosk' | 'modeChanged', underKioskSession: boolean): HostPlan {
  // The hub turned kiosk mode on or off: a window of the new mode (a visitor partition or not).
  if (action === 'modeChanged') return { kind: 'new-window' };
  if (action === 'restart') return underKioskSession ? { kind: 'exit', code: RESTART_EXIT_CODE } : { kind: 'relaunch' };
  return underKioskSession ? { kind: 'exit', code: LEAVE_KIOSK_EXIT_CODE } : { kind: 'new-window' };
}
