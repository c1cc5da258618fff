/**
 * The help area in PostgreSQL: requests, actions, notes, voice, journal, escalation, purge.
 *
 * Concurrency, without any process lock: a state change locks its row (`SELECT … FOR UPDATE`) in
 * a READ COMMITTED transaction, so of several helpers claiming at once — on any hub instance — the
 * first takes the row and the others wait, then read the row as the winner left it and are told
 * who has it. A submit is an `INSERT … ON CONFLICT DO NOTHING` on the shell's id: a retried or
 * doubled request creates one row. Escalation and the purge take their rows with `FOR UPDATE SKIP
 * LOCKED`, so a job never waits behind (nor undoes) a helper's action, and two runs never handle
 * the same row twice.
 *
 * A machine has one open request at a time: a submit and a voice upload first lock the machine's
 * row, so two presses arriving at two instances at once are taken one after the other (the second
 * is merged into the first as an alias), and the daily voice quota cannot be overrun by parallel
 * uploads. The console's reads are in help-reads.ts.
 */
import { HelpState, isHeldHelpState, isOpenHelpState, isUnclaimedHelpState, type HelpAction } from '../../../app/help/states.ts';
import { HELP_FILES_PER_REQUEST, hasRole, type HelpRequestView, type HelpStatus } from '../../../app/protocol/hub.ts';
import { canUndoResolution, type HelpOutcome } from '../../../app/help/outcome.ts';
import {
  helpChange,
  machineStatuses,
  voiceRetryAt,
  type ActionResult,
  type CallJournalEntry,
  type HelpActor,
  type HelpChange,
  type HelpStore,
  type NewHelpRequest,
  type NewVoice,
  type SubmitResult,
  type VoiceResult,
  type FileResult,
  type HelpFile,
} from '../help.ts';
import { gateAction, planTransition } from '../sqlite/help-rows.ts';
import { HELP_SELECT, statusOf, toView, type HelpRow } from '../sqlite/rows.ts';
import type { Sql } from './db.ts';
import { OPEN_STATES, PgHelpReads } from './help-reads.ts';

const DAY_MS = 86_400_000;
const UNCLAIMED_STATES = HelpState.options.filter(isUnclaimedHelpState);

/**
 * A request's updated_at only grows, by at least a millisecond per change, whatever the clocks of the
 * instances writing it: the bus orders a request's changes by it (server/cluster/pg-bus.ts).
 */
const LATER = (param: string) => `GREATEST(${param}::timestamptz, updated_at + interval '1 millisecond')`;

type Guard = (row: HelpRow, sql: Sql) => Promise<ActionResult | null>;

export class PgHelp extends PgHelpReads implements HelpStore {

  /** Locks the request's row for the rest of the transaction (others acting on it wait). */
  private async lock(sql: Sql, id: string): Promise<boolean> {
    return (await sql.one('SELECT 1 FROM help_requests WHERE id = $1 FOR UPDATE', [id])) !== undefined;
  }

