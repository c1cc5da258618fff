/** The accompaniment area in PostgreSQL: path, goals, notes, suivi, consent and progress of each person. */
import { randomUUID } from 'node:crypto';
import type {
  AttemptView,
  ConsentState,
  ConsentView,
  FollowupCreate,
  FollowupDue,
  FollowupView,
  GoalView,
  MachinePerson,
  NoteView,
  PathEntry,
  PersonSummary,
  ProgressReport,
} from '../../../app/protocol/accompaniment.ts';
import type { AccompanimentStore, ConsentResult, GoalVoice, PersonRecord, ProgressOutcome, ProgressOwner } from '../accompaniment.ts';
import {
  ATTEMPT_BEFORE_COLUMNS,
  ATTEMPT_COLUMNS,
  ATTEMPT_UPSERT_SET,
  ATTEMPT_WRITE_COLUMNS,
  FOLLOWUP_SELECT,
  FOLLOWUPS_DUE_LATEST,
  FOLLOWUPS_DUE_SELECT,
  GOAL_SELECT,
  LOAN_CONSENT_SELECT,
  MACHINE_PATH_SELECT,
  NO_CONSENT,
  NOTE_SELECT,
  PATH_SELECT,
  PEOPLE,
  PEOPLE_LIST_SELECT,
  consentChange,
  consentOf,
  progressDecision,
  toAttempt,
  toFollowup,
  toFollowupDue,
  toGoal,
  toNote,
  toMachinePerson,
  toPathEntry,
  toPerson,
  toPersonSummary,
  type AttemptBeforeRow,
  type AttemptRow,
  type FollowupDueRow,
  type FollowupRow,
  type GoalRow,
  type LoanConsentRow,
  type MachinePathRow,
  type NoteRow,
  type PathRow,
  type PersonRow,
} from '../sqlite/accompaniment-rows.ts';
import type { PgContext, Sql } from './db.ts';

export class PgAccompaniment implements AccompanimentStore {
  constructor(private readonly x: PgContext) {}

  private get sql() {
    return this.x.sql;
  }

  // ---- people ----------------------------------------------------------------------------------
  async listPeople(associationId: string): Promise<PersonSummary[]> {
    const rows = await this.sql.rows<Parameters<typeof toPersonSummary>[0]>(`${PEOPLE_LIST_SELECT} WHERE p.association_id = $1 ORDER BY p.first_name, p.id`, [associationId]);
    return rows.map(toPersonSummary);
  }

  private async person(sql: Sql, associationId: string, id: string): Promise<PersonRecord | null> {
    const r = await sql.one<PersonRow>(`SELECT * FROM (${PEOPLE}) p WHERE p.id = $1 AND p.association_id = $2`, [id, associationId]);
    return r ? toPerson(r) : null;
  }

  async getPerson(associationId: string, id: string): Promise<PersonRecord | null> {
    return this.person(this.sql, associationId, id);
  }

  // ---- path ----------------------------------------------------------------------------------------
  async getPath(associationId: string, personId: string): Promise<PathEntry[]> {
    const rows = await this.sql.rows<PathRow>(`${PATH_SELECT} WHERE pp.association_id = $1 AND pp.person_id = $2 ORDER BY pp.position`, [associationId, personId]);
    return rows.map(toPathEntry);
  }

  async setPath(associationId: string, personId: string, lessons: readonly string[], byAccountId: string): Promise<PathEntry[]> {
    await this.x.tx(async (sql) => {
      // One path change at a time per person (two helpers saving at once: the second sees the first's).
      await sql.run("SELECT pg_advisory_xact_lock(hashtext('passerelle.person_path'), hashtext($1))", [personId]);
      const kept = new Map(
        (
          await sql.rows<{ lesson_id: string; chosen_by: string | null; chosen_at: string }>(
            'SELECT lesson_id, chosen_by, chosen_at FROM person_path WHERE association_id = $1 AND person_id = $2',
            [associationId, personId],
          )
        ).map((r) => [r.lesson_id, r]),
      );
      await sql.run('DELETE FROM person_path WHERE association_id = $1 AND person_id = $2', [associationId, personId]);
      const now = this.x.iso();
      for (const [position, lessonId] of lessons.entries()) {
        const before = kept.get(lessonId);
        // A lesson kept in the path keeps who chose it and when; a new one is this helper's choice.
        await sql.run('INSERT INTO person_path (person_id, association_id, position, lesson_id, chosen_by, chosen_at) VALUES ($1, $2, $3, $4, $5, $6)', [
          personId,
          associationId,
          position,
          lessonId,
          before ? before.chosen_by : byAccountId,
          before ? before.chosen_at : now,
        ]);
      }
    });
    return this.getPath(associationId, personId);
  }

