/**
 * The recording studio (issue 14) against a real hub and real sox: a helper's recording is trimmed,
 * brought to one loudness and flagged (silent, clipped, far too long); a second person approves it;
 * the lesson gets a new pack version whose audio for that sentence is the recording, which the shell
 * then plays instead of the synthesized one. Bad input changes nothing.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovedView, RecordingView, StudioLessonView, StudioLessonsView } from '../../app/protocol/studio.ts';
import { readArchive } from '../../lib/packs/archive.ts';
import { readAudioManifest, resolveAudioFile } from '../../main/services/lesson-audio.ts';
import { DEFAULT_LESSONS_DIR } from '../../server/hub.ts';
import { oggVorbisDurationMs } from '../../server/lessons/studio-audio.ts';
import { consoleCall, expectApiError, makeHub, removeTempDirs, sessionAs, tempDir, type ConsoleSession, type TestHub } from './helpers.ts';

let hub: TestHub;
let helper: ConsoleSession & { id: string };
let staff: ConsoleSession & { id: string };
let otherStaff: ConsoleSession & { id: string };
const LESSON = 'souris-cliquer';

/** A person reading the sentence: espeak-ng's voice with a second of silence before and after, quieter than the target. */
function spoken(text: string, voice = 'fr', effects: string[] = ['vol', '0.3']): Buffer {
  const dir = tempDir();
  writeFileSync(join(dir, 'voice.wav'), execFileSync('espeak-ng', ['-v', voice, '--stdout', '--', text]));
  execFileSync('sox', [join(dir, 'voice.wav'), '-r', '48000', '-c', '1', '-b', '16', join(dir, 'out.wav'), 'pad', '1', '1', ...effects]);
  return readFileSync(join(dir, 'out.wav'));
}
function silence(seconds: number): Buffer {
  const file = join(tempDir(), 'silence.wav');
  execFileSync('sox', ['-n', '-r', '48000', '-c', '1', '-b', '16', file, 'trim', '0', String(seconds)]);
  return readFileSync(file);
}
function upload(s: ConsoleSession, language: string, key: string, body: Buffer, type = 'audio/wav', lesson = LESSON) {
  return hub.app.inject({
    method: 'POST',
    url: `/api/v1/console/studio/lessons/${lesson}/${language}/${key}/recordings`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf, 'content-type': type },
    payload: body,
  });
}
async function lessonView(s: ConsoleSession, language = 'fr'): Promise<StudioLessonView> {
  const res = await consoleCall(hub, s, 'GET', `/console/studio/lessons/${LESSON}/${language}`);
  expect(res.statusCode).toBe(200);
  return res.json() as StudioLessonView;
}
async function recordingCount(): Promise<number> {
  return (await hub.store.studio.listRecordings(hub.seed.associationId, LESSON)).length;
}

beforeAll(async () => {
  const lessonsDir = tempDir();
  for (const id of [LESSON, 'souris-bouger']) cpSync(join(DEFAULT_LESSONS_DIR, id), join(lessonsDir, id), { recursive: true });
  hub = await makeHub(tempDir(), { lessonsDir });
  helper = await sessionAs(hub, 'Nadia', 'accompagnant');
  staff = await sessionAs(hub, 'Bruno', 'staff');
  otherStaff = await sessionAs(hub, 'Chloe', 'staff');
}, 60_000);
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

