/**
 * The help area in SQLite, the changes: a machine's requests (one open at a time, later presses merged
 * in as aliases), its voice message within a daily byte quota, the helpers' actions and notes,
 * escalation and the purge. The console's reads are in help-reads.ts.
 */
import { isHeldHelpState, isOpenHelpState, type HelpAction, type HelpState } from '../../../app/help/states.ts';
import { HELP_FILES_PER_REQUEST, hasRole, type HelpRequestView, type HelpStatus } from '../../../app/protocol/hub.ts';
import { canUndoResolution, type HelpOutcome } from '../../../app/help/outcome.ts';
import { machineStatuses, voiceRetryAt, type ActionResult, type CallJournalEntry, type HelpActor, type HelpChange, type HelpStore, type NewHelpRequest, type NewVoice, type SubmitResult, type VoiceResult, type FileResult, type HelpFile } from '../help.ts';
import { SqliteHelpReads } from './help-reads.ts';
import { gateAction, planTransition } from './help-rows.ts';
import { OPEN_STATES, statusOf, toView, UNCLAIMED_STATES, type HelpRow } from './rows.ts';

const DAY_MS = 86_400_000;
/**
 * A request's updated_at only grows, by at least a millisecond per change even within one millisecond
 * of the clock: a console tells an older view of a request from a newer one by it (views reach it by
 * the feed and by its own actions' answers, not always in order). ISO strings of one format compare as
 * times. The parameter is the clock's ISO string.
 */
const LATER = "max(?, strftime('%Y-%m-%dT%H:%M:%fZ', updated_at, '+0.001 seconds'))";

