/**
 * The state of one lesson being played: loading it, the engine's run, the hint ladder's clock,
 * saving where the person is, and every sentence the voice says. The player only draws what this
 * returns; the step components report real input through its callbacks.
 */
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_ADAPTIVITY,
  HintLevel,
  adaptAfterPointing,
  advanceLesson,
  startLesson,
  type Adaptivity,
  type LessonEvent,
  type LessonRun,
} from '../../../app/lessons/engine.ts';
import type { DisplayStep, LessonForDisplay } from '../../../app/lessons/model.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';
import { preloadStep } from './preload.ts';
import { hush, say, type Sentence } from './voice.ts';

/** Where the person is, for the help request's context (step, hint rung, time on the step). */
export type LessonPlace = { lessonId: string; stepIndex: number; hintLevel: number; stepStartedAt: number };

export type LessonRunState = {
  lesson: LessonForDisplay | null;
  run: LessonRun | null;
  /** The step on screen, or undefined while loading and once the lesson is finished. */
  step: DisplayStep | undefined;
  settings: Adaptivity;
  /** Kind words after a miss, shown instead of the instruction until the next sentence. */
  feedback: string | null;
  onSuccess(spoken?: Sentence): void;
  onMiss(spoken?: Sentence): void;
  onContinue(): void;
  adapt(next: Adaptivity): void;
};

/** The lesson has just begun at its first step (not resumed, nothing done yet): its goal is shown and said. */
export function atStart(run: LessonRun): boolean {
  return !run.finished && run.stepIndex === 0 && run.lastOutcome === null;
}

/** What the end screen says: what was learnt (when the pack says it), then the one "well done". */
export function endSentences(lesson: LessonForDisplay, finished: string): Sentence[] {
  return lesson.done ? [lesson.done, finished] : [finished];
}

/** Run `work` once the browser has painted the current frame. */
function afterNextPaint(work: () => void): void {
  requestAnimationFrame(() => window.setTimeout(work, 0));
}

const POINTING_KINDS: ReadonlySet<DisplayStep['kind']> = new Set(['point', 'click', 'double-click']);

function reducer(run: LessonRun | null, action: { type: 'start'; run: LessonRun } | LessonEvent): LessonRun | null {
  if (action.type === 'start') return action.run;
  return run ? advanceLesson(run, action) : run;
}

export function useLessonRun(lessonId: string, onPlace: (place: LessonPlace) => void, registerListen: (listen: () => void) => void): LessonRunState {
  const { t, i18n } = useTranslation();
  const [lesson, setLesson] = useState<LessonForDisplay | null>(null);
  const [settings, setSettings] = useState<Adaptivity>(DEFAULT_ADAPTIVITY);
  const [run, dispatch] = useReducer(reducer, null);
  const [feedback, setFeedback] = useState<string | null>(null);
  const praise = useRef<Sentence | null>(null);

  useEffect(() => {
    const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
    let live = true;
    void Promise.all([bridge.getLesson({ id: lessonId, language }), bridge.getLessonProgress({ lessonId }), bridge.getLessonAdaptivity({})]).then(
      ([loaded, progress, adaptivity]) => {
        if (!live) return;
        const resumeAt = progress && !progress.finished ? progress.stepIndex : 0;
        setLesson(loaded);
        preloadStep(loaded.steps[resumeAt]);
        setSettings(adaptivity);
        dispatch({ type: 'start', run: startLesson(loaded.id, loaded.steps.map((s) => s.kind), Date.now(), resumeAt) });
      },
    );
    return () => {
      live = false;
    };
  }, [lessonId, i18n.language]);

  // The ladder's clock, and a fresh one when the person comes back to the screen.
  useEffect(() => {
    const timer = window.setInterval(() => dispatch({ type: 'tick', at: Date.now() }), 1000);
    const onVisible = () => {
      if (document.visibilityState === 'visible') dispatch({ type: 'resume', at: Date.now() });
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
      hush();
    };
  }, []);

  const step = lesson && run && !run.finished ? lesson.steps[run.stepIndex] : undefined;

  // A new step (or the end): save where the person is, say well done, then the new sentence. Both wait
  // until the new step is on screen (bench:lessons: the step shows a frame sooner); the save is never
  // dropped, even if the person leaves within that frame.
  useEffect(() => {
    if (!run || !lesson) return;
    const progress = {
      lessonId: run.lessonId,
      stepIndex: run.stepIndex,
      finished: run.finished,
      ...(run.lastOutcome ? { completedStep: run.lastOutcome } : {}),
    };
    // A lesson begun from its first step says what it is for, then its first sentence; at the end, what
    // the person can do now, then the one "well done".
    const next: Sentence[] = run.finished ? endSentences(lesson, t('lesson.finished')) : [lesson.steps[run.stepIndex]!.say];
    const opening = atStart(run) ? [lesson.goal] : [];
    const sentences = praise.current ? [praise.current, ...next] : [...opening, ...next];
    praise.current = null;
    let left = false;
    afterNextPaint(() => {
      void bridge.saveLessonProgress(progress);
      if (!left) void say(...sentences);
      // The step after this one, ready before it is needed.
      if (!run.finished) preloadStep(lesson.steps[run.stepIndex + 1]);
    });
    return () => {
      left = true;
    };
  }, [run?.lessonId, run?.stepIndex, run?.finished]); // eslint-disable-line react-hooks/exhaustive-deps

  // The ladder's spoken rungs: the sentence again at the first, the offer of Help at the last.
  useEffect(() => {
    if (!run || !step) return;
    if (run.hintLevel === HintLevel.repeatAudio) {
      setFeedback(null); // the instruction again, in words too
      void say(step.say);
    } else if (run.hintLevel === HintLevel.offerHelp) void say(t('lesson.offerHelp'));
  }, [run?.hintLevel]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    if (run) onPlace({ lessonId: run.lessonId, stepIndex: run.stepIndex, hintLevel: run.hintLevel, stepStartedAt: run.stepStartedAt });
  }, [run?.lessonId, run?.stepIndex, run?.hintLevel, run?.stepStartedAt]); // eslint-disable-line react-hooks/exhaustive-deps

  const listen = useCallback(() => {
    setFeedback(null);
    if (step) void say(step.say);
    else if (run?.finished && lesson) void say(...endSentences(lesson, t('lesson.finished')));
  }, [step, run?.finished, lesson, t]);
  useEffect(() => registerListen(listen), [listen, registerListen]);

  const adapt = useCallback((next: Adaptivity) => {
    setSettings(next);
    void bridge.saveLessonAdaptivity(next).catch(() => undefined);
  }, []);

  const onSuccess = useCallback(
    (spoken?: Sentence) => {
      if (!run || !step) return;
      praise.current = spoken ?? t('lesson.welldone');
      if (POINTING_KINDS.has(step.kind)) {
        const next = adaptAfterPointing(settings, run.missesOnStep);
        if (next !== settings) adapt(next);
      }
      setFeedback(null);
      dispatch({ type: 'success', at: Date.now() });
    },
    [run, step, settings, adapt, t],
  );
  const onMiss = useCallback(
    (spoken?: Sentence) => {
      const sentence = spoken ?? t('lesson.again');
      setFeedback(typeof sentence === 'string' ? sentence : sentence.text);
      void say(sentence);
      dispatch({ type: 'miss', at: Date.now() });
    },
    [t],
  );
  const onContinue = useCallback(() => {
    praise.current = null;
    setFeedback(null);
    dispatch({ type: 'continue', at: Date.now() });
  }, []);

  return { lesson, run, step, settings, feedback, onSuccess, onMiss, onContinue, adapt };
}
