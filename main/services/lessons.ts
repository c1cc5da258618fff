/**
 * Lesson packs read from the lessons folder, validated with app/'s schema, resolved for a language;
 * the person's progress and adaptivity settings in the local store.
 * A text missing in the asked language falls back to French, the source language.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Language } from '../../app/protocol/common.ts';
import { sanitizeAdaptivity, type Adaptivity, type StepOutcome } from '../../app/lessons/engine.ts';
import {
  DONE_KEY,
  GOAL_KEY,
  LessonManifest,
  packSentenceKeys,
  LessonTexts,
  type DisplayStep,
  type LessonForDisplay,
  type LessonSummary,
  type SpokenText,
  TITLE_KEY,
  shownText,
  writtenSpeechForm,
} from '../../app/lessons/model.ts';
import { SHELL_SPEECH_FILE, ShellSpeech, textForSynthesizer, type SpeechLexicon } from '../../app/lessons/speech-forms.ts';
import { FAMILIES_DIR, FAMILIES_FILE, familyOf, LessonFamilies } from '../../app/lessons/families.ts';
import type { SuggestLesson } from '../../app/lessons/suggest.ts';
import type { ShellDb } from '../store/db.ts';
import { readAudioManifest, resolveAudioFile, synthesizerText, type AudioManifest } from './lesson-audio.ts';

export type LoadedLesson = {
  dir: string;
  manifest: LessonManifest;
  texts: Partial<Record<Language, LessonTexts>>;
  audio: AudioManifest;
  /** Where the page fetches the pack's files: `lessons/<id>` (shipped) or `packs/<id>/<version folder>` (received). */
  urlBase: string;
  source: 'shipped' | 'received';
};

export function loadLessonPack(dir: string, origin?: { urlBase: string; source: 'received' }): LoadedLesson {
  const manifest = LessonManifest.parse(YAML.parse(fs.readFileSync(path.join(dir, 'lesson.yaml'), 'utf8')));
  const texts: LoadedLesson['texts'] = {};
  for (const language of manifest.languages) {
    const file = path.join(dir, 'texts', `${language}.yaml`);
    if (fs.existsSync(file)) texts[language] = LessonTexts.parse(YAML.parse(fs.readFileSync(file, 'utf8')));
  }
  return { dir, manifest, texts, audio: readAudioManifest(dir), urlBase: origin?.urlBase ?? `lessons/${manifest.id}`, source: origin?.source ?? 'shipped' };
}

export function loadLessonPacks(lessonsDir: string): LoadedLesson[] {
  if (!fs.existsSync(lessonsDir)) return [];
  return fs
    .readdirSync(lessonsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(lessonsDir, d.name, 'lesson.yaml')))
    .map((d) => loadLessonPack(path.join(lessonsDir, d.name)))
    .sort((a, b) => a.manifest.order - b.manifest.order || a.manifest.id.localeCompare(b.manifest.id));
}

