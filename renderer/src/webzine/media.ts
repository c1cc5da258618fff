/**
 * A story's media in the page (issue 17): the recording becomes the 16 kHz mono 16-bit WAV the hub's
 * sox reads (MediaRecorder gives WebM/Opus, which sox cannot), and a webcam frame becomes a JPEG of at
 * most 1600 px a side drawn on a canvas — a canvas carries no metadata, so nothing of the camera or the
 * place leaves the machine even before the hub strips what it receives.
 */
import { STORY_SAMPLE_RATE } from '../../../app/protocol/webzine-limits.ts';

export const PHOTO_MAX_SIDE = 1600;

export async function toStoryWav(recording: Blob): Promise<Blob> {
  const context = new AudioContext();
  let decoded: AudioBuffer;
  try {
    decoded = await context.decodeAudioData(await recording.arrayBuffer());
  } finally {
    void context.close();
  }
  const frames = Math.max(1, Math.ceil(decoded.duration * STORY_SAMPLE_RATE));
  const offline = new OfflineAudioContext(1, frames, STORY_SAMPLE_RATE);
  const source = offline.createBufferSource();
  source.buffer = decoded;
  source.connect(offline.destination);
  source.start();
  const mono = (await offline.startRendering()).getChannelData(0);
  const data = new DataView(new ArrayBuffer(44 + mono.length * 2));
  const text = (at: number, s: string) => [...s].forEach((c, i) => data.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF');
  data.setUint32(4, 36 + mono.length * 2, true);
  text(8, 'WAVE');
  text(12, 'fmt ');
  data.setUint32(16, 16, true);
  data.setUint16(20, 1, true);
  data.setUint16(22, 1, true);
  data.setUint32(24, STORY_SAMPLE_RATE, true);
  data.setUint32(28, STORY_SAMPLE_RATE * 2, true);
  data.setUint16(32, 2, true);
  data.setUint16(34, 16, true);
  text(36, 'data');
  data.setUint32(40, mono.length * 2, true);
  for (let i = 0; i < mono.length; i++) data.setInt16(44 + i * 2, Math.max(-1, Math.min(1, mono[i] ?? 0)) * 0x7fff, true);
  return new Blob([data.buffer], { type: 'audio/wav' });
}

/** An image drawn again, at most PHOTO_MAX_SIDE px, as a fresh JPEG: nothing of the original file's metadata survives. */
function toJpeg(source: CanvasImageSource, width: number, height: number): Promise<Blob> {
  const scale = Math.min(1, PHOTO_MAX_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  canvas.getContext('2d')?.drawImage(source, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no photo'))), 'image/jpeg', 0.85));
}

/** The current frame of a playing camera video, as a JPEG blob. */
export function captureJpeg(video: HTMLVideoElement): Promise<Blob> {
  return toJpeg(video, video.videoWidth, video.videoHeight);
}

/** One of the person's pictures (a data: URL from the bridge), as the same kind of JPEG as a camera's frame. */
export async function pictureJpeg(dataUrl: string): Promise<Blob> {
  const image = new Image();
  image.src = dataUrl;
  await image.decode();
  return toJpeg(image, image.naturalWidth, image.naturalHeight);
}
