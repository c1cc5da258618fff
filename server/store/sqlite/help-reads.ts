/**
 * The help area in SQLite, what the console reads: one request, its journal, voice message and files, the
 * open queue, the history of a machine or a beneficiary — each scoped to the reader's association.
 * SqliteHelp (help.ts) adds the changes on top.
 */
import type { HelpFileMimeType, HelpJournalEntry, HelpRequestView, VoiceMimeType } from '../../../app/protocol/hub.ts';
import type { HelpFile, StoredVoice } from '../help.ts';
import type { SqliteContext } from './context.ts';
import { HELP_SELECT, journalSelect, OPEN_STATES, toJournalEntry, toView, type HelpRow, type JournalRow } from './rows.ts';

export class SqliteHelpReads {
  constructor(protected readonly x: SqliteContext) {}

  protected get db() {
    return this.x.db;
  }

  protected row(id: string): HelpRow | undefined {
    return this.db.prepare(`${HELP_SELECT} WHERE h.id = ?`).get(id) as HelpRow | undefined;
  }

  protected rowIn(associationId: string, id: string): HelpRow | undefined {
    const r = this.row(id);
    return r && r.association_id === associationId ? r : undefined;
  }

  async get(associationId: string, id: string): Promise<HelpRequestView | null> {
    const r = this.rowIn(associationId, id);
    return r ? toView(r) : null;
  }

  async journal(associationId: string, requestId: string): Promise<HelpJournalEntry[] | null> {
    if (!this.rowIn(associationId, requestId)) return null;
    return (this.db.prepare(journalSelect('?')).all(requestId) as JournalRow[]).map(toJournalEntry);
  }

  async getVoice(associationId: string, requestId: string): Promise<StoredVoice | null> {
    const r = this.db
      .prepare(
        `SELECT v.mime_type, v.bytes FROM help_voice v
         JOIN help_requests h ON h.id = v.request_id JOIN machines m ON m.id = h.machine_id
         WHERE v.request_id = ? AND m.association_id = ?`,
      )
      .get(requestId, associationId) as { mime_type: VoiceMimeType; bytes: Buffer } | undefined;
    return r ? { mimeType: r.mime_type, bytes: r.bytes } : null;
  }

  async getFile(associationId: string, requestId: string, n: number): Promise<HelpFile | null> {
    const r = this.db
      .prepare(
        `SELECT f.name, f.mime_type, f.bytes FROM help_files f
         JOIN help_requests h ON h.id = f.request_id JOIN machines m ON m.id = h.machine_id
         WHERE f.request_id = ? AND f.seq = ? AND m.association_id = ?`,
      )
      .get(requestId, n, associationId) as { name: string; mime_type: HelpFileMimeType; bytes: Buffer } | undefined;
    return r ? { name: r.name, mimeType: r.mime_type, bytes: r.bytes } : null;
  }

  async listOpen(associationId: string): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE m.association_id = ? AND h.state IN ${OPEN_STATES} ORDER BY h.received_at, h.id`)
      .all(associationId) as HelpRow[];
    return rows.map(toView);
  }

  async machineHistory(associationId: string, machineId: string, limit = 200): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE h.machine_id = ? AND m.association_id = ? ORDER BY h.received_at DESC, h.id LIMIT ?`)
      .all(machineId, associationId, limit) as HelpRow[];
    return rows.map(toView);
  }

  async beneficiaryHistory(associationId: string, beneficiaryId: string, limit = 200): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE h.beneficiary_id = ? AND m.association_id = ? ORDER BY h.received_at DESC, h.id LIMIT ?`)
      .all(beneficiaryId, associationId, limit) as HelpRow[];
    return rows.map(toView);
  }

  async listResolved(associationId: string, since: string, limit: number): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE m.association_id = ? AND h.state = 'resolved' AND h.closed_at >= ? ORDER BY h.closed_at DESC, h.id LIMIT ?`)
      .all(associationId, since, limit) as HelpRow[];
    return rows.map(toView);
  }

  async countOpen(): Promise<number> {
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM help_requests WHERE state IN ${OPEN_STATES}`).get() as { n: number }).n;
  }
}
