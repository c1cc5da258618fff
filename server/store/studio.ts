/**
 * The recording studio's area of the hub's store (issue 14): sentences of a lesson recorded by the
 * association's helpers, each waiting for a second person's decision. A recording keeps the audio
 * the hub made of it (trimmed, loudness-normalised Ogg Vorbis), what it found wrong with it, who
 * recorded it and who decided. Approved recordings become the pack's audio in a new pack version.
 */
import type { Language } from '../../app/protocol/common.ts';
import type { RecordingFlag, RecordingStatus } from '../../app/protocol/studio.ts';

export type { RecordingFlag, RecordingStatus };

export interface Recording {
  id: string;
  associationId: string;
  lessonId: string;
  language: Language;
  key: string;
  /** The sentence as shown to the person who read it. */
  text: string;
  durationMs: number;
  flags: RecordingFlag[];
  status: RecordingStatus;
  recordedBy: string;
  recordedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
}

export type NewRecording = Pick<Recording, 'associationId' | 'lessonId' | 'language' | 'key' | 'text' | 'durationMs' | 'flags' | 'recordedBy'>;

export type DecideResult = { ok: true; recording: Recording } | { ok: false; reason: 'not_found' | 'own_recording' | 'decided' };

export interface StudioStore {
  addRecording(input: NewRecording, audio: Buffer): Promise<Recording>;
  /** An association's recordings of one lesson (one language, or all), newest first. */
  listRecordings(associationId: string, lessonId: string, language?: Language): Promise<Recording[]>;
  getRecording(associationId: string, id: string): Promise<Recording | null>;
  getRecordingAudio(associationId: string, id: string): Promise<Buffer | null>;
  /** Approves or rejects a submitted recording, atomically: never by the person who recorded it, never twice. */
  decideRecording(associationId: string, id: string, decision: 'approved' | 'rejected', by: string): Promise<DecideResult>;
  /** The newest approved recording of each sentence of a lesson, with its audio. */
  approvedRecordings(associationId: string, lessonId: string): Promise<Array<Recording & { audio: Buffer }>>;
  /** How many sentences of each lesson have an approved recording, per language. */
  approvedCounts(associationId: string): Promise<Array<{ lessonId: string; language: Language; sentences: number }>>;
}
