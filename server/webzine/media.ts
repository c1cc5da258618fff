/**
 * A story's media at the hub's edge (issue 17): the photo loses every metadata segment before it is
 * stored (EXIF with its GPS position, XMP, IPTC, comments, ICC, maker notes, anything after the image),
 * and the voice is read from its WAV header (the duration is measured, not believed) and normalised by
 * sox into the MP3 that the site, the console and the shells play.
 */
import { spawn } from 'node:child_process';

export class MediaError extends Error {}

export interface CleanJpeg {
  bytes: Buffer;
  width: number;
  height: number;
}

/** Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but are not frames. */
const isStartOfFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Segments an image needs to be decoded; every APPn and COM segment is left out except JFIF's APP0 and Adobe's APP14 (colour transform). */
function keepSegment(marker: number, body: Buffer): boolean {
  if (marker === 0xe0) return body.subarray(0, 5).toString('latin1') === 'JFIF\0';
  if (marker === 0xee) return body.subarray(0, 5).toString('latin1') === 'Adobe';
  if (marker >= 0xe1 && marker <= 0xef) return false;
  return marker !== 0xfe;
}

/**
 * The JPEG rebuilt from its image segments only, ending at its end-of-image marker (trailers after it,
 * such as maker-note thumbnails or a second image, are dropped). Refuses anything that is not a complete
 * baseline or progressive JPEG.
 */
export function stripJpegMetadata(input: Buffer): CleanJpeg {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) throw new MediaError('photo: not a JPEG (it must start with FF D8)');
  const out: Buffer[] = [input.subarray(0, 2)];
  let pos = 2;
  let width = 0;
  let height = 0;
  let sawScan = false;
  while (pos < input.length) {
    if (input[pos] !== 0xff) throw new MediaError(`photo: damaged JPEG (expected a marker at byte ${pos})`);
    const marker = input[pos + 1] ?? -1;
    if (marker === 0xff) {
      pos += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      if (!sawScan || !width || !height) throw new MediaError('photo: the JPEG has no image data');
      out.push(input.subarray(pos, pos + 2));
      return { bytes: Buffer.concat(out), width, height };
    }
    if (pos + 4 > input.length) break;
    const length = input.readUInt16BE(pos + 2);
    const end = pos + 2 + length;
    if (length < 2 || end > input.length) break;
    const body = input.subarray(pos + 4, end);
    if (isStartOfFrame(marker)) {
      if (body.length < 5) throw new MediaError('photo: damaged JPEG frame header');
      height = body.readUInt16BE(1);
      width = body.readUInt16BE(3);
    }
    if (keepSegment(marker, body)) out.push(input.subarray(pos, end));
    pos = end;
    if (marker === 0xda) {
      // Entropy-coded data runs until a marker other than a stuffed 00 or a restart marker.
      sawScan = true;
      let scan = pos;
      while (scan + 1 < input.length && !(input[scan] === 0xff && input[scan + 1] !== 0x00 && !((input[scan + 1] as number) >= 0xd0 && (input[scan + 1] as number) <= 0xd7) && input[scan + 1] !== 0xff)) scan++;
      if (scan + 1 >= input.length) break;
      out.push(input.subarray(pos, scan));
      pos = scan;
    }
  }
  throw new MediaError('photo: the JPEG is cut short (no end-of-image marker)');
}

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  durationMs: number;
}

/** Reads a PCM WAV's header; the duration comes from the data's size. */
export function readWav(input: Buffer, what = 'audio'): WavInfo {
  if (input.length < 44 || input.toString('latin1', 0, 4) !== 'RIFF' || input.toString('latin1', 8, 12) !== 'WAVE') {
    throw new MediaError(`${what}: expected a WAV file (RIFF/WAVE), 16-bit PCM`);
  }
  let pos = 12;
  let fmt: { format: number; channels: number; sampleRate: number; bitsPerSample: number } | null = null;
  while (pos + 8 <= input.length) {
    const id = input.toString('latin1', pos, pos + 4);
    const size = input.readUInt32LE(pos + 4);
    const body = pos + 8;
    if (id === 'fmt ' && size >= 16 && body + 16 <= input.length) {
      fmt = { format: input.readUInt16LE(body), channels: input.readUInt16LE(body + 2), sampleRate: input.readUInt32LE(body + 4), bitsPerSample: input.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) break;
      if (fmt.format !== 1 || fmt.bitsPerSample !== 16 || fmt.channels < 1 || fmt.channels > 2 || fmt.sampleRate < 8000 || fmt.sampleRate > 48_000) {
        throw new MediaError(`${what}: expected 16-bit PCM WAV, mono or stereo, 8 to 48 kHz`);
      }
      if (body + size > input.length) throw new MediaError(`${what}: the WAV data is cut short`);
      const bytesPerSecond = fmt.sampleRate * fmt.channels * 2;
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, bitsPerSample: 16, durationMs: Math.round((size / bytesPerSecond) * 1000) };
    }
    pos = body + size + (size % 2);
  }
  throw new MediaError(`${what}: the WAV has no format or data chunk`);
}

/**
 * The voice, normalised (peak at -1 dBFS, so quiet recordings are heard) and encoded as 16 kHz mono
 * MP3 — the one format every browser, the console and the shell play. -R keeps sox's output the same
 * run to run.
 */
export function normaliseToMp3(wav: Buffer, sox = 'sox'): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(sox, ['-R', '-t', 'wav', '-', '-t', 'mp3', '-r', '16000', '-c', '1', '-C', '48', '-', 'norm', '-1'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const out = Buffer.concat(chunks);
      if (code === 0 && out.length > 0) resolve(out);
      else reject(new Error(`sox failed (${code}): ${stderr.trim().slice(0, 300)}`));
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(wav);
  });
}
