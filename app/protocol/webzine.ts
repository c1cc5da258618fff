/**
 * The neighbourhood webzine on the wire (issue 17): a story a person tells by voice and photo from the
 * shell, what a helper changes while moderating it in the console, and what the shell hears back.
 * The limits are the hub's; the shell checks the same ones before queueing a story (webzine-limits.ts,
 * zod-free for the shell's renderer, re-exported here).
 */
import { z } from 'zod';
import { IsoDateTime, Language, Uuid } from './common.ts';
import { PHOTO_MAX_BYTES, STORY_AUDIO_MAX_BYTES, TITLE_AUDIO_MAX_BYTES, base64Length } from './webzine-limits.ts';

export * from './webzine-limits.ts';

const Base64 = (maxBytes: number, what: string) =>
  z
    .string()
    .min(8, `${what}: expected base64 bytes`)
    .max(base64Length(maxBytes), `${what}: at most ${Math.floor(maxBytes / 1024)} KiB`)
    .regex(/^[A-Za-z0-9+/]+={0,2}$/, `${what}: expected base64 (A-Z, a-z, 0-9, +, /)`);

/** How the person agreed to be named: their first name, a pseudonym, or nobody. */
export const StoryCredit = z.enum(['first_name', 'pseudonym', 'anonymous']);
export type StoryCredit = z.infer<typeof StoryCredit>;

/** A story as the shell sends it, through the outbox: one message, idempotent on its id. */
export const StorySubmit = z
  .object({
    id: Uuid,
    recordedAt: IsoDateTime,
    language: Language,
    credit: StoryCredit,
    /** The person said other people are on the photo (the helper must confirm they agreed). */
    photoShowsOthers: z.boolean(),
    /** 16 kHz mono 16-bit PCM WAV, base64. */
    audio: Base64(STORY_AUDIO_MAX_BYTES, 'audio'),
    /** The dictated title, same format, optional. */
    titleAudio: Base64(TITLE_AUDIO_MAX_BYTES, 'titleAudio').optional(),
    /** A JPEG, base64, optional (a story may be voice only). */
    photo: Base64(PHOTO_MAX_BYTES, 'photo').optional(),
  })
  .strict();
export type StorySubmit = z.infer<typeof StorySubmit>;

export const StoryState = z.enum(['submitted', 'published', 'declined', 'withdrawn']);
export type StoryState = z.infer<typeof StoryState>;

/** Sections of an issue; their names are translated in the console and on the site. */
export const StorySection = z.enum(['quartier', 'souvenirs', 'cuisine', 'conseils', 'portraits', 'divers']);
export type StorySection = z.infer<typeof StorySection>;

/** Why a story was not published, in words the shell says in the person's language (app/webzine/reasons.ts). */
export const DeclineReason = z.enum(['people_on_photo', 'private_details', 'hard_to_hear', 'not_for_journal', 'other']);
export type DeclineReason = z.infer<typeof DeclineReason>;

/** What the shell hears about the stories it sent. */
export const MachineStoryStatus = z.object({
  id: Uuid,
  state: StoryState,
  title: z.string(),
  declineReason: DeclineReason.nullable(),
  updatedAt: IsoDateTime,
});
export type MachineStoryStatus = z.infer<typeof MachineStoryStatus>;

/** A published story as the shell's "Journal" tile reads it: paths under the hub's /webzine/. */
export const PublishedStory = z.object({
  id: Uuid,
  title: z.string(),
  text: z.string(),
  signature: z.string(),
  language: Language,
  section: StorySection,
  issue: z.number().int(),
  publishedAt: IsoDateTime,
  audioPath: z.string(),
  photoPath: z.string().nullable(),
  photoAlt: z.string(),
});
export type PublishedStory = z.infer<typeof PublishedStory>;

/** A story as the console shows it in the editorial queue. */
export const StoryView = z.object({
  id: Uuid,
  state: StoryState,
  language: Language,
  credit: StoryCredit,
  assetTag: z.string(),
  /** The person who had the machine on loan when the story arrived (loan register), if anyone. */
  beneficiaryFirstName: z.string().nullable(),
  recordedAt: IsoDateTime,
  receivedAt: IsoDateTime,
  updatedAt: IsoDateTime,
  durationMs: z.number().int(),
  hasTitleAudio: z.boolean(),
  hasPhoto: z.boolean(),
  photoShowsOthers: z.boolean(),
  othersAgreed: z.boolean(),
  title: z.string(),
  text: z.string(),
  signature: z.string(),
  photoAlt: z.string(),
  issue: z.number().int().nullable(),
  section: StorySection.nullable(),
  declineReason: DeclineReason.nullable(),
  declineNote: z.string(),
  publishedAt: IsoDateTime.nullable(),
});
export type StoryView = z.infer<typeof StoryView>;

/** What a helper edits while moderating (every field optional; only what is sent changes). */
export const StoryEdit = z
  .object({
    title: z.string().trim().max(120),
    text: z.string().max(8000),
    signature: z.string().trim().max(60),
    photoAlt: z.string().trim().max(300),
    issue: z.number().int().min(1).max(9999),
    section: StorySection,
    /** The helper sees other people on the photo (whatever the person answered). */
    photoShowsOthers: z.boolean(),
    /** The helper confirms that everyone on the photo agreed to its publication. */
    othersAgreed: z.boolean(),
    /** Publish without the photo (someone on it did not agree). */
    removePhoto: z.literal(true),
  })
  .partial()
  .strict();
export type StoryEdit = z.infer<typeof StoryEdit>;

export const StoryDecline = z.object({ reason: DeclineReason, note: z.string().trim().max(500).optional() }).strict();
export type StoryDecline = z.infer<typeof StoryDecline>;

export const WebzineIssueCreate = z.object({ title: z.string().trim().min(1).max(120) }).strict();
export const WebzineIssue = z.object({ number: z.number().int(), title: z.string(), createdAt: IsoDateTime, storyCount: z.number().int() });
export type WebzineIssue = z.infer<typeof WebzineIssue>;

/** espeak-ng reads the transcription back to the helper. */
export const ReadBack = z.object({ text: z.string().trim().min(1).max(2000), language: Language }).strict();

/** A story as the shell lists it for the person: `waiting` while it is still in the machine's outbox. */
export const MyStory = z.object({
  id: Uuid,
  state: z.union([StoryState, z.literal('waiting')]),
  title: z.string(),
  declineReason: DeclineReason.nullable(),
  updatedAt: IsoDateTime,
});
export type MyStory = z.infer<typeof MyStory>;

/** The only hub files the shell fetches for its "Journal" tile: a published story's voice or photo. */
export const JournalMediaPath = z
  .string()
  .regex(/^\/webzine\/[0-9a-f-]{36}\/media\/[0-9a-f-]{36}\.(?:mp3|jpg)$/, 'a path /webzine/<association>/media/<story>.mp3 or .jpg');
