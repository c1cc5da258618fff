/**
 * The audio pipeline with the real espeak-ng and sox (both installed by .ci/run): generated once,
 * cached by hash, byte-for-byte reproducible, a recording wins, and unused files go.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audioHash, readAudioManifest } from '../../main/services/lesson-audio.ts';
import { generatePackAudio } from '../../scripts/lessons-audio.ts';

let pack: string;

function writeTexts(language: string, steps: Record<string, string>) {
  fs.writeFileSync(path.join(pack, 'texts', `${language}.yaml`), YAML.stringify({ title: 'T', goal: 'G', steps }));
}

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
  writeTexts('ar', { hello: 'مرحبا.', press: 'اضغط على التفاحة.' });
});
afterEach(() => fs.rmSync(path.dirname(pack), { recursive: true, force: true }));

describe('lessons:audio', () => {
  it('generates Ogg Vorbis for every sentence and language, then only what changed, with the same bytes', async () => {
    const first = await generatePackAudio(pack);
    expect(first).toMatchObject({ generated: 4, cached: 0 });
    const file = path.join(pack, 'audio/fr/hello.ogg');
    const bytes = fs.readFileSync(file);
    expect(bytes.subarray(0, 4).toString()).toBe('OggS');
    expect(readAudioManifest(pack)['fr/hello']).toMatchObject({ hash: audioHash('fr', 'Bonjour.'), text: 'Bonjour.', bytes: bytes.length });

    expect(await generatePackAudio(pack)).toMatchObject({ generated: 0, cached: 4 });

    writeTexts('fr', { hello: 'Bonjour.', press: 'Appuyez sur la poire.' });
    fs.rmSync(file);
    const third = await generatePackAudio(pack);
    expect(third).toMatchObject({ generated: 2, cached: 2 });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true); // same input, same bytes
  });

  it('leaves a recorded sentence alone and removes what no sentence needs', async () => {
    await generatePackAudio(pack);
    fs.mkdirSync(path.join(pack, 'recorded/ar'), { recursive: true });
    fs.writeFileSync(path.join(pack, 'recorded/ar/press.ogg'), 'OggS');
    fs.writeFileSync(path.join(pack, 'audio/fr/old_sentence.ogg'), 'OggS');
    const result = await generatePackAudio(pack);
    expect(result).toMatchObject({ generated: 0, cached: 3, recorded: 1, removed: 2 });
    expect(fs.existsSync(path.join(pack, 'audio/ar/press.ogg'))).toBe(false);
    expect(fs.existsSync(path.join(pack, 'audio/fr/old_sentence.ogg'))).toBe(false);
    expect(Object.keys(readAudioManifest(pack)).sort()).toEqual(['ar/hello', 'fr/hello', 'fr/press']);
  });
});
