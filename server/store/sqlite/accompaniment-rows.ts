/** Row shapes and SELECTs of the accompaniment area, and their mapping to the wire views (plain SQL). */
import type {
  AttemptView,
  ConsentState,
  ConsentView,
  FollowupDue,
  FollowupKind,
  FollowupView,
  GoalView,
  MachinePerson,
  NoteView,
  PathEntry,
  PersonKind,
  PersonSummary,
  ProgressReport,
  ProgressStep,
} from '../../../app/protocol/accompaniment.ts';
import type { Language } from '../../../app/protocol/common.ts';
import type { PersonRecord, ProgressOwner } from '../accompaniment.ts';

/** Beneficiaries and visitors as one relation: every follow-up table keys on person_id. */
export const PEOPLE = `
  SELECT id, association_id, 'beneficiary' AS kind, first_name, language, helper_id, created_at FROM beneficiaries
  UNION ALL
  SELECT id, association_id, 'visitor' AS kind, name AS first_name, language, helper_id, created_at FROM visitors`;

export interface PersonRow {
  id: string;
  association_id: string;
  kind: PersonKind;
  first_name: string;
  language: Language;
  helper_id: string | null;
  created_at: string;
}
export function toPerson(r: PersonRow): PersonRecord {
  return {
    id: r.id,
    associationId: r.association_id,
    kind: r.kind,
    firstName: r.first_name,
    language: r.language,
    helperId: r.helper_id,
    createdAt: r.created_at,
  };
}

const author = (id: string | null, firstName: string | null) => (id && firstName !== null ? { id, firstName } : null);

/** The people list: each person with their helper's first name and the next date of their latest contact. Followed by the store's WHERE. */
export const PEOPLE_LIST_SELECT = `
  SELECT p.*, a.first_name AS helper_first_name,
         (SELECT f.next_day FROM followups f WHERE f.person_id = p.id ORDER BY f.day DESC, f.created_at DESC, f.id DESC LIMIT 1) AS next_day
  FROM (${PEOPLE}) p LEFT JOIN accounts a ON a.id = p.helper_id`;
export function toPersonSummary(r: PersonRow & { helper_first_name: string | null; next_day: string | null }): PersonSummary {
  return { id: r.id, kind: r.kind, firstName: r.first_name, language: r.language, helper: author(r.helper_id, r.helper_first_name), nextDay: r.next_day, createdAt: r.created_at };
}

/** Contacts with a next date: followed by the store's `WHERE f.association_id = … AND f.next_day <= …`, then FOLLOWUPS_DUE_LATEST (each person's latest contact only, soonest first). */
export const FOLLOWUPS_DUE_SELECT = `
  SELECT f.person_id, f.next_day, f.next_step, p.kind, p.first_name, p.helper_id, a.first_name AS helper_first_name
  FROM followups f
  JOIN (${PEOPLE}) p ON p.id = f.person_id AND p.association_id = f.association_id
  LEFT JOIN accounts a ON a.id = p.helper_id`;
export const FOLLOWUPS_DUE_LATEST = `
  AND f.next_day IS NOT NULL
  AND f.id = (SELECT f2.id FROM followups f2 WHERE f2.person_id = f.person_id ORDER BY f2.day DESC, f2.created_at DESC, f2.id DESC LIMIT 1)
  ORDER BY f.next_day, p.first_name`;
export interface FollowupDueRow {
  person_id: string;
  next_day: string;
  next_step: string;
  kind: PersonKind;
  first_name: string;
  helper_id: string | null;
  helper_first_name: string | null;
}
export function toFollowupDue(r: FollowupDueRow, today: string): FollowupDue {
  return {
    personId: r.person_id,
    kind: r.kind,
    firstName: r.first_name,
    helper: author(r.helper_id, r.helper_first_name),
    nextDay: r.next_day,
    nextStep: r.next_step,
    overdue: r.next_day < today,
  };
}

