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

/** Centre of an element in its container's coordinates, or in the viewport's when there is none. */
function centreIn(element: HTMLElement, container: HTMLElement | null): Box {
  const e = element.getBoundingClientRect();
  const c = container?.getBoundingClientRect() ?? { left: 0, top: 0 };
  return { x: e.left - c.left + e.width / 2, y: e.top - c.top + e.height / 2 };
}

/**
 * Third rung of the hint ladder: a hand that shows the gesture on the real target, looping gently.
 * It is drawn over the step (pointer-events: none) inside the nearest `.lesson-body`; a target outside
 * it (the top bar's Help button, on the last rung) gets a hand fixed to the screen instead.
 */
export function HintHand({ to, from, motion }: Props) {
  const [path, setPath] = useState<{ from: Box; to: Box; fixed: boolean } | null>(null);
  useLayoutEffect(() => {
    if (!to) return;
    const measure = () => {
      const container = to.closest<HTMLElement>('.lesson-body');
      const end = centreIn(to, container);
      // Without a starting point, the hand comes from the middle of the screen's side of the target.
      const area = container?.getBoundingClientRect() ?? { width: window.innerWidth, height: window.innerHeight };
      const towardsMiddle = { x: end.x < area.width / 2 ? 140 : -140, y: end.y < area.height / 2 ? 160 : -160 };
      const start = from ? centreIn(from, container) : { x: end.x + towardsMiddle.x, y: end.y + towardsMiddle.y };
      setPath({ from: start, to: end, fixed: container === null });
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
  return <img className={`hint-hand hint-hand--${motion} ${path.fixed ? 'hint-hand--fixed' : ''}`} src={hand} alt="" aria-hidden="true" style={style} data-testid="hint-hand" draggable={false} />;
}
