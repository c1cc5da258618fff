import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HintHand } from '../HintHand.tsx';
import type { StepProps } from '../types.ts';
import { say } from '../voice.ts';

/**
 * `choose`: pick the right picture among two to four. The step's own picture says what the question is
 * about (the e-mail, the phone call), at the start of the row. Resting the pointer on a picture says its
 * name; a wrong pick says why, kindly, and stays pickable.
 */
export function ChooseStep({ step, hintLevel, onSuccess, onMiss }: StepProps<'choose'>) {
  const { t } = useTranslation();
  const [tried, setTried] = useState<Set<number>>(new Set());
  const [right, setRight] = useState<HTMLButtonElement | null>(null);
  return (
    <div className="lesson-body-row lesson-body-row--choose">
      <img className="lesson-context" src={step.picture} alt="" aria-hidden="true" draggable={false} data-testid="lesson-context" />
      <ul className={`lesson-choices lesson-choices--${step.options.length}`}>
        {step.options.map((option, i) => (
          <li key={i}>
            <button
              ref={option.right ? setRight : undefined}
              type="button"
              className={`lesson-choice ${tried.has(i) ? 'is-tried' : ''} ${option.right && hintLevel >= 2 ? 'is-hinted' : ''}`}
              onPointerEnter={() => void say(option.label)}
              onClick={() => {
                if (option.right) return onSuccess(option.feedback ?? undefined);
                setTried((s) => new Set(s).add(i));
                onMiss(option.feedback ?? t('lesson.chooseAgain'));
              }}
              data-testid={`lesson-option-${i}`}
              data-right={option.right ? 'yes' : 'no'}
            >
              <img src={option.picture} alt="" aria-hidden="true" draggable={false} />
              <span>{option.label.text}</span>
            </button>
          </li>
        ))}
      </ul>
      {hintLevel === 3 ? <HintHand to={right} motion="tap" /> : null}
    </div>
  );
}
