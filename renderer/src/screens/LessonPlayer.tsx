import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  DEFAULT_ADAPTIVITY,
  HintLevel,
  adaptAfterPointing,
  advanceLesson,
  startLesson,
  targetScale,
  type Adaptivity,
  type LessonEvent,
  type LessonRun,
} from '../../../app/lessons/engine.ts';
import type { DisplayStep, LessonForDisplay } from '../../../app/lessons/model.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';
import { pictograms } from '../pictograms.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { HintHand } from '../lessons/HintHand.tsx';
import { ProgressDots } from '../lessons/ProgressDots.tsx';
import { ChooseStep } from '../lessons/steps/ChooseStep.tsx';
import { DragStep } from '../lessons/steps/DragStep.tsx';
import { KeyStep, TypeStep } from '../lessons/steps/KeyboardSteps.tsx';
import { ShowStep, WatchStep } from '../lessons/steps/ListenSteps.tsx';
import { ClickStep, DoubleClickStep, PointStep } from '../lessons/steps/PointerSteps.tsx';
import { ScrollStep } from '../lessons/steps/ScrollStep.tsx';
import type { StepProps } from '../lessons/types.ts';
import { hush, say, type Sentence } from '../lessons/voice.ts';
import '../lessons/lessons.css';

/** Where the person is, for the help request's context (step, hint rung, time on the step). */
export type LessonPlace = { lessonId: string; stepIndex: number; hintLevel: number; stepStartedAt: number };

type Props = {
  lessonId: string;
  onPlace: (place: LessonPlace) => void;
  onDone: () => void;
  onMap: () => void;
  registerListen: (listen: () => void) => void;
};

/** Run `work` once the browser has painted the current frame. */
function afterNextPaint(work: () => void): void {
  requestAnimationFrame(() => window.setTimeout(work, 0));
}

const POINTING_KINDS: ReadonlySet<DisplayStep['kind']> = new Set(['point', 'click', 'double-click']);

function reducer(run: LessonRun | null, action: { type: 'start'; run: LessonRun } | LessonEvent): LessonRun | null {
  if (action.type === 'start') return action.run;
  return run ? advanceLesson(run, action) : run;
}

function StepView(props: StepProps<DisplayStep['kind']>) {
  const { step } = props;
  // Each branch narrows `step`; the other props are the same for every kind.
  switch (step.kind) {
    case 'show':
      return <ShowStep {...props} step={step} />;
    case 'watch':
      return <WatchStep {...props} step={step} />;
    case 'point':
      return <PointStep {...props} step={step} />;
    case 'click':
      return <ClickStep {...props} step={step} />;
    case 'double-click':
      return <DoubleClickStep {...props} step={step} />;
    case 'drag':
      return <DragStep {...props} step={step} />;
    case 'scroll':
      return <ScrollStep {...props} step={step} />;
    case 'type':
      return <TypeStep {...props} step={step} />;
    case 'key':
      return <KeyStep {...props} step={step} />;
    case 'choose':
      return <ChooseStep {...props} step={step} />;
  }
}

/**
 * Last rung of the hint ladder: the Help button, always at the same place in the top bar, lights up
 * and a hand points at it (nothing new appears over the step itself).
 */
function HelpOffer() {
  const [button, setButton] = useState<HTMLElement | null>(null);
  useEffect(() => {
    document.body.dataset.helpOffered = 'true';
    setButton(document.querySelector<HTMLElement>('.top-bar .picture-button--help'));
    return () => {
      delete document.body.dataset.helpOffered;
    };
  }, []);
  return button ? <HintHand to={button} motion="tap" /> : null;
}

/**
 * Plays one lesson: the engine decides, the step components report real input, the voice says every
 * sentence. The hint ladder climbs with time and misses: say the sentence again, light up the target,
 * show a hand doing it, then offer Help. Nothing is ever timed out.
 */
export function LessonPlayer({ lessonId, onPlace, onDone, onMap, registerListen }: Props) {
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
        setLesson(loaded);
        setSettings(adaptivity);
        const resumeAt = progress && !progress.finished ? progress.stepIndex : 0;
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
    const next: Sentence = run.finished ? t('lesson.finished') : lesson.steps[run.stepIndex]!.say;
    const sentences = praise.current ? [praise.current, next] : [next];
    praise.current = null;
    let left = false;
    afterNextPaint(() => {
      void bridge.saveLessonProgress(progress);
      if (!left) void say(...sentences);
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
    else if (run?.finished) void say(t('lesson.finished'));
  }, [step, run?.finished, t]);
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

  if (!lesson || !run) return <main className="screen" aria-busy="true" />;

  if (run.finished || !step) {
    return (
      <main className="screen screen--center" aria-labelledby="lesson-title" data-testid="lesson-finished">
        <h1 id="lesson-title" className="say">
          {t('lesson.finished')}
        </h1>
        <img className="hero-picture" src={pictograms.party} alt="" aria-hidden="true" />
        <div className="lesson-actions">
          <PictureButton picture="books" label={t('lesson.otherLessons')} size="large" onClick={onMap} data-testid="lesson-map" />
          <PictureButton picture="home" label={t('nav.home')} size="large" onClick={onDone} data-testid="lesson-done" />
        </div>
      </main>
    );
  }

  return (
    <main
      className="screen screen--lesson"
      aria-labelledby="lesson-title"
      data-step-kind={step.kind}
      data-step-index={run.stepIndex}
      data-hint-level={run.hintLevel}
      data-misses={run.missesOnStep}
    >
      <ProgressDots current={run.stepIndex} total={lesson.steps.length} />
      <h1 id="lesson-title" className="say" aria-live="polite">
        {feedback ?? step.say.text}
      </h1>
      <div className="lesson-body">
        <StepView
          key={`${run.stepIndex}`}
          step={step}
          hintLevel={run.hintLevel}
          misses={run.missesOnStep}
          settings={settings}
          scale={targetScale(run, settings)}
          onSuccess={onSuccess}
          onContinue={onContinue}
          onMiss={onMiss}
          onAdapt={adapt}
        />
        {run.hintLevel >= HintLevel.offerHelp ? <HelpOffer /> : null}
      </div>
    </main>
  );
}
