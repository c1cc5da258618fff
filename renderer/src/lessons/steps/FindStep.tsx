import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SLOW_PAIR_MAX_MS, adaptToSlowDoubleClick, isDoubleClick } from '../../../../app/lessons/engine.ts';
import { HintHand } from '../HintHand.tsx';
import type { StepProps } from '../types.ts';
import { say } from '../voice.ts';

/**
 * `find`: press the right thing inside a scene — the address bar in a browser, the red button in a
 * call, the Images folder in the files — among the other things really there. Resting the pointer on
 * one says its name; pressing another one, or beside them, is a miss answered kindly (what it is, or
 * "look again"). A folder is opened as on the desktop, with two presses close together (the person's
 * measured pace counts, as on the double-click step). The scene is a picture of a real French screen
 * and keeps its direction in Arabic, unless it shows the shell itself, which Arabic mirrors.
 */
export function FindStep({ step, hintLevel, settings, onSuccess, onMiss, onAdapt }: StepProps<'find'>) {
  const { t, i18n } = useTranslation();
  const [tried, setTried] = useState<ReadonlySet<number>>(new Set());
  const [right, setRight] = useState<HTMLButtonElement | null>(null);
  const done = useRef(false);
  const lastPress = useRef<{ spot: number; at: number } | null>(null);
  const loneTimer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (loneTimer.current) window.clearTimeout(loneTimer.current);
    },
    [],
  );
  const mirrored = step.mirror && i18n.dir() === 'rtl';
  const twice = step.press === 'double-click';

  const press = (i: number, at: number) => {
    if (done.current) return;
    const target = step.targets[i]!;
    const previous = lastPress.current;
    const pairedWith = previous && previous.spot === i && at - previous.at <= SLOW_PAIR_MAX_MS ? previous : null;
    lastPress.current = { spot: i, at };
    if (loneTimer.current) window.clearTimeout(loneTimer.current);
    if (!target.right) {
      if (pairedWith) return; // the second press of a pair on the same thing is one miss, not two
      setTried((s) => new Set(s).add(i));
      return onMiss(target.feedback ?? t('lesson.findAgain'));
    }
    if (!twice) {
      done.current = true;
      return onSuccess(target.feedback ?? undefined);
    }
    if (pairedWith) {
      lastPress.current = null;
      const gap = at - pairedWith.at;
      if (isDoubleClick(gap, settings)) {
        done.current = true;
        return onSuccess(target.feedback ?? undefined);
      }
      onAdapt(adaptToSlowDoubleClick(settings, gap));
      return onMiss(t('lesson.doubleAtYourPace'));
    }
    // One press alone, long after: remind, kindly, that a folder takes two.
    loneTimer.current = window.setTimeout(() => {
      lastPress.current = null;
      onMiss(t('lesson.doubleAgain'));
    }, SLOW_PAIR_MAX_MS);
  };

  return (
    <div className="lesson-body-row lesson-body-row--scene">
      <div
        className={`lesson-scene ${mirrored ? 'is-mirrored' : ''}`}
        dir="ltr"
        data-testid="lesson-scene"
        data-press={step.press}
        onClick={(e) => {
          // A press on the picture itself, beside every thing there: look again.
          if (!(e.target as HTMLElement).closest('.lesson-spot') && !done.current) onMiss(t('lesson.findAgain'));
        }}
      >
        <img className="lesson-scene__picture" src={step.picture} alt="" aria-hidden="true" draggable={false} />
        {step.targets.map((target, i) => {
          const [x, y, width, height] = target.box;
          return (
            <button
              key={i}
              ref={target.right ? setRight : undefined}
              type="button"
              className={`lesson-spot ${tried.has(i) ? 'is-tried' : ''} ${target.right && hintLevel >= 2 ? 'is-hinted' : ''}`}
              style={{ left: `${mirrored ? 100 - x - width : x}%`, top: `${y}%`, width: `${width}%`, height: `${height}%` }}
              aria-label={target.label.text}
              onPointerEnter={() => void say(target.label)}
              onClick={(e) => press(i, e.timeStamp)}
              data-testid={`lesson-spot-${i}`}
              data-right={target.right ? 'yes' : 'no'}
            />
          );
        })}
      </div>
      {hintLevel === 3 ? <HintHand to={right} motion={twice ? 'double-tap' : 'tap'} /> : null}
    </div>
  );
}
