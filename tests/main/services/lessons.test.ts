import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_ADAPTIVITY } from '../../../app/lessons/engine.ts';
import { audioHash, audioManifestFile, generatedAudioFile } from '../../../main/services/lesson-audio.ts';
import { LessonService, type LessonActivity } from '../../../main/services/lessons.ts';
import { openShellDb, type ShellDb } from '../../../main/store/db.ts';

let dir: string;
let db: ShellDb;

function writePack(root: string, id: string, order: number, extra: Record<string, unknown> = {}) {
  const pack = path.join(root, id);
  fs.mkdirSync(path.join(pack, 'texts'), { recursive: true });
  fs.mkdirSync(path.join(pack, 'pictures'), { recursive: true });
  fs.writeFileSync(path.join(pack, 'pictures', 'p.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  const manifest = {
    id,
    version: 1,
    order,
    difficulty: 1,
    minutes: 2,
    languages: ['fr', 'en', 'ar'],
    picture: 'pictures/p.svg',
    assets: [{ file: 'pictures/p.svg', licence: 'CC-BY-SA-4.0', attribution: 'test' }],
    steps: [
      { kind: 'show', say: 'hello', picture: 'pictures/p.svg' },
      {
        kind: 'choose',
        say: 'pick',
        picture: 'pictures/p.svg',
        options: [
          { picture: 'pictures/p.svg', label: 'yes', right: true },
          { picture: 'pictures/p.svg', label: 'no', feedback: 'why' },
        ],
      },
    ],
    ...extra,
  };
  fs.writeFileSync(path.join(pack, 'lesson.yaml'), YAML.stringify(manifest));
  const fr = { title: `Leçon ${id}`, goal: 'Un but.', steps: { hello: 'Bonjour.', pick: 'Choisissez.', yes: 'Oui', no: 'Non', why: 'Pas celui-ci.' } };
  fs.writeFileSync(path.join(pack, 'texts', 'fr.yaml'), YAML.stringify(fr));
  // English lacks one sentence: it falls back to French, with French audio.
  const en = { title: `Lesson ${id}`, goal: 'A goal.', steps: { hello: 'Hello.', pick: 'Choose.', yes: 'Yes', no: 'No' } };
  fs.writeFileSync(path.join(pack, 'texts', 'en.yaml'), YAML.stringify(en));
  return pack;
}

function writeGenerated(pack: string, language: 'fr' | 'en' | 'ar', key: string, text: string, hashText = text) {
  const file = path.join(pack, generatedAudioFile(language, key));
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'OggS');
  const manifestPath = path.join(pack, audioManifestFile);
  const manifest = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')) : {};
  manifest[`${language}/${key}`] = { hash: audioHash(language, hashText), text, bytes: 4 };
  fs.writeFileSync(manifestPath, JSON.stringify(manifest));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-lessons-'));
  db = openShellDb(path.join(dir, 'shell.sqlite'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('lesson service: packs', () => {
  it('lists packs in map order, whatever their folder names', () => {
    const root = path.join(dir, 'lessons');
    writePack(root, 'zz-first', 1);
    writePack(root, 'aa-second', 2, { prerequisites: ['zz-first'] });
    const service = new LessonService(root, db);
    expect(service.list('fr').map((l) => [l.id, l.order, l.ready])).toEqual([
      ['zz-first', 1, true],
      ['aa-second', 2, false],
    ]);
  });

  it('resolves a lesson for a language, falling back to French sentence by sentence', () => {
    const root = path.join(dir, 'lessons');
    writePack(root, 'demo', 1);
    const service = new LessonService(root, db);
    const en = service.get('demo', 'en');
    expect(en.title).toBe('Lesson demo');
    const choose = en.steps[1]!;
    if (choose.kind !== 'choose') throw new Error('expected a choose step');
    expect(choose.options[1]!.feedback!.text).toBe('Pas celui-ci.');
    // No Arabic file at all: the whole lesson shows in French.
    expect(service.get('demo', 'ar')).toMatchObject({ language: 'fr', title: 'Leçon demo' });
    expect(() => service.get('nope', 'fr')).toThrow(/no lesson/);
  });

  it('uses a generated audio file only while it matches the text, and a recorded one always wins', () => {
    const root = path.join(dir, 'lessons');
    const pack = writePack(root, 'demo', 1);
    writeGenerated(pack, 'fr', 'hello', 'Bonjour.');
    writeGenerated(pack, 'fr', 'pick', 'Choisissez.', 'Choisissez bien.'); // made from an older text
    writeGenerated(pack, 'fr', 'why', 'Pas celui-ci.');
    fs.mkdirSync(path.join(pack, 'recorded', 'en'), { recursive: true });
    fs.writeFileSync(path.join(pack, 'recorded', 'en', 'hello.wav'), 'RIFF');
    writeGenerated(pack, 'en', 'hello', 'Hello.');
    const service = new LessonService(root, db);
    const fr = service.get('demo', 'fr');
    expect(fr.steps[0]!.say.audio).toBe('lessons/demo/audio/fr/hello.ogg');
    expect(fr.steps[1]!.say.audio).toBeNull();
    const en = service.get('demo', 'en');
    expect(en.steps[0]!.say.audio).toBe('lessons/demo/recorded/en/hello.wav');
    const choose = en.steps[1]!;
    if (choose.kind !== 'choose') throw new Error('expected a choose step');
    // The English text falls back to French, and so does its audio.
    expect(choose.options[1]!.feedback!.audio).toBe('lessons/demo/audio/fr/why.ogg');
  });

  it('refuses a pack that breaks the schema, naming the problem', () => {
    const root = path.join(dir, 'lessons');
    writePack(root, 'demo', 1, { steps: [{ kind: 'fly', say: 'x', picture: 'pictures/p.svg' }] });
    expect(() => new LessonService(root, db)).toThrow(/kind|Invalid/);
  });
});

describe('lesson service: progress and activity', () => {
  it('saves where the person is, keeps "finished" once reached, and says what happened', () => {
    const root = path.join(dir, 'lessons');
    writePack(root, 'demo', 1);
    const service = new LessonService(root, db);
    const seen: LessonActivity['type'][] = [];
    const outcomes: number[] = [];
    const off = service.onActivity((a) => {
      seen.push(a.type);
      if (a.type === 'step-completed') outcomes.push(a.outcome.hintLevel);
    });
    service.saveProgress('demo', 0, false);
    service.saveProgress('demo', 1, false, { index: 0, kind: 'show', misses: 0, hintLevel: 0, seconds: 3 });
    service.saveProgress('demo', 1, true, { index: 1, kind: 'choose', misses: 2, hintLevel: 2, seconds: 30 });
    service.saveProgress('demo', 0, false); // taking it again
    service.saveProgress('demo', 1, true, { index: 1, kind: 'choose', misses: 0, hintLevel: 0, seconds: 5 });
    off();
    service.saveProgress('demo', 0, false);
    expect(seen).toEqual(['lesson-started', 'step-completed', 'step-completed', 'lesson-completed', 'step-completed']);
    expect(outcomes).toEqual([0, 2, 0]);
    expect(service.progress('demo')).toEqual({ stepIndex: 0, finished: true });
    expect(service.list('fr')[0]).toMatchObject({ started: true, completed: true, stepsDone: 2 });
    expect(() => service.saveProgress('nope', 0, false)).toThrow(/no lesson/);
  });

  it('survives a restart: progress and settings are on disk', () => {
    const root = path.join(dir, 'lessons');
    writePack(root, 'demo', 1);
    new LessonService(root, db).saveProgress('demo', 1, false);
    new LessonService(root, db).saveAdaptivity({ targetScale: 1.2, doubleClickMs: 900, dragTolerancePx: 40 });
    db.close();
    db = openShellDb(path.join(dir, 'shell.sqlite'));
    const again = new LessonService(root, db);
    expect(again.progress('demo')).toEqual({ stepIndex: 1, finished: false });
    expect(again.list('fr')[0]).toMatchObject({ started: true, completed: false, stepsDone: 1 });
    expect(again.adaptivity()).toEqual({ targetScale: 1.2, doubleClickMs: 900, dragTolerancePx: 40 });
  });
});

describe('lesson service: adaptivity per person', () => {
  it('starts from the defaults, keeps each person apart, and forgets a person completely', () => {
    const root = path.join(dir, 'lessons');
    writePack(root, 'demo', 1);
    const service = new LessonService(root, db);
    expect(service.adaptivity()).toEqual(DEFAULT_ADAPTIVITY);
    service.saveAdaptivity({ ...DEFAULT_ADAPTIVITY, doubleClickMs: 1200 }, 'visitor-1');
    expect(service.adaptivity('visitor-1').doubleClickMs).toBe(1200);
    expect(service.adaptivity().doubleClickMs).toBe(DEFAULT_ADAPTIVITY.doubleClickMs);
    service.saveProgress('demo', 1, false);
    service.forgetPerson('visitor-1');
    expect(service.adaptivity('visitor-1')).toEqual(DEFAULT_ADAPTIVITY);
    expect(service.progress('demo')).toBeNull();
  });

  it('repairs damaged settings in the store instead of failing', () => {
    const root = path.join(dir, 'lessons');
    writePack(root, 'demo', 1);
    const service = new LessonService(root, db);
    db.prepare("INSERT INTO lesson_adaptivity (person, settings, updated_at) VALUES ('owner', '{not json', 'x')").run();
    expect(service.adaptivity()).toEqual(DEFAULT_ADAPTIVITY);
    db.prepare(`UPDATE lesson_adaptivity SET settings = '{"doubleClickMs": 99999}'`).run();
    expect(service.adaptivity().doubleClickMs).toBe(2000);
  });
});
