/**
 * Where a lesson sentence's audio comes from. A recorded file in the pack wins
 * (`recorded/<lang>/<key>.{ogg,wav,mp3}`); otherwise the file `npm run lessons:audio` generated
 * with espeak-ng (`audio/<lang>/<key>.ogg`), but only while `audio/manifest.json` says it was made
 * from the current text with the current voice settings. Anything else is null: the renderer then
 * asks main to speak the text with espeak-ng at run time.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../app/protocol/common.ts';

/**
 * The generator's settings. Changing any of them changes every hash, so every file is made again.
 * 140 words per minute is the shell's speaking rate (main/services/speech.ts); 16 kHz mono Ogg Vorbis
 * at quality 3 keeps a sentence around 15 kB, ten times smaller than the WAV espeak-ng writes.
 */
export const AUDIO_SETTINGS = {
  generator: 'espeak-ng+sox/1',
  voices: { fr: 'fr', en: 'en', ar: 'ar' } satisfies Record<Language, string>,
  wordsPerMinute: 140,
  sampleRate: 16000,
  vorbisQuality: 3,
} as const;

export const RECORDED_EXTENSIONS = ['.ogg', '.wav', '.mp3'] as const;

export type AudioManifestEntry = { hash: string; text: string; bytes: number };
/** `audio/manifest.json`: one entry per generated file, keyed `<lang>/<key>`. */
export type AudioManifest = Record<string, AudioManifestEntry>;

export function audioHash(language: Language, text: string): string {
  const s = AUDIO_SETTINGS;
  return createHash('sha256')
    .update([s.generator, s.voices[language], s.wordsPerMinute, s.sampleRate, s.vorbisQuality, language, text].join('\n'))
    .digest('hex');
}

export const generatedAudioFile = (language: Language, key: string): string => `audio/${language}/${key}.ogg`;
export const audioManifestFile = 'audio/manifest.json';

export function readAudioManifest(packDir: string): AudioManifest {
  const file = path.join(packDir, audioManifestFile);
  if (!fs.existsSync(file)) return {};
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as AudioManifest;
  } catch {
    return {};
  }
}

export function recordedAudioFile(packDir: string, language: Language, key: string): string | null {
  for (const ext of RECORDED_EXTENSIONS) {
    const relative = `recorded/${language}/${key}${ext}`;
    if (fs.existsSync(path.join(packDir, relative))) return relative;
  }
  return null;
}

/** The pack-relative audio file for a sentence, or null when only run-time speech can say it. */
export function resolveAudioFile(packDir: string, manifest: AudioManifest, language: Language, key: string, text: string): string | null {
  const recorded = recordedAudioFile(packDir, language, key);
  if (recorded) return recorded;
  const generated = generatedAudioFile(language, key);
  const entry = manifest[`${language}/${key}`];
  if (entry?.hash === audioHash(language, text) && fs.existsSync(path.join(packDir, generated))) return generated;
  return null;
}
