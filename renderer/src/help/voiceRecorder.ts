/**
 * The voice message recorder: audio only, mono, Opus at 16 kbit/s (speech stays clear, and 60 s is
 * about 120 KB), stopped automatically at 60 s. The bytes go to main as base64 over the bridge.
 */
import { VOICE_MAX_SECONDS } from '../../../app/help/voice-limits.ts';

export const VOICE_BITS_PER_SECOND = 16_000;
export const VOICE_MAX_MS = VOICE_MAX_SECONDS * 1000;

export type VoiceMime = 'audio/webm' | 'audio/ogg';
export type Recording = { blob: Blob; mimeType: VoiceMime; durationMs: number; url: string };

export function canRecordVoice(): boolean {
  return typeof MediaRecorder !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
}

/**
 * Whether to offer the voice message at all: the recorder exists and the computer has a microphone
 * (device kinds are listed without asking for any permission). A machine without one goes straight
 * to the status screen rather than offering a button that cannot work.
 */
export async function hasMicrophone(): Promise<boolean> {
  if (!canRecordVoice() || typeof navigator.mediaDevices.enumerateDevices !== 'function') return false;
  try {
    return (await navigator.mediaDevices.enumerateDevices()).some((d) => d.kind === 'audioinput');
  } catch {
    return false;
  }
}

function pickMimeType(): { recorder: string; wire: VoiceMime } {
  for (const [recorder, wire] of [
    ['audio/webm;codecs=opus', 'audio/webm'],
    ['audio/ogg;codecs=opus', 'audio/ogg'],
    ['audio/webm', 'audio/webm'],
  ] as const) {
    if (MediaRecorder.isTypeSupported(recorder)) return { recorder, wire };
  }
  return { recorder: '', wire: 'audio/webm' };
}

export class VoiceRecorder {
  /** `maxMs`: the help voice message's 60 s by default; a webzine story is longer (issue 17). */
  constructor(private readonly maxMs = VOICE_MAX_MS) {}

  private recorder: MediaRecorder | null = null;
  private stream: MediaStream | null = null;
  private chunks: Blob[] = [];
  private startedAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private finished: Promise<Recording> | null = null;

  /** Asks for the microphone (the shell's permission handler allows audio only) and starts recording. */
  async start(onAutoStop: () => void): Promise<void> {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true }, video: false });
    const { recorder: mimeType, wire } = pickMimeType();
    const recorder = new MediaRecorder(this.stream, { ...(mimeType ? { mimeType } : {}), audioBitsPerSecond: VOICE_BITS_PER_SECOND });
    this.recorder = recorder;
    this.chunks = [];
    this.finished = new Promise<Recording>((resolve, reject) => {
      recorder.ondataavailable = (e) => {
        if (e.data.size > 0) this.chunks.push(e.data);
      };
      recorder.onstop = () => {
        const durationMs = Math.min(this.maxMs, Math.round(performance.now() - this.startedAt));
        const blob = new Blob(this.chunks, { type: wire });
        this.release();
        resolve({ blob, mimeType: wire, durationMs: Math.max(1, durationMs), url: URL.createObjectURL(blob) });
      };
      recorder.onerror = () => {
        this.release();
        reject(new Error('recorder error'));
      };
    });
    this.startedAt = performance.now();
    recorder.start();
    this.timer = setTimeout(() => {
      onAutoStop();
    }, this.maxMs);
  }

  elapsedMs(): number {
    return this.recorder ? Math.min(this.maxMs, performance.now() - this.startedAt) : 0;
  }

  async stop(): Promise<Recording> {
    if (!this.recorder || !this.finished) throw new Error('not recording');
    if (this.recorder.state !== 'inactive') this.recorder.stop();
    return this.finished;
  }

  /** Leaves the screen: stop everything, keep nothing. */
  cancel(): void {
    if (this.recorder && this.recorder.state !== 'inactive') {
      this.recorder.onstop = null;
      this.recorder.stop();
    }
    this.release();
  }

  private release(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.stream?.getTracks().forEach((t) => t.stop());
    this.stream = null;
    this.recorder = null;
  }
}

/** The recording's bytes as base64 (what the bridge carries). */
export async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
