/** The recording studio in SQLite: one row per recording, its processed audio as a BLOB (a few tens of kB). */
import { randomUUID } from 'node:crypto';
import type { Language } from '../../../app/protocol/common.ts';
import type { DecideResult, NewRecording, Recording, StudioStore } from '../studio.ts';
import type { SqliteContext } from './context.ts';
import { COLUMNS, newestPerSentence, toRecording, type RecordingRow } from './studio-rows.ts';

export class SqliteStudio implements StudioStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  async addRecording(input: NewRecording, audio: Buffer): Promise<Recording> {
    const recording: Recording = { ...input, id: randomUUID(), status: 'submitted', recordedAt: this.x.iso(), decidedBy: null, decidedAt: null };
    this.db
      .prepare(`INSERT INTO studio_recordings (${COLUMNS}, audio) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, NULL, NULL, ?)`)
      .run(recording.id, input.associationId, input.lessonId, input.language, input.key, input.text, input.durationMs, JSON.stringify(input.flags), input.recordedBy, recording.recordedAt, audio);
    return recording;
  }

  async listRecordings(associationId: string, lessonId: string, language?: Language): Promise<Recording[]> {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM studio_recordings WHERE association_id = ? AND lesson_id = ? AND (? IS NULL OR language = ?) ORDER BY recorded_at DESC, rowid DESC`)
      .all(associationId, lessonId, language ?? null, language ?? null) as RecordingRow[];
    return rows.map(toRecording);
  }

  async getRecording(associationId: string, id: string): Promise<Recording | null> {
    const row = this.db.prepare(`SELECT ${COLUMNS} FROM studio_recordings WHERE association_id = ? AND id = ?`).get(associationId, id) as RecordingRow | undefined;
    return row ? toRecording(row) : null;
  }

  async getRecordingAudio(associationId: string, id: string): Promise<Buffer | null> {
    const row = this.db.prepare('SELECT audio FROM studio_recordings WHERE association_id = ? AND id = ?').get(associationId, id) as { audio: Buffer } | undefined;
    return row ? row.audio : null;
  }

  async decideRecording(associationId: string, id: string, decision: 'approved' | 'rejected', by: string): Promise<DecideResult> {
    return this.x.write((): DecideResult => {
      const row = this.db.prepare(`SELECT ${COLUMNS} FROM studio_recordings WHERE association_id = ? AND id = ?`).get(associationId, id) as RecordingRow | undefined;
      if (!row) return { ok: false, reason: 'not_found' };
      if (row.recorded_by === by) return { ok: false, reason: 'own_recording' };
      if (row.status !== 'submitted') return { ok: false, reason: 'decided' };
      const at = this.x.iso();
      this.db.prepare('UPDATE studio_recordings SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?').run(decision, by, at, id);
      return { ok: true, recording: toRecording({ ...row, status: decision, decided_by: by, decided_at: at }) };
    });
  }

  async approvedRecordings(associationId: string, lessonId: string): Promise<Array<Recording & { audio: Buffer }>> {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS}, audio FROM studio_recordings WHERE association_id = ? AND lesson_id = ? AND status = 'approved' ORDER BY decided_at DESC, rowid DESC`)
      .all(associationId, lessonId) as Array<RecordingRow & { audio: Buffer }>;
    return newestPerSentence(rows);
  }

  async approvedCounts(associationId: string): Promise<Array<{ lessonId: string; language: Language; sentences: number }>> {
    const rows = this.db
      .prepare(
        "SELECT lesson_id, language, COUNT(DISTINCT key) AS n FROM studio_recordings WHERE association_id = ? AND status = 'approved' GROUP BY lesson_id, language ORDER BY lesson_id, language",
      )
      .all(associationId) as Array<{ lesson_id: string; language: Language; n: number }>;
    return rows.map((r) => ({ lessonId: r.lesson_id, language: r.language, sentences: r.n }));
  }
}
