/**
 * The shell's voice says Arabic from its vowelled speech forms, whatever asks for it: a lesson
 * sentence without its file, a lesson title said on the map, a "try again" said at run time.
 * Real lesson packs, real espeak-ng.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareForEspeak } from '../../../app/lessons/speech-forms.ts';
import { LessonService } from '../../../main/services/lessons.ts';
import { SpeechService } from '../../../main/services/speech.ts';
import { openShellDb, type ShellDb } from '../../../main/store/db.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
let dir: string;
let db: ShellDb;
let lessons: LessonService;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-speech-'));
  db = openShellDb(path.join(dir, 'shell.sqlite'));
  lessons = new LessonService(lessonsDir, db);
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the shell says Arabic fully vowelled', () => {
  it('finds the speech form of a lesson sentence, a lesson title and a shell phrase from the words shown', () => {
    expect(lessons.spokenForm('هذه هي الفأرة. تمسكها بيدك.', 'ar')).toBe('هٰذِهِ هِيَ الْفَأْرَةُ. تُمْسِكُهَا بِيَدِكَ.');
    expect(lessons.spokenForm('تحريك الفأرة', 'ar')).toBe('تَحْرِيكُ الْفَأْرَةِ');
    // (espeak-ng's mark order: a shadda before its vowel)
    expect(lessons.spokenForm('تقريبا! حاول مرة أخرى.', 'ar')).toBe(prepareForEspeak('تَقْرِيبًا! حَاوِلْ مَرَّةً أُخْرَى.'));
    expect(lessons.spokenForm('1234', 'fr')).toBe('1, 2, 3, 4');
    expect(lessons.spokenForm('Bonjour.', 'fr')).toBe('Bonjour.');
  });

  it("says a helper's call with the helper's name in it (the call's sentences have placeholders)", () => {
    const ar = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../renderer/src/locales/ar.json'), 'utf8')) as { call: Record<string, string> };
    const shown = ar.call.ringingSay!.replace('{{name}}', 'Marie');
    expect(lessons.spokenForm(shown, 'ar')).toBe(prepareForEspeak('Marie يَتَّصِلُ بِكَ. اِلْمَسْ أَجِبْ.'));
    expect(lessons.spokenForm(ar.call.here!, 'ar')).toBe('هُنَا');
  });

  it('gives every lesson its goal, with audio, to say at the start', () => {
    for (const id of lessons.ids()) {
      for (const language of ['fr', 'en', 'ar'] as const) {
        expect(lessons.get(id, language).goal.audio).toBe(`lessons/${id}/audio/${language}/_goal.ogg`);
      }
    }
  });

  it('synthesizes the vowelled form at run time, not the bare letters shown', async () => {
    const speech = new SpeechService(path.join(dir, 'cache'), 'espeak-ng', (text, language) => lessons.spokenForm(text, language));
    const wav = await speech.synthesize('أحسنت، أنهيت الدرس!', 'ar');
    const espeak = (text: string) => execFileSync('espeak-ng', ['-v', 'ar', '-s', '140', '--stdout', '--', text]);
    expect(wav!.equals(espeak(prepareForEspeak('أَحْسَنْتَ، أَنْهَيْتَ الدَّرْسَ!')))).toBe(true);
    expect(wav!.equals(espeak('أحسنت، أنهيت الدرس!'))).toBe(false);
  });
});