  // ---- goals, notes, suivi --------------------------------------------------------------------------
  async listGoals(associationId: string, personId: string): Promise<GoalView[]> {
    const rows = await this.sql.rows<GoalRow>(`${GOAL_SELECT} WHERE g.association_id = $1 AND g.person_id = $2 ORDER BY g.created_at, g.id`, [associationId, personId]);
    return rows.map(toGoal);
  }

  async addGoal(associationId: string, personId: string, goal: { text: string } | { voice: GoalVoice }, byAccountId: string): Promise<GoalView> {
    const id = randomUUID();
    const voice = 'voice' in goal ? goal.voice : null;
    await this.sql.run(
      `INSERT INTO person_goals (id, association_id, person_id, text, voice_mime, voice_duration_ms, voice, author_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, associationId, personId, 'text' in goal ? goal.text : null, voice?.mimeType ?? null, voice?.durationMs ?? null, voice?.bytes ?? null, byAccountId, this.x.iso()],
    );
    return toGoal((await this.sql.one<GoalRow>(`${GOAL_SELECT} WHERE g.id = $1`, [id])) as GoalRow);
  }

  async getGoalVoice(associationId: string, personId: string, goalId: string): Promise<GoalVoice | null> {
    const r = await this.sql.one<{ voice_mime: string; voice_duration_ms: number; voice: Buffer }>(
      'SELECT voice_mime, voice_duration_ms, voice FROM person_goals WHERE id = $1 AND association_id = $2 AND person_id = $3 AND voice IS NOT NULL',
      [goalId, associationId, personId],
    );
    return r ? { mimeType: r.voice_mime, durationMs: r.voice_duration_ms, bytes: r.voice } : null;
  }

  async deleteGoal(associationId: string, personId: string, goalId: string): Promise<boolean> {
    return (await this.sql.run('DELETE FROM person_goals WHERE id = $1 AND association_id = $2 AND person_id = $3', [goalId, associationId, personId])) === 1;
  }

  async listNotes(associationId: string, personId: string): Promise<NoteView[]> {
    const rows = await this.sql.rows<NoteRow>(`${NOTE_SELECT} WHERE n.association_id = $1 AND n.person_id = $2 ORDER BY n.created_at DESC, n.id`, [associationId, personId]);
    return rows.map(toNote);
  }

  async addNote(associationId: string, personId: string, text: string, byAccountId: string): Promise<NoteView> {
    const id = randomUUID();
    await this.sql.run('INSERT INTO person_notes (id, association_id, person_id, text, author_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      id,
      associationId,
      personId,
      text,
      byAccountId,
      this.x.iso(),
    ]);
    return toNote((await this.sql.one<NoteRow>(`${NOTE_SELECT} WHERE n.id = $1`, [id])) as NoteRow);
  }

  async listFollowups(associationId: string, personId: string): Promise<FollowupView[]> {
    const rows = await this.sql.rows<FollowupRow>(
      `${FOLLOWUP_SELECT} WHERE f.association_id = $1 AND f.person_id = $2 ORDER BY f.day DESC, f.created_at DESC, f.id DESC`,
      [associationId, personId],
    );
    return rows.map(toFollowup);
  }

  async addFollowup(associationId: string, personId: string, f: Required<FollowupCreate>, byAccountId: string): Promise<FollowupView> {
    const id = randomUUID();
    await this.sql.run(
      `INSERT INTO followups (id, association_id, person_id, kind, day, duration_minutes, done, next_step, next_day, author_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [id, associationId, personId, f.kind, f.day, f.durationMinutes, f.done, f.nextStep, f.nextDay, byAccountId, this.x.iso()],
    );
    return toFollowup((await this.sql.one<FollowupRow>(`${FOLLOWUP_SELECT} WHERE f.id = $1`, [id])) as FollowupRow);
  }

  async followupsDue(associationId: string, today: string): Promise<FollowupDue[]> {
    const rows = await this.sql.rows<FollowupDueRow>(`${FOLLOWUPS_DUE_SELECT} WHERE f.association_id = $1 AND f.next_day <= $2 ${FOLLOWUPS_DUE_LATEST}`, [associationId, today]);
    return rows.map((r) => toFollowupDue(r, today));
  }

  // ---- consent --------------------------------------------------------------------------------------
  private activeLoan(sql: Sql, personId: string, lock = false): Promise<LoanConsentRow | undefined> {
    return sql.one<LoanConsentRow>(`${LOAN_CONSENT_SELECT} WHERE l.beneficiary_id = $1 AND l.ended_at IS NULL${lock ? ' FOR UPDATE OF l' : ''}`, [personId]);
  }

  async getConsent(associationId: string, personId: string): Promise<ConsentView> {
    const person = await this.getPerson(associationId, personId);
    if (!person) return NO_CONSENT;
    const helper =
      person.kind === 'visitor' && person.helperId ? await this.sql.one<{ first_name: string }>('SELECT first_name FROM accounts WHERE id = $1', [person.helperId]) : undefined;
    return consentOf(person, person.kind === 'beneficiary' ? await this.activeLoan(this.sql, personId) : undefined, helper?.first_name);
  }

  async setConsent(associationId: string, personId: string, granted: boolean, byAccountId: string | null): Promise<ConsentResult> {
    const result = await this.x.tx(async (sql): Promise<ConsentResult | null> => {
      const person = await this.person(sql, associationId, personId);
      if (!person || person.kind !== 'beneficiary') return { ok: false, reason: 'no_loan' };
      const loan = await this.activeLoan(sql, personId, true);
      if (!loan && granted) return { ok: false, reason: 'no_loan' };
      const { state, source } = consentChange(granted, loan, byAccountId);
      const now = this.x.iso();
      if (loan) await sql.run('UPDATE loans SET consent = $2, consent_at = $3, consent_source = $4, consent_by = $5 WHERE id = $1', [loan.id, state, now, source, byAccountId]);
      await sql.run('INSERT INTO consent_events (id, association_id, person_id, state, source, by_account, at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        randomUUID(),
        associationId,
        personId,
        state,
        source,
        byAccountId,
        now,
      ]);
      // No consent, no progress: what the hub held is deleted with the answer.
      if (!granted) await sql.run('DELETE FROM lesson_attempts WHERE association_id = $1 AND person_id = $2', [associationId, personId]);
      return loan ? null : { ok: true, consent: { state, at: now, source, by: null }, machineId: null };
    });
    if (result) return result;
    return { ok: true, consent: await this.getConsent(associationId, personId), machineId: (await this.activeLoan(this.sql, personId))?.machine_id ?? null };
  }

