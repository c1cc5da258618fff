/**
 * The help area's state changes, shared by the SQLite and PostgreSQL stores (the request and journal
 * rows are in rows.ts): only the SQL around them and the locking differ.
 */
import { HOLDER_ACTIONS, isHeldHelpState, isOpenHelpState, nextHelpState, type HelpAction, type HelpState } from '../../../app/help/states.ts';
import { hasRole } from '../../../app/protocol/hub.ts';
import type { ActionResult, HelpActor } from '../help.ts';

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

/**
 * Who may act on a request, before anything is read or written: 'unchanged' when the action changes
 * nothing and is answered with the request as it is (seeing a seen request, claiming one's own claim
 * again); a refusal; or null to go on.
 */
export function gateAction(
  row: { association_id: string; state: HelpState; claimed_by: string | null; claimer_first_name: string | null },
  actor: HelpActor,
  action: HelpAction,
): 'unchanged' | (ActionResult & { ok: false }) | null {
  if (row.association_id !== actor.associationId) return { ok: false, reason: 'not_found' };
  const held = row.claimed_by !== null && isHeldHelpState(row.state);
  // Seeing is idempotent: every console that shows the request may say so.
  if (action === 'see' && row.state !== 'new' && isOpenHelpState(row.state)) return 'unchanged';
  if (action === 'claim' && held) {
    if (row.claimed_by === actor.accountId) return 'unchanged'; // a double click
    return { ok: false, reason: 'already_claimed', claimedBy: row.claimer_first_name ?? '?' };
  }
  if (held && HOLDER_ACTIONS.includes(action) && row.claimed_by !== actor.accountId && !hasRole(actor.role, 'staff')) {
    return { ok: false, reason: 'not_holder', claimedBy: row.claimer_first_name ?? '?' };
  }
  return null;
}
