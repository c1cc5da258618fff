import { useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { advanceLesson, startLesson, targetScale, type LessonEvent, type LessonRun } from '../../../app/lessons/engine.ts';
import type { LessonForDisplay } from '../../../app/lessons/model.ts';
import { bridge } from '../bridge.ts';
import { isUiLanguage } from '../i18n.ts';
import { pictograms } from '../pictograms.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { speak, useSpokenOnShow } from '../speech.ts';

/** Two clicks closer than this count as a double-click (the lessons issue makes it adapt to the person). */
const DOUBLE_CLICK_MS = 600;

type Props = { lessonId: string; onStep: (stepIndex: number) => void; onDone: () => void; registerListen: (listen: () => void) => void };

function reducer(run: LessonRun | null, action: { type: 'start'; run: LessonRun } | LessonEvent): LessonRun | null {
  if (action.type === 'start') return action.run;
  return run ? advanceLesson(run, action) : run;
}

export function LessonPlayer({ lessonId, onStep, onDone, registerListen }: Props) {
  const { t, i18n } = useTranslation();
  const [lesson, setLesson] = useState<LessonForDisplay | null>(null);
  const [run, dispatch] = useReducer(reducer, null);
  const [feedback, setFeedback] = useState<string | null>(null);
  const lastClick = useRef(0);
  const missTimer = useRef<number | null>(null);

  useEffect(() => {
    const language = isUiLanguage(i18n.language) ? i18n.language : 'fr';
    void Promise.all([bridge.getLesson({ id: lessonId, language }), bridge.getLessonProgress({ lessonId })]).then(([loaded, progress]) => {
      setLesson(loaded);
      const resumeAt = progress && !progress.finished ? progress.stepIndex : 0;
      dispatch({ type: 'start', run: startLesson(loaded.id, loaded.steps.length, resumeAt) });
    });
  }, [lessonId, i18n.language]);

  useEffect(() => {
    if (!run) return;
    onStep(run.stepIndex);
    void bridge.saveLessonProgress({ lessonId: run.lessonId, stepIndex: run.stepIndex, finished: run.finished });
    setFeedback(null);
  }, [run?.stepIndex, run?.finished]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => () => {
    if (missTimer.current) window.clearTimeout(missTimer.current);
  }, []);

  const step = lesson && run ? lesson.steps[run.stepIndex] : undefined;
  const sentence = run?.finished ? t('lesson.finished') : feedback ?? step?.text ?? '';
  const listen = useSpokenOnShow(sentence);
  useEffect(() => registerListen(listen), [listen, registerListen]);

  if (!lesson || !run || !step) return <main className="screen" aria-busy="true" />;

  if (run.finished) {
    return (
      <main className="screen screen--center" aria-labelledby="lesson-title" data-testid="lesson-finished">
        <h1 id="lesson-title" className="say">{t('lesson.finished')}</h1>
        <img className="hero-picture" src={pictograms.party} alt="" aria-hidden="true" />
        <PictureButton picture="home" label={t('nav.home')} size="large" onClick={onDone} data-testid="lesson-done" />
      </main>
    );
  }

  const succeed = () => {
    if (missTimer.current) window.clearTimeout(missTimer.current);
    void speak(t('lesson.welldone'));
    dispatch({ type: 'success' });
  };
  const miss = (message: string) => {
    setFeedback(message);
    dispatch({ type: 'miss' });
  };
  const onTargetClick = () => {
    if (step.kind === 'click') return succeed();
    if (step.kind !== 'double-click') return;
    const now = performance.now();
    if (now - lastClick.current <= DOUBLE_CLICK_MS) {
      lastClick.current = 0;
      return succeed();
    }
    lastClick.current = now;
    if (missTimer.current) window.clearTimeout(missTimer.current);
    missTimer.current = window.setTimeout(() => miss(t('lesson.doubleAgain')), DOUBLE_CLICK_MS + 50);
  };
  const scale = targetScale(run);

  return (
    <main className="screen screen--lesson" aria-labelledby="lesson-title" data-step-kind={step.kind} data-step-index={run.stepIndex}>
      <p className="lesson-progress" aria-live="polite">
        {t('lesson.step', { current: run.stepIndex + 1, total: run.stepCount })}
      </p>
      <h1 id="lesson-title" className="say" aria-live="polite">
        {feedback ?? step.text}
      </h1>
      {step.kind === 'show' ? (
        <>
          <img className="hero-picture" src={step.picture} alt="" aria-hidden="true" draggable={false} />
          <PictureButton picture="play" label={t('lesson.continue')} size="large" tone="yes" onClick={() => dispatch({ type: 'continue' })} data-testid="lesson-continue" />
        </>
      ) : (
        <div
          className="lesson-stage"
          data-testid="lesson-stage"
          onClick={(e) => {
            if (e.target === e.currentTarget) miss(t('lesson.again'));
          }}
        >
          <button
            type="button"
            className="lesson-target"
            style={{ transform: `scale(${scale})` }}
            onClick={onTargetClick}
            aria-label={step.text}
            data-testid="lesson-target"
          >
            <img src={step.picture} alt="" aria-hidden="true" draggable={false} />
          </button>
        </div>
      )}
    </main>
  );
}
