/**
 * The lesson pack format. A pack is a folder `lessons/<id>/` holding `lesson.yaml` (this manifest),
 * `texts/<lang>.yaml` (the title, the goal and every spoken sentence, per language), its pictures,
 * its generated audio (`audio/<lang>/<key>.ogg`, see scripts/lessons-audio.ts) and optionally
 * recorded audio (`recorded/<lang>/<key>.{ogg,wav,mp3}`), which wins over the generated file.
 * `lessons/lesson.schema.json` and `lessons/texts.schema.json` are exported from these schemas.
 */
import { z } from 'zod';
import { STEP_KINDS } from './kinds.ts';
import { Language } from '../protocol/common.ts';

export const LessonId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a lesson id is lowercase words joined by dashes');
/** Key of a sentence in texts/<lang>.yaml → steps.<key>. A leading _ is kept for the title and the goal. */
export const TextKey = z.string().regex(/^[a-z0-9][a-z0-9_]*$/, 'a text key is lowercase letters, digits and _, starting with a letter or digit');
/**
 * The title, the goal (said when the lesson starts) and what the person can do at the end (said on
 * the end screen) are spoken too: their audio and speech forms go by these keys.
 */
export const TITLE_KEY = '_title';
export const GOAL_KEY = '_goal';
export const DONE_KEY = '_done';
export const AssetPath = z
  .string()
  .regex(/^[a-zA-Z0-9_\-./]+$/, 'an asset path is letters, digits, _ - . and /')
  .refine((p) => !p.split('/').includes('..') && !p.startsWith('/'), 'an asset path stays inside its pack');

/** Where a target sits on the stage. start/end are logical: they mirror in Arabic. */
export const StagePlace = z.enum(['center', 'start', 'end', 'top', 'bottom', 'top-start', 'top-end', 'bottom-start', 'bottom-end']);
export type StagePlace = z.infer<typeof StagePlace>;

/** The keys a `key` step can ask for (KeyboardEvent.key values behind friendly names). */
export const NamedKey = z.enum(['enter', 'space', 'backspace', 'shift', 'arrow-up', 'arrow-down', 'arrow-left', 'arrow-right']);
export type NamedKey = z.infer<typeof NamedKey>;

const StepBase = z.object({
  /** The spoken sentence (and the words on screen). */
  say: TextKey,
  /** The picture that carries the idea: every step has one. */
  picture: AssetPath,
});

export const ShowStep = StepBase.extend({ kind: z.literal('show') }).strict();
export const WatchStep = StepBase.extend({
  kind: z.literal('watch'),
  /** Pictures shown one after the other, like a flip-book; `picture` is the first. */
  frames: z.array(AssetPath).min(2).max(6),
  frameMs: z.number().int().min(400).max(4000).default(1200),
  /** The film shows a movement along the reading direction (the arrow going to the star, a drag): mirrored in Arabic. */
  mirror: z.boolean().default(false),
}).strict();
export const PointStep = StepBase.extend({ kind: z.literal('point'), at: StagePlace.default('center') }).strict();
export const ClickStep = StepBase.extend({ kind: z.literal('click'), at: StagePlace.default('center') }).strict();
export const DoubleClickStep = StepBase.extend({ kind: z.literal('double-click'), at: StagePlace.default('center') }).strict();
export const DragStep = StepBase.extend({
  kind: z.literal('drag'),
  /** The picture of the place to drop on. */
  to: AssetPath,
  from: StagePlace.default('start'),
  at: StagePlace.default('end'),
}).strict();
export const ScrollStep = StepBase.extend({
  kind: z.literal('scroll'),
  /** How far the picture sits below the visible part, in stage heights. */
  screens: z.number().min(1).max(5).default(2),
  /** A picture beside the page showing how (the mouse and its wheel). */
  guide: AssetPath.optional(),
}).strict();
export const TypeStep = StepBase.extend({
  kind: z.literal('type'),
  /** The word to copy (the same in every language: it is what the keys show). */
  word: z.string().min(1).max(40).optional(),
  /** Ask for the person's first name instead of a word; it is never stored. */
  firstName: z.boolean().default(false),
  /** Capitals and accents must match (the capitals and accents lesson). */
  exact: z.boolean().default(false),
})
  .strict()
  .refine((s) => (s.word !== undefined) !== s.firstName, 'a type step has either a word or firstName: true');
export const KeyStep = StepBase.extend({
  kind: z.literal('key'),
  key: NamedKey,
  /** Keep the key down for a moment (Shift is held while another key is pressed), not just tap it. */
  hold: z.boolean().default(false),
}).strict();

/** A place on a scene picture, in percent of its width and height: left, top, width, height. */
const Percent = z.number().min(0).max(100);
export const SceneBox = z
  .tuple([Percent, Percent, Percent, Percent])
  .refine(([x, y, w, h]) => w > 0 && h > 0 && x + w <= 100 && y + h <= 100, 'a box is inside its scene: left + width and top + height at most 100');
