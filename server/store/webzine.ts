/**
 * The webzine area of the hub's store (issue 17): stories sent by machines, moderated by helpers,
 * published in numbered issues. Media are kept only as long as the story may still be published or is
 * published: the photo is stored already stripped of its metadata, the audio already normalised (both
 * done at the edge, server/webzine/media.ts). Declining or withdrawing a story deletes its voice,
 * photo, text and title at once; the row keeps its id, state and decline reason so the shell can hear it.
 */
import type { Language } from '../../app/protocol/common.ts';
import type { DeclineReason, StoryCredit, StoryEdit, StorySection, StoryState, StoryView, WebzineIssue } from '../../app/protocol/webzine.ts';
import type { PublishProblem } from '../../app/webzine/rules.ts';

export interface NewStory {
  id: string;
  recordedAt: string;
  language: Language;
  credit: StoryCredit;
  photoShowsOthers: boolean;
  durationMs: number;
  /** Normalised MP3 (sox). */
  audio: Buffer;
  titleAudio: Buffer | null;
  /** JPEG without any metadata segment. */
  photo: Buffer | null;
}

export interface StoryRecord extends StoryView {
  machineId: string;
  associationId: string;
}

export type StoryMedia = 'audio' | 'title-audio' | 'photo';

export type SubmitStoryResult = { ok: true; created: boolean; story: StoryRecord } | { ok: false; reason: 'id_conflict' };

export type StoryChangeResult =
  | { ok: true; story: StoryRecord }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'not_allowed'; state: StoryState }
  | { ok: false; reason: 'not_ready'; problems: PublishProblem[] }
  | { ok: false; reason: 'no_issue' };

export interface WebzineStore {
  /** Idempotent on the id for the same machine; another machine's id is a conflict. */
  submitStory(machine: { id: string; associationId: string }, story: NewStory): Promise<SubmitStoryResult>;
  /** The machine's own stories, newest first. */
  machineStories(machineId: string): Promise<StoryRecord[]>;
  /** The person withdraws their story from the shell: it disappears from the queue or the site. */
  withdrawByMachine(machineId: string, id: string): Promise<StoryChangeResult>;

  listStories(associationId: string, states: readonly StoryState[]): Promise<StoryRecord[]>;
  getStory(associationId: string, id: string): Promise<StoryRecord | null>;
  media(associationId: string, id: string, which: StoryMedia): Promise<Buffer | null>;
  editStory(associationId: string, id: string, edit: StoryEdit): Promise<StoryChangeResult>;
  publishStory(associationId: string, id: string, byAccountId: string): Promise<StoryChangeResult>;
  declineStory(associationId: string, id: string, reason: DeclineReason, note: string, byAccountId: string): Promise<StoryChangeResult>;
  /** A helper withdraws a story on the person's behalf (they phoned the association). */
  withdrawByHelper(associationId: string, id: string, byAccountId: string): Promise<StoryChangeResult>;

  listIssues(associationId: string): Promise<WebzineIssue[]>;
  createIssue(associationId: string, title: string): Promise<WebzineIssue>;
  /** Published stories with their media, for the static site. */
  publishedStories(associationId: string): Promise<(StoryRecord & { photo: Buffer | null; audio: Buffer })[]>;
}

export type { StorySection };
