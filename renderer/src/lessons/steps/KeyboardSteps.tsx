import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { asPrintedOnKey } from '../../../../app/lessons/azerty.ts';
import type { NamedKey } from '../../../../app/lessons/model.ts';
import { PictureButton } from '../../components/PictureButton.tsx';
import { HintHand } from '../HintHand.tsx';
import type { StepProps } from '../types.ts';
import { Keyboard } from './Keyboard.tsx';

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

/** How long a key to hold (Shift) must stay down: long enough to be on purpose, short enough to be easy. */
const HOLD_MS = 800;

/**
 * `key`: press one named key on the real keyboard. Another key gets a kind "not this one". A key to hold
 * (Shift) counts once it has stayed down a moment; let go too soon and the person hears "keep it down".
 */
export function KeyStep({ step, hintLevel, onSuccess, onMiss }: StepProps<'key'>) {
  const { t } = useTranslation();
  const [cap, setCap] = useState<HTMLDivElement | null>(null);
  const [down, setDown] = useState(false);
  const done = useRef(false);
  const holding = useRef<number | null>(null);
  useEffect(() => {
    // A focused button would take Enter or Space for itself.
    (document.activeElement as HTMLElement | null)?.blur?.();
    const wanted = KEY_VALUES[step.key];
    const finish = () => {
      done.current = true;
      onSuccess();
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (done.current || e.repeat) return;
      if (e.key === wanted) {
        e.preventDefault();
        if (!step.hold) return finish();
        setDown(true);
        holding.current = window.setTimeout(finish, HOLD_MS);
        return;
      }
      if (MODIFIERS.has(e.key)) return; // a modifier on its way to another key is not a miss
      e.preventDefault();
      onMiss(t('lesson.keyAgain'));
    };
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key !== wanted || holding.current === null) return;
      window.clearTimeout(holding.current);
      holding.current = null;
      setDown(false);
      if (!done.current) onMiss(t('lesson.holdLonger'));
    };
    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keyup', onKeyUp, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('keyup', onKeyUp, true);
      if (holding.current !== null) window.clearTimeout(holding.current);
    };
  }, [step.key, step.hold, onSuccess, onMiss, t]);
  return (
    <div className="lesson-listen">
      <div
        ref={setCap}
        className={`lesson-key ${hintLevel >= 2 ? 'is-hinted' : ''} ${down ? 'is-down' : ''}`}
        data-testid="lesson-key"
        data-key={step.key}
        data-hold={step.hold ? 'yes' : 'no'}
      >
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

/** How many characters of the model are typed right so far (the model lights up letter by letter). */
function typedRight(typed: string, word: string, exact: boolean): number {
  const chars = [...word];
  let n = 0;
  while (n < chars.length && n < typed.length && normalise(typed[n]!, exact) === normalise(chars[n]!, exact)) n++;
  return n;
}

/**
 * `type`: copy a word, or write one's first name, with the real keyboard. The model shows each letter as
 * printed on its key ("TAXI"), lights up as it is typed, and the keyboard picture below lights the next
 * key (and Shift or AltGr when it must be held). The first name never leaves this screen: it is not saved
 * and not sent; the step's picture is the model to copy it from (an identity card).
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
  const word = step.word;
  const right = word === null ? 0 : typedRight(value, word, step.exact);
  const onTrack = word !== null && right === [...value].length;
  return (
    <div className="lesson-listen lesson-listen--type">
      {word !== null ? (
        <p className="lesson-model" dir="ltr" aria-hidden="true" data-testid="lesson-model" data-word={word}>
          {[...word].map((letter, i) => (
            <span key={i} className={`lesson-model__letter ${i < right ? 'is-done' : ''} ${i === right && onTrack ? 'is-next' : ''}`}>
              {letter === ' ' ? '\u00a0' : step.exact ? letter : asPrintedOnKey(letter)}
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
      {word !== null ? <Keyboard next={onTrack ? ([...word][right] ?? null) : null} /> : null}
      {nameReady ? <PictureButton picture="check" label={t('lesson.nameDone')} size="large" tone="yes" onClick={finish} data-testid="lesson-name-done" /> : null}
    </div>
  );
}
