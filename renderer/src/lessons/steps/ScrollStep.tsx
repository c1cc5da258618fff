import { useRef, useState } from 'react';
import arrowDown from 'openmoji/color/svg/2B07.svg?url';
import { HintHand } from '../HintHand.tsx';
import type { StepProps } from '../types.ts';

/**
 * `scroll`: the picture is further down; turn the wheel until it shows. A guide picture (the mouse and
 * its wheel) may stand beside the page. Checked from real scrolling
 * (wheel, or the arrow keys once the area has focus); done when the picture is wholly in view.
 */
export function ScrollStep({ step, hintLevel, onSuccess }: StepProps<'scroll'>) {
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const target = useRef<HTMLImageElement | null>(null);
  const done = useRef(false);
  const onScroll = () => {
    if (done.current || !box || !target.current) return;
    const b = box.getBoundingClientRect();
    const t = target.current.getBoundingClientRect();
    if (t.top >= b.top - 1 && t.bottom <= b.bottom + 1) {
      done.current = true;
      onSuccess();
    }
  };
  return (
    <div className="lesson-body-row lesson-body-row--scroll">
      {step.guide ? <img className="lesson-context" src={step.guide} alt="" aria-hidden="true" draggable={false} data-testid="lesson-guide" /> : null}
      <div
        ref={setBox}
        className={`lesson-scroll ${hintLevel >= 2 ? 'is-hinted' : ''}`}
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label={step.say.text}
        data-testid="lesson-scroll"
      >
        <div className="lesson-scroll__track" style={{ blockSize: `calc(var(--scroll-box) * ${step.screens} + 240px)` }}>
          {Array.from({ length: step.screens * 2 }, (_, i) => (
            <img key={i} className="lesson-scroll__arrow" src={arrowDown} alt="" aria-hidden="true" draggable={false} />
          ))}
          <img ref={target} className="lesson-scroll__target" src={step.picture} alt="" aria-hidden="true" draggable={false} data-testid="lesson-scroll-target" />
        </div>
      </div>
      {hintLevel === 3 ? <HintHand to={box} motion="scroll" /> : null}
    </div>
  );
}