  private async journalEntry(sql: Sql, requestId: string, actor: string, action: string, from: HelpState | null, to: HelpState, at: string, detail: string | null = null) {
    await sql.run('INSERT INTO help_events (request_id, actor, action, from_state, to_state, at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      requestId,
      actor,
      action,
      from,
      to,
      at,
      detail,
    ]);
  }

  /** The machine's view of a request: the holder's first name and photo. */
  private async status(sql: Sql, view: HelpRequestView): Promise<HelpStatus> {
    const status = statusOf(view);
    if (!status.helper || !view.claimedBy) return status;
    const photo = (await sql.one<{ photo: string | null }>('SELECT photo FROM accounts WHERE id = $1', [view.claimedBy.id]))?.photo;
    return { ...status, helper: { ...status.helper, photo: photo ?? null } };
  }

  private async change(sql: Sql, row: HelpRow): Promise<HelpChange> {
    const view = toView(row);
    const aliases = await sql.rows<{ alias_id: string }>('SELECT alias_id FROM help_request_aliases WHERE request_id = $1 ORDER BY created_at, alias_id', [row.id]);
    return { associationId: row.association_id, view, status: await this.status(sql, view), aliases: aliases.map((a) => a.alias_id) };
  }

  /** The id of the machine's own request known to it as `id` (its own id or an alias), else undefined. */
  private async machineRequestId(sql: Sql, machineId: string, id: string): Promise<string | undefined> {
    const direct = await sql.one<{ machine_id: string }>('SELECT machine_id FROM help_requests WHERE id = $1', [id]);
    if (direct) return direct.machine_id === machineId ? id : undefined;
    return (await sql.one<{ request_id: string }>('SELECT request_id FROM help_request_aliases WHERE alias_id = $1 AND machine_id = $2', [id, machineId]))
      ?.request_id;
  }

  /** Takes the machine's row lock: its submits and voice uploads run one at a time, on any instance. */
  private async lockMachine(sql: Sql, machineId: string): Promise<void> {
    await sql.one('SELECT 1 FROM machines WHERE id = $1 FOR UPDATE', [machineId]);
  }

  /** The request's change after this transaction, sent to the other hub instances with its commit. */
  private async announced(sql: Sql, row: HelpRow): Promise<HelpChange> {
    const change = await this.change(sql, row);
    await this.x.announce?.(sql, helpChange(change));
    return change;
  }

  private async changed(sql: Sql, requestId: string): Promise<ActionResult & { ok: true }> {
    return { ok: true, changed: true, ...(await this.announced(sql, (await this.row(sql, requestId)) as HelpRow)) };
  }

  private async unchanged(sql: Sql, row: HelpRow): Promise<ActionResult & { ok: true }> {
    return { ok: true, changed: false, ...(await this.change(sql, row)) };
  }

  // ---- the machine's side -------------------------------------------------------------------
  async submit(machineId: string, input: NewHelpRequest): Promise<SubmitResult> {
    return this.x.tx(async (sql): Promise<SubmitResult> => {
      await this.lockMachine(sql, machineId);
      const knownId =
        (await sql.one<{ id: string }>('SELECT id FROM help_requests WHERE id = $1', [input.id]))?.id ??
        (await sql.one<{ request_id: string }>('SELECT request_id FROM help_request_aliases WHERE alias_id = $1', [input.id]))?.request_id;
      if (knownId) {
        // The same press delivered again (a retry): nothing changes.
        const known = (await this.row(sql, knownId)) as HelpRow;
        if (known.machine_id !== machineId) return { ok: false, reason: 'conflict' };
        return { ok: true, created: false, merged: false, ...(await this.change(sql, known)) };
      }
      const now = this.x.iso();
      const open = await sql.one<{ id: string; state: HelpState }>(
        'SELECT id, state FROM help_requests WHERE machine_id = $1 AND state = ANY($2) ORDER BY received_at DESC LIMIT 1 FOR UPDATE',
        [machineId, OPEN_STATES],
      );
      if (open) {
        // A second press while a request is open updates it: one request per machine in the queue.
        await sql.run('INSERT INTO help_request_aliases (alias_id, request_id, machine_id, created_at) VALUES ($1, $2, $3, $4)', [input.id, open.id, machineId, now]);
        await sql.run(`UPDATE help_requests SET context = $2, updated_at = ${LATER('$3')} WHERE id = $1`, [open.id, JSON.stringify(input.context), now]);
        await this.journalEntry(sql, open.id, `machine:${machineId}`, 'press', open.state, open.state, now);
        return { ok: true, created: false, merged: true, ...(await this.announced(sql, (await this.row(sql, open.id)) as HelpRow)) };
      }
      // The loan register at the time of the request says whom to call back.
      const inserted = await sql.run(
        `INSERT INTO help_requests (id, machine_id, state, context, created_at, received_at, updated_at, beneficiary_id)
         VALUES ($1, $2, 'new', $3, $4, $5, $5, (SELECT beneficiary_id FROM loans WHERE machine_id = $2 AND ended_at IS NULL))
         ON CONFLICT (id) DO NOTHING`,
        [input.id, machineId, JSON.stringify(input.context), input.createdAt, now],
      );
      // Another machine inserted the same id meanwhile.
      if (inserted === 0) return { ok: false, reason: 'conflict' };
      await this.journalEntry(sql, input.id, `machine:${machineId}`, 'submit', null, 'new', now);
      return { ok: true, created: true, merged: false, ...(await this.announced(sql, (await this.row(sql, input.id)) as HelpRow)) };
    });
  }

  /** One state change under the row's lock: the guard sees the row as the previous holder of the lock left it. */
  private transition(
    requestId: string,
    actor: string,
    action: HelpAction,
    guard: Guard,
    /** For a handover: the new holder, known once the guard has checked the target. */
    newHolderOf?: () => { id: string; firstName: string } | undefined,
    /** What the journal line says besides the new holder (a resolution's outcome). */
    detail: string | null = null,
  ): Promise<ActionResult> {
    return this.x.tx(async (sql): Promise<ActionResult> => {
      if (!(await this.lock(sql, requestId))) return { ok: false, reason: 'not_found' };
      const row = (await this.row(sql, requestId)) as HelpRow;
      const early = await guard(row, sql);
      if (early) return early;
      const now = this.x.iso();
      const newHolder = newHolderOf?.();
      const plan = planTransition(row, action, actor, newHolder, now);
      if (!plan) return { ok: false, reason: 'not_allowed', state: row.state };
      const { to, claimedBy, closedAt } = plan;
      await sql.run(`UPDATE help_requests SET state = $2, claimed_by = $3, updated_at = ${LATER('$4')}, closed_at = $5 WHERE id = $1`, [requestId, to, claimedBy, now, closedAt]);
      await this.journalEntry(sql, requestId, actor, action, row.state, to, now, newHolder ? newHolder.firstName : detail);
      return this.changed(sql, requestId);
    });
  }

  async cancelByMachine(machineId: string, requestId: string): Promise<ActionResult> {
    // Another machine's request is not found: do not reveal that the id exists.
    const id = await this.machineRequestId(this.x.sql, machineId, requestId);
    if (!id) return { ok: false, reason: 'not_found' };
    return this.transition(id, `machine:${machineId}`, 'cancel', async (row, sql) =>
      row.state === 'cancelled' ? this.unchanged(sql, row) : null, // idempotent: cancelling twice is fine
    );
  }

  async attachVoice(machineId: string, requestId: string, voice: NewVoice, limits: { maxBytesPerDay: number }): Promise<VoiceResult> {
    return this.x.tx(async (sql): Promise<VoiceResult> => {
      await this.lockMachine(sql, machineId);
      const id = await this.machineRequestId(sql, machineId, requestId);
      if (!id || !(await this.lock(sql, id))) return { ok: false, reason: 'not_found' };
      const row = (await this.row(sql, id)) as HelpRow;
      if (row.voice_size_bytes !== null) {
        // Idempotent on the same bytes (a retried upload); a different message for the same request is refused.
        const stored = (await sql.one<{ bytes: Buffer }>('SELECT bytes FROM help_voice WHERE request_id = $1', [id])) as { bytes: Buffer };
        if (Buffer.compare(stored.bytes, voice.bytes) === 0) return { ok: true, created: false, ...(await this.change(sql, row)) };
        return { ok: false, reason: 'already_attached' };
      }
      if (!isOpenHelpState(row.state)) return { ok: false, reason: 'closed' };
      const retryAt = await this.quotaRetryAt(sql, 'help_voice', machineId, voice.bytes.length, limits.maxBytesPerDay);
      if (retryAt) return { ok: false, reason: 'over_quota', retryAt };
      const now = this.x.iso();
      await sql.run('INSERT INTO help_voice (request_id, mime_type, duration_ms, size_bytes, bytes, received_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        id,
        voice.mimeType,
        voice.durationMs,
        voice.bytes.length,
        voice.bytes,
        now,
      ]);
      await sql.run(`UPDATE help_requests SET updated_at = ${LATER('$2')} WHERE id = $1`, [id, now]);
      await this.journalEntry(sql, id, `machine:${machineId}`, 'voice', row.state, row.state, now, `${Math.round(voice.durationMs / 1000)} s`);
      return { ...(await this.changed(sql, id)), created: true };
    });
  }

  /** Null when `bytes` more of voice or files fit in the machine's last 24 hours, else when enough of them will have aged out. */
  private async quotaRetryAt(sql: Sql, table: 'help_voice' | 'help_files', machineId: string, bytes: number, maxBytesPerDay: number): Promise<string | null> {
    const recent = await sql.rows<{ size_bytes: number; received_at: string }>(
      `SELECT v.size_bytes, v.received_at FROM ${table} v JOIN help_requests h ON h.id = v.request_id
       WHERE h.machine_id = $1 AND v.received_at > $2 ORDER BY v.received_at`,
      [machineId, this.x.iso(-DAY_MS)],
    );
    return voiceRetryAt(recent, bytes, maxBytesPerDay, this.x.iso(DAY_MS));
  }

  async attachFile(machineId: string, requestId: string, file: HelpFile, limits: { maxBytesPerDay: number }): Promise<FileResult> {
    return this.x.tx(async (sql): Promise<FileResult> => {
      // The machine's lock first, as for a voice message: parallel uploads cannot overrun the quota
      // nor take the same number.
      await this.lockMachine(sql, machineId);
      const id = await this.machineRequestId(sql, machineId, requestId);
      if (!id || !(await this.lock(sql, id))) return { ok: false, reason: 'not_found' };
      const row = (await this.row(sql, id)) as HelpRow;
      // Idempotent on the same bytes (a retried upload, or the same photo sent twice).
      const stored = await sql.rows<{ seq: number; bytes: Buffer }>('SELECT seq, bytes FROM help_files WHERE request_id = $1 ORDER BY seq', [id]);
      if (stored.some((f) => Buffer.compare(f.bytes, file.bytes) === 0)) return { ok: true, created: false, ...(await this.change(sql, row)) };
      if (!isOpenHelpState(row.state)) return { ok: false, reason: 'closed' };
      if (stored.length >= HELP_FILES_PER_REQUEST) return { ok: false, reason: 'too_many' };
      const retryAt = await this.quotaRetryAt(sql, 'help_files', machineId, file.bytes.length, limits.maxBytesPerDay);
      if (retryAt) return { ok: false, reason: 'over_quota', retryAt };
      const now = this.x.iso();
      await sql.run('INSERT INTO help_files (request_id, seq, name, mime_type, size_bytes, bytes, received_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        id,
        stored.length + 1,
        file.name,
        file.mimeType,
        file.bytes.length,
        file.bytes,
        now,
      ]);
      await sql.run(`UPDATE help_requests SET updated_at = ${LATER('$2')} WHERE id = $1`, [id, now]);
      await this.journalEntry(sql, id, `machine:${machineId}`, 'file', row.state, row.state, now, file.name);
      return { ...(await this.changed(sql, id)), created: true };
    });
  }

  async listOpenStatuses(machineId: string): Promise<HelpStatus[]> {
    const sql = this.x.sql;
    const rows = await sql.rows<HelpRow>(`${HELP_SELECT} WHERE h.machine_id = $1 AND h.state = ANY($2) ORDER BY h.received_at, h.id`, [machineId, OPEN_STATES]);
    return (await Promise.all(rows.map((r) => this.change(sql, r)))).flatMap(machineStatuses);
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
      async (row, sql) => {
        const gate = gateAction(row, actor, action);
        if (gate === 'unchanged') return this.unchanged(sql, row);
        if (gate) return gate;
        const held = row.claimed_by !== null && isHeldHelpState(row.state);
        // How it ended, said just after "C'est résolu" (app/help/outcome.ts), and the undo: as in the SQLite store.
        if ((action === 'resolve' && opts.outcome) || action === 'reopen') {
          if (row.state === 'resolved') {
            const resolved = await sql.one<{ actor: string; at: string }>(
              "SELECT actor, at FROM help_events WHERE request_id = $1 AND action = 'resolve' ORDER BY seq DESC LIMIT 1",
              [requestId],
            );
            const byResolver = resolved?.actor === `account:${actor.accountId}` || hasRole(actor.role, 'staff');
            if (action === 'reopen' && (!resolved || !canUndoResolution(new Date(resolved.at).toISOString(), this.x.now()))) {
              return { ok: false, reason: 'undo_refused', why: 'too_late' };
            }
            if (!byResolver) return { ok: false, reason: 'undo_refused', why: 'not_resolver' };
            if (action === 'resolve') {
              const now = this.x.iso();
              await sql.run(`UPDATE help_requests SET updated_at = ${LATER('$2')} WHERE id = $1`, [requestId, now]);
              await this.journalEntry(sql, requestId, `account:${actor.accountId}`, 'outcome', 'resolved', 'resolved', now, opts.outcome ?? null);
              return this.changed(sql, requestId);
            }
          }
        }
        if (action === 'handover') {
          if (!held) return { ok: false, reason: 'not_allowed', state: row.state };
          const target = await sql.one<{ id: string; first_name: string }>(
            'SELECT id, first_name FROM accounts WHERE id = $1 AND NOT disabled AND association_id = $2',
            [opts.toAccountId ?? '', row.association_id],
          );
          if (!target || target.id === row.claimed_by) return { ok: false, reason: 'bad_target' };
          newHolder = { id: target.id, firstName: target.first_name };
        }
        return null;
      },
      () => newHolder,
      action === 'resolve' ? (opts.outcome ?? null) : null,
    );
  }

  /** A journal entry that changes no state; it still moves updated_at so every console refreshes the card. */
  private journalOnly(associationId: string, requestId: string, actor: string, action: string, detail: string | null): Promise<ActionResult> {
    return this.x.tx(async (sql): Promise<ActionResult> => {
      if (!(await this.lock(sql, requestId))) return { ok: false, reason: 'not_found' };
      const row = (await this.row(sql, requestId)) as HelpRow;
      if (row.association_id !== associationId) return { ok: false, reason: 'not_found' };
      const now = this.x.iso();
      await sql.run(`UPDATE help_requests SET updated_at = ${LATER('$2')} WHERE id = $1`, [requestId, now]);
      await this.journalEntry(sql, requestId, actor, action, row.state, row.state, now, detail);
      return this.changed(sql, requestId);
    });
  }

  async addNote(actor: HelpActor, requestId: string, text: string): Promise<ActionResult> {
    return this.journalOnly(actor.associationId, requestId, `account:${actor.accountId}`, 'note', text);
  }

  async recordCall(associationId: string, requestId: string, entry: CallJournalEntry): Promise<ActionResult> {
    const actor = 'account' in entry.by ? `account:${entry.by.account}` : `machine:${entry.by.machine}`;
    return this.journalOnly(associationId, requestId, actor, entry.action, entry.detail ?? null);
  }

  // ---- jobs -------------------------------------------------------------------------------------
  async escalateOverdue(): Promise<HelpChange[]> {
    const at = this.x.iso();
    return this.x.tx(async (sql) => {
      const due = await sql.rows<{ id: string; state: HelpState; escalation_minutes: number }>(
        `SELECT h.id, h.state, a.escalation_minutes FROM help_requests h
         JOIN machines m ON m.id = h.machine_id JOIN associations a ON a.id = m.association_id
         WHERE h.state = ANY($1) AND h.escalated_at IS NULL
           AND h.received_at <= $2::timestamptz - make_interval(mins => a.escalation_minutes)
         ORDER BY h.received_at
         FOR UPDATE OF h SKIP LOCKED`,
        [UNCLAIMED_STATES, at],
      );
      const changed: HelpChange[] = [];
      for (const r of due) {
        await sql.run(`UPDATE help_requests SET escalated_at = $2, updated_at = ${LATER('$2')} WHERE id = $1`, [r.id, at]);
        await this.journalEntry(sql, r.id, 'system', 'escalate', r.state, r.state, at, `${r.escalation_minutes} min`);
        changed.push(await this.announced(sql, (await this.row(sql, r.id)) as HelpRow));
      }
      return changed;
    });
  }

  async purgeClosed(): Promise<number> {
    const now = this.x.iso();
    return this.x.tx(async (sql) => {
      // The journal (notes included) and the voice message go with the request (ON DELETE CASCADE).
      return sql.run(
        `DELETE FROM help_requests WHERE id IN (
           SELECT h.id FROM help_requests h
           JOIN machines m ON m.id = h.machine_id JOIN associations a ON a.id = m.association_id
           WHERE h.closed_at IS NOT NULL AND h.closed_at <= $1::timestamptz - make_interval(secs => a.retention_days * 86400)
           FOR UPDATE OF h SKIP LOCKED)`,
        [now],
      );
    });
  }
}