export class SqliteHelp extends SqliteHelpReads implements HelpStore {
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
    const aliases = (this.db.prepare('SELECT alias_id FROM help_request_aliases WHERE request_id = ? ORDER BY created_at, alias_id').all(row.id) as {
      alias_id: string;
    }[]).map((a) => a.alias_id);
    return { associationId: row.association_id, view, status: this.status(view), aliases };
  }

  /** The machine's own request under `id`, which may be an alias of it. */
  private machineRow(machineId: string, id: string): HelpRow | undefined {
    const direct = this.row(id);
    if (direct) return direct.machine_id === machineId ? direct : undefined;
    const alias = this.db.prepare('SELECT request_id FROM help_request_aliases WHERE alias_id = ? AND machine_id = ?').get(id, machineId) as
      | { request_id: string }
      | undefined;
    return alias ? this.row(alias.request_id) : undefined;
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
      const known = this.row(input.id) ?? this.aliasTarget(input.id);
      if (known) {
        // The same press delivered again (a retry): nothing changes.
        if (known.machine_id !== machineId) return { ok: false, reason: 'conflict' };
        return { ok: true, created: false, merged: false, ...this.change(known) };
      }
      const now = this.x.iso();
      const open = this.db
        .prepare(`SELECT id FROM help_requests WHERE machine_id = ? AND state IN ${OPEN_STATES} ORDER BY received_at DESC LIMIT 1`)
        .get(machineId) as { id: string } | undefined;
      if (open) {
        // A second press while a request is open updates it: one request per machine in the queue.
        const row = this.row(open.id) as HelpRow;
        this.db.prepare('INSERT INTO help_request_aliases (alias_id, request_id, machine_id, created_at) VALUES (?, ?, ?, ?)').run(input.id, open.id, machineId, now);
        this.db.prepare(`UPDATE help_requests SET context = ?, updated_at = ${LATER} WHERE id = ?`).run(JSON.stringify(input.context), now, open.id);
        this.journalEntry(open.id, `machine:${machineId}`, 'press', row.state, row.state, now);
        return { ok: true, created: false, merged: true, ...this.change(this.row(open.id) as HelpRow) };
      }
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
      return { ok: true, created: true, merged: false, ...this.change(this.row(input.id) as HelpRow) };
    });
  }

  private aliasTarget(aliasId: string): HelpRow | undefined {
    const alias = this.db.prepare('SELECT request_id FROM help_request_aliases WHERE alias_id = ?').get(aliasId) as { request_id: string } | undefined;
    return alias ? this.row(alias.request_id) : undefined;
  }

  /**
   * One state change in one IMMEDIATE transaction: the guard sees the row as it is inside the
   * transaction, so "first claim wins" holds across connections and processes.
   */
  private transition(
    find: () => HelpRow | undefined,
    actor: string,
    action: HelpAction,
    guard: (row: HelpRow) => ActionResult | null,
    /** For a handover: the new holder, known once the guard has checked the target. */
    newHolderOf?: () => { id: string; firstName: string } | undefined,
    /** What the journal line says besides the new holder (a resolution's outcome). */
    detail: string | null = null,
  ): ActionResult {
    return this.x.write((): ActionResult => {
      const row = find();
      if (!row) return { ok: false, reason: 'not_found' };
      const requestId = row.id;
      const early = guard(row);
      if (early) return early;
      const now = this.x.iso();
      const newHolder = newHolderOf?.();
      const plan = planTransition(row, action, actor, newHolder, now);
      if (!plan) return { ok: false, reason: 'not_allowed', state: row.state };
      const { to, claimedBy, closedAt } = plan;
      this.db
        .prepare(`UPDATE help_requests SET state = ?, claimed_by = ?, updated_at = ${LATER}, closed_at = ? WHERE id = ?`)
        .run(to, claimedBy, now, closedAt, requestId);
      this.journalEntry(requestId, actor, action, row.state, to, now, newHolder ? newHolder.firstName : detail);
      return this.changed(requestId);
    });
  }

  async cancelByMachine(machineId: string, requestId: string): Promise<ActionResult> {
    // Another machine's request is not found: do not reveal that the id exists.
    return this.transition(() => this.machineRow(machineId, requestId), `machine:${machineId}`, 'cancel', (row) =>
      row.state === 'cancelled' ? this.unchanged(row) : null, // idempotent: cancelling twice is fine
    );
  }

  async attachVoice(machineId: string, requestId: string, voice: NewVoice, limits: { maxBytesPerDay: number }): Promise<VoiceResult> {
    return this.x.write((): VoiceResult => {
      const row = this.machineRow(machineId, requestId);
      if (!row) return { ok: false, reason: 'not_found' };
      if (row.voice_size_bytes !== null) {
        // Idempotent on the same bytes (a retried upload); a different message for the same request is refused.
        const stored = this.db.prepare('SELECT bytes FROM help_voice WHERE request_id = ?').get(row.id) as { bytes: Buffer };
        if (Buffer.compare(stored.bytes, voice.bytes) === 0) return { ok: true, created: false, ...this.change(row) };
        return { ok: false, reason: 'already_attached' };
      }
      if (!isOpenHelpState(row.state)) return { ok: false, reason: 'closed' };
      const now = this.x.iso();
      const retryAt = this.quotaRetryAt('help_voice', machineId, voice.bytes.length, limits.maxBytesPerDay);
      if (retryAt) return { ok: false, reason: 'over_quota', retryAt };
      this.db
        .prepare('INSERT INTO help_voice (request_id, mime_type, duration_ms, size_bytes, bytes, received_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(row.id, voice.mimeType, voice.durationMs, voice.bytes.length, voice.bytes, now);
      this.db.prepare(`UPDATE help_requests SET updated_at = ${LATER} WHERE id = ?`).run(now, row.id);
      this.journalEntry(row.id, `machine:${machineId}`, 'voice', row.state, row.state, now, `${Math.round(voice.durationMs / 1000)} s`);
      return { ...this.changed(row.id), created: true };
    });
  }

  async attachFile(machineId: string, requestId: string, file: HelpFile, limits: { maxBytesPerDay: number }): Promise<FileResult> {
    return this.x.write((): FileResult => {
      const row = this.machineRow(machineId, requestId);
      if (!row) return { ok: false, reason: 'not_found' };
      // Idempotent on the same bytes (a retried upload, or the same photo sent twice).
      const stored = this.db.prepare('SELECT seq, bytes FROM help_files WHERE request_id = ? ORDER BY seq').all(row.id) as { seq: number; bytes: Buffer }[];
      if (stored.some((f) => Buffer.compare(f.bytes, file.bytes) === 0)) return { ok: true, created: false, ...this.change(row) };
      if (!isOpenHelpState(row.state)) return { ok: false, reason: 'closed' };
      if (stored.length >= HELP_FILES_PER_REQUEST) return { ok: false, reason: 'too_many' };
      const retryAt = this.quotaRetryAt('help_files', machineId, file.bytes.length, limits.maxBytesPerDay);
      if (retryAt) return { ok: false, reason: 'over_quota', retryAt };
      const now = this.x.iso();
      this.db
        .prepare('INSERT INTO help_files (request_id, seq, name, mime_type, size_bytes, bytes, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(row.id, stored.length + 1, file.name, file.mimeType, file.bytes.length, file.bytes, now);
      this.db.prepare(`UPDATE help_requests SET updated_at = ${LATER} WHERE id = ?`).run(now, row.id);
      this.journalEntry(row.id, `machine:${machineId}`, 'file', row.state, row.state, now, file.name);
      return { ...this.changed(row.id), created: true };
    });
  }

  /** Null when `bytes` more of voice or files fit in the machine's last 24 hours, else when enough of them will have aged out. */
  private quotaRetryAt(table: 'help_voice' | 'help_files', machineId: string, bytes: number, maxBytesPerDay: number): string | null {
    const since = this.x.iso(-DAY_MS);
    const recent = this.db
      .prepare(
        `SELECT v.size_bytes, v.received_at FROM ${table} v JOIN help_requests h ON h.id = v.request_id
         WHERE h.machine_id = ? AND v.received_at > ? ORDER BY v.received_at`,
      )
      .all(machineId, since) as { size_bytes: number; received_at: string }[];
    return voiceRetryAt(recent, bytes, maxBytesPerDay, this.x.iso(DAY_MS));
  }

  async listOpenStatuses(machineId: string): Promise<HelpStatus[]> {
    const ids = this.db
      .prepare(`SELECT id FROM help_requests WHERE machine_id = ? AND state IN ${OPEN_STATES} ORDER BY received_at, id`)
      .all(machineId) as { id: string }[];
    return ids.flatMap(({ id }) => machineStatuses(this.change(this.row(id) as HelpRow)));
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
      () => this.row(requestId),
      `account:${actor.accountId}`,
      action,
      (row) => {
        const gate = gateAction(row, actor, action);
        if (gate === 'unchanged') return this.unchanged(row);
        if (gate) return gate;
        const held = row.claimed_by !== null && isHeldHelpState(row.state);
        // How it ended, said just after "C'est résolu" (the resolution itself is never held up by
        // the question: it ends a live call at once): a journal line, by the resolver or staff.
        if (action === 'resolve' && row.state === 'resolved' && opts.outcome) {
          const by = this.lastResolver(requestId);
          if (by !== `account:${actor.accountId}` && !hasRole(actor.role, 'staff')) return { ok: false, reason: 'undo_refused', why: 'not_resolver' };
          const now = this.x.iso();
          this.db.prepare(`UPDATE help_requests SET updated_at = ${LATER} WHERE id = ?`).run(now, requestId);
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
      this.db.prepare(`UPDATE help_requests SET updated_at = ${LATER} WHERE id = ?`).run(now, requestId);
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
      this.db.prepare(`UPDATE help_requests SET updated_at = ${LATER} WHERE id = ?`).run(now, requestId);
      this.journalEntry(requestId, actor, entry.action, row.state, row.state, now, entry.detail ?? null);
      return this.changed(requestId);
    });
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
        this.db.prepare(`UPDATE help_requests SET escalated_at = ?, updated_at = ${LATER} WHERE id = ?`).run(at, at, r.id);
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
