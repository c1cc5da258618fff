/**
 * Plays one lesson: the engine decides (useLessonRun), the step components report real input, the
 * voice says every sentence. The hint ladder climbs with time and misses: say the sentence again,
 * light up the target, show a hand doing it, then offer Help. Nothing is ever timed out.
 */
import { useTranslation } from 'react-i18next';
import { HintLevel, targetScale } from '../../../app/lessons/engine.ts';
import { PictureButton } from '../components/PictureButton.tsx';
import { pictograms } from '../pictograms.ts';
import { HelpOffer } from './HelpOffer.tsx';
import { ProgressDots } from './ProgressDots.tsx';
import { StepView } from './StepView.tsx';
import { atStart, useLessonRun, type LessonPlace } from './useLessonRun.ts';
import './lessons.css';

export type { LessonPlace } from './useLessonRun.ts';

type Props = {
  lessonId: string;
  onPlace: (place: LessonPlace) => void;
  onDone: () => void;
  onMap: () => void;
  registerListen: (listen: () => void) => void;
};

export function LessonPlayer({ lessonId, onPlace, onDone, onMap, registerListen }: Props) {
  const { t } = useTranslation();
  const { lesson, run, step, settings, feedback, onSuccess, onMiss, onContinue, adapt } = useLessonRun(lessonId, onPlace, registerListen);

  if (!lesson || !run) return <main className="screen" aria-busy="true" />;

  if (run.finished || !step) {
    return (
      <main className="screen screen--center" aria-labelledby="lesson-title" data-testid="lesson-finished">
        <h1 id="lesson-title" className="say">
          {t('lesson.finished')}
        </h1>
        {lesson.done ? (
          <p className="lesson-done say" data-testid="lesson-learnt">
            {lesson.done.text}
          </p>
        ) : null}
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
      {atStart(run) ? (
        <p className="lesson-goal" data-testid="lesson-goal">
          <img src={pictograms.target} alt="" aria-hidden="true" />
          <span>{lesson.goal.text}</span>
        </p>
      ) : null}
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