export function resolveLesson(lesson: LoadedLesson, language: Language): LessonForDisplay {
  const { manifest } = lesson;
  const own = lesson.texts[language];
  const fallback = lesson.texts.fr;
  if (!fallback) throw new Error(`lesson ${manifest.id} has no French texts`);
  const texts = own ?? fallback;
  const shownLanguage: Language = own ? language : 'fr';
  const url = (file: string) => `${lesson.urlBase}/${file}`;
  const spoken = (key: string): SpokenText => {
    const own = shownText(texts, key) !== undefined;
    const from = own ? texts : fallback;
    const audioLanguage = own ? shownLanguage : 'fr';
    const text = shownText(from, key) ?? key;
    const said = synthesizerText(from, key, audioLanguage) ?? text;
    const audio = resolveAudioFile(lesson.dir, lesson.audio, audioLanguage, key, said);
    return { text, audio: audio ? url(audio) : null };
  };
  const steps = manifest.steps.map((step): DisplayStep => {
    const base = { say: spoken(step.say), picture: url(step.picture) };
    switch (step.kind) {
      case 'show':
        return { kind: step.kind, ...base };
      case 'watch':
        return { kind: step.kind, ...base, frames: step.frames.map(url), frameMs: step.frameMs, mirror: step.mirror };
      case 'point':
      case 'click':
      case 'double-click':
        return { kind: step.kind, ...base, at: step.at };
      case 'drag':
        return { kind: step.kind, ...base, to: url(step.to), from: step.from, at: step.at };
      case 'scroll':
        return { kind: step.kind, ...base, screens: step.screens, guide: step.guide ? url(step.guide) : null };
      case 'type':
        return { kind: step.kind, ...base, word: step.word ?? null, firstName: step.firstName, exact: step.exact };
      case 'key':
        return { kind: step.kind, ...base, key: step.key, hold: step.hold };
      case 'choose':
        return {
          kind: step.kind,
          ...base,
          options: step.options.map((o) => ({
            picture: url(o.picture),
            label: spoken(o.label),
            right: o.right,
            feedback: o.feedback ? spoken(o.feedback) : null,
          })),
        };
      case 'find':
        return {
          kind: step.kind,
          ...base,
          press: step.press,
          mirror: step.mirror,
          targets: step.targets.map((t) => ({ box: t.box, label: spoken(t.label), right: t.right, feedback: t.feedback ? spoken(t.feedback) : null })),
        };
    }
  });
  return {
    id: manifest.id,
    version: manifest.version,
    language: shownLanguage,
    title: texts.title,
    goal: spoken(GOAL_KEY),
    done: shownText(texts, DONE_KEY) !== undefined || fallback.done !== undefined ? spoken(DONE_KEY) : null,
    picture: url(manifest.picture),
    steps,
  };
}

/**
 * Speech forms by shown sentence, per language: every pack's title, goal and sentences, and the
 * shell's own sentences from lessons/shell-speech.yaml. The voice looks a sentence up here before
 * it gives it to espeak-ng (a lesson title said on the map, a "try again" said at run time).
 */
export function loadSpeechLexicon(lessonsDir: string, lessons: readonly LoadedLesson[]): SpeechLexicon {
  const lexicon: Partial<Record<Language, Map<string, string>>> = {};
  const add = (language: Language, shown: string | undefined, spoken: string | undefined) => {
    if (shown === undefined || spoken === undefined) return;
    const map = (lexicon[language] ??= new Map());
    if (!map.has(shown.trim())) map.set(shown.trim(), spoken);
  };
  const file = path.join(lessonsDir, SHELL_SPEECH_FILE);
  if (fs.existsSync(file)) {
    const shell = ShellSpeech.parse(YAML.parse(fs.readFileSync(file, 'utf8')));
    for (const [language, phrases] of Object.entries(shell) as [Language, ShellSpeech[Language]][]) {
      for (const phrase of Object.values(phrases ?? {})) add(language, phrase.text, phrase.speech);
    }
  }
  for (const lesson of lessons) {
    const keys = [TITLE_KEY, ...packSentenceKeys(lesson.manifest)];
    for (const [language, texts] of Object.entries(lesson.texts) as [Language, LessonTexts][]) {
      for (const key of keys) add(language, shownText(texts, key), writtenSpeechForm(texts, key));
    }
  }
  return lexicon;
}

/**
 * What happens in lessons, for whoever counts it (usage reports): plain events with no person in
 * them. `step-completed` says how many hints and misses the step needed.
 */
export type LessonActivity =
  | { type: 'lesson-started'; lessonId: string; at: Date }
  | { type: 'lesson-completed'; lessonId: string; at: Date }
  | { type: 'step-completed'; lessonId: string; outcome: StepOutcome; at: Date };
export type LessonActivityListener = (activity: LessonActivity) => void;

/** The one person on a loaned PC. A kiosk (issue 6) will key settings by visitor and wipe them. */
export const DEFAULT_PERSON = 'owner';

