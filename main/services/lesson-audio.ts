/**
 * Where a lesson sentence's audio comes from. A recorded file in the pack wins
 * (`recorded/<lang>/<key>.{ogg,wav,mp3}`); otherwise the file `npm run lessons:audio` generated
 * with espeak-ng (`audio/<lang>/<key>.ogg`), but only while `audio/manifest.json` says it was made
 * from the current text with the current voice settings. Anything else is null: the renderer then
 * asks main to speak the text with espeak-ng at run time. The text given to espeak-ng is the
 * sentence's speech form (fully vowelled Arabic, codes digit by digit: app/lessons/speech-forms.ts).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Language } from '../../app/protocol/common.ts';
import { spokenText, type LessonTexts } from '../../app/lessons/model.ts';
import { prepareForEspeak } from '../../app/lessons/speech-forms.ts';

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

/** A file espeak-ng made: `text` is exactly what it was given (the speech form, marks in its order). */
export type SynthesizedAudio = { source: 'espeak-ng'; voice: string; text: string; hash: string; bytes: number };
/** A file a person recorded: the sentence they read, and the file's fingerprint. */
export type RecordedAudio = { source: 'recorded'; file: string; text: string; sha256: string; bytes: number };
export type AudioManifestEntry = SynthesizedAudio | RecordedAudio;
/** `audio/manifest.json`: one entry per sentence with audio, keyed `<lang>/<key>`. */
export type AudioManifest = Record<string, AudioManifestEntry>;

/** Exactly what espeak-ng is given for a sentence, or undefined when the language has no such sentence. */
export function synthesizerText(texts: LessonTexts, key: string, language: Language): string | undefined {
  const text = spokenText(texts, key);
  return text === undefined ? undefined : language === 'ar' ? prepareForEspeak(text) : text;
}

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

/**
 * The pack-relative audio file for a sentence, or null when only run-time speech can say it.
 * `said` is what the synthesizer is given for it now (synthesizerText).
 */
export function resolveAudioFile(packDir: string, manifest: AudioManifest, language: Language, key: string, said: string): string | null {
  const recorded = recordedAudioFile(packDir, language, key);
  if (recorded) return recorded;
  const generated = generatedAudioFile(language, key);
  const entry = manifest[`${language}/${key}`];
  // Entries written before the manifest named its source (packs from an older feed) are all espeak-ng's.
  if (entry && entry.source !== 'recorded' && entry.hash === audioHash(language, said) && fs.existsSync(path.join(packDir, generated))) return generated;
  return null;
}
