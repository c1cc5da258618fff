/** Stories for the webzine tests: real WAV audio (a tone with pauses), the real JPEG fixture with GPS tags. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestHub } from './helpers.ts';

export const GPS_JPEG = readFileSync(join(import.meta.dirname, '../fixtures/webzine/jardin-gps.jpg'));

/** 16-bit PCM WAV: a quiet 220 Hz tone (the hub's normalisation makes it louder). */
export function wav(seconds: number, { sampleRate = 16_000, channels = 1, amplitude = 0.1 } = {}): Buffer {
  const frames = Math.round(seconds * sampleRate);
  const data = Buffer.alloc(frames * channels * 2);
  for (let i = 0; i < frames; i++) {
    const v = Math.round(Math.sin((2 * Math.PI * 220 * i) / sampleRate) * amplitude * 32767);
    for (let c = 0; c < channels; c++) data.writeInt16LE(v, (i * channels + c) * 2);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(channels, 22);
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * channels * 2, 28);
  header.writeUInt16LE(channels * 2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

export function storyBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    recordedAt: new Date().toISOString(),
    language: 'fr',
    credit: 'first_name',
    photoShowsOthers: false,
    audio: wav(2).toString('base64'),
    titleAudio: wav(1).toString('base64'),
    photo: GPS_JPEG.toString('base64'),
    ...overrides,
  };
}

export async function postStory(hub: TestHub, token: string, body: unknown) {
  return hub.app.inject({ method: 'POST', url: '/api/v1/machine/webzine/stories', headers: { authorization: `Bearer ${token}` }, payload: body as Record<string, unknown> });
}

/** What a helper writes before publishing. */
export const EDITED = { title: 'Le jardin partagé', text: 'Au printemps, nous avons planté des tomates.\n\nTout le monde est venu.', signature: 'Jeanne', photoAlt: 'Un jardin au soleil, une cabane au toit rouge.', section: 'quartier' } as const;
