/**
 * The visitors area of the hub's store (issue 12): kiosk visitors a helper registered (a first name or
 * pseudonym, nothing else), their picture-code card, and the short-lived token a kiosk gets when a
 * visitor resumes with the card. Their path and progress live in the accompaniment area.
 */
import type { CardCode } from '../../app/protocol/accompaniment.ts';
import type { Language } from '../../app/protocol/common.ts';
import type { PersonRecord, ProgressOwner } from './accompaniment.ts';

/** Wrong codes a kiosk may try before it must wait; each lock doubles, up to a day (wrongCardCode). */
export const CARD_FAILURES_BEFORE_LOCK = 5;
export const CARD_LOCK_BASE_MINUTES = 5;
export const CARD_LOCK_MAX_MINUTES = 24 * 60;
/** A resumed visit may send progress this long (a kiosk visit ends far sooner, at idle or "J'ai fini"). */
export const VISIT_TOKEN_TTL_MINUTES = 12 * 60;

export type CardResumeResult =
  | { ok: true; owner: ProgressOwner; visitToken: string; expiresAt: string }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

type CardRefusal = Extract<CardResumeResult, { ok: false }>;

/** A kiosk whose lock (`lockedUntil`) still runs at `now`: the refusal, with the whole seconds left (at least one). */
export function cardLockRefusal(lockedUntil: string | null, now: string): CardRefusal | null {
  if (!lockedUntil || lockedUntil <= now) return null;
  return { ok: false, reason: 'locked', retryAfterSeconds: Math.max(1, Math.ceil((Date.parse(lockedUntil) - Date.parse(now)) / 1000)) };
}

/**
 * The kiosk's wrong code number `count`: every CARD_FAILURES_BEFORE_LOCK wrong codes lock the kiosk,
 * each lock twice as long as the last, up to a day (about 45 guesses a day at most, against 43,680
 * codes). `lockMinutes` is 0 when this one does not lock.
 */
export function wrongCardCode(count: number): { lockMinutes: number; refusal: CardRefusal } {
  const locks = Math.floor(count / CARD_FAILURES_BEFORE_LOCK);
  const lockMinutes = count % CARD_FAILURES_BEFORE_LOCK === 0 ? Math.min(CARD_LOCK_MAX_MINUTES, CARD_LOCK_BASE_MINUTES * 2 ** (locks - 1)) : 0;
  return lockMinutes > 0
    ? { lockMinutes, refusal: { ok: false, reason: 'locked', retryAfterSeconds: lockMinutes * 60 } }
    : { lockMinutes, refusal: { ok: false, reason: 'wrong', attemptsLeft: CARD_FAILURES_BEFORE_LOCK - (count % CARD_FAILURES_BEFORE_LOCK) } };
}

/** Tables keyed on person_id that a visitor's deletion empties. */
export const PERSON_TABLES = ['person_path', 'person_goals', 'person_notes', 'followups', 'lesson_attempts', 'consent_events'] as const;

export interface VisitorsStore {
  createVisitor(associationId: string, input: { name: string; language: Language }, byAccountId: string): Promise<PersonRecord>;
  updateVisitor(associationId: string, id: string, patch: { name?: string | undefined; language?: Language | undefined }): Promise<PersonRecord | null>;
  /** A new picture code for the visitor's card; the previous card stops working. Null when unknown. */
  issueCard(associationId: string, id: string): Promise<{ code: CardCode; issuedAt: string } | null>;
  cardIssuedAt(associationId: string, id: string): Promise<string | null>;
  /** A code touched on a kiosk of the machine's association: wrong codes are counted per kiosk. */
  resumeWithCard(machine: { id: string; associationId: string }, code: CardCode): Promise<CardResumeResult>;
  /** The visitor behind a visit token this machine was given, while it lasts. */
  visitOwner(machineId: string, visitToken: string): Promise<ProgressOwner | null>;
  /** Forgets the visitor and everything held about them (path, goals, notes, suivi, progress). */
  deleteVisitor(associationId: string, id: string): Promise<boolean>;
}
