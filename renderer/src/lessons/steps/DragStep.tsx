import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { adaptToMissedDrop, dropCounts } from '../../../../app/lessons/engine.ts';
import { HintHand } from '../HintHand.tsx';
import { placeStyle, type StepProps } from '../types.ts';
import { Stage } from './PointerSteps.tsx';

/** Distance from a point to a rectangle's edge; 0 inside it. */
function distanceToRect(x: number, y: number, r: DOMRect): number {
  const dx = Math.max(r.left - x, 0, x - r.right);
  const dy = Math.max(r.top - y, 0, y - r.bottom);
  return Math.hypot(dx, dy);
}

/** Below this movement a press and release is a click, not a drag (and not a miss). */
const DRAG_THRESHOLD_PX = 8;

/**
 * `drag`: hold the button down on the picture, move it onto the drop place, let go. A shaky hand is
 * tolerated: the drop counts near the place (more room after each miss), and a picture dropped short
 * stays where it landed so the person can pick it up again from there.
 */
export function DragStep({ step, scale, hintLevel, misses, settings, onSuccess, onMiss, onAdapt }: StepProps<'drag'>) {
  const { t } = useTranslation();
  const [item, setItem] = useState<HTMLButtonElement | null>(null);
  const [zone, setZone] = useState<HTMLDivElement | null>(null);
  const [offset, setOffset] = useState({ x: 0, y: 0 });
  const [dragging, setDragging] = useState(false);
  const drag = useRef<{ id: number; startX: number; startY: number; baseX: number; baseY: number } | null>(null);
  const done = useRef(false);

  const onPointerDown = (e: React.PointerEvent<HTMLButtonElement>) => {
    if (done.current || drag.current) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { id: e.pointerId, startX: e.clientX, startY: e.clientY, baseX: offset.x, baseY: offset.y };
    setDragging(true);
  };
  const onPointerMove = (e: React.PointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    setOffset({ x: d.baseX + e.clientX - d.startX, y: d.baseY + e.clientY - d.startY });
  };
  const onPointerUp = (e: React.PointerEvent<HTMLButtonElement>) => {
    const d = drag.current;
    if (!d || d.id !== e.pointerId) return;
    drag.current = null;
    setDragging(false);
    if (Math.hypot(e.clientX - d.startX, e.clientY - d.startY) < DRAG_THRESHOLD_PX || !zone) return;
    const box = e.currentTarget.getBoundingClientRect();
    const distance = distanceToRect(box.left + box.width / 2, box.top + box.height / 2, zone.getBoundingClientRect());
    if (dropCounts(distance, settings, misses)) {
      done.current = true;
      onSuccess();
    } else {
      onAdapt(adaptToMissedDrop(settings));
      onMiss(t('lesson.dragCloser'));
    }
  };

  return (
    <Stage>
      <div ref={setZone} className={`lesson-drop ${hintLevel >= 2 ? 'is-hinted' : ''}`} style={placeStyle(step.at)} data-testid="lesson-drop">
        <img src={step.to} alt="" aria-hidden="true" draggable={false} />
      </div>
      <button
        ref={setItem}
        type="button"
        className={`lesson-drag ${dragging ? 'is-dragging' : ''} ${hintLevel >= 2 ? 'is-hinted' : ''}`}
        style={{ ...placeStyle(step.from), transform: `translate(${offset.x}px, ${offset.y}px) scale(${scale})` }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => {
          drag.current = null;
          setDragging(false);
        }}
        aria-label={step.say.text}
        data-testid="lesson-drag"
      >
        <img src={step.picture} alt="" aria-hidden="true" draggable={false} />
      </button>
      {hintLevel === 3 && !dragging ? <HintHand from={item} to={zone} motion="drag" /> : null}
    </Stage>
  );
}
