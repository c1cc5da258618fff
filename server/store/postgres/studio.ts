/** The recording studio in PostgreSQL: one row per recording, its processed audio as bytea (a few tens of kB). */
import { randomUUID } from 'node:crypto';
import type { Language } from '../../../app/protocol/common.ts';
import type { DecideResult, NewRecording, Recording, StudioStore } from '../studio.ts';
import { COLUMNS, newestPerSentence, toRecording, type RecordingRow } from '../sqlite/studio-rows.ts';
import type { PgContext } from './db.ts';

export class PgStudio implements StudioStore {
  constructor(private readonly x: PgContext) {}

  async addRecording(input: NewRecording, audio: Buffer): Promise<Recording> {
    const recording: Recording = { ...input, id: randomUUID(), status: 'submitted', recordedAt: this.x.iso(), decidedBy: null, decidedAt: null };
    await this.x.sql.run(`INSERT INTO studio_recordings (${COLUMNS}, audio) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'submitted', $9, $10, NULL, NULL, $11)`, [
      recording.id,
      input.associationId,
      input.lessonId,
      input.language,
      input.key,
      input.text,
      input.durationMs,
      JSON.stringify(input.flags),
      input.recordedBy,
      recording.recordedAt,
      audio,
    ]);
    return recording;
  }

  async listRecordings(associationId: string, lessonId: string, language?: Language): Promise<Recording[]> {
    const rows = await this.x.sql.rows<RecordingRow>(
      `SELECT ${COLUMNS} FROM studio_recordings WHERE association_id = $1 AND lesson_id = $2 AND ($3::text IS NULL OR language = $3) ORDER BY recorded_at DESC, seq DESC`,
      [associationId, lessonId, language ?? null],
    );
    return rows.map(toRecording);
  }

  async getRecording(associationId: string, id: string): Promise<Recording | null> {
    const row = await this.x.sql.one<RecordingRow>(`SELECT ${COLUMNS} FROM studio_recordings WHERE association_id = $1 AND id = $2`, [associationId, id]);
    return row ? toRecording(row) : null;
  }

  async getRecordingAudio(associationId: string, id: string): Promise<Buffer | null> {
    const row = await this.x.sql.one<{ audio: Buffer }>('SELECT audio FROM studio_recordings WHERE association_id = $1 AND id = $2', [associationId, id]);
    return row ? row.audio : null;
  }

  async decideRecording(associationId: string, id: string, decision: 'approved' | 'rejected', by: string): Promise<DecideResult> {
    return this.x.tx(async (sql): Promise<DecideResult> => {
      const row = await sql.one<RecordingRow>(`SELECT ${COLUMNS} FROM studio_recordings WHERE association_id = $1 AND id = $2 FOR UPDATE`, [associationId, id]);
      if (!row) return { ok: false, reason: 'not_found' };
      if (row.recorded_by === by) return { ok: false, reason: 'own_recording' };
      if (row.status !== 'submitted') return { ok: false, reason: 'decided' };
      const at = this.x.iso();
      await sql.run('UPDATE studio_recordings SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4', [decision, by, at, id]);
      return { ok: true, recording: toRecording({ ...row, status: decision, decided_by: by, decided_at: at }) };
    });
  }

  async approvedRecordings(associationId: string, lessonId: string): Promise<Array<Recording & { audio: Buffer }>> {
    const rows = await this.x.sql.rows<RecordingRow & { audio: Buffer }>(
      `SELECT ${COLUMNS}, audio FROM studio_recordings WHERE association_id = $1 AND lesson_id = $2 AND status = 'approved' ORDER BY decided_at DESC, seq DESC`,
      [associationId, lessonId],
    );
    return newestPerSentence(rows);
  }

  async approvedCounts(associationId: string): Promise<Array<{ lessonId: string; language: Language; sentences: number }>> {
    const rows = await this.x.sql.rows<{ lesson_id: string; language: Language; n: number | string }>(
      "SELECT lesson_id, language, COUNT(DISTINCT key) AS n FROM studio_recordings WHERE association_id = $1 AND status = 'approved' GROUP BY lesson_id, language ORDER BY lesson_id, language",
      [associationId],
    );
    return rows.map((r) => ({ lessonId: r.lesson_id, language: r.language, sentences: Number(r.n) }));
  }
}
