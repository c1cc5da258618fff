/**
 * Who is on duty: a helper who switched "on duty" in the console AND has the console open (a live
 * feed connected). Closing the browser takes a helper off duty by itself, so a forgotten switch
 * never tells a beneficiary that someone is there when nobody is. In memory, for one hub instance
 * (several instances on PostgreSQL share it: server/cluster/pg-presence.ts).
 */
import type { PresenceEntry } from '../app/protocol/hub.ts';
import type { EventBus } from './events.ts';
import type { Account } from './store/index.ts';

interface Tracked {
  associationId: string;
  firstName: string;
  connections: number;
  dutyFlag: boolean;
  /** When the helper became effectively on duty, or null while not. */
  since: string | null;
}

/** What the feeds and routes need of presence; with several instances, server/cluster/pg-presence.ts shares it. */
export interface PresenceTracker {
  /** A console feed opened for this account; returns the function to call when it closes. */
  connect(account: Account): () => void;
  /** The helper switched on or off duty (already saved in the store). */
  setDuty(account: Account, onDuty: boolean): void;
  /** The account was disabled or renamed. */
  update(account: Account): void;
  onDuty(associationId: string): PresenceEntry[];
  count(associationId: string): number;
}

export class Presence implements PresenceTracker {
  private readonly accounts = new Map<string, Tracked>();

  constructor(
    private readonly bus: EventBus,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A console feed opened for this account; returns the function to call when it closes. */
  connect(account: Account): () => void {
    const t = this.track(account);
    t.dutyFlag = account.onDuty;
    t.connections += 1;
    this.refresh(account.id);
    let open = true;
    return () => {
      if (!open) return;
      open = false;
      t.connections -= 1;
      this.refresh(account.id);
    };
  }

  /** The helper switched on or off duty (already saved in the store). */
  setDuty(account: Account, onDuty: boolean): void {
    this.track(account).dutyFlag = onDuty;
    this.refresh(account.id);
  }

  /** The account was disabled or renamed: forget what we knew and reload on next connect. */
  update(account: Account): void {
    const t = this.accounts.get(account.id);
    if (!t) return;
    t.firstName = account.firstName;
    if (account.disabled) t.dutyFlag = false;
    this.refresh(account.id, true);
  }

  onDuty(associationId: string): PresenceEntry[] {
    const list: PresenceEntry[] = [];
    for (const [id, t] of this.accounts) {
      if (t.associationId === associationId && t.since) list.push({ id, firstName: t.firstName, since: t.since });
    }
    return list.sort((a, b) => a.since.localeCompare(b.since) || a.id.localeCompare(b.id));
  }

  count(associationId: string): number {
    return this.onDuty(associationId).length;
  }

  private track(account: Account): Tracked {
    let t = this.accounts.get(account.id);
    if (!t) {
      t = { associationId: account.associationId, firstName: account.firstName, connections: 0, dutyFlag: false, since: null };
      this.accounts.set(account.id, t);
    }
    return t;
  }

  private refresh(accountId: string, force = false): void {
    const t = this.accounts.get(accountId);
    if (!t) return;
    const effective = t.dutyFlag && t.connections > 0;
    const changed = effective !== (t.since !== null);
    if (changed) t.since = effective ? this.now().toISOString() : null;
    if (t.connections === 0 && !t.dutyFlag) this.accounts.delete(accountId);
    if (changed || (force && effective)) this.bus.publish('presence.changed', { associationId: t.associationId, onDuty: this.onDuty(t.associationId) });
  }
}
