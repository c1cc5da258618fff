/**
 * The accompaniment area of the hub's store (issue 12): each person's path, goals, notes, suivi log,
 * consent and lesson progress. A person is a beneficiary (loan register) or a kiosk visitor
 * (visitors.ts); every read and change names the association, and an id of another association is
 * answered as if it did not exist.
 */
import type {
  AttemptView,
  ConsentView,
  FollowupCreate,
  FollowupDue,
  FollowupView,
  GoalView,
  MachinePerson,
  NoteView,
  PathEntry,
  PersonKind,
  PersonSummary,
  ProgressReport,
} from '../../app/protocol/accompaniment.ts';
import type { Language } from '../../app/protocol/common.ts';

/** A person as the follow-up routes need them (whatever their kind). */
export interface PersonRecord {
  id: string;
  associationId: string;
  kind: PersonKind;
  firstName: string;
  language: Language;
  helperId: string | null;
  createdAt: string;
}

/** Whose progress a report is: the home loan's beneficiary, or a visitor (their visit token checked). */
export interface ProgressOwner {
  associationId: string;
  personId: string;
}

export type ProgressOutcome = 'stored' | 'duplicate' | 'conflict';

export type ConsentResult = { ok: true; consent: ConsentView; machineId: string | null } | { ok: false; reason: 'no_loan' };

export interface GoalVoice {
  mimeType: string;
  durationMs: number;
  bytes: Buffer;
}

export interface AccompanimentStore {
  // ---- people (beneficiaries and visitors together)
  listPeople(associationId: string): Promise<PersonSummary[]>;
  getPerson(associationId: string, id: string): Promise<PersonRecord | null>;

  // ---- the path: the whole ordered list at once; lessons kept keep who chose them
  getPath(associationId: string, personId: string): Promise<PathEntry[]>;
  setPath(associationId: string, personId: string, lessons: readonly string[], byAccountId: string): Promise<PathEntry[]>;

  // ---- goals in the person's words, notes, the suivi log
  listGoals(associationId: string, personId: string): Promise<GoalView[]>;
  addGoal(associationId: string, personId: string, goal: { text: string } | { voice: GoalVoice }, byAccountId: string): Promise<GoalView>;
  getGoalVoice(associationId: string, personId: string, goalId: string): Promise<GoalVoice | null>;
  deleteGoal(associationId: string, personId: string, goalId: string): Promise<boolean>;
  listNotes(associationId: string, personId: string): Promise<NoteView[]>;
  addNote(associationId: string, personId: string, text: string, byAccountId: string): Promise<NoteView>;
  listFollowups(associationId: string, personId: string): Promise<FollowupView[]>;
  addFollowup(associationId: string, personId: string, followup: Required<FollowupCreate>, byAccountId: string): Promise<FollowupView>;
  /** Each person's latest contact whose next date is on or before `today` (YYYY-MM-DD), soonest first. */
  followupsDue(associationId: string, today: string): Promise<FollowupDue[]>;

  // ---- consent (a beneficiary's, on their current loan; a visitor's is given when registered)
  getConsent(associationId: string, personId: string): Promise<ConsentView>;
  /**
   * Records an answer. Refusing or withdrawing deletes every lesson attempt of the person in the
   * same transaction. `byAccountId` null means the person answered on the machine.
   */
  setConsent(associationId: string, personId: string, granted: boolean, byAccountId: string | null): Promise<ConsentResult>;
  /** The beneficiary on loan with this machine, if any (for the machine's consent answers and progress). */
  loanPersonOf(machineId: string): Promise<(ProgressOwner & { consent: ConsentView['state'] }) | null>;

  // ---- progress
  /** Keeps the attempt's newest state; `conflict` when the attempt id belongs to another person. */
  recordProgress(owner: ProgressOwner, report: ProgressReport): Promise<ProgressOutcome>;
  listAttempts(associationId: string, personId: string): Promise<AttemptView[]>;
  /** What the machine lent to this beneficiary shows: language, path, consent, lessons finished. */
  machinePerson(machineId: string): Promise<MachinePerson | null>;
  /** The same for any person (a kiosk visitor who resumed with their card). */
  personForMachine(associationId: string, personId: string): Promise<MachinePerson | null>;
}
