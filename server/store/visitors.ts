/**
 * The visitors area of the hub's store (issue 12): kiosk visitors a helper registered (a first name or
 * pseudonym, nothing else), their picture-code card, and the short-lived token a kiosk gets when a
 * visitor resumes with the card. Their path and progress live in the accompaniment area.
 */
import type { CardCode } from '../../app/protocol/accompaniment.ts';
import type { Language } from '../../app/protocol/common.ts';
import type { PersonRecord, ProgressOwner } from './accompaniment.ts';

/** Wrong codes a kiosk may try before it must wait; each lock doubles, up to a day (see sqlite/visitors.ts). */
export const CARD_FAILURES_BEFORE_LOCK = 5;
export const CARD_LOCK_BASE_MINUTES = 5;
export const CARD_LOCK_MAX_MINUTES = 24 * 60;
/** A resumed visit may send progress this long (a kiosk visit ends far sooner, at idle or "J'ai fini"). */
export const VISIT_TOKEN_TTL_MINUTES = 12 * 60;

export type CardResumeResult =
  | { ok: true; owner: ProgressOwner; visitToken: string; expiresAt: string }
  | { ok: false; reason: 'wrong'; attemptsLeft: number }
  | { ok: false; reason: 'locked'; retryAfterSeconds: number };

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
