/**
 * The help area of the hub's store: help requests from machines, the helpers' actions on them, notes,
 * voice messages, the journal, escalation and the purge. A machine acts only on its own requests; a
 * helper only on requests from machines of their association (anything else is `not_found`).
 * Each change comes back as a `HelpChange`, the payload the event bus carries to the feeds.
 */
import type { CallJournalAction } from '../../app/help/call.ts';
import type { HelpAction, HelpState } from '../../app/help/states.ts';
import type { HelpOutcome } from '../../app/help/outcome.ts';
import type { HelpContext, HelpFileMimeType, HelpJournalEntry, HelpRequestView, HelpStatus, Role, VoiceMimeType } from '../../app/protocol/hub.ts';

/**
 * A help request as it now is: for the association's consoles (view) and for its machine (status,
 * under the request's id and under each alias: the ids of later presses merged into it).
 */
export interface HelpChange {
  associationId: string;
  view: HelpRequestView;
  status: HelpStatus;
  aliases: string[];
}

/**
 * `created`: a new request. `merged`: the machine already had an open request; this press updated it
 * and its id became an alias of it. Neither: the same id again (a retried delivery).
 */
export type SubmitResult = ({ ok: true; created: boolean; merged: boolean } & HelpChange) | { ok: false; reason: 'conflict' };

export type ActionResult =
  | ({ ok: true; changed: boolean } & HelpChange)
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_claimed'; claimedBy: string }
  | { ok: false; reason: 'not_allowed'; state: HelpState }
  /** The request is held by another helper: only they (or staff) may act on it. */
  | { ok: false; reason: 'not_holder'; claimedBy: string }
  /** Handover to an account that does not exist, is disabled, is in another association, or is the holder already. */
  | { ok: false; reason: 'bad_target' }
  /** Undoing a resolution too late, or one that someone else made (app/help/outcome.ts). */
  | { ok: false; reason: 'undo_refused'; why: 'too_late' | 'not_resolver' };

export type VoiceResult =
  | ({ ok: true; created: boolean } & HelpChange)
  | { ok: false; reason: 'not_found' | 'closed' | 'already_attached' }
  /** The machine sent its day's worth of voice bytes; the next fits after `retryAt`. */
  | { ok: false; reason: 'over_quota'; retryAt: string };

/** A file upload's answer: like a voice message's, plus `too_many` once a request has all its files. */
export type FileResult = VoiceResult | { ok: false; reason: 'too_many' };

/** Who acts on a help request from the console: their account, role and association. */
export interface HelpActor {
  accountId: string;
  role: Role;
  associationId: string;
}

export interface StoredVoice {
  mimeType: VoiceMimeType;
  bytes: Buffer;
}

export interface NewHelpRequest {
  id: string;
  createdAt: string;
  context: HelpContext;
}

/** A photo or document the person sent with a request (issue 13): its name, type (checked against its bytes) and bytes. */
export interface HelpFile {
  name: string;
  mimeType: HelpFileMimeType;
  bytes: Buffer;
}

export interface NewVoice {
  mimeType: VoiceMimeType;
  durationMs: number;
  bytes: Buffer;
}

/** One milestone of a live call (app/help/call.ts): who (the helper's account or the machine), what, and a detail. */
export interface CallJournalEntry {
  by: { account: string } | { machine: string };
  action: CallJournalAction;
  detail?: string | null;
}

