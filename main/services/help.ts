/**
 * Help requests on the shell side: stored locally and queued in the outbox in one transaction,
 * so a request the person confirmed is never lost, and mirrored from the hub's status pushes.
 */
import { randomUUID } from 'node:crypto';
import type { LocalHelpRequest } from '../../app/bridge/contract.ts';
import { isOpenHelpState, HelpState } from '../../app/help/states.ts';
import type { HelpContext, HelpRequestSubmit, HelpStatus } from '../../app/protocol/hub.ts';
import type { Outbox } from '../outbox/outbox.ts';
import type { ShellDb } from '../store/db.ts';

type Row = { id: string; state: string; delivered: number; created_at: string; helper_first_name: string | null };

const toLocal = (row: Row): LocalHelpRequest => ({
  id: row.id,
  state: HelpState.parse(row.state),
  delivered: row.delivered === 1,
  createdAt: row.created_at,
  helperFirstName: row.helper_first_name,
});

export class HelpService {
  constructor(
    private readonly db: ShellDb,
    private readonly outbox: Outbox,
    private readonly changed: (request: LocalHelpRequest) => void,
  ) {}

  request(context: HelpContext, now = new Date()): LocalHelpRequest {
    const submit: HelpRequestSubmit = { id: randomUUID(), createdAt: now.toISOString(), context };
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO help_requests (id, state, delivered, created_at, updated_at, context) VALUES (?, ?, 0, ?, ?, ?)')
        .run(submit.id, 'new', submit.createdAt, submit.createdAt, JSON.stringify(context));
      this.outbox.enqueue('help.request', submit.id, submit, now.getTime());
    })();
    const created = this.get(submit.id)!;
    this.changed(created);
    return created;
  }

  cancel(id: string, now = new Date()): LocalHelpRequest {
    const current = this.get(id);
    if (!current) throw new Error(`no help request ${id}`);
    if (!isOpenHelpState(current.state)) return current;
    this.db.transaction(() => {
      this.db.prepare("UPDATE help_requests SET state = 'cancelled', updated_at = ? WHERE id = ?").run(now.toISOString(), id);
      this.outbox.enqueue('help.cancel', `cancel:${id}`, { id }, now.getTime());
    })();
    const cancelled = this.get(id)!;
    this.changed(cancelled);
    return cancelled;
  }

  /** The hub acknowledged the request: it is delivered, and its status may already have moved. */
  markDelivered(status: HelpStatus): void {
    this.db.prepare('UPDATE help_requests SET delivered = 1 WHERE id = ?').run(status.id);
    this.applyStatus(status);
  }

  /** A status from the hub. A locally cancelled request stays cancelled until the hub agrees. */
  applyStatus(status: HelpStatus): void {
    const current = this.get(status.id);
    if (!current) return;
    if (current.state === 'cancelled' && status.state !== 'cancelled' && this.outbox.has(`cancel:${status.id}`)) return;
    this.db
      .prepare('UPDATE help_requests SET state = ?, helper_first_name = ?, updated_at = ?, delivered = 1 WHERE id = ?')
      .run(status.state, status.helper?.firstName ?? null, status.updatedAt, status.id);
    const updated = this.get(status.id)!;
    if (updated.state !== current.state || updated.helperFirstName !== current.helperFirstName || !current.delivered) this.changed(updated);
  }

  get(id: string): LocalHelpRequest | null {
    const row = this.db.prepare('SELECT id, state, delivered, created_at, helper_first_name FROM help_requests WHERE id = ?').get(id) as Row | undefined;
    return row ? toLocal(row) : null;
  }

  open(): LocalHelpRequest[] {
    const rows = this.db
      .prepare("SELECT id, state, delivered, created_at, helper_first_name FROM help_requests WHERE state NOT IN ('resolved', 'cancelled') ORDER BY created_at")
      .all() as Row[];
    return rows.map(toLocal);
  }
}
