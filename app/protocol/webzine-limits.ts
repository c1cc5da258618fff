/**
 * The webzine's limits (issue 17), the hub's and the shell's alike: zod-free, so the shell's renderer
 * checks a recording against them without shipping zod (webzine.ts re-exports them with the schemas).
 */
/** A story is told in at most three minutes (the limit). */
export const STORY_MAX_SECONDS = 180;
/** A dictated title is a few words. */
export const TITLE_MAX_SECONDS = 15;
/**
 * The shell sends 16 kHz mono 16-bit PCM WAV (sox on the hub reads it; it cannot read the WebM/Opus
 * that MediaRecorder gives): 32,000 bytes a second, so 3 minutes is 5.76 MB, plus a header and a
 * second of slack for the recorder's stop.
 */
export const STORY_SAMPLE_RATE = 16_000;
export const STORY_AUDIO_MAX_BYTES = 32_000 * (STORY_MAX_SECONDS + 1) + 1024;
export const TITLE_AUDIO_MAX_BYTES = 32_000 * (TITLE_MAX_SECONDS + 1) + 1024;
/** The shell re-encodes every photo as a JPEG of at most 1600 px a side: far below 3 MiB. */
export const PHOTO_MAX_BYTES = 3 * 1024 * 1024;
/** Base64 grows bytes by 4/3; the route's body limit is the sum of the three parts, encoded, plus JSON. */
export const base64Length = (bytes: number) => Math.ceil(bytes / 3) * 4;
export const STORY_BODY_MAX_BYTES = base64Length(STORY_AUDIO_MAX_BYTES) + base64Length(TITLE_AUDIO_MAX_BYTES) + base64Length(PHOTO_MAX_BYTES) + 16 * 1024;
