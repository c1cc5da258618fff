/**
 * After the page crashes, the shell reloads the home screen so the beneficiary sees pictures again,
 * not a grey window. A page that crashes again and again is not reloaded forever: past the limit
 * the main process exits and the session's restart loop starts the whole shell afresh.
 */

/** Three crashes in one minute: one bad moment is tolerated, a loop is not. */
export const CRASH_LIMIT = 3;
export const CRASH_WINDOW_MS = 60_000;

export type CrashAction = 'ignore' | 'reload-home' | 'restart-app';

/** `recentCrashes` are the times (ms) of earlier crashes; returns the action and the list to keep. */
export function afterRendererGone(reason: string, now: number, recentCrashes: readonly number[]): { action: CrashAction; recentCrashes: number[] } {
  // 'clean-exit' is the page closing normally (the window is going away): nothing to recover.
  if (reason === 'clean-exit') return { action: 'ignore', recentCrashes: [...recentCrashes] };
  const kept = [...recentCrashes.filter((t) => now - t < CRASH_WINDOW_MS), now];
  return { action: kept.length > CRASH_LIMIT ? 'restart-app' : 'reload-home', recentCrashes: kept };
}
