/** The accompaniment area in SQLite: path, goals, notes, suivi, consent and progress of each person. */
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
import type {
  AccompanimentStore,
  ConsentResult,
  GoalVoice,
  PersonRecord,
  ProgressOutcome,
  ProgressOwner,
} from '../accompaniment.ts';
import type { SqliteContext } from './context.ts';
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
} from './accompaniment-rows.ts';

export class SqliteAccompaniment implements AccompanimentStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  // ---- people ----------------------------------------------------------------------------------
  async listPeople(associationId: string): Promise<PersonSummary[]> {
    const rows = this.db.prepare(`${PEOPLE_LIST_SELECT} WHERE p.association_id = ? ORDER BY p.first_name, p.id`).all(associationId) as Parameters<typeof toPersonSummary>[0][];
    return rows.map(toPersonSummary);
  }

  async getPerson(associationId: string, id: string): Promise<PersonRecord | null> {
    const r = this.db.prepare(`SELECT * FROM (${PEOPLE}) p WHERE p.id = ? AND p.association_id = ?`).get(id, associationId) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  // ---- path ----------------------------------------------------------------------------------------
  async getPath(associationId: string, personId: string): Promise<PathEntry[]> {
    const rows = this.db.prepare(`${PATH_SELECT} WHERE pp.association_id = ? AND pp.person_id = ? ORDER BY pp.position`).all(associationId, personId) as PathRow[];
    return rows.map(toPathEntry);
  }

  async setPath(associationId: string, personId: string, lessons: readonly string[], byAccountId: string): Promise<PathEntry[]> {
    this.x.write(() => {
      const kept = new Map(
        (this.db.prepare('SELECT lesson_id, chosen_by, chosen_at FROM person_path WHERE association_id = ? AND person_id = ?').all(associationId, personId) as {
          lesson_id: string;
          chosen_by: string | null;
          chosen_at: string;
        }[]).map((r) => [r.lesson_id, r]),
      );
      this.db.prepare('DELETE FROM person_path WHERE association_id = ? AND person_id = ?').run(associationId, personId);
      const insert = this.db.prepare(
        'INSERT INTO person_path (person_id, association_id, position, lesson_id, chosen_by, chosen_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const now = this.x.iso();
      lessons.forEach((lessonId, position) => {
        const before = kept.get(lessonId);
        // A lesson kept in the path keeps who chose it and when; a new one is this helper's choice.
        insert.run(personId, associationId, position, lessonId, before ? before.chosen_by : byAccountId, before ? before.chosen_at : now);
      });
    });
    return this.getPath(associationId, personId);
  }

  // ---- goals, notes, suivi --------------------------------------------------------------------------
  async listGoals(associationId: string, personId: string): Promise<GoalView[]> {
    const rows = this.db.prepare(`${GOAL_SELECT} WHERE g.association_id = ? AND g.person_id = ? ORDER BY g.created_at, g.id`).all(associationId, personId) as GoalRow[];
    return rows.map(toGoal);
  }

  async addGoal(associationId: string, personId: string, goal: { text: string } | { voice: GoalVoice }, byAccountId: string): Promise<GoalView> {
    const id = randomUUID();
    const voice = 'voice' in goal ? goal.voice : null;
    this.db
      .prepare(
        `INSERT INTO person_goals (id, association_id, person_id, text, voice_mime, voice_duration_ms, voice, author_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, associationId, personId, 'text' in goal ? goal.text : null, voice?.mimeType ?? null, voice?.durationMs ?? null, voice?.bytes ?? null, byAccountId, this.x.iso());
    return toGoal(this.db.prepare(`${GOAL_SELECT} WHERE g.id = ?`).get(id) as GoalRow);
  }

  async getGoalVoice(associationId: string, personId: string, goalId: string): Promise<GoalVoice | null> {
    const r = this.db
      .prepare('SELECT voice_mime, voice_duration_ms, voice FROM person_goals WHERE id = ? AND association_id = ? AND person_id = ? AND voice IS NOT NULL')
      .get(goalId, associationId, personId) as { voice_mime: string; voice_duration_ms: number; voice: Buffer } | undefined;
    return r ? { mimeType: r.voice_mime, durationMs: r.voice_duration_ms, bytes: r.voice } : null;
  }

  async deleteGoal(associationId: string, personId: string, goalId: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM person_goals WHERE id = ? AND association_id = ? AND person_id = ?').run(goalId, associationId, personId).changes === 1;
  }

  async listNotes(associationId: string, personId: string): Promise<NoteView[]> {
    const rows = this.db.prepare(`${NOTE_SELECT} WHERE n.association_id = ? AND n.person_id = ? ORDER BY n.created_at DESC, n.id`).all(associationId, personId) as NoteRow[];
    return rows.map(toNote);
  }

  async addNote(associationId: string, personId: string, text: string, byAccountId: string): Promise<NoteView> {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO person_notes (id, association_id, person_id, text, author_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, associationId, personId, text, byAccountId, this.x.iso());
    return toNote(this.db.prepare(`${NOTE_SELECT} WHERE n.id = ?`).get(id) as NoteRow);
  }

  async listFollowups(associationId: string, personId: string): Promise<FollowupView[]> {
    const rows = this.db
      .prepare(`${FOLLOWUP_SELECT} WHERE f.association_id = ? AND f.person_id = ? ORDER BY f.day DESC, f.created_at DESC, f.id DESC`)
      .all(associationId, personId) as FollowupRow[];
    return rows.map(toFollowup);
  }

  async addFollowup(associationId: string, personId: string, f: Required<FollowupCreate>, byAccountId: string): Promise<FollowupView> {
    const id = randomUUID();
    this.db
      .prepare(
        `INSERT INTO followups (id, association_id, person_id, kind, day, duration_minutes, done, next_step, next_day, author_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(id, associationId, personId, f.kind, f.day, f.durationMinutes, f.done, f.nextStep, f.nextDay, byAccountId, this.x.iso());
    return toFollowup(this.db.prepare(`${FOLLOWUP_SELECT} WHERE f.id = ?`).get(id) as FollowupRow);
  }

  async followupsDue(associationId: string, today: string): Promise<FollowupDue[]> {
    const rows = this.db.prepare(`${FOLLOWUPS_DUE_SELECT} WHERE f.association_id = ? AND f.next_day <= ? ${FOLLOWUPS_DUE_LATEST}`).all(associationId, today) as FollowupDueRow[];
    return rows.map((r) => toFollowupDue(r, today));
  }

  // ---- consent --------------------------------------------------------------------------------------
  private activeLoan(personId: string): LoanConsentRow | undefined {
    return this.db.prepare(`${LOAN_CONSENT_SELECT} WHERE l.beneficiary_id = ? AND l.ended_at IS NULL`).get(personId) as LoanConsentRow | undefined;
  }

  async getConsent(associationId: string, personId: string): Promise<ConsentView> {
    const person = await this.getPerson(associationId, personId);
    if (!person) return NO_CONSENT;
    const helper =
      person.kind === 'visitor' && person.helperId
        ? (this.db.prepare('SELECT first_name FROM accounts WHERE id = ?').get(person.helperId) as { first_name: string } | undefined)
        : undefined;
    return consentOf(person, person.kind === 'beneficiary' ? this.activeLoan(personId) : undefined, helper?.first_name);
  }

  async setConsent(associationId: string, personId: string, granted: boolean, byAccountId: string | null): Promise<ConsentResult> {
    const result = this.x.write((): ConsentResult | null => {
      const person = this.db.prepare(`SELECT * FROM (${PEOPLE}) p WHERE p.id = ? AND p.association_id = ?`).get(personId, associationId) as PersonRow | undefined;
      if (!person || person.kind !== 'beneficiary') return { ok: false, reason: 'no_loan' };
      const loan = this.activeLoan(personId);
      if (!loan && granted) return { ok: false, reason: 'no_loan' };
      const { state, source } = consentChange(granted, loan, byAccountId);
      const now = this.x.iso();
      if (loan) {
        this.db
          .prepare('UPDATE loans SET consent = ?, consent_at = ?, consent_source = ?, consent_by = ? WHERE id = ?')
          .run(state, now, source, byAccountId, loan.id);
      }
      this.db
        .prepare('INSERT INTO consent_events (id, association_id, person_id, state, source, by_account, at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(randomUUID(), associationId, personId, state, source, byAccountId, now);
      // No consent, no progress: what the hub held is deleted with the answer.
      if (!granted) this.db.prepare('DELETE FROM lesson_attempts WHERE association_id = ? AND person_id = ?').run(associationId, personId);
      return loan ? null : { ok: true, consent: { state, at: now, source, by: null }, machineId: null };
    });
    if (result) return result;
    return { ok: true, consent: await this.getConsent(associationId, personId), machineId: this.activeLoan(personId)?.machine_id ?? null };
  }

  async loanPersonOf(machineId: string): Promise<(ProgressOwner & { consent: ConsentState }) | null> {
    const r = this.db
      .prepare('SELECT m.association_id, l.beneficiary_id, l.consent FROM loans l JOIN machines m ON m.id = l.machine_id WHERE l.machine_id = ? AND l.ended_at IS NULL')
      .get(machineId) as { association_id: string; beneficiary_id: string; consent: ConsentState } | undefined;
    return r ? { associationId: r.association_id, personId: r.beneficiary_id, consent: r.consent } : null;
  }

  // ---- progress -------------------------------------------------------------------------------------
  async recordProgress(owner: ProgressOwner, report: ProgressReport): Promise<ProgressOutcome> {
    return this.x.write((): ProgressOutcome => {
      const before = this.db.prepare(`SELECT ${ATTEMPT_BEFORE_COLUMNS} FROM lesson_attempts WHERE id = ?`).get(report.attemptId) as AttemptBeforeRow | undefined;
      const decision = progressDecision(before, owner, report);
      if (!Array.isArray(decision)) return decision;
      this.db
        .prepare(
          `INSERT INTO lesson_attempts (${ATTEMPT_WRITE_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET ${ATTEMPT_UPSERT_SET}`,
        )
        .run(...decision);
      return 'stored';
    });
  }

  async listAttempts(associationId: string, personId: string): Promise<AttemptView[]> {
    const rows = this.db
      .prepare(`SELECT ${ATTEMPT_COLUMNS} FROM lesson_attempts WHERE association_id = ? AND person_id = ? ORDER BY started_at, id`)
      .all(associationId, personId) as AttemptRow[];
    return rows.map(toAttempt);
  }

  async machinePerson(machineId: string): Promise<MachinePerson | null> {
    const owner = await this.loanPersonOf(machineId);
    return owner ? this.personForMachine(owner.associationId, owner.personId) : null;
  }

  async personForMachine(associationId: string, personId: string): Promise<MachinePerson | null> {
    const person = await this.getPerson(associationId, personId);
    if (!person) return null;
    const path = this.db.prepare(`${MACHINE_PATH_SELECT} WHERE pp.association_id = ? AND pp.person_id = ? ORDER BY pp.position`).all(associationId, personId) as MachinePathRow[];
    const finished = this.db
      .prepare('SELECT DISTINCT lesson_id FROM lesson_attempts WHERE association_id = ? AND person_id = ? AND finished_at IS NOT NULL ORDER BY lesson_id')
      .all(associationId, personId) as { lesson_id: string }[];
    return toMachinePerson(person, (await this.getConsent(associationId, personId)).state, path, finished);
  }
}
