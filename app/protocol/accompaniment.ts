/**
 * The wire protocol of accompaniment (issue 12): each person's path of lessons, their progress (sent
 * only with consent), the helpers' follow-up (goals, notes, the suivi log) and kiosk visitors who come
 * back with a picture-code card. A "person" is a beneficiary of a home loan or a registered kiosk
 * visitor; both are followed the same way in the console.
 */
import { z } from 'zod';
import { LessonId } from '../lessons/model.ts';
import { IsoDateTime, Language, Uuid } from './common.ts';
import { HelpRequestView } from './hub.ts';
import { ConsentState, MachinePerson, PersonKind } from './person.ts';
import { CARD_CODE_LENGTH, CARD_PICTURE_COUNT } from '../visitors/card-pictures.ts';
import { Day } from './reports.ts';

export { ConsentState, MachinePerson, PersonKind } from './person.ts';
export { Day } from './reports.ts';

/** Who wrote something in the console: shown by first name. */
export const AuthorRef = z.object({ id: z.string(), firstName: z.string() }).nullable();
export type AuthorRef = z.infer<typeof AuthorRef>;

// ---- The path ------------------------------------------------------------------------------
/** The most lessons a path holds: a suggestion for the next weeks, not a programme. */
export const PATH_MAX_LESSONS = 20;

export const PathEntry = z.object({
  lessonId: LessonId,
  /** The helper who chose it with the person ("choisie avec Marie"). */
  chosenBy: AuthorRef,
  chosenAt: IsoDateTime,
});
export type PathEntry = z.infer<typeof PathEntry>;

/** The whole ordered path at once: adding, removing and reordering are one idempotent PUT. */
export const PathUpdate = z
  .object({ lessons: z.array(LessonId).max(PATH_MAX_LESSONS, `a path holds at most ${PATH_MAX_LESSONS} lessons`) })
  .strict()
  .refine((b) => new Set(b.lessons).size === b.lessons.length, { message: 'a lesson appears at most once in a path', path: ['lessons'] });

// ---- Goals, notes, suivi ------------------------------------------------------------------
/** The person's own goals, in their words: text, or a short voice note. */
export const GOAL_VOICE_MAX_SECONDS = 60;
export const GoalView = z.object({
  id: Uuid,
  text: z.string().nullable(),
  voice: z.object({ mimeType: z.string(), durationMs: z.number().int() }).nullable(),
  author: AuthorRef,
  createdAt: IsoDateTime,
});
export type GoalView = z.infer<typeof GoalView>;
export const GoalCreate = z.object({ text: z.string().trim().min(1).max(300) }).strict();

export const NoteView = z.object({ id: Uuid, text: z.string(), author: AuthorRef, createdAt: IsoDateTime });
export type NoteView = z.infer<typeof NoteView>;
export const NoteCreate = z.object({ text: z.string().trim().min(1).max(2000) }).strict();

export const FollowupKind = z.enum(['home_visit', 'phone', 'workshop', 'remote_help']);
export type FollowupKind = z.infer<typeof FollowupKind>;
export const FollowupCreate = z
  .object({
    kind: FollowupKind,
    day: Day,
    durationMinutes: z.number().int().min(1).max(600),
    done: z.string().trim().min(1).max(2000),
    nextStep: z.string().trim().max(1000).default(''),
    nextDay: Day.nullable().default(null),
  })
  .strict()
  .refine((b) => b.nextDay === null || b.nextDay >= b.day, { message: 'the next date comes on or after the contact', path: ['nextDay'] });
export type FollowupCreate = z.input<typeof FollowupCreate>;
export const FollowupView = z.object({
  id: Uuid,
  kind: FollowupKind,
  day: Day,
  durationMinutes: z.number().int(),
  done: z.string(),
  nextStep: z.string(),
  nextDay: Day.nullable(),
  author: AuthorRef,
  createdAt: IsoDateTime,
});
export type FollowupView = z.infer<typeof FollowupView>;

/** The console's home: the follow-ups whose next date is today or past (the latest contact of each person). */
export const FollowupDue = z.object({
  personId: z.string(),
  kind: PersonKind,
  firstName: z.string(),
  helper: AuthorRef,
  nextDay: Day,
  nextStep: z.string(),
  overdue: z.boolean(),
});
export type FollowupDue = z.infer<typeof FollowupDue>;

// ---- Consent and progress -------------------------------------------------------------------
export const ConsentView = z.object({
  state: ConsentState,
  at: IsoDateTime.nullable(),
  /** Given on the machine by the person, or recorded in the console by a helper. */
  source: z.enum(['machine', 'console']).nullable(),
  by: AuthorRef,
});
export type ConsentView = z.infer<typeof ConsentView>;
export const ConsentUpdate = z.object({ granted: z.boolean() }).strict();

/** The person's answer on the machine, through the outbox (idempotent on `id`). */
export const MachineConsent = z.object({ id: Uuid, granted: z.boolean(), at: IsoDateTime }).strict();
export type MachineConsent = z.infer<typeof MachineConsent>;

export const ProgressStep = z
  .object({
    index: z.number().int().min(0).max(1000),
    /** The highest hint the step needed (0 none … 4 the hand). */
    hintLevel: z.number().int().min(0).max(4),
    misses: z.number().int().min(0).max(10_000),
    seconds: z.number().int().min(0).max(86_400),
    /** The person asked a human for help on this step. */
    help: z.boolean().default(false),
  })
  .strict();
