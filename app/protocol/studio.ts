/**
 * The console's recording studio (issue 14), on the wire: the lessons with how many of their
 * sentences have an approved recording per language, one lesson's sentences in one language with
 * their recordings, and one recording.
 */
import type { Language } from './common.ts';

/** silent: no voice in it; clipped: too loud, the voice is cut off; too_long: far longer than the synthesized sentence. */
export type RecordingFlag = 'silent' | 'clipped' | 'too_long';
export type RecordingStatus = 'submitted' | 'approved' | 'rejected';

export interface RecordingView {
  id: string;
  language: Language;
  key: string;
  durationMs: number;
  flags: RecordingFlag[];
  status: RecordingStatus;
  recordedAt: string;
  /** The first name of the helper who recorded it. */
  recordedBy: string;
  /** True when the signed-in helper recorded it (then someone else decides). */
  mine: boolean;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface StudioLessonsView {
  lessons: Array<{ id: string; title: string; version: number; sentences: number; recorded: Record<Language, number>; waiting: number }>;
}

export interface StudioSentenceView {
  key: string;
  /** The sentence as the person sees it, to be read aloud. */
  text: string;
  /** How long the synthesized sentence lasts (ms), when the pack has it. */
  synthesizedMs: number | null;
  recordings: RecordingView[];
}

export interface StudioLessonView {
  id: string;
  title: string;
  language: Language;
  version: number;
  sentences: StudioSentenceView[];
}

/** What approving answers: the recording, and the pack version its lesson now has with it. */
export interface ApprovedView {
  recording: RecordingView;
  published: { id: string; version: number };
}