export const FindTarget = z
  .object({
    box: SceneBox,
    /** Its name, spoken when the pointer rests on it. */
    label: TextKey,
    right: z.boolean().default(false),
    /** Spoken when pressed (for a wrong one: what it is, kindly). */
    feedback: TextKey.optional(),
  })
  .strict();
/**
 * `find`: press the right thing inside a scene (a browser, a call, a mail box), among others that are
 * there too. The scene is the step's picture; a press on another thing, or beside, is a miss.
 */
export const FindStep = StepBase.extend({
  kind: z.literal('find'),
  targets: z.array(FindTarget).min(2).max(8),
  /** How the right thing is pressed: once (a button), or twice (a folder on the desktop). */
  press: z.enum(['click', 'double-click']).default('click'),
  /** The scene shows the shell itself, which Arabic mirrors: mirrored in Arabic too. Real screens are not. */
  mirror: z.boolean().default(false),
})
  .strict()
  .refine((s) => s.targets.filter((t) => t.right).length === 1, 'a find step has exactly one right target');
export const ChooseOption = z
  .object({
    picture: AssetPath,
    /** The option's name, spoken when the pointer rests on it. */
    label: TextKey,
    right: z.boolean().default(false),
    /** Spoken when the person picks this option (for a wrong one: why, kindly). */
    feedback: TextKey.optional(),
  })
  .strict();
export const ChooseStep = StepBase.extend({
  kind: z.literal('choose'),
  options: z.array(ChooseOption).min(2).max(4),
})
  .strict()
  .refine((s) => s.options.filter((o) => o.right).length === 1, 'a choose step has exactly one right option');

export const LessonStep = z.union([ShowStep, WatchStep, PointStep, ClickStep, DoubleClickStep, DragStep, ScrollStep, TypeStep, KeyStep, ChooseStep, FindStep]);
export type LessonStep = z.infer<typeof LessonStep>;
// The kinds live in kinds.ts (no zod) so the renderer's lesson player does not ship the schemas.
export const StepKind = z.enum(STEP_KINDS);
export type StepKind = z.infer<typeof StepKind>;
export { PASSIVE_KINDS, isInteractive } from './kinds.ts';

export const LessonAsset = z
  .object({
    file: AssetPath,
    licence: z.string().min(1),
    attribution: z.string().min(1),
  })
  .strict();
export type LessonAsset = z.infer<typeof LessonAsset>;

export const LessonManifest = z
  .object({
    id: LessonId,
    version: z.number().int().min(1),
    /** Place on the progress map, from the first mouse move upwards. */
    order: z.number().int().min(1),
    difficulty: z.number().int().min(1).max(5),
    minutes: z.number().int().min(1).max(60),
    prerequisites: z.array(LessonId).default([]),
    languages: z.array(Language).min(1),
    /** The lesson's picture on the map. */
    picture: AssetPath,
    /** Licence and attribution of every picture and sound in the pack. */
    assets: z.array(LessonAsset),
    steps: z.array(LessonStep).min(1).max(30),
  })
  .strict();
export type LessonManifest = z.infer<typeof LessonManifest>;

/**
 * What the voice is given where it must differ from the words shown (app/lessons/speech-forms.ts):
 * every Arabic sentence fully vowelled, a code digit by digit. lessons:check makes sure a speech form
 * says the words shown.
 */
export const SpeechForms = z
  .object({
    title: z.string().min(1).optional(),
    goal: z.string().min(1).optional(),
    done: z.string().min(1).optional(),
    steps: z.record(TextKey, z.string().min(1)).default({}),
  })
  .strict();
export type SpeechForms = z.infer<typeof SpeechForms>;

export const LessonTexts = z
  .object({
    title: z.string().min(1),
    goal: z.string().min(1),
    /** What the person can do now, said on the end screen before the one "well done" (lessons:check asks every shipped pack for it). */
    done: z.string().min(1).optional(),
    steps: z.record(TextKey, z.string().min(1)),
    speech: SpeechForms.optional(),
  })
  .strict();
export type LessonTexts = z.infer<typeof LessonTexts>;

/** The words shown for a sentence key (a step's key, TITLE_KEY or GOAL_KEY). */
export function shownText(texts: LessonTexts, key: string): string | undefined {
  if (key === TITLE_KEY) return texts.title;
  if (key === GOAL_KEY) return texts.goal;
  if (key === DONE_KEY) return texts.done;
  return texts.steps[key];
}

/** The speech form written for a sentence key, if any. */
export function writtenSpeechForm(texts: LessonTexts, key: string): string | undefined {
  if (key === TITLE_KEY) return texts.speech?.title;
  if (key === GOAL_KEY) return texts.speech?.goal;
  if (key === DONE_KEY) return texts.speech?.done;
  return texts.speech?.steps[key];
}

/** What the voice says for a sentence key: its speech form, or the words shown. */
export function spokenText(texts: LessonTexts, key: string): string | undefined {
  return writtenSpeechForm(texts, key) ?? shownText(texts, key);
}