export interface HelpStore {
  // ---- the machine's side (a request id may be an alias: a later press merged into an open request)
  /** A machine has at most one open request: a press while one is open updates it (merged). */
  submit(machineId: string, input: NewHelpRequest): Promise<SubmitResult>;
  /** The cancel a machine sends for its own request. */
  cancelByMachine(machineId: string, requestId: string): Promise<ActionResult>;
  /** At most one voice message per request, and `maxBytesPerDay` per machine over any 24 hours. */
  attachVoice(machineId: string, requestId: string, voice: NewVoice, limits: { maxBytesPerDay: number }): Promise<VoiceResult>;
  /**
   * Up to HELP_FILES_PER_REQUEST photos or documents per request (numbered 1, 2, 3 in order of arrival),
   * and `maxBytesPerDay` per machine over any 24 hours; the same bytes again are fine (a retried upload).
   */
  attachFile(machineId: string, requestId: string, file: HelpFile, limits: { maxBytesPerDay: number }): Promise<FileResult>;
  /** What the machine's own open requests look like now, under each id it knows (its feed's hello, its status poll). */
  listOpenStatuses(machineId: string): Promise<HelpStatus[]>;

  // ---- the console's side, scoped to the helper's association
  /**
   * `outcome` goes with resolve (journaled), also on a request just resolved (how it ended, said after);
   * reopen undoes the actor's own resolution of a few seconds ago.
   */
  act(actor: HelpActor, requestId: string, action: HelpAction, opts?: { toAccountId?: string | undefined; outcome?: HelpOutcome | undefined }): Promise<ActionResult>;
  addNote(actor: HelpActor, requestId: string, text: string): Promise<ActionResult>;
  /**
   * Journals a live call's milestone on a request of the association, without changing its state;
   * the first `call_answer` gives the request its `calledAt`. A closed request takes it too: the end
   * of a call that the resolution ended comes after the resolution.
   */
  recordCall(associationId: string, requestId: string, entry: CallJournalEntry): Promise<ActionResult>;
  get(associationId: string, id: string): Promise<HelpRequestView | null>;
  journal(associationId: string, requestId: string): Promise<HelpJournalEntry[] | null>;
  getVoice(associationId: string, requestId: string): Promise<StoredVoice | null>;
  /** The request's file number `n` (1-based), if it has one. */
  getFile(associationId: string, requestId: string, n: number): Promise<HelpFile | null>;
  listOpen(associationId: string): Promise<HelpRequestView[]>;
  /** Requests resolved since `since` (ISO), newest first, at most `limit`. */
  listResolved(associationId: string, since: string, limit: number): Promise<HelpRequestView[]>;
  machineHistory(associationId: string, machineId: string, limit?: number): Promise<HelpRequestView[]>;
  beneficiaryHistory(associationId: string, beneficiaryId: string, limit?: number): Promise<HelpRequestView[]>;

  /** Help requests not yet closed, all associations together (the metrics). */
  countOpen(): Promise<number>;

  // ---- jobs
  /** Marks unclaimed requests older than their association's delay as escalated; returns those that changed. */
  escalateOverdue(): Promise<HelpChange[]>;
  /** Deletes closed requests (with journal and voice) older than their association's retention; returns how many. */
  purgeClosed(): Promise<number>;
}

/** Just the change, for the event bus (a store result carries more). */
export function helpChange(r: HelpChange): HelpChange {
  return { associationId: r.associationId, view: r.view, status: r.status, aliases: r.aliases };
}

/** The statuses a machine knows the request by: its id and its aliases. */
export function machineStatuses(change: Pick<HelpChange, 'status' | 'aliases'>): HelpStatus[] {
  return [change.status, ...change.aliases.map((id) => ({ ...change.status, id }))];
}

/**
 * The daily voice quota, for both stores: null when `bytes` more fit beside the machine's voice
 * messages of the last 24 hours (`recent`, oldest first), else the time when enough of them will have
 * aged out (`fallback` when even an empty day could not hold them).
 */
export function voiceRetryAt(recent: readonly { size_bytes: number; received_at: string }[], bytes: number, maxBytesPerDay: number, fallback: string): string | null {
  let used = recent.reduce((n, r) => n + r.size_bytes, 0);
  if (used + bytes <= maxBytesPerDay) return null;
  for (const r of recent) {
    used -= r.size_bytes;
    if (used + bytes <= maxBytesPerDay) return new Date(Date.parse(r.received_at) + 86_400_000).toISOString();
  }
  return fallback;
}
