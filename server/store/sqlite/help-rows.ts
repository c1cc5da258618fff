/**
 * The help area's state changes, shared by the SQLite and PostgreSQL stores (the request and journal
 * rows are in rows.ts): only the SQL around them and the locking differ.
 */
import { isOpenHelpState, nextHelpState, type HelpAction, type HelpState } from '../../../app/help/states.ts';

/**
 * What one action does to a request: its next state, who holds it then, when it closed (null while
 * open). Null when the action is not allowed from the request's state.
 */
export function planTransition(
  row: { state: HelpState; claimed_by: string | null },
  action: HelpAction,
  actor: string,
  newHolder: { id: string } | undefined,
  now: string,
): { to: HelpState; claimedBy: string | null; closedAt: string | null } | null {
  const to = nextHelpState(row.state, action);
  if (!to) return null;
  const accountId = actor.startsWith('account:') ? actor.slice('account:'.length) : null;
  let claimedBy = row.claimed_by;
  if (action === 'claim') claimedBy = accountId;
  if (action === 'release') claimedBy = null;
  if (action === 'handover' && newHolder) claimedBy = newHolder.id;
  // An undone resolution goes back to whoever held it, else to the helper who undid it.
  if (action === 'reopen') claimedBy = row.claimed_by ?? accountId;
  return { to, claimedBy, closedAt: isOpenHelpState(to) ? null : now };
}
