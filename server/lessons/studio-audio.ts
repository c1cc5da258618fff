/**
 * What the hub does with a sentence recorded in the console's studio (issue 14), with sox: the
 * silences before and after the voice are trimmed, the loudness is brought to the same level for
 * every recording (RMS −20 dBFS, with a limiter so that peaks are never cut), and the result is
 * written like the synthesized sentences (16 kHz mono Ogg Vorbis, sox -R: reproducible). A recording
 * is flagged when it is silent, clipped (the microphone was saturated) or far longer than the
 * synthesized sentence; one over RECORDING_LIMITS.maxSeconds is refused.
 *
 * The console records with MediaRecorder (Opus) and sends the hub the decoded sound as a WAV: sox,
 * here as on the machines that run lessons:audio, reads WAV but not WebM.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUDIO_SETTINGS } from '../../main/services/lesson-audio.ts';
import { HttpError } from '../http.ts';
import type { RecordingFlag } from '../store/studio.ts';

export const RECORDING_LIMITS = {
  /** A WAV of 30 s at 48 kHz, 16-bit stereo is 5.5 MiB; the console sends 16 kHz mono (1 MiB). */
  maxBytes: 6 * 1024 * 1024,
  maxSeconds: 30,
  /** Below this level (dBFS) at the start and end: silence, trimmed. */
  silenceDb: -45,
  /** Less voice than this after trimming: silent. */
  minVoiceSeconds: 0.25,
  /** The level every recording is brought to (RMS, dBFS). */
  targetRmsDb: -20,
  /** Peaks at full scale this many times: clipped. */
  clippedPeaks: 10,
  /** Longer than twice the synthesized sentence plus this margin: too long. */
  longMarginSeconds: 1.5,
} as const;

function sox(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('sox', args, { encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error) reject(new Error(stderr || error.message));
      else resolve(`${stdout}${stderr}`);
    });
  });
}

type Stats = { peakDb: number; rmsDb: number; peakCount: number; seconds: number };

async function stats(file: string): Promise<Stats> {
  const out = await sox([file, '-n', 'stats']);
  const read = (label: string): number => {
    const match = new RegExp(`^${label}\\s+(-?inf|[-\\d.]+)(k?)`, 'm').exec(out);
    if (!match) return Number.NaN;
    const value = match[1] === '-inf' ? -Infinity : match[1] === 'inf' ? Infinity : Number(match[1]);
    return match[2] === 'k' ? value * 1000 : value;
  };
  return { peakDb: read('Pk lev dB'), rmsDb: read('RMS lev dB'), peakCount: read('Pk count'), seconds: read('Length s') };
}

export type ProcessedRecording = { ogg: Buffer; durationMs: number; flags: RecordingFlag[] };

/** Trims, normalises and encodes a recorded WAV; flags what a second person should listen for. */
export async function processRecording(wav: Buffer, synthesizedMs: number | null): Promise<ProcessedRecording> {
  if (wav.length < 44 || wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 8, 12) !== 'WAVE') {
    throw new HttpError(415, 'unsupported_media_type', 'Send the recording as a WAV file (Content-Type audio/wav): the console converts what the microphone recorded.');
  }
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-studio-'));
  try {
    const input = join(dir, 'in.wav');
    writeFileSync(input, wav);
    let raw: Stats;
    try {
      raw = await stats(input);
    } catch {
      throw new HttpError(400, 'invalid_input', 'The WAV file cannot be read: record the sentence again.');
    }
    if (!(raw.seconds > 0)) throw new HttpError(400, 'invalid_input', 'The recording is empty: record the sentence again.');
    if (raw.seconds > RECORDING_LIMITS.maxSeconds) {
      throw new HttpError(422, 'too_long', `A recording lasts at most ${RECORDING_LIMITS.maxSeconds} s (this one ${raw.seconds.toFixed(1)} s): one sentence per recording.`);
    }
    const flags: RecordingFlag[] = [];
    if (raw.peakDb >= -0.1 && raw.peakCount >= RECORDING_LIMITS.clippedPeaks) flags.push('clipped');
    const format = ['-r', String(AUDIO_SETTINGS.sampleRate), '-c', '1'];
    const trimmed = join(dir, 'trimmed.wav');
    const edge = ['silence', '1', '0.05', `${RECORDING_LIMITS.silenceDb}d`];
    await sox(['-R', input, ...format, '-b', '16', trimmed, ...edge, 'reverse', ...edge, 'reverse']);
    const voice = await stats(trimmed).catch(() => ({ seconds: 0, rmsDb: -Infinity }) as Stats);
    const output = join(dir, 'out.ogg');
    let seconds: number;
    if (!(voice.seconds >= RECORDING_LIMITS.minVoiceSeconds) || !Number.isFinite(voice.rmsDb)) {
      flags.push('silent');
      // Kept as it came (only re-encoded) so that the second person hears what was sent.
      await sox(['-R', input, ...format, '-C', String(AUDIO_SETTINGS.vorbisQuality), output]);
      seconds = raw.seconds;
    } else {
      const gain = Math.max(-30, Math.min(30, RECORDING_LIMITS.targetRmsDb - voice.rmsDb));
      await sox(['-R', trimmed, '-C', String(AUDIO_SETTINGS.vorbisQuality), output, 'gain', '-l', gain.toFixed(2)]);
      seconds = voice.seconds;
    }
    const durationMs = Math.round(seconds * 1000);
    if (synthesizedMs !== null && durationMs > 2 * synthesizedMs + RECORDING_LIMITS.longMarginSeconds * 1000) flags.push('too_long');
    return { ogg: readFileSync(output), durationMs, flags };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The duration of an Ogg Vorbis file, from its last page's granule position (samples) and the rate
 * in its identification header; null when the bytes are not Ogg Vorbis.
 */
export function oggVorbisDurationMs(ogg: Buffer): number | null {
  if (ogg.length < 64 || ogg.toString('latin1', 0, 4) !== 'OggS') return null;
  const segments = ogg[26]!;
  const packet = 27 + segments;
  if (ogg[packet] !== 1 || ogg.toString('latin1', packet + 1, packet + 7) !== 'vorbis') return null;
  const rate = ogg.readUInt32LE(packet + 12);
  const last = ogg.lastIndexOf('OggS', ogg.length - 27, 'latin1');
  if (last < 0 || rate === 0) return null;
  const granule = Number(ogg.readBigInt64LE(last + 6));
  return granule > 0 ? Math.round((granule / rate) * 1000) : null;
}
