/** The recording studio's rows, shared by the SQLite and PostgreSQL stores (same columns, same mapping). */
import type { Language } from '../../../app/protocol/common.ts';
import type { Recording, RecordingFlag, RecordingStatus } from '../studio.ts';

export interface RecordingRow {
  id: string;
  association_id: string;
  lesson_id: string;
  language: Language;
  key: string;
  text: string;
  duration_ms: number;
  flags: string;
  status: RecordingStatus;
  recorded_by: string;
  recorded_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export const COLUMNS = 'id, association_id, lesson_id, language, key, text, duration_ms, flags, status, recorded_by, recorded_at, decided_by, decided_at';
export const toRecording = (r: RecordingRow): Recording => ({
  id: r.id,
  associationId: r.association_id,
  lessonId: r.lesson_id,
  language: r.language,
  key: r.key,
  text: r.text,
  durationMs: r.duration_ms,
  flags: JSON.parse(r.flags) as RecordingFlag[],
  status: r.status,
  recordedBy: r.recorded_by,
  recordedAt: r.recorded_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

/** Approved recordings, newest decision first: the one to play for each sentence (language and key) is the first met. */
export function newestPerSentence(rows: Array<RecordingRow & { audio: Buffer }>): Array<Recording & { audio: Buffer }> {
  const newest = new Map<string, Recording & { audio: Buffer }>();
  for (const r of rows) if (!newest.has(`${r.language}/${r.key}`)) newest.set(`${r.language}/${r.key}`, { ...toRecording(r), audio: r.audio });
  return [...newest.values()];
}