export class LessonService {
  private lessons = new Map<string, LoadedLesson>();
  private lexicon: SpeechLexicon = {};
  private readonly listeners = new Set<LessonActivityListener>();
  /** lessons/families.yaml (issue 12); null when the folder has none (every lesson then in one group). */
  private families: LessonFamilies | null = null;

  /** `packs` may add or replace the shipped ones (main/lesson-feed/received-lessons.ts). */
  constructor(
    private readonly lessonsDir: string,
    private readonly db: ShellDb,
    private readonly packs: (shipped: LoadedLesson[]) => LoadedLesson[] = (shipped) => shipped,
  ) {
    this.reload();
  }

  /**
   * Reads the packs again (the lesson feed switched a new version in). The next list and the next
   * lesson opened use it; a lesson already open keeps the files it was given.
   */
  reload(): void {
    const packs = this.packs(loadLessonPacks(this.lessonsDir));
    this.lessons = new Map(packs.map((l) => [l.manifest.id, l]));
    this.lexicon = loadSpeechLexicon(this.lessonsDir, packs);
    const familiesFile = path.join(this.lessonsDir, FAMILIES_FILE);
    const families = fs.existsSync(familiesFile) ? LessonFamilies.safeParse(YAML.parse(fs.readFileSync(familiesFile, 'utf8'))) : null;
    this.families = families?.success ? families.data : null;
    // The families' names are said like lesson titles: their speech forms join the lexicon.
    for (const family of this.families?.families ?? []) {
      for (const [language, speech] of Object.entries(family.speech) as [Language, string][]) {
        const shown = family.title[language];
        if (shown) (this.lexicon[language] as Map<string, string> | undefined)?.set(shown.trim(), speech);
      }
    }
  }

  /** The lesson families in list order, named in `language` (French when a name is missing). */
  listFamilies(language: Language): { id: string; title: string; picture: string }[] {
    return (this.families?.families ?? []).map((f) => ({
      id: f.id,
      title: f.title[language] ?? f.title.fr ?? f.id,
      picture: `lessons/${FAMILIES_DIR}/${f.picture}`,
    }));
  }

  /** What the next-lesson rules need of each lesson (app/lessons/suggest.ts). */
  forSuggestions(): SuggestLesson[] {
    return [...this.lessons.values()].map(({ manifest }) => ({
      id: manifest.id,
      order: manifest.order,
      prerequisites: manifest.prerequisites,
      family: this.families ? (familyOf(this.families, manifest.id)?.id ?? null) : null,
    }));
  }

  /** How many steps a lesson has (0 for an unknown lesson). */
  stepCount(id: string): number {
    return this.lessons.get(id)?.manifest.steps.length ?? 0;
  }

  /** Lessons finished on this machine (a visitor's: during this visit). */
  finishedIds(): string[] {
    return (this.db.prepare('SELECT lesson_id FROM lesson_progress WHERE finished = 1').all() as { lesson_id: string }[]).map((r) => r.lesson_id);
  }

  /** The loaded lessons (their versions and sources go into the machine's update status). */
  loaded(): LoadedLesson[] {
    return [...this.lessons.values()];
  }

  /** What espeak-ng is given to say a shown sentence: its speech form when one is written. */
  spokenForm(text: string, language: Language): string {
    return textForSynthesizer(this.lexicon, text, language);
  }

