/** The help area in SQLite: requests, actions, notes, voice, journal, escalation, purge. */
import { HelpState, HOLDER_ACTIONS, isHeldHelpState, isOpenHelpState, isUnclaimedHelpState, nextHelpState, type HelpAction } from '../../../app/help/states.ts';
import { hasRole, type HelpJournalEntry, type HelpRequestView, type HelpStatus, type VoiceMimeType } from '../../../app/protocol/hub.ts';
import { canUndoResolution, type HelpOutcome } from '../../../app/help/outcome.ts';
import type { ActionResult, CallJournalEntry, HelpActor, HelpChange, HelpStore, NewHelpRequest, NewVoice, StoredVoice, SubmitResult, VoiceResult } from '../help.ts';
import type { SqliteContext } from './context.ts';
import { HELP_SELECT, statusOf, toView, type HelpRow } from './rows.ts';

const DAY_MS = 86_400_000;

/** `('new', 'seen', …)` for SQL, from the predicates in app/help/states.ts (one definition of "open"). */
const sqlList = (states: readonly HelpState[]) => `(${states.map((s) => `'${s}'`).join(', ')})`;
const OPEN_STATES = sqlList(HelpState.options.filter(isOpenHelpState));
const UNCLAIMED_STATES = sqlList(HelpState.options.filter(isUnclaimedHelpState));

type JournalRow = {
  actor: string;
  action: string;
  from_state: HelpState | null;
  to_state: HelpState;
  at: string;
  detail: string | null;
  account_name: string | null;
  machine_tag: string | null;
};

