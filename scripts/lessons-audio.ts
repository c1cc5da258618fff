/**
 * `npm run lessons:audio`: generate every lesson sentence's audio (the goal too), offline, with
 * espeak-ng, into its pack: `audio/<lang>/<key>.ogg` (16 kHz mono Ogg Vorbis through sox). espeak-ng
 * is given the sentence's speech form (fully vowelled Arabic, codes digit by digit). `audio/manifest.json`
 * records for every sentence exactly the text the synthesizer was given and the hash of (text, voice,
 * settings), or that a person recorded it (`recorded/<lang>/<key>.*`: the recording wins and nothing is
 * generated). Cached: a sentence whose hash has not changed is skipped. Reproducible: sox runs with -R
 * (fixed random seed), so the same input gives the same bytes. Files no sentence needs any more are
 * removed. `--lesson <id>` limits the run to one pack.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import YAML from 'yaml';
import { LessonManifest, LessonTexts, packSentenceKeys, shownText } from '../app/lessons/model.ts';
import type { Language } from '../app/protocol/common.ts';
import {
  AUDIO_SETTINGS,
  audioHash,
  audioManifestFile,
  generatedAudioFile,
  readAudioManifest,
  recordedAudioFile,
  synthesizerText,
  type AudioManifest,
} from '../main/services/lesson-audio.ts';

function run(command: string, args: string[], input?: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, args, { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} failed: ${stderr.toString() || error.message}`));
      else resolve(stdout);
    });
    if (input) child.stdin!.end(input);
  });
}

/** espeak-ng's WAV on stdout, then sox to 16 kHz mono Vorbis; sox -R keeps the output identical run to run. */
export async function synthesise(text: string, language: Language, outFile: string): Promise<number> {
  const wav = await run('espeak-ng', ['-v', AUDIO_SETTINGS.voices[language], '-s', String(AUDIO_SETTINGS.wordsPerMinute), '--stdout', '--', text]);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp.ogg`;
  await run('sox', ['-R', '-t', 'wav', '-', '-r', String(AUDIO_SETTINGS.sampleRate), '-c', '1', '-C', String(AUDIO_SETTINGS.vorbisQuality), tmp], wav);
  fs.renameSync(tmp, outFile);
  return fs.statSync(outFile).size;
}

type Job = { language: Language; key: string; text: string };
export type AudioRunResult = { generated: number; cached: number; recorded: number; removed: number; bytes: number };

export async function generatePackAudio(packDir: string, log: (line: string) => void = () => undefined): Promise<AudioRunResult> {
  const manifest = LessonManifest.parse(YAML.parse(fs.readFileSync(path.join(packDir, 'lesson.yaml'), 'utf8')));
  const previous = readAudioManifest(packDir);
  const next: AudioManifest = {};
  const jobs: Job[] = [];
  const result: AudioRunResult = { generated: 0, cached: 0, recorded: 0, removed: 0, bytes: 0 };
  const keys = packSentenceKeys(manifest);
  for (const language of manifest.languages) {
    const file = path.join(packDir, 'texts', `${language}.yaml`);
    if (!fs.existsSync(file)) continue;
    const texts = LessonTexts.parse(YAML.parse(fs.readFileSync(file, 'utf8')));
    for (const key of keys) {
      const text = synthesizerText(texts, key, language);
      if (!text) continue;
      const id = `${language}/${key}`;
      const recorded = recordedAudioFile(packDir, language, key);
      if (recorded) {
        const bytes = fs.readFileSync(path.join(packDir, recorded));
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        next[id] = { source: 'recorded', file: recorded, text: shownText(texts, key)!, sha256, bytes: bytes.length };
        result.recorded++;
        continue;
      }
      const entry = previous[id];
      const hash = audioHash(language, text);
      // Entries written before the manifest named its source were all espeak-ng's.
      if (entry && entry.source !== 'recorded' && entry.hash === hash && fs.existsSync(path.join(packDir, generatedAudioFile(language, key)))) {
        next[id] = { source: 'espeak-ng', voice: AUDIO_SETTINGS.voices[language], text, hash, bytes: entry.bytes };
        result.cached++;
      } else jobs.push({ language, key, text });
    }
  }
  // Two at a time: the machines this runs on have two cores.
  const workers = Math.max(1, Math.min(2, os.availableParallelism()));
  let cursor = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (cursor < jobs.length) {
        const job = jobs[cursor++]!;
        const bytes = await synthesise(job.text, job.language, path.join(packDir, generatedAudioFile(job.language, job.key)));
        next[`${job.language}/${job.key}`] = { source: 'espeak-ng', voice: AUDIO_SETTINGS.voices[job.language], text: job.text, hash: audioHash(job.language, job.text), bytes };
        result.generated++;
        log(`  ${manifest.id} ${job.language}/${job.key} (${bytes} bytes)`);
      }
    }),
  );
  // Anything generated that no sentence needs any more goes.
  const audioDir = path.join(packDir, 'audio');
  if (fs.existsSync(audioDir)) {
    for (const language of fs.readdirSync(audioDir)) {
      const dir = path.join(audioDir, language);
      if (!fs.statSync(dir).isDirectory()) continue;
      for (const file of fs.readdirSync(dir)) {
        if (next[`${language}/${path.basename(file, '.ogg')}`]?.source !== 'espeak-ng' || !file.endsWith('.ogg')) {
          fs.rmSync(path.join(dir, file));
          result.removed++;
        }
      }
    }
  }
  const sorted = Object.fromEntries(Object.entries(next).sort(([a], [b]) => a.localeCompare(b)));
  result.bytes = Object.values(sorted).reduce((sum, e) => sum + (e.source === 'espeak-ng' ? e.bytes : 0), 0);
  if (Object.keys(sorted).length > 0) {
    fs.mkdirSync(audioDir, { recursive: true });
    fs.writeFileSync(path.join(packDir, audioManifestFile), JSON.stringify(sorted, null, 2) + '\n');
  } else if (fs.existsSync(audioDir)) fs.rmSync(audioDir, { recursive: true });
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const lessonsDir = path.resolve(import.meta.dirname, '../lessons');
  const only = process.argv.includes('--lesson') ? process.argv[process.argv.indexOf('--lesson') + 1] : undefined;
  const packs = fs
    .readdirSync(lessonsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(lessonsDir, d.name, 'lesson.yaml')) && (!only || d.name === only))
    .map((d) => d.name)
    .sort();
  const total: AudioRunResult = { generated: 0, cached: 0, recorded: 0, removed: 0, bytes: 0 };
  for (const id of packs) {
    const r = await generatePackAudio(path.join(lessonsDir, id), console.log);
    for (const k of Object.keys(total) as (keyof AudioRunResult)[]) total[k] += r[k];
    console.log(`${id}: ${r.generated} generated, ${r.cached} cached, ${r.recorded} recorded, ${r.removed} removed, ${(r.bytes / 1024).toFixed(0)} KiB`);
  }
  console.log(
    `lessons:audio: ${packs.length} pack(s), ${total.generated} generated, ${total.cached} cached, ${total.recorded} recorded, ${total.removed} removed, ${(total.bytes / 1024 / 1024).toFixed(2)} MiB of generated audio`,
  );
}