  /** Subscribe to lesson activity; returns the unsubscribe function. */
  onActivity(listener: LessonActivityListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(activity: LessonActivity): void {
    for (const listener of this.listeners) listener(activity);
  }

  list(language: Language): LessonSummary[] {
    const completed = new Set(
      (this.db.prepare('SELECT lesson_id FROM lesson_progress WHERE finished = 1').all() as { lesson_id: string }[]).map((r) => r.lesson_id),
    );
    return [...this.lessons.values()].map((lesson) => {
      const { manifest } = lesson;
      const texts = lesson.texts[language] ?? lesson.texts.fr;
      const progress = this.progress(manifest.id);
      const stepCount = manifest.steps.length;
      return {
        id: manifest.id,
        order: manifest.order,
        title: texts?.title ?? manifest.id,
        // A cover from lessons/families/ when the pack's own picture looks like a sibling's.
        picture: this.families?.covers[manifest.id] ? `lessons/${FAMILIES_DIR}/${this.families.covers[manifest.id]}` : `${lesson.urlBase}/${manifest.picture}`,
        family: this.families ? (familyOf(this.families, manifest.id)?.id ?? null) : null,
        stepCount,
        stepsDone: progress?.finished ? stepCount : Math.min(stepCount, progress?.stepIndex ?? 0),
        started: progress !== null,
        completed: progress?.finished ?? false,
        ready: manifest.prerequisites.every((p) => completed.has(p) || !this.lessons.has(p)),
      };
    });
  }

  get(id: string, language: Language): LessonForDisplay {
    const lesson = this.lessons.get(id);
    if (!lesson) throw new Error(`no lesson ${id}`);
    return resolveLesson(lesson, language);
  }

  /** Ids of the loaded lessons, in map order. */
  ids(): string[] {
    return [...this.lessons.keys()];
  }

  /**
   * Save where the person is. `completedStep` is what the step just left needed (hints, misses);
   * a lesson's first save emits `lesson-started`, its first finish `lesson-completed`.
   */
  saveProgress(lessonId: string, stepIndex: number, finished: boolean, completedStep?: StepOutcome, now = new Date()): void {
    const lesson = this.lessons.get(lessonId);
    if (!lesson) throw new Error(`no lesson ${lessonId}`);
    const clampedIndex = Math.min(stepIndex, lesson.manifest.steps.length - 1);
    const before = this.progress(lessonId);
    this.db
      .prepare(
        `INSERT INTO lesson_progress (lesson_id, step_index, finished, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(lesson_id) DO UPDATE SET step_index = excluded.step_index,
           finished = MAX(lesson_progress.finished, excluded.finished), updated_at = excluded.updated_at`,
      )
      .run(lessonId, clampedIndex, finished ? 1 : 0, now.toISOString());
    if (!before) this.emit({ type: 'lesson-started', lessonId, at: now });
    if (completedStep) this.emit({ type: 'step-completed', lessonId, outcome: completedStep, at: now });
    if (finished && !before?.finished) this.emit({ type: 'lesson-completed', lessonId, at: now });
  }

  progress(lessonId: string): { stepIndex: number; finished: boolean } | null {
    const row = this.db.prepare('SELECT step_index, finished FROM lesson_progress WHERE lesson_id = ?').get(lessonId) as
      | { step_index: number; finished: number }
      | undefined;
    return row ? { stepIndex: row.step_index, finished: row.finished === 1 } : null;
  }

  adaptivity(person = DEFAULT_PERSON): Adaptivity {
    const row = this.db.prepare('SELECT settings FROM lesson_adaptivity WHERE person = ?').get(person) as { settings: string } | undefined;
    if (!row) return sanitizeAdaptivity(null);
    try {
      return sanitizeAdaptivity(JSON.parse(row.settings) as Record<string, unknown>);
    } catch {
      return sanitizeAdaptivity(null);
    }
  }

  saveAdaptivity(settings: Adaptivity, person = DEFAULT_PERSON, now = new Date()): Adaptivity {
    const clean = sanitizeAdaptivity(settings);
    this.db
      .prepare(
        `INSERT INTO lesson_adaptivity (person, settings, updated_at) VALUES (?, ?, ?)
         ON CONFLICT(person) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
      )
      .run(person, JSON.stringify(clean), now.toISOString());
    return clean;
  }

  /** Forget everything a person left in lessons: for a kiosk visitor who leaves (issue 6). */
  forgetPerson(person = DEFAULT_PERSON): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM lesson_adaptivity WHERE person = ?').run(person);
      this.db.prepare('DELETE FROM lesson_progress').run();
    })();
  }
}
