/**
 * How a help request ended, said by the helper who resolves it (issue 11): solved on the phone, with
 * the shared screen, the person came in, or nobody answered. The hub journals it with the
 * resolution; the console's "Résolues (7 jours)" view shows it.
 *
 * A resolution can be undone for RESOLVE_UNDO_MS by the helper who made it (or staff): a mis-click
 * must not close a person's request for good. The hub allows a little more (UNDO_GRACE_MS) so that an
 * undo pressed at 9.9 s and carried over a slow network still counts.
 */
import { z } from 'zod';

export const HelpOutcome = z.enum(['phone', 'screen', 'came_in', 'no_answer']);
export type HelpOutcome = z.infer<typeof HelpOutcome>;

export const RESOLVE_UNDO_MS = 10_000;
export const UNDO_GRACE_MS = 5_000;

/** May a resolution made at `resolvedAt` still be undone at `now`? */
export function canUndoResolution(resolvedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(resolvedAt) <= RESOLVE_UNDO_MS + UNDO_GRACE_MS;
}

/** How many days back the console's "resolved" view may look (default and most). */
export const RESOLVED_VIEW_DAYS = 7;
export const RESOLVED_VIEW_MAX_DAYS = 31;
