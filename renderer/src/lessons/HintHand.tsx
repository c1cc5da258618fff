import { useLayoutEffect, useState, type CSSProperties } from 'react';
import hand from 'openmoji/color/svg/1F446.svg?url';

export type HandMotion = 'tap' | 'double-tap' | 'drag' | 'scroll' | 'press';

type Props = {
  /** Where the hand goes (the target, the continue button, the key…). */
  to: HTMLElement | null;
  /** Where a drag starts. */
  from?: HTMLElement | null;
  motion: HandMotion;
};

type Box = { x: number; y: number };

function centreIn(element: HTMLElement, container: HTMLElement): Box {
  const e = element.getBoundingClientRect();
  const c = container.getBoundingClientRect();
  return { x: e.left - c.left + e.width / 2, y: e.top - c.top + e.height / 2 };
}

/**
 * Third rung of the hint ladder: a hand that shows the gesture on the real target, looping gently.
 * It is drawn over the step (pointer-events: none) inside the nearest `.lesson-body`.
 */
export function HintHand({ to, from, motion }: Props) {
  const [path, setPath] = useState<{ from: Box; to: Box } | null>(null);
  useLayoutEffect(() => {
    if (!to) return;
    const measure = () => {
      const container = to.closest<HTMLElement>('.lesson-body');
      if (!container) return;
      const end = centreIn(to, container);
      const start = from ? centreIn(from, container) : { x: end.x + 140, y: end.y + 160 };
      setPath({ from: start, to: end });
    };
    measure();
    // Targets grow with a 0.3 s transition after a miss: measure again once it has settled.
    const later = window.setTimeout(measure, 400);
    window.addEventListener('resize', measure);
    return () => {
      window.clearTimeout(later);
      window.removeEventListener('resize', measure);
    };
  }, [to, from]);
  if (!path) return null;
  const style = {
    '--hand-from-x': `${path.from.x}px`,
    '--hand-from-y': `${path.from.y}px`,
    '--hand-to-x': `${path.to.x}px`,
    '--hand-to-y': `${path.to.y}px`,
  } as CSSProperties;
  return <img className={`hint-hand hint-hand--${motion}`} src={hand} alt="" aria-hidden="true" style={style} data-testid="hint-hand" draggable={false} />;
}