/** The path as the machine shows it (who chose each lesson, with their photo): followed by the store's WHERE on pp.association_id, pp.person_id. */
export const MACHINE_PATH_SELECT = 'SELECT pp.lesson_id, a.first_name, a.photo FROM person_path pp LEFT JOIN accounts a ON a.id = pp.chosen_by';
export interface MachinePathRow {
  lesson_id: string;
  first_name: string | null;
  photo: string | null;
}
export function toMachinePerson(person: PersonRecord, consent: ConsentState, path: MachinePathRow[], finished: { lesson_id: string }[]): MachinePerson {
  return {
    kind: person.kind,
    firstName: person.firstName,
    language: person.language,
    consent,
    path: path.map((p) => ({ lessonId: p.lesson_id, chosenBy: p.first_name !== null ? { firstName: p.first_name, photo: p.photo } : null })),
    finished: finished.map((f) => f.lesson_id),
  };
}

export interface PathRow {
  lesson_id: string;
  chosen_by: string | null;
  chooser_first_name: string | null;
  chosen_at: string;
}
export const PATH_SELECT = `
  SELECT pp.lesson_id, pp.chosen_by, a.first_name AS chooser_first_name, pp.chosen_at
  FROM person_path pp LEFT JOIN accounts a ON a.id = pp.chosen_by`;
export function toPathEntry(r: PathRow): PathEntry {
  return { lessonId: r.lesson_id, chosenBy: author(r.chosen_by, r.chooser_first_name), chosenAt: r.chosen_at };
}

export interface GoalRow {
  id: string;
  text: string | null;
  voice_mime: string | null;
  voice_duration_ms: number | null;
  author_id: string | null;
  author_first_name: string | null;
  created_at: string;
}
export const GOAL_SELECT = `
  SELECT g.id, g.text, g.voice_mime, g.voice_duration_ms, g.author_id, a.first_name AS author_first_name, g.created_at
  FROM person_goals g LEFT JOIN accounts a ON a.id = g.author_id`;
export function toGoal(r: GoalRow): GoalView {
  return {
    id: r.id,
    text: r.text,
    voice: r.voice_mime && r.voice_duration_ms !== null ? { mimeType: r.voice_mime, durationMs: r.voice_duration_ms } : null,
    author: author(r.author_id, r.author_first_name),
    createdAt: r.created_at,
  };
}

export interface NoteRow {
  id: string;
  text: string;
  author_id: string | null;
  author_first_name: string | null;
  created_at: string;
}
export const NOTE_SELECT = `
  SELECT n.id, n.text, n.author_id, a.first_name AS author_first_name, n.created_at
  FROM person_notes n LEFT JOIN accounts a ON a.id = n.author_id`;
export function toNote(r: NoteRow): NoteView {
  return { id: r.id, text: r.text, author: author(r.author_id, r.author_first_name), createdAt: r.created_at };
}

export interface FollowupRow {
  id: string;
  kind: FollowupKind;
  day: string;
  duration_minutes: number;
  done: string;
  next_step: string;
  next_day: string | null;
  author_id: string | null;
  author_first_name: string | null;
  created_at: string;
}
export const FOLLOWUP_SELECT = `
  SELECT f.id, f.kind, f.day, f.duration_minutes, f.done, f.next_step, f.next_day, f.author_id, a.first_name AS author_first_name, f.created_at
  FROM followups f LEFT JOIN accounts a ON a.id = f.author_id`;
export function toFollowup(r: FollowupRow): FollowupView {
  return {
    id: r.id,
    kind: r.kind,
    day: r.day,
    durationMinutes: r.duration_minutes,
    done: r.done,
    nextStep: r.next_step,
    nextDay: r.next_day,
    author: author(r.author_id, r.author_first_name),
    createdAt: r.created_at,
  };
}

export interface AttemptRow {
  id: string;
  lesson_id: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  seconds: number;
  steps_done: number;
  step_count: number;
  steps: string;
  help_requests: number;
}
export const ATTEMPT_COLUMNS = 'id, lesson_id, started_at, updated_at, finished_at, seconds, steps_done, step_count, steps, help_requests';
export function toAttempt(r: AttemptRow): AttemptView {
  return {
    attemptId: r.id,
    lessonId: r.lesson_id,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    finishedAt: r.finished_at,
    seconds: r.seconds,
    stepsDone: r.steps_done,
    stepCount: r.step_count,
    steps: JSON.parse(r.steps) as ProgressStep[],
    helpRequests: r.help_requests,
  };
}

