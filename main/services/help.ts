/**
 * Help requests on the shell side: stored locally and queued in the outbox in one transaction,
 * so a request the person confirmed is never lost, and mirrored from the hub's status pushes.
 * The optional voice message is queued the same way. The association's phone number and how many
 * helpers are on duty come from the hub and decide whether the phone number is shown.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { LocalHelpRequest } from '../../app/bridge/contract.ts';
import { isOpenHelpState, HelpState } from '../../app/help/states.ts';
import { HELP_FILES_PER_REQUEST, type HelpAvailability, type HelpContext, type HelpRequestSubmit, type HelpStatus } from '../../app/protocol/hub.ts';
import type { HelpFilePayload, HelpVoicePayload } from '../outbox/messages.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';

type Row = { id: string; state: string; delivered: number; created_at: string; helper_first_name: string | null };

export type { HelpVoicePayload } from '../outbox/messages.ts';

export const voiceOutboxKey = (id: string): string => `voice:${id}`;
export const fileOutboxKey = (id: string, digest: string): string => `file:${id}:${digest.slice(0, 16)}`;
const fileSettingKey = (id: string): string => `help-files:${id}`;

export class HelpService {
  /**
   * Photos of claiming helpers, in memory only: a photo is the helper's, not the machine's, and the
   * hub sends it again with every status (and in the feed's hello after a restart).
   */
  private readonly photos = new Map<string, string>();
  /** When a live call on each request was first answered, as the hub says (in memory, like the photos). */
  private readonly calledAt = new Map<string, string>();
  private helpersOnDuty: number | null = null;
  /**
   * The newest status the hub sent for each request (its updatedAt only grows, by at least 1 ms per
   * change). Statuses come by two roads, the answers to the outbox's deliveries and the live feed, and
   * an older one can arrive last: "new" after "Marie va vous appeler". In memory: after a restart the
   * feed's hello brings every open request's current status.
   */
  private readonly hubVersions = new Map<string, string>();

  constructor(
    private readonly db: ShellDb,
    private readonly outbox: Outbox,
    private readonly changed: (request: LocalHelpRequest) => void,
    private readonly availabilityChanged: (availability: HelpAvailability) => void = () => undefined,
  ) {}

  request(context: HelpContext, now = new Date()): LocalHelpRequest {
    const submit: HelpRequestSubmit = { id: randomUUID(), createdAt: now.toISOString(), context };
    this.db.transaction(() => {
      this.db
        .prepare('INSERT INTO help_requests (id, state, delivered, created_at, updated_at, context) VALUES (?, ?, 0, ?, ?, ?)')
        .run(submit.id, 'new', submit.createdAt, submit.createdAt, JSON.stringify(context));
      this.outbox.enqueue('help.request', submit.id, submit, now.getTime());
    })();
    const created = this.get(submit.id)!;
    this.changed(created);
    return created;
  }

  /**
   * Queue the voice message of an open request. The request itself was queued first, so the outbox
   * (oldest first within a priority) delivers the request before its voice. Returns false when the
   * request is unknown, closed, or already has a message (the first one stands).
   */
  attachVoice(voice: HelpVoicePayload, now = new Date()): boolean {
    const current = this.get(voice.id);
    if (!current || !isOpenHelpState(current.state)) return false;
    return this.outbox.enqueue('help.voice', voiceOutboxKey(voice.id), voice, now.getTime());
  }

  /**
   * Queue a photo or document sent with an open request (issue 13), after the request itself. The hub
   * keeps one open request per machine (later presses are merged into it), so the files sent with all
   * of this machine's open requests count together: up to HELP_FILES_PER_REQUEST, the same file twice
   * counts once (the hub is idempotent on the same bytes). Remembered in the store with the outbox
   * message, in one transaction.
   */
  attachFile(file: HelpFilePayload, now = new Date()): 'queued' | 'already_sent' | 'too_many' | 'closed' | 'no_room' {
    const current = this.get(file.id);
    if (!current || !isOpenHelpState(current.state)) return 'closed';
    const digest = createHash('sha256').update(file.data).digest('hex');
    const sent = this.open().flatMap((r) => this.fileDigests(r.id));
    if (sent.includes(digest)) return 'already_sent';
    if (sent.length >= HELP_FILES_PER_REQUEST) return 'too_many';
    const mine = this.fileDigests(file.id);
    return this.db.transaction(() => {
      const queued = this.outbox.enqueue('help.file', fileOutboxKey(file.id, digest), file, now.getTime());
      if (queued) setSetting(this.db, fileSettingKey(file.id), JSON.stringify([...mine, digest]));
      return queued ? ('queued' as const) : ('no_room' as const);
    })();
  }

  /** How many files went with this machine's open requests (the hub's one open request). */
  filesWithOpenRequest(): number {
    return this.open().reduce((n, r) => n + this.fileDigests(r.id).length, 0);
  }

  private fileDigests(id: string): string[] {
    const stored = getSetting(this.db, fileSettingKey(id));
    return stored ? (JSON.parse(stored) as string[]) : [];
  }

  cancel(id: string, now = new Date()): LocalHelpRequest {
    const current = this.get(id);
    if (!current) throw new Error(`no help request ${id}`);
    if (!isOpenHelpState(current.state)) return current;
    this.db.transaction(() => {
      this.db.prepare("UPDATE help_requests SET state = 'cancelled', updated_at = ? WHERE id = ?").run(now.toISOString(), id);
      this.outbox.enqueue('help.cancel', `cancel:${id}`, { id }, now.getTime());
    })();
    const cancelled = this.get(id)!;
    this.changed(cancelled);
    return cancelled;
  }

  /** The hub acknowledged the request: it is delivered, and its status may already have moved. */
  markDelivered(status: HelpStatus): void {
    this.db.prepare('UPDATE help_requests SET delivered = 1 WHERE id = ?').run(status.id);
    this.applyStatus(status);
  }

  /** A status from the hub. A locally cancelled request stays cancelled until the hub agrees. */
  applyStatus(status: HelpStatus): void {
    const current = this.get(status.id);
    if (!current) return;
    const newest = this.hubVersions.get(status.id);
    if (newest !== undefined && status.updatedAt < newest) return;
    this.hubVersions.set(status.id, status.updatedAt);
    if (current.state === 'cancelled' && status.state !== 'cancelled' && this.outbox.has(`cancel:${status.id}`)) return;
    const photo = status.helper?.photo ?? null;
    if (photo) this.photos.set(status.id, photo);
    else this.photos.delete(status.id);
    if (status.calledAt) this.calledAt.set(status.id, status.calledAt);
    this.db
      .prepare('UPDATE help_requests SET state = ?, helper_first_name = ?, updated_at = ?, delivered = 1 WHERE id = ?')
      .run(status.state, status.helper?.firstName ?? null, status.updatedAt, status.id);
    const updated = this.get(status.id)!;
    if (
      updated.state !== current.state ||
      updated.helperFirstName !== current.helperFirstName ||
      updated.helperPhoto !== current.helperPhoto ||
      updated.calledAt !== current.calledAt ||
      !current.delivered
    ) {
      this.changed(updated);
    }
  }

  /** The hub said who can answer and which number to call; the number is kept for offline days. */
  setAvailability(availability: HelpAvailability): void {
    const before = this.availability();
    if (availability.helpPhone === null) this.db.prepare("DELETE FROM settings WHERE key = 'helpPhone'").run();
    else setSetting(this.db, 'helpPhone', availability.helpPhone);
    this.helpersOnDuty = availability.helpersOnDuty;
    const after = this.availability();
    if (before.helpPhone !== after.helpPhone || before.helpersOnDuty !== after.helpersOnDuty) {
      this.availabilityChanged({ helpPhone: after.helpPhone, helpersOnDuty: availability.helpersOnDuty });
    }
  }

  availability(): { helpPhone: string | null; helpersOnDuty: number | null } {
    return { helpPhone: getSetting(this.db, 'helpPhone'), helpersOnDuty: this.helpersOnDuty };
  }

  get(id: string): LocalHelpRequest | null {
    const row = this.db.prepare('SELECT id, state, delivered, created_at, helper_first_name FROM help_requests WHERE id = ?').get(id) as Row | undefined;
    return row ? this.toLocal(row) : null;
  }

  open(): LocalHelpRequest[] {
    const rows = this.db
      .prepare("SELECT id, state, delivered, created_at, helper_first_name FROM help_requests WHERE state NOT IN ('resolved', 'cancelled') ORDER BY created_at")
      .all() as Row[];
    return rows.map((r) => this.toLocal(r));
  }

  private toLocal(row: Row): LocalHelpRequest {
    return {
      id: row.id,
      state: HelpState.parse(row.state),
      delivered: row.delivered === 1,
      createdAt: row.created_at,
      helperFirstName: row.helper_first_name,
      helperPhoto: row.helper_first_name ? (this.photos.get(row.id) ?? null) : null,
      calledAt: this.calledAt.get(row.id) ?? null,
    };
  }
}