export type ProgressStep = z.infer<typeof ProgressStep>;

/**
 * Where one attempt at a lesson stands, sent by the machine through its outbox. Each report carries
 * the attempt's whole state so far, so the hub keeps the newest (`seq` grows with each report) and a
 * report sent twice, or late, changes nothing. `visitToken` names a kiosk visitor who resumed with
 * their card; without it the report is the home loan's beneficiary's.
 */
export const ProgressReport = z
  .object({
    id: Uuid,
    attemptId: Uuid,
    seq: z.number().int().min(0).max(100_000),
    lessonId: LessonId,
    startedAt: IsoDateTime,
    at: IsoDateTime,
    finished: z.boolean(),
    stepCount: z.number().int().min(1).max(1000),
    stepsDone: z.number().int().min(0).max(1000),
    seconds: z.number().int().min(0).max(86_400),
    steps: z.array(ProgressStep).max(1000),
    helpRequests: z.number().int().min(0).max(1000),
    visitToken: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'a visit token').optional(),
  })
  .strict()
  .refine((r) => r.stepsDone <= r.stepCount, { message: 'stepsDone is at most stepCount', path: ['stepsDone'] });
export type ProgressReport = z.infer<typeof ProgressReport>;

export const ProgressAck = z.object({ id: Uuid, status: z.enum(['stored', 'duplicate']) });
export type ProgressAck = z.infer<typeof ProgressAck>;

/** One attempt as the console shows it (timeline, stuck steps). */
export const AttemptView = z.object({
  attemptId: Uuid,
  lessonId: z.string(),
  startedAt: IsoDateTime,
  updatedAt: IsoDateTime,
  finishedAt: IsoDateTime.nullable(),
  seconds: z.number().int(),
  stepsDone: z.number().int(),
  stepCount: z.number().int(),
  steps: z.array(ProgressStep),
  helpRequests: z.number().int(),
});
export type AttemptView = z.infer<typeof AttemptView>;

// ---- Visitors and their card -----------------------------------------------------------------
// A visitor's card shows 4 pictures among these 16; the code is their order (app/visitors/card-pictures.ts).
export { CARD_CODE_LENGTH, CARD_PICTURE_COUNT };
export const CardCode = z
  .array(z.number().int().min(0).max(CARD_PICTURE_COUNT - 1))
  .length(CARD_CODE_LENGTH, `a card code is ${CARD_CODE_LENGTH} pictures`);
export type CardCode = z.infer<typeof CardCode>;
export const VisitorName = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{M}][\p{L}\p{M}\p{N} .'-]*$/u, 'a first name or pseudonym: letters, digits, spaces, dots, dashes, apostrophes');
export const VisitorCreate = z.object({ name: VisitorName, language: Language.default('fr') }).strict();
export const VisitorUpdate = z
  .object({ name: VisitorName.optional(), language: Language.optional() })
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'send at least one of name, language');

/** A kiosk's "J'ai une carte": the 4 pictures touched. */
export const CardResume = z.object({ code: CardCode }).strict();

export const CardResumeAnswer = z.object({
  /** Sent with the visitor's progress reports during this visit (never stored on the kiosk's disk). */
  visitToken: z.string(),
  expiresAt: IsoDateTime,
  person: MachinePerson,
});
export type CardResumeAnswer = z.infer<typeof CardResumeAnswer>;

// ---- The console's person page ---------------------------------------------------------------
export const PersonSummary = z.object({
  id: z.string(),
  kind: PersonKind,
  firstName: z.string(),
  language: Language,
  helper: AuthorRef,
  /** The next follow-up date of the latest contact, if one was set. */
  nextDay: Day.nullable(),
  createdAt: IsoDateTime,
});
export type PersonSummary = z.infer<typeof PersonSummary>;

export const PersonDetail = z.object({
  person: PersonSummary.extend({
    phone: z.string().nullable(),
    loan: z.object({ id: z.string(), assetTag: z.string(), since: IsoDateTime }).nullable(),
    cardIssuedAt: IsoDateTime.nullable(),
  }),
  consent: ConsentView,
  path: z.array(PathEntry),
  goals: z.array(GoalView),
  notes: z.array(NoteView),
  followups: z.array(FollowupView),
  attempts: z.array(AttemptView),
  help: z.array(HelpRequestView),
});
export type PersonDetail = z.infer<typeof PersonDetail>;

/** A lesson as the console lists it: enough to choose a path with the person. */
export const CatalogueLesson = z.object({
  id: LessonId,
  order: z.number().int(),
  family: z.string().nullable(),
  prerequisites: z.array(LessonId),
  minutes: z.number().int(),
  titles: z.partialRecord(Language, z.string()),
  /** What each step says, in step order (a help card shows what the step the person is stuck on asks). */
  stepSays: z.partialRecord(Language, z.array(z.string())).optional(),
  /** The lesson's picture (same origin, SVG). */
  picture: z.string(),
});
export type CatalogueLesson = z.infer<typeof CatalogueLesson>;

export const Suggestion = z.object({
  lessonId: LessonId,
  reason: z.enum(['practice_again', 'prerequisite_done', 'next_in_order']),
});
export type Suggestion = z.infer<typeof Suggestion>;
