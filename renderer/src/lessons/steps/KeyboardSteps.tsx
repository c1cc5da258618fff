import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NamedKey } from '../../../../app/lessons/model.ts';
import { PictureButton } from '../../components/PictureButton.tsx';
import { HintHand } from '../HintHand.tsx';
import type { StepProps } from '../types.ts';

const KEY_VALUES: Record<NamedKey, string> = {
  enter: 'Enter',
  space: ' ',
  backspace: 'Backspace',
  shift: 'Shift',
  'arrow-up': 'ArrowUp',
  'arrow-down': 'ArrowDown',
  'arrow-left': 'ArrowLeft',
  'arrow-right': 'ArrowRight',
};
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'Dead']);

/** `key`: press one named key on the real keyboard. Another key gets a kind "not this one". */
export function KeyStep({ step, hintLevel, onSuccess, onMiss }: StepProps<'key'>) {
  const { t } = useTranslation();
  const [cap, setCap] = useState<HTMLDivElement | null>(null);
  const done = useRef(false);
  useEffect(() => {
    // A focused button would take Enter or Space for itself.
    (document.activeElement as HTMLElement | null)?.blur?.();
    const wanted = KEY_VALUES[step.key];
    const onKeyDown = (e: KeyboardEvent) => {
      if (done.current || e.repeat) return;
      if (e.key === wanted) {
        e.preventDefault();
        done.current = true;
        onSuccess();
        return;
      }
      if (MODIFIERS.has(e.key)) return; // a modifier on its way to another key is not a miss
      e.preventDefault();
      onMiss(t('lesson.keyAgain'));
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [step.key, onSuccess, onMiss, t]);
  return (
    <div className="lesson-listen">
      <div ref={setCap} className={`lesson-key ${hintLevel >= 2 ? 'is-hinted' : ''}`} data-testid="lesson-key" data-key={step.key}>
        <img src={step.picture} alt="" aria-hidden="true" draggable={false} />
        <span className="lesson-key__name">{t(`lesson.keys.${step.key}`)}</span>
      </div>
      {hintLevel === 3 ? <HintHand to={cap} motion="press" /> : null}
    </div>
  );
}

/** Capitals and accents are ignored unless the step is about them. */
function normalise(text: string, exact: boolean): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return exact ? trimmed.normalize('NFC') : trimmed.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * `type`: copy a word, or write one's first name, with the real keyboard. The first name never leaves
 * this screen: it is not saved and not sent.
 */
export function TypeStep({ step, hintLevel, onSuccess, onMiss }: StepProps<'type'>) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [input, setInput] = useState<HTMLInputElement | null>(null);
  const missedOn = useRef<string | null>(null);
  const done = useRef(false);
  useEffect(() => input?.focus(), [input]);
  const nameReady = step.firstName && /\p{L}.*\p{L}/u.test(value);
  const finish = () => {
    if (done.current) return;
    done.current = true;
    onSuccess();
  };
  const onChange = (next: string) => {
    setValue(next);
    if (step.firstName || step.word === null || done.current) return;
    const typed = normalise(next, step.exact);
    const wanted = normalise(step.word, step.exact);
    if (typed === wanted) return finish();
    // A letter that does not follow the model: say so once, kindly, and let the person fix it.
    if (!wanted.startsWith(typed) && missedOn.current !== typed) {
      missedOn.current = typed;
      onMiss(t('lesson.typeAgain'));
    }
  };
  return (
    <div className="lesson-listen">
      {step.word !== null ? (
        <p className="lesson-model" dir="ltr" aria-hidden="true" data-testid="lesson-model">
          {[...step.word].map((letter, i) => (
            <span key={i} className="lesson-model__letter">
              {letter === ' ' ? '\u00a0' : letter}
            </span>
          ))}
        </p>
      ) : (
        <img className="lesson-picture lesson-picture--small" src={step.picture} alt="" aria-hidden="true" draggable={false} />
      )}
      <input
        ref={setInput}
        className={`lesson-type ${hintLevel >= 2 ? 'is-hinted' : ''}`}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && nameReady) finish();
        }}
        aria-label={step.say.text}
        autoComplete="off"
        autoCorrect="off"
        autoCapitalize="off"
        spellCheck={false}
        dir="auto"
        data-testid="lesson-type"
      />
      {hintLevel === 3 ? <HintHand to={input} motion="press" /> : null}
      {nameReady ? <PictureButton picture="check" label={t('lesson.nameDone')} size="large" tone="yes" onClick={finish} data-testid="lesson-name-done" /> : null}
    </div>
  );
}