export class SqliteHelp implements HelpStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  private row(id: string): HelpRow | undefined {
    return this.db.prepare(`${HELP_SELECT} WHERE h.id = ?`).get(id) as HelpRow | undefined;
  }

  private rowIn(associationId: string, id: string): HelpRow | undefined {
    const r = this.row(id);
    return r && r.association_id === associationId ? r : undefined;
  }

  private journalEntry(requestId: string, actor: string, action: string, from: HelpState | null, to: HelpState, at: string, detail: string | null = null): void {
    this.db
      .prepare('INSERT INTO help_events (request_id, actor, action, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(requestId, actor, action, from, to, at, detail);
  }

  /** The machine's view of a request: the holder's first name and photo. */
  private status(view: HelpRequestView): HelpStatus {
    const status = statusOf(view);
    if (!status.helper || !view.claimedBy) return status;
    const photo = (this.db.prepare('SELECT photo FROM accounts WHERE id = ?').get(view.claimedBy.id) as { photo: string | null } | undefined)?.photo;
    return { ...status, helper: { ...status.helper, photo: photo ?? null } };
  }

  private change(row: HelpRow): HelpChange {
    const view = toView(row);
    return { associationId: row.association_id, view, status: this.status(view) };
  }

  private changed(requestId: string): ActionResult & { ok: true } {
    return { ok: true, changed: true, ...this.change(this.row(requestId) as HelpRow) };
  }

  private unchanged(row: HelpRow): ActionResult & { ok: true } {
    return { ok: true, changed: false, ...this.change(row) };
  }

  // ---- the machine's side -------------------------------------------------------------------
  async submit(machineId: string, input: NewHelpRequest): Promise<SubmitResult> {
    return this.x.write((): SubmitResult => {
      const existing = this.row(input.id);
      if (existing) {
        if (existing.machine_id !== machineId) return { ok: false, reason: 'conflict' };
        return { ok: true, created: false, ...this.change(existing) };
      }
      const now = this.x.iso();
      // The loan register at the time of the request says whom to call back.
      const loan = this.db.prepare('SELECT beneficiary_id FROM loans WHERE machine_id = ? AND ended_at IS NULL').get(machineId) as
        | { beneficiary_id: string }
        | undefined;
      this.db
        .prepare(
          `INSERT INTO help_requests (id, machine_id, state, context, created_at, received_at, updated_at, beneficiary_id)
           VALUES (?, ?, 'new', ?, ?, ?, ?, ?)`,
        )
        .run(input.id, machineId, JSON.stringify(input.context), input.createdAt, now, now, loan?.beneficiary_id ?? null);
      this.journalEntry(input.id, `machine:${machineId}`, 'submit', null, 'new', now);
      return { ok: true, created: true, ...this.change(this.row(input.id) as HelpRow) };
    });
  }

  /**
   * One state change in one IMMEDIATE transaction: the guard sees the row as it is inside the
   * transaction, so "first claim wins" holds across connections and processes.
   */
  private transition(
    requestId: string,
    actor: string,
    action: HelpAction,
    guard: (row: HelpRow) => ActionResult | null,
    /** For a handover: the new holder, known once the guard has checked the target. */
    newHolderOf?: () => { id: string; firstName: string } | undefined,
    /** What the journal line says besides the new holder (a resolution's outcome). */
    detail: string | null = null,
  ): ActionResult {
    return this.x.write((): ActionResult => {
      const row = this.row(requestId);
      if (!row) return { ok: false, reason: 'not_found' };
      const early = guard(row);
      if (early) return early;
      const to = nextHelpState(row.state, action);
      if (!to) return { ok: false, reason: 'not_allowed', state: row.state };
      const now = this.x.iso();
      const accountId = actor.startsWith('account:') ? actor.slice('account:'.length) : null;
      const newHolder = newHolderOf?.();
      let claimedBy = row.claimed_by;
      if (action === 'claim') claimedBy = accountId;
      if (action === 'release') claimedBy = null;
      if (action === 'handover' && newHolder) claimedBy = newHolder.id;
      // An undone resolution goes back to whoever held it, else to the helper who undid it.
      if (action === 'reopen') claimedBy = row.claimed_by ?? accountId;
      const closedAt = isOpenHelpState(to) ? null : now;
      this.db
        .prepare('UPDATE help_requests SET state = ?, claimed_by = ?, updated_at = ?, closed_at = ? WHERE id = ?')
        .run(to, claimedBy, now, closedAt, requestId);
      this.journalEntry(requestId, actor, action, row.state, to, now, newHolder ? newHolder.firstName : detail);
      return this.changed(requestId);
    });
  }

  async cancelByMachine(machineId: string, requestId: string): Promise<ActionResult> {
    return this.transition(requestId, `machine:${machineId}`, 'cancel', (row) => {
      // Another machine's request is reported as not found: do not reveal that the id exists.
      if (row.machine_id !== machineId) return { ok: false, reason: 'not_found' };
      if (row.state === 'cancelled') return this.unchanged(row); // idempotent: cancelling twice is fine
      return null;
    });
  }

  async attachVoice(machineId: string, requestId: string, voice: NewVoice): Promise<VoiceResult> {
    return this.x.write((): VoiceResult => {
      const row = this.row(requestId);
      if (!row || row.machine_id !== machineId) return { ok: false, reason: 'not_found' };
      if (row.voice_size_bytes !== null) {
        // Idempotent on the same bytes (a retried upload); a different message for the same request is refused.
        const stored = this.db.prepare('SELECT bytes FROM help_voice WHERE request_id = ?').get(requestId) as { bytes: Buffer };
        if (Buffer.compare(stored.bytes, voice.bytes) === 0) return { ok: true, created: false, ...this.change(row) };
        return { ok: false, reason: 'already_attached' };
      }
      if (!isOpenHelpState(row.state)) return { ok: false, reason: 'closed' };
      const now = this.x.iso();
      this.db
        .prepare('INSERT INTO help_voice (request_id, mime_type, duration_ms, size_bytes, bytes, received_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(requestId, voice.mimeType, voice.durationMs, voice.bytes.length, voice.bytes, now);
      this.db.prepare('UPDATE help_requests SET updated_at = ? WHERE id = ?').run(now, requestId);
      this.journalEntry(requestId, `machine:${machineId}`, 'voice', row.state, row.state, now, `${Math.round(voice.durationMs / 1000)} s`);
      return { ...this.changed(requestId), created: true };
    });
  }

  async listOpenStatuses(machineId: string): Promise<HelpStatus[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE h.machine_id = ? AND h.state IN ${OPEN_STATES} ORDER BY h.received_at, h.id`)
      .all(machineId) as HelpRow[];
    return rows.map((r) => this.status(toView(r)));
  }

  // ---- the console's side ---------------------------------------------------------------------
  async act(
    actor: HelpActor,
    requestId: string,
    action: HelpAction,
    opts: { toAccountId?: string | undefined; outcome?: HelpOutcome | undefined } = {},
  ): Promise<ActionResult> {
    let newHolder: { id: string; firstName: string } | undefined;
    return this.transition(
      requestId,
      `account:${actor.accountId}`,
      action,
      (row) => {
        if (row.association_id !== actor.associationId) return { ok: false, reason: 'not_found' };
        const held = row.claimed_by !== null && isHeldHelpState(row.state);
        // Seeing is idempotent: every console that shows the request may say so.
        if (action === 'see' && row.state !== 'new' && isOpenHelpState(row.state)) return this.unchanged(row);
        if (action === 'claim' && held) {
          if (row.claimed_by === actor.accountId) return this.unchanged(row); // a double click
          return { ok: false, reason: 'already_claimed', claimedBy: row.claimer_first_name ?? '?' };
        }
        if (held && HOLDER_ACTIONS.includes(action) && row.claimed_by !== actor.accountId && !hasRole(actor.role, 'staff')) {
          return { ok: false, reason: 'not_holder', claimedBy: row.claimer_first_name ?? '?' };
        }
        // How it ended, said just after "C'est résolu" (the resolution itself is never held up by
        // the question: it ends a live call at once): a journal line, by the resolver or staff.
        if (action === 'resolve' && row.state === 'resolved' && opts.outcome) {
          const by = this.lastResolver(requestId);
          if (by !== `account:${actor.accountId}` && !hasRole(actor.role, 'staff')) return { ok: false, reason: 'undo_refused', why: 'not_resolver' };
          const now = this.x.iso();
          this.db.prepare('UPDATE help_requests SET updated_at = ? WHERE id = ?').run(now, requestId);
          this.journalEntry(requestId, `account:${actor.accountId}`, 'outcome', 'resolved', 'resolved', now, opts.outcome);
          return this.changed(requestId);
        }
        if (action === 'reopen' && row.state === 'resolved') {
          const resolved = this.db
            .prepare("SELECT actor, at FROM help_events WHERE request_id = ? AND action = 'resolve' ORDER BY seq DESC LIMIT 1")
            .get(requestId) as { actor: string; at: string } | undefined;
          if (!resolved || !canUndoResolution(resolved.at, this.x.now())) return { ok: false, reason: 'undo_refused', why: 'too_late' };
          if (resolved.actor !== `account:${actor.accountId}` && !hasRole(actor.role, 'staff')) return { ok: false, reason: 'undo_refused', why: 'not_resolver' };
        }
        if (action === 'handover') {
          if (!held) return { ok: false, reason: 'not_allowed', state: row.state };
          const target = this.db
            .prepare('SELECT id, first_name FROM accounts WHERE id = ? AND disabled = 0 AND association_id = ?')
            .get(opts.toAccountId ?? '', row.association_id) as { id: string; first_name: string } | undefined;
          if (!target || target.id === row.claimed_by) return { ok: false, reason: 'bad_target' };
          newHolder = { id: target.id, firstName: target.first_name };
        }
        return null;
      },
      () => newHolder,
      action === 'resolve' ? (opts.outcome ?? null) : null,
    );
  }

  private lastResolver(requestId: string): string | undefined {
    return (this.db.prepare("SELECT actor FROM help_events WHERE request_id = ? AND action = 'resolve' ORDER BY seq DESC LIMIT 1").get(requestId) as { actor: string } | undefined)
      ?.actor;
  }

  async addNote(actor: HelpActor, requestId: string, text: string): Promise<ActionResult> {
    return this.x.write((): ActionResult => {
      const row = this.rowIn(actor.associationId, requestId);
      if (!row) return { ok: false, reason: 'not_found' };
      const now = this.x.iso();
      // A note changes no state; it still moves updated_at so every console refreshes the card.
      this.db.prepare('UPDATE help_requests SET updated_at = ? WHERE id = ?').run(now, requestId);
      this.journalEntry(requestId, `account:${actor.accountId}`, 'note', row.state, row.state, now, text);
      return this.changed(requestId);
    });
  }

  async recordCall(associationId: string, requestId: string, entry: CallJournalEntry): Promise<ActionResult> {
    return this.x.write((): ActionResult => {
      const row = this.rowIn(associationId, requestId);
      if (!row) return { ok: false, reason: 'not_found' };
      const now = this.x.iso();
      const actor = 'account' in entry.by ? `account:${entry.by.account}` : `machine:${entry.by.machine}`;
      this.db.prepare('UPDATE help_requests SET updated_at = ? WHERE id = ?').run(now, requestId);
      this.journalEntry(requestId, actor, entry.action, row.state, row.state, now, entry.detail ?? null);
      return this.changed(requestId);
    });
  }

  async get(associationId: string, id: string): Promise<HelpRequestView | null> {
    const r = this.rowIn(associationId, id);
    return r ? toView(r) : null;
  }

  async journal(associationId: string, requestId: string): Promise<HelpJournalEntry[] | null> {
    if (!this.rowIn(associationId, requestId)) return null;
    const rows = this.db
      .prepare(
        `SELECT e.actor, e.action, e.from_state, e.to_state, e.at, e.detail, a.first_name AS account_name, m.asset_tag AS machine_tag
         FROM help_events e
         LEFT JOIN accounts a ON e.actor = 'account:' || a.id
         LEFT JOIN machines m ON e.actor = 'machine:' || m.id
         WHERE e.request_id = ? ORDER BY e.seq`,
      )
      .all(requestId) as JournalRow[];
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor.startsWith('machine:')
        ? { kind: 'machine' as const, name: r.machine_tag ?? '?' }
        : r.actor.startsWith('account:')
          ? { kind: 'account' as const, name: r.account_name ?? '?' }
          : { kind: 'system' as const, name: r.actor },
      action: r.action,
      fromState: r.from_state,
      toState: r.to_state,
      detail: r.detail,
    }));
  }

  async getVoice(associationId: string, requestId: string): Promise<StoredVoice | null> {
    const r = this.db
      .prepare(
        `SELECT v.mime_type, v.bytes FROM help_voice v
         JOIN help_requests h ON h.id = v.request_id JOIN machines m ON m.id = h.machine_id
         WHERE v.request_id = ? AND m.association_id = ?`,
      )
      .get(requestId, associationId) as { mime_type: VoiceMimeType; bytes: Buffer } | undefined;
    return r ? { mimeType: r.mime_type, bytes: r.bytes } : null;
  }

  async listOpen(associationId: string): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE m.association_id = ? AND h.state IN ${OPEN_STATES} ORDER BY h.received_at, h.id`)
      .all(associationId) as HelpRow[];
    return rows.map(toView);
  }

  async listResolved(associationId: string, since: string, limit: number): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE m.association_id = ? AND h.state = 'resolved' AND h.closed_at >= ? ORDER BY h.closed_at DESC, h.id LIMIT ?`)
      .all(associationId, since, limit) as HelpRow[];
    return rows.map(toView);
  }

  async machineHistory(associationId: string, machineId: string, limit = 200): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE h.machine_id = ? AND m.association_id = ? ORDER BY h.received_at DESC, h.id LIMIT ?`)
      .all(machineId, associationId, limit) as HelpRow[];
    return rows.map(toView);
  }

  async beneficiaryHistory(associationId: string, beneficiaryId: string, limit = 200): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE h.beneficiary_id = ? AND m.association_id = ? ORDER BY h.received_at DESC, h.id LIMIT ?`)
      .all(beneficiaryId, associationId, limit) as HelpRow[];
    return rows.map(toView);
  }

  async countOpen(): Promise<number> {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM help_requests WHERE state IN ${OPEN_STATES}`).get() as { n: number }).n;
  }

  // ---- jobs -------------------------------------------------------------------------------------
  async escalateOverdue(): Promise<HelpChange[]> {
    const now = this.x.now().getTime();
    return this.x.write((): HelpChange[] => {
      const due = this.db
        .prepare(
          `SELECT h.id, h.state, h.received_at, a.escalation_minutes FROM help_requests h
           JOIN machines m ON m.id = h.machine_id JOIN associations a ON a.id = m.association_id
           WHERE h.state IN ${UNCLAIMED_STATES} AND h.escalated_at IS NULL`,
        )
        .all() as { id: string; state: HelpState; received_at: string; escalation_minutes: number }[];
      const changed: HelpChange[] = [];
      const at = new Date(now).toISOString();
      for (const r of due) {
        if (now - Date.parse(r.received_at) < r.escalation_minutes * 60_000) continue;
        this.db.prepare('UPDATE help_requests SET escalated_at = ?, updated_at = ? WHERE id = ?').run(at, at, r.id);
        this.journalEntry(r.id, 'system', 'escalate', r.state, r.state, at, `${r.escalation_minutes} min`);
        changed.push(this.change(this.row(r.id) as HelpRow));
      }
      return changed;
    });
  }

  async purgeClosed(): Promise<number> {
    const now = this.x.now().getTime();
    return this.x.write((): number => {
      const rows = this.db
        .prepare(
          `SELECT h.id, h.closed_at, a.retention_days FROM help_requests h
           JOIN machines m ON m.id = h.machine_id JOIN associations a ON a.id = m.association_id
           WHERE h.closed_at IS NOT NULL`,
        )
        .all() as { id: string; closed_at: string; retention_days: number }[];
      const remove = this.db.prepare('DELETE FROM help_requests WHERE id = ?');
      let purged = 0;
      for (const r of rows) {
        if (now - Date.parse(r.closed_at) < r.retention_days * DAY_MS) continue;
        // The journal (notes included) and the voice message go with the request (ON DELETE CASCADE).
        remove.run(r.id);
        purged += 1;
      }
      return purged;
    });
  }
}