/** Every sentence key a pack gives audio: the goal, what is learnt, and every step's sentences. */
export function packSentenceKeys(manifest: LessonManifest): string[] {
  return [GOAL_KEY, DONE_KEY, ...new Set(manifest.steps.flatMap(stepTextKeys))];
}

/** How a problem message names a sentence key. */
export const sentenceLabel = (key: string): string => (key === TITLE_KEY ? 'the title' : key === GOAL_KEY ? 'the goal' : key === DONE_KEY ? 'what is learnt (done)' : `"${key}"`);

/** Every text key a step speaks: its sentence, and for `choose` each option's name and feedback. */
export function stepTextKeys(step: LessonStep): string[] {
  const keys = [step.say];
  if (step.kind === 'choose') for (const o of step.options) keys.push(o.label, ...(o.feedback ? [o.feedback] : []));
  if (step.kind === 'find') for (const t of step.targets) keys.push(t.label, ...(t.feedback ? [t.feedback] : []));
  return keys;
}

/** Every picture a step shows. */
export function stepPictures(step: LessonStep): string[] {
  const pictures = [step.picture];
  if (step.kind === 'watch') pictures.push(...step.frames);
  if (step.kind === 'drag') pictures.push(step.to);
  if (step.kind === 'scroll' && step.guide) pictures.push(step.guide);
  if (step.kind === 'choose') pictures.push(...step.options.map((o) => o.picture));
  return [...new Set(pictures)];
}

/**
 * The pictures the person actually sees on a step: what a sentence may lean on to explain a word.
 * A type step shows the word to copy, or its picture when it asks for the first name. Kept in step
 * with renderer/src/lessons/steps/ (the e2e screens check compares).
 */
export function shownPictures(step: LessonStep): string[] {
  switch (step.kind) {
    case 'type':
      return step.firstName ? [step.picture] : [];
    default:
      return stepPictures(step);
  }
}

/** A sentence resolved for one language: the words, and the pack's audio file when it has one. */
export const SpokenText = z.object({ text: z.string(), audio: z.string().nullable() });
export type SpokenText = z.infer<typeof SpokenText>;

const Url = z.string();
export const DisplayStep = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('show'), say: SpokenText, picture: Url }),
  z.object({ kind: z.literal('watch'), say: SpokenText, picture: Url, frames: z.array(Url), frameMs: z.number(), mirror: z.boolean() }),
  z.object({ kind: z.literal('point'), say: SpokenText, picture: Url, at: StagePlace }),
  z.object({ kind: z.literal('click'), say: SpokenText, picture: Url, at: StagePlace }),
  z.object({ kind: z.literal('double-click'), say: SpokenText, picture: Url, at: StagePlace }),
  z.object({ kind: z.literal('drag'), say: SpokenText, picture: Url, to: Url, from: StagePlace, at: StagePlace }),
  z.object({ kind: z.literal('scroll'), say: SpokenText, picture: Url, screens: z.number(), guide: Url.nullable() }),
  z.object({ kind: z.literal('type'), say: SpokenText, picture: Url, word: z.string().nullable(), firstName: z.boolean(), exact: z.boolean() }),
  z.object({ kind: z.literal('key'), say: SpokenText, picture: Url, key: NamedKey, hold: z.boolean() }),
  z.object({
    kind: z.literal('choose'),
    say: SpokenText,
    picture: Url,
    options: z.array(z.object({ picture: Url, label: SpokenText, right: z.boolean(), feedback: SpokenText.nullable() })),
  }),
  z.object({
    kind: z.literal('find'),
    say: SpokenText,
    picture: Url,
    press: z.enum(['click', 'double-click']),
    mirror: z.boolean(),
    targets: z.array(z.object({ box: z.tuple([z.number(), z.number(), z.number(), z.number()]), label: SpokenText, right: z.boolean(), feedback: SpokenText.nullable() })),
  }),
]);
export type DisplayStep = z.infer<typeof DisplayStep>;

/** A lesson resolved for one language, as the renderer receives it. */
export const LessonForDisplay = z.object({
  id: LessonId,
  version: z.number().int(),
  language: Language,
  title: z.string(),
  goal: SpokenText,
  /** What the person can do now, said at the end; null for a pack without it. */
  done: SpokenText.nullable(),
  picture: z.string(),
  steps: z.array(DisplayStep),
});
export type LessonForDisplay = z.infer<typeof LessonForDisplay>;

export const LessonSummary = z.object({
  id: LessonId,
  order: z.number().int(),
  title: z.string(),
  picture: z.string(),
  stepCount: z.number().int(),
  /** Steps done so far (the resume point), stepCount once finished. */
  stepsDone: z.number().int(),
  started: z.boolean(),
  completed: z.boolean(),
  /** Every prerequisite is completed: the map shows it as open. */
  ready: z.boolean(),
  /** The family the list groups it in (lessons/families.yaml), null for a lesson that arrived without one. */
  family: z.string().nullable(),
});
export type LessonSummary = z.infer<typeof LessonSummary>;
