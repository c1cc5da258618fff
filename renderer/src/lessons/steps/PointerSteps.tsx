import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SLOW_PAIR_MAX_MS, adaptToSlowDoubleClick, isDoubleClick } from '../../../../app/lessons/engine.ts';
import type { StagePlace } from '../../../../app/lessons/model.ts';
import { HintHand, type HandMotion } from '../HintHand.tsx';
import { placeStyle, type StepProps } from '../types.ts';

/** The white area where pointing happens; a press on its background is a (kindly answered) miss. */
export function Stage({ children, onBackgroundPress }: { children: ReactNode; onBackgroundPress?: () => void }) {
  return (
    <div
      className="lesson-stage"
      data-testid="lesson-stage"
      onClick={(e) => {
        if (e.target === e.currentTarget) onBackgroundPress?.();
      }}
    >
      {children}
    </div>
  );
}

type TargetProps = {
  picture: string;
  label: string;
  at: StagePlace;
  scale: number;
  hintLevel: number;
  motion: HandMotion;
  onClick?: (e: React.MouseEvent<HTMLButtonElement>) => void;
  onPointerMove?: (e: React.PointerEvent<HTMLButtonElement>) => void;
};

function Target({ picture, label, at, scale, hintLevel, motion, onClick, onPointerMove }: TargetProps) {
  const [element, setElement] = useState<HTMLButtonElement | null>(null);
  return (
    <>
      <button
        ref={setElement}
        type="button"
        className={`lesson-target ${hintLevel >= 2 ? 'is-hinted' : ''}`}
        style={{ ...placeStyle(at), transform: `scale(${scale})` }}
        onClick={onClick}
        onPointerMove={onPointerMove}
        aria-label={label}
        data-testid="lesson-target"
      >
        <img src={picture} alt="" aria-hidden="true" draggable={false} />
      </button>
      {hintLevel === 3 ? <HintHand to={element} motion={motion} /> : null}
    </>
  );
}

/**
 * `point`: bring the pointer onto the picture. Only a real movement over it (or a press on it) counts:
 * a pointer already resting where the picture appears — back from Help, or a new step drawn under it —
 * gets an "enter" from the browser without the person doing anything, and that is not pointing.
 */
export function PointStep({ step, scale, hintLevel, onSuccess }: StepProps<'point'>) {
  const done = useRef(false);
  const succeed = () => {
    if (done.current) return;
    done.current = true;
    onSuccess();
  };
  return (
    <Stage>
      <Target
        picture={step.picture}
        label={step.say.text}
        at={step.at}
        scale={scale}
        hintLevel={hintLevel}
        motion="tap"
        onPointerMove={(e) => {
          if (e.movementX !== 0 || e.movementY !== 0) succeed();
        }}
        onClick={succeed}
      />
    </Stage>
  );
}

/** `click`: press once on the picture. */
export function ClickStep({ step, scale, hintLevel, onSuccess, onMiss }: StepProps<'click'>) {
  const { t } = useTranslation();
  return (
    <Stage onBackgroundPress={() => onMiss(t('lesson.again'))}>
      <Target picture={step.picture} label={step.say.text} at={step.at} scale={scale} hintLevel={hintLevel} motion="tap" onClick={() => onSuccess()} />
    </Stage>
  );
}

/**
 * `double-click`: two presses close together. Two presses that were clearly meant as a pair but
 * slower than the person's setting widen the setting to their measured speed (never narrower), so the
 * next pair at that speed counts.
 */
export function DoubleClickStep({ step, scale, hintLevel, settings, onSuccess, onMiss, onAdapt }: StepProps<'double-click'>) {
  const { t } = useTranslation();
  const firstPress = useRef<number | null>(null);
  const loneTimer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (loneTimer.current) window.clearTimeout(loneTimer.current);
    },
    [],
  );
  const onClick = (e: React.MouseEvent<HTMLButtonElement>) => {
    const now = e.timeStamp;
    if (loneTimer.current) window.clearTimeout(loneTimer.current);
    const first = firstPress.current;
    if (first !== null && now - first <= SLOW_PAIR_MAX_MS) {
      firstPress.current = null;
      const gap = now - first;
      if (isDoubleClick(gap, settings)) return onSuccess();
      onAdapt(adaptToSlowDoubleClick(settings, gap));
      return onMiss(t('lesson.doubleAtYourPace'));
    }
    firstPress.current = now;
    // One press alone, long after: remind, kindly, that it takes two.
    loneTimer.current = window.setTimeout(() => {
      firstPress.current = null;
      onMiss(t('lesson.doubleAgain'));
    }, SLOW_PAIR_MAX_MS);
  };
  return (
    <Stage onBackgroundPress={() => onMiss(t('lesson.again'))}>
      <Target picture={step.picture} label={step.say.text} at={step.at} scale={scale} hintLevel={hintLevel} motion="double-tap" onClick={onClick} />
    </Stage>
  );
}
