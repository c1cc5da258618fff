/**
 * Limits of a help request's voice message, without zod, so the renderer's recorder can read them
 * without shipping the schemas (app/protocol/hub.ts and app/bridge/contract.ts re-export them).
 */
/** The recorder in the shell stops at 60 s; a little slack for container overhead. */
export const VOICE_MAX_SECONDS = 60;
/**
 * A recorded voice message on its way to main: base64 of the recorder's bytes. 200 000 characters is
 * about 146 KB, more than 60 s of Opus at the 16 kbit/s the recorder asks for.
 */
export const VOICE_MAX_BASE64_CHARS = 200_000;