  async loanPersonOf(machineId: string): Promise<(ProgressOwner & { consent: ConsentState }) | null> {
    const r = await this.sql.one<{ association_id: string; beneficiary_id: string; consent: ConsentState }>(
      'SELECT m.association_id, l.beneficiary_id, l.consent FROM loans l JOIN machines m ON m.id = l.machine_id WHERE l.machine_id = $1 AND l.ended_at IS NULL',
      [machineId],
    );
    return r ? { associationId: r.association_id, personId: r.beneficiary_id, consent: r.consent } : null;
  }

  // ---- progress -------------------------------------------------------------------------------------
  async recordProgress(owner: ProgressOwner, report: ProgressReport): Promise<ProgressOutcome> {
    return this.x.tx(
      async (sql): Promise<ProgressOutcome> => {
        const before = await sql.one<AttemptBeforeRow>(`SELECT ${ATTEMPT_BEFORE_COLUMNS} FROM lesson_attempts WHERE id = $1 FOR UPDATE`, [report.attemptId]);
        const decision = progressDecision(before, owner, report);
        if (!Array.isArray(decision)) return decision;
        await sql.run(
          `INSERT INTO lesson_attempts (${ATTEMPT_WRITE_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
           ON CONFLICT (id) DO UPDATE SET ${ATTEMPT_UPSERT_SET}`,
          decision,
        );
        return 'stored';
      },
      // A first report of one attempt arriving twice at once: the second runs again and sees the first.
      { retryOnUnique: true },
    );
  }

  async listAttempts(associationId: string, personId: string): Promise<AttemptView[]> {
    const rows = await this.sql.rows<AttemptRow>(`SELECT ${ATTEMPT_COLUMNS} FROM lesson_attempts WHERE association_id = $1 AND person_id = $2 ORDER BY started_at, id`, [
      associationId,
      personId,
    ]);
    return rows.map(toAttempt);
  }

  async machinePerson(machineId: string): Promise<MachinePerson | null> {
    const owner = await this.loanPersonOf(machineId);
    return owner ? this.personForMachine(owner.associationId, owner.personId) : null;
  }

  async personForMachine(associationId: string, personId: string): Promise<MachinePerson | null> {
    const person = await this.getPerson(associationId, personId);
    if (!person) return null;
    const path = await this.sql.rows<MachinePathRow>(`${MACHINE_PATH_SELECT} WHERE pp.association_id = $1 AND pp.person_id = $2 ORDER BY pp.position`, [associationId, personId]);
    const finished = await this.sql.rows<{ lesson_id: string }>(
      'SELECT DISTINCT lesson_id FROM lesson_attempts WHERE association_id = $1 AND person_id = $2 AND finished_at IS NOT NULL ORDER BY lesson_id',
      [associationId, personId],
    );
    return toMachinePerson(person, (await this.getConsent(associationId, personId)).state, path, finished);
  }
}