/** What a progress report finds of its attempt before it is stored (read under the write lock). */
export interface AttemptBeforeRow {
  person_id: string;
  association_id: string;
  seq: number;
  last_report_id: string;
  finished_at: string | null;
}
export const ATTEMPT_BEFORE_COLUMNS = 'person_id, association_id, seq, last_report_id, finished_at';
/** The columns a report writes, in the order of `progressDecision`'s values. */
export const ATTEMPT_WRITE_COLUMNS =
  'id, association_id, person_id, lesson_id, started_at, updated_at, finished_at, seconds, steps_done, step_count, steps, help_requests, seq, last_report_id';
/** A newer report of an attempt already stored: everything but who and which lesson. */
export const ATTEMPT_UPSERT_SET = `updated_at = excluded.updated_at, finished_at = excluded.finished_at, seconds = excluded.seconds,
  steps_done = excluded.steps_done, step_count = excluded.step_count, steps = excluded.steps, help_requests = excluded.help_requests,
  seq = excluded.seq, last_report_id = excluded.last_report_id`;

/**
 * What a progress report does to its attempt: `conflict` when the attempt id is another person's,
 * `duplicate` when it is the same report again or an older one arriving late (the attempt already
 * says more), else the values to store (ATTEMPT_WRITE_COLUMNS). A finished attempt stays finished.
 */
export function progressDecision(before: AttemptBeforeRow | undefined, owner: ProgressOwner, report: ProgressReport): 'conflict' | 'duplicate' | unknown[] {
  if (before && (before.person_id !== owner.personId || before.association_id !== owner.associationId)) return 'conflict';
  if (before && (before.last_report_id === report.id || report.seq <= before.seq)) return 'duplicate';
  const finishedAt = before?.finished_at ?? (report.finished ? report.at : null);
  return [
    report.attemptId,
    owner.associationId,
    owner.personId,
    report.lessonId,
    report.startedAt,
    report.at,
    finishedAt,
    report.seconds,
    report.stepsDone,
    report.stepCount,
    JSON.stringify(report.steps),
    report.helpRequests,
    report.seq,
    report.id,
  ];
}

export const NO_CONSENT: ConsentView = { state: 'unasked', at: null, source: null, by: null };

/** A beneficiary's current loan and its consent, with the first name of the helper who recorded it. */
export interface LoanConsentRow {
  id: string;
  machine_id: string;
  consent: ConsentState;
  consent_at: string | null;
  consent_source: 'machine' | 'console' | null;
  consent_by: string | null;
  by_first_name: string | null;
}
/** Followed by the store's `WHERE l.beneficiary_id = … AND l.ended_at IS NULL`. */
export const LOAN_CONSENT_SELECT = `
  SELECT l.id, l.machine_id, l.consent, l.consent_at, l.consent_source, l.consent_by, a.first_name AS by_first_name
  FROM loans l LEFT JOIN accounts a ON a.id = l.consent_by`;

/**
 * A person's consent: a visitor asked for a card to find their lessons again, so registering is their
 * consent (given to the helper who registered them); a beneficiary's is their current loan's.
 */
export function consentOf(person: PersonRecord, loan: LoanConsentRow | undefined, helperFirstName: string | undefined): ConsentView {
  if (person.kind === 'visitor') {
    return { state: 'granted', at: person.createdAt, source: 'console', by: author(person.helperId, helperFirstName ?? null) };
  }
  if (!loan) return NO_CONSENT;
  return { state: loan.consent, at: loan.consent_at, source: loan.consent_source, by: author(loan.consent_by, loan.by_first_name) };
}

/** An answer's new state (saying no after a yes is a withdrawal) and who gave it (null: the person, on the machine). */
export function consentChange(granted: boolean, loan: LoanConsentRow | undefined, byAccountId: string | null) {
  const state: ConsentState = granted ? 'granted' : loan?.consent === 'granted' ? 'withdrawn' : 'refused';
  const source: 'machine' | 'console' = byAccountId === null ? 'machine' : 'console';
  return { state, source };
}