describe('the recording studio', () => {
  it('lists the lessons and, for one, every sentence to read with the synthesized length', async () => {
    const list = (await consoleCall(hub, helper, 'GET', '/console/studio/lessons')).json() as StudioLessonsView;
    expect(list.lessons.map((l) => l.id).sort()).toEqual(['souris-bouger', LESSON]);
    const view = await lessonView(helper, 'ar');
    const texts = YAML.parse(readFileSync(join(DEFAULT_LESSONS_DIR, LESSON, 'texts/ar.yaml'), 'utf8')) as { goal: string };
    expect(view.sentences[0]).toMatchObject({ key: '_goal', text: texts.goal });
    const synthesized = readFileSync(join(DEFAULT_LESSONS_DIR, LESSON, 'audio/ar/_goal.ogg'));
    const soxSeconds = Number(execFileSync('sox', ['--i', '-D', join(DEFAULT_LESSONS_DIR, LESSON, 'audio/ar/_goal.ogg')], { encoding: 'utf8' }));
    expect(oggVorbisDurationMs(synthesized)).toBe(Math.round(soxSeconds * 1000));
    expect(view.sentences[0]!.synthesizedMs).toBe(Math.round(soxSeconds * 1000));
  });

  it('trims the silences, brings the voice to one loudness, and flags silent, clipped and far too long recordings', async () => {
    const view = await lessonView(helper);
    const goal = view.sentences.find((s) => s.key === '_goal')!;
    const res = await upload(helper, 'fr', '_goal', spoken(goal.text));
    expect(res.statusCode).toBe(201);
    const recording = res.json() as RecordingView;
    expect(recording).toMatchObject({ status: 'submitted', flags: [], recordedBy: 'Nadia', mine: true });
    // Two seconds of silence are gone; the voice itself stays.
    const voiceMs = Math.round(Number(execFileSync('espeak-ng', ['-v', 'fr', '--stdout', '--', goal.text]).length - 44) / 2 / 22.05);
    expect(recording.durationMs).toBeLessThan(voiceMs + 300);
    expect(recording.durationMs).toBeGreaterThan(voiceMs - 600);
    const audio = await consoleCall(hub, staff, 'GET', `/console/studio/recordings/${recording.id}/audio`);
    expect(audio.headers['content-type']).toBe('audio/ogg');
    const file = join(tempDir(), 'r.ogg');
    writeFileSync(file, audio.rawPayload);
    const stats = execFileSync('sh', ['-c', `sox ${file} -n stats 2>&1`], { encoding: 'utf8' });
    const rms = Number(/RMS lev dB\s+(-?[\d.]+)/.exec(stats)![1]);
    expect(Math.abs(rms - -20)).toBeLessThan(1.5); // recorded at about −31 dB, brought to −20
    expect(execFileSync('sh', ['-c', `sox --i -r ${file}`], { encoding: 'utf8' }).trim()).toBe('16000');

    const silent = (await upload(helper, 'fr', 'click_star', silence(3))).json() as RecordingView;
    expect(silent.flags).toEqual(['silent']);
    const clipped = (await upload(helper, 'fr', 'click_star', spoken(view.sentences.find((s) => s.key === 'click_star')!.text, 'fr', ['vol', '8']))).json() as RecordingView;
    expect(clipped.flags).toEqual(['clipped']);
    const rambling = (await upload(helper, 'fr', 'click_star', spoken(`${goal.text} ${goal.text} ${goal.text} ${goal.text}`))).json() as RecordingView;
    expect(rambling.flags).toEqual(['too_long']);
    // A silent recording cannot become the lesson's voice.
    expectApiError(await consoleCall(hub, staff, 'POST', `/console/studio/recordings/${silent.id}/approve`), 422, 'silent_recording');
  }, 60_000);

  it('a second person approves: the lesson gets a new version whose audio for that sentence is the recording', async () => {
    const view = await lessonView(helper, 'ar');
    const sentence = view.sentences.find((s) => s.key === 'click_star')!;
    const texts = YAML.parse(readFileSync(join(DEFAULT_LESSONS_DIR, LESSON, 'texts/ar.yaml'), 'utf8')) as { speech: { steps: Record<string, string> } };
    const recording = (await upload(staff, 'ar', 'click_star', spoken(texts.speech.steps.click_star!, 'ar'))).json() as RecordingView;
    expect(recording.flags).toEqual([]);
    // Not by the one who recorded it; not by a helper without the staff role.
    expectApiError(await consoleCall(hub, staff, 'POST', `/console/studio/recordings/${recording.id}/approve`), 403, 'own_recording');
    expectApiError(await consoleCall(hub, helper, 'POST', `/console/studio/recordings/${recording.id}/approve`), 403, 'forbidden');
    const before = view.version;
    const res = await consoleCall(hub, otherStaff, 'POST', `/console/studio/recordings/${recording.id}/approve`);
    expect(res.statusCode).toBe(200);
    const approved = res.json() as ApprovedView;
    expect(approved.published).toEqual({ id: LESSON, version: before + 1 });
    expect(approved.recording).toMatchObject({ status: 'approved', decidedBy: 'Chloe', mine: false });
    expectApiError(await consoleCall(hub, otherStaff, 'POST', `/console/studio/recordings/${recording.id}/reject`), 409, 'already_decided');

    // The machines' feed offers the new version; unpacked, the shell resolves the sentence to the recording.
    const archive = (await hub.lessons.archive(hub.seed.associationId, LESSON, before + 1))!;
    const packDir = tempDir();
    for (const f of readArchive(archive)) {
      mkdirSync(join(packDir, f.path, '..'), { recursive: true });
      writeFileSync(join(packDir, f.path), f.data);
    }
    const audio = await consoleCall(hub, helper, 'GET', `/console/studio/recordings/${recording.id}/audio`);
    expect(readFileSync(join(packDir, 'recorded/ar/click_star.ogg')).equals(audio.rawPayload)).toBe(true);
    const manifest = readAudioManifest(packDir);
    expect(manifest['ar/click_star']).toMatchObject({ source: 'recorded', file: 'recorded/ar/click_star.ogg', text: sentence.text });
    expect(resolveAudioFile(packDir, manifest, 'ar', 'click_star', 'unused')).toBe('recorded/ar/click_star.ogg');
    expect(resolveAudioFile(packDir, manifest, 'fr', 'click_star', manifest['fr/click_star']!.text)).toBe('audio/fr/click_star.ogg');
    const lesson = YAML.parse(readFileSync(join(packDir, 'lesson.yaml'), 'utf8')) as { assets: { file: string; attribution: string }[] };
    expect(lesson.assets.find((a) => a.file === 'recorded/ar/click_star.ogg')?.attribution).toMatch(/^Voix enregistrée par /);
    const list = (await consoleCall(hub, helper, 'GET', '/console/studio/lessons')).json() as StudioLessonsView;
    expect(list.lessons.find((l) => l.id === LESSON)).toMatchObject({ version: before + 1, recorded: { fr: 0, en: 0, ar: 1 } });

    // A reject is a decision too, by someone else.
    const next = (await upload(helper, 'fr', 'click_star', spoken(view.sentences.find((s) => s.key === 'click_star')!.text))).json() as RecordingView;
    expect((await consoleCall(hub, staff, 'POST', `/console/studio/recordings/${next.id}/reject`)).json()).toMatchObject({ status: 'rejected', decidedBy: 'Bruno' });
  }, 120_000);

  it('refuses bad input with a message saying what is accepted, and stores nothing', async () => {
    const count = await recordingCount();
    const wav = spoken('Bonjour.');
    expectApiError(await upload(helper, 'fr', 'click_star', Buffer.from('not a wav file at all, just some words here'), 'audio/wav'), 415, 'unsupported_media_type');
    expectApiError(await upload(helper, 'fr', 'click_star', wav, 'audio/webm'), 415);
    expectApiError(await upload(helper, 'de', 'click_star', wav), 400, 'invalid_input');
    expectApiError(await upload(helper, 'fr', 'no_such_sentence', wav), 404, 'not_found');
    expectApiError(await upload(helper, 'fr', 'click_star', wav, 'audio/wav', 'pas-une-lecon'), 404, 'not_found');
    expectApiError(await upload(helper, 'fr', 'une%20phrase', wav), 400, 'invalid_input');
    expectApiError(await upload(helper, 'fr', 'click_star', silence(31)), 422, 'too_long');
    expectApiError(await consoleCall(hub, helper, 'GET', `/console/studio/lessons/${LESSON}/xx`), 400, 'invalid_input');
    expectApiError(await consoleCall(hub, staff, 'POST', '/console/studio/recordings/not-a-uuid/approve'), 400, 'invalid_input');
    expectApiError(await consoleCall(hub, staff, 'POST', '/console/studio/recordings/00000000-0000-4000-8000-000000000000/approve'), 404, 'not_found');
    expect(await recordingCount()).toBe(count);
  }, 60_000);
});
