/**
 * How views of help requests make the console's queue: its order, and which version of a request wins
 * when two arrive out of order.
 */
import { isOpenHelpState, isUnclaimedHelpState } from '../../../../app/help/states.ts';
import type { HelpRequestView } from '../../../../app/protocol/hub.ts';

/** Escalated requests first (oldest escalation first), then oldest first. */
export function sortQueue(queue: HelpRequestView[]): HelpRequestView[] {
  return [...queue].sort(
    (a, b) =>
      Number(b.escalatedAt !== null && isUnheld(b)) - Number(a.escalatedAt !== null && isUnheld(a)) ||
      a.receivedAt.localeCompare(b.receivedAt) ||
      a.id.localeCompare(b.id),
  );
}

export const isUnheld = (r: HelpRequestView) => isUnclaimedHelpState(r.state);

/**
 * The newest version of each request this console has seen, by `updatedAt` (which only grows on the
 * hub, by at least a millisecond per change). Views reach the console by two roads — the feed, and the
 * answer to the helper's own action — and on a busy hub (or two hub instances behind a proxy) an older
 * one can arrive after a newer one: a "seen" answer after the feed said the person cancelled. Kept for
 * closed requests too, so a late view never brings a closed request back.
 */
export type Versions = Map<string, string>;

/** The queue with `request` applied, unless a newer version of it was already applied. */
export function applyUpsert(queue: HelpRequestView[], request: HelpRequestView, versions: Versions): HelpRequestView[] {
  const newest = versions.get(request.id);
  if (newest !== undefined && request.updatedAt < newest) return queue;
  versions.set(request.id, request.updatedAt);
  const others = queue.filter((r) => r.id !== request.id);
  return isOpenHelpState(request.state) ? sortQueue([...others, request]) : others;
}

/**
 * The queue a hello gives (a fresh snapshot of the open requests), except where this console already
 * holds a newer version of one of them (an action's answer that overtook the snapshot).
 */
export function applyHello(queue: HelpRequestView[], hello: HelpRequestView[], versions: Versions): HelpRequestView[] {
  const held = new Map(queue.map((r) => [r.id, r]));
  const merged: HelpRequestView[] = [];
  for (const r of hello) {
    const newest = versions.get(r.id);
    if (newest !== undefined && r.updatedAt < newest) {
      const mine = held.get(r.id);
      if (mine) merged.push(mine); // still open in the newer version this console holds
      continue; // else closed in the newer version: stays closed
    }
    versions.set(r.id, r.updatedAt);
    merged.push(r);
  }
  return sortQueue(merged);
}
