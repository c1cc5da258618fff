/**
 * The help area in PostgreSQL, what the console reads: one request, its journal, voice message and
 * files, the open queue, the history of a machine or a beneficiary — each scoped to the reader's
 * association. PgHelp (help.ts) adds the changes on top.
 */
import { HelpState, isOpenHelpState } from '../../../app/help/states.ts';
import type { HelpFileMimeType, HelpJournalEntry, HelpRequestView, VoiceMimeType } from '../../../app/protocol/hub.ts';
import type { HelpFile, StoredVoice } from '../help.ts';
import { HELP_SELECT, journalSelect, toJournalEntry, toView, type HelpRow, type JournalRow } from '../sqlite/rows.ts';
import type { PgContext, Sql } from './db.ts';

export const OPEN_STATES = HelpState.options.filter(isOpenHelpState);

export class PgHelpReads {
  constructor(protected readonly x: PgContext) {}

  protected row(sql: Sql, id: string): Promise<HelpRow | undefined> {
    return sql.one<HelpRow>(`${HELP_SELECT} WHERE h.id = $1`, [id]);
  }

  protected async rowIn(associationId: string, id: string): Promise<HelpRow | undefined> {
    const r = await this.row(this.x.sql, id);
    return r && r.association_id === associationId ? r : undefined;
  }

  async get(associationId: string, id: string): Promise<HelpRequestView | null> {
    const r = await this.rowIn(associationId, id);
    return r ? toView(r) : null;
  }

  async journal(associationId: string, requestId: string): Promise<HelpJournalEntry[] | null> {
    if (!(await this.rowIn(associationId, requestId))) return null;
    return (await this.x.sql.rows<JournalRow>(journalSelect('$1'), [requestId])).map(toJournalEntry);
  }

  async getVoice(associationId: string, requestId: string): Promise<StoredVoice | null> {
    const r = await this.x.sql.one<{ mime_type: VoiceMimeType; bytes: Buffer }>(
      `SELECT v.mime_type, v.bytes FROM help_voice v
       JOIN help_requests h ON h.id = v.request_id JOIN machines m ON m.id = h.machine_id
       WHERE v.request_id = $1 AND m.association_id = $2`,
      [requestId, associationId],
    );
    return r ? { mimeType: r.mime_type, bytes: r.bytes } : null;
  }

  async getFile(associationId: string, requestId: string, n: number): Promise<HelpFile | null> {
    const r = await this.x.sql.one<{ name: string; mime_type: HelpFileMimeType; bytes: Buffer }>(
      `SELECT f.name, f.mime_type, f.bytes FROM help_files f
       JOIN help_requests h ON h.id = f.request_id JOIN machines m ON m.id = h.machine_id
       WHERE f.request_id = $1 AND f.seq = $3 AND m.association_id = $2`,
      [requestId, associationId, n],
    );
    return r ? { name: r.name, mimeType: r.mime_type, bytes: r.bytes } : null;
  }

  async listResolved(associationId: string, since: string, limit: number): Promise<HelpRequestView[]> {
    const rows = await this.x.sql.rows<HelpRow>(
      `${HELP_SELECT} WHERE m.association_id = $1 AND h.state = 'resolved' AND h.closed_at >= $2 ORDER BY h.closed_at DESC, h.id LIMIT $3`,
      [associationId, since, limit],
    );
    return rows.map(toView);
  }

  async listOpen(associationId: string): Promise<HelpRequestView[]> {
    const rows = await this.x.sql.rows<HelpRow>(`${HELP_SELECT} WHERE m.association_id = $1 AND h.state = ANY($2) ORDER BY h.received_at, h.id`, [
      associationId,
      OPEN_STATES,
    ]);
    return rows.map(toView);
  }

  async machineHistory(associationId: string, machineId: string, limit = 200): Promise<HelpRequestView[]> {
    const rows = await this.x.sql.rows<HelpRow>(
      `${HELP_SELECT} WHERE h.machine_id = $1 AND m.association_id = $2 ORDER BY h.received_at DESC, h.id LIMIT $3`,
      [machineId, associationId, limit],
    );
    return rows.map(toView);
  }

  async beneficiaryHistory(associationId: string, beneficiaryId: string, limit = 200): Promise<HelpRequestView[]> {
    const rows = await this.x.sql.rows<HelpRow>(
      `${HELP_SELECT} WHERE h.beneficiary_id = $1 AND m.association_id = $2 ORDER BY h.received_at DESC, h.id LIMIT $3`,
      [beneficiaryId, associationId, limit],
    );
    return rows.map(toView);
  }

  async countOpen(): Promise<number> {
    return (await this.x.sql.one<{ n: number }>('SELECT COUNT(*) AS n FROM help_requests WHERE state = ANY($1)', [OPEN_STATES]))?.n ?? 0;
  }
}
