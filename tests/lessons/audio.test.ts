/**
 * The audio pipeline with the real espeak-ng and sox (both installed by .ci/run): generated once,
 * cached by hash, byte-for-byte reproducible, made from the speech form, a recording wins, and unused
 * files go. The manifest says for every file what the synthesizer was given, or that a person
 * recorded it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audioHash, readAudioManifest } from '../../main/services/lesson-audio.ts';
import { generatePackAudio, synthesise } from '../../scripts/lessons-audio.ts';

let pack: string;

function writeTexts(language: string, steps: Record<string, string>, speech?: Record<string, unknown>) {
  fs.writeFileSync(path.join(pack, 'texts', `${language}.yaml`), YAML.stringify({ title: 'T', goal: 'G', steps, ...(speech ? { speech } : {}) }));
}

const [FATHA, DAMMA, KASRA, SHADDA] = ['\u064E', '\u064F', '\u0650', '\u0651'];
/** "التفاحة" vowelled, each shadda after its vowel: the order Unicode normalisation gives… */
const APPLE_CANONICAL = `الت${DAMMA}${SHADDA}ف${FATHA}${SHADDA}اح${FATHA}ة${KASRA}`;
/** …and in the order espeak-ng reads: shadda first. */
const APPLE_FOR_ESPEAK = `الت${SHADDA}${DAMMA}ف${SHADDA}${FATHA}اح${FATHA}ة${KASRA}`;
const PRESS_CANONICAL = `اِضْغَطْ عَلَى ${APPLE_CANONICAL}.`;
const PRESS_FOR_ESPEAK = `اِضْغَطْ عَلَى ${APPLE_FOR_ESPEAK}.`;

beforeEach(() => {
  pack = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-audio-')), 'demo');
  fs.mkdirSync(path.join(pack, 'texts'), { recursive: true });
  fs.writeFileSync(
    path.join(pack, 'lesson.yaml'),
    YAML.stringify({
      id: 'demo',
      version: 1,
      order: 1,
      difficulty: 1,
      minutes: 1,
      languages: ['fr', 'ar'],
      picture: 'p.svg',
      assets: [],
      steps: [
        { kind: 'show', say: 'hello', picture: 'p.svg' },
        { kind: 'click', say: 'press', picture: 'p.svg' },
      ],
    }),
  );
  writeTexts('fr', { hello: 'Bonjour.', press: 'Appuyez sur la pomme.' });
  writeTexts('ar', { hello: 'مرحبا.', press: 'اضغط على التفاحة.' }, { goal: 'هَدَفٌ.', steps: { hello: 'مَرْحَبًا.', press: PRESS_CANONICAL } });
});
afterEach(() => fs.rmSync(path.dirname(pack), { recursive: true, force: true }));

describe('lessons:audio', () => {
  it('generates Ogg Vorbis for every sentence and the goal, in every language, then only what changed, with the same bytes', async () => {
    const first = await generatePackAudio(pack);
    expect(first).toMatchObject({ generated: 6, cached: 0 });
    const file = path.join(pack, 'audio/fr/hello.ogg');
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 4).toString()).toBe('OggS');
    expect(readAudioManifest(pack)['fr/hello']).toEqual({ source: 'espeak-ng', voice: 'fr', hash: audioHash('fr', 'Bonjour.'), text: 'Bonjour.', bytes: bytes.length });
    expect(fs.existsSync(path.join(pack, 'audio/ar/_goal.ogg'))).toBe(true);

    expect(await generatePackAudio(pack)).toMatchObject({ generated: 0, cached: 6 });

    writeTexts('fr', { hello: 'Bonjour.', press: 'Appuyez sur la poire.' });
    fs.rmSync(file);
    const third = await generatePackAudio(pack);
    expect(third).toMatchObject({ generated: 2, cached: 4 });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true); // same input, same bytes
  });

  it('gives espeak-ng the vowelled speech form in the mark order it reads, and records exactly that text', async () => {
    await generatePackAudio(pack);
    const entry = readAudioManifest(pack)['ar/press'];
    expect(PRESS_CANONICAL.normalize('NFC')).toBe(PRESS_CANONICAL);
    expect(entry).toMatchObject({ source: 'espeak-ng', voice: 'ar', text: PRESS_FOR_ESPEAK, hash: audioHash('ar', PRESS_FOR_ESPEAK) });
    // The file is what espeak-ng makes of that text, not of the unvowelled words shown.
    const made = path.join(path.dirname(pack), 'made.ogg');
    await synthesise(PRESS_FOR_ESPEAK, 'ar', made);
    expect(fs.readFileSync(path.join(pack, 'audio/ar/press.ogg')).equals(fs.readFileSync(made))).toBe(true);
    await synthesise('اضغط على التفاحة.', 'ar', made);
    expect(fs.readFileSync(path.join(pack, 'audio/ar/press.ogg')).equals(fs.readFileSync(made))).toBe(false);
    expect(execFileSync('espeak-ng', ['-x', '-q', '-v', 'ar', entry!.text]).toString()).toMatch(/t:uff'a:Hat/);
  });

  it('records a person’s recording in the manifest, leaves it alone, and removes what no sentence needs', async () => {
    await generatePackAudio(pack);
    fs.mkdirSync(path.join(pack, 'recorded/ar'), { recursive: true });
    fs.writeFileSync(path.join(pack, 'recorded/ar/press.ogg'), 'OggS');
    fs.writeFileSync(path.join(pack, 'audio/fr/old_sentence.ogg'), 'OggS');
    const result = await generatePackAudio(pack);
    expect(result).toMatchObject({ generated: 0, cached: 5, recorded: 1, removed: 2 });
    expect(fs.existsSync(path.join(pack, 'audio/ar/press.ogg'))).toBe(false);
    expect(fs.existsSync(path.join(pack, 'audio/fr/old_sentence.ogg'))).toBe(false);
    const manifest = readAudioManifest(pack);
    expect(Object.keys(manifest).sort()).toEqual(['ar/_goal', 'ar/hello', 'ar/press', 'fr/_goal', 'fr/hello', 'fr/press']);
    expect(manifest['ar/press']).toEqual({
      source: 'recorded',
      file: 'recorded/ar/press.ogg',
      text: 'اضغط على التفاحة.',
      sha256: createHash('sha256').update('OggS').digest('hex'),
      bytes: 4,
    });
  });
});
