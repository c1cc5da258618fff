import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PictureButton } from '../../components/PictureButton.tsx';
import { HintHand } from '../HintHand.tsx';
import type { StepProps } from '../types.ts';

/** The "continue" button of a listening step: the hint ladder's target on these steps. */
function ContinueButton({ hintLevel, onContinue }: { hintLevel: number; onContinue: () => void }) {
  const { t } = useTranslation();
  const [holder, setHolder] = useState<HTMLDivElement | null>(null);
  return (
    <>
      <div ref={setHolder} className={`lesson-continue ${hintLevel >= 2 ? 'is-hinted' : ''}`}>
        <PictureButton picture="play" label={t('lesson.continue')} size="large" tone="yes" onClick={onContinue} data-testid="lesson-continue" />
      </div>
      {hintLevel === 3 ? <HintHand to={holder} motion="tap" /> : null}
    </>
  );
}

/** `show`: a picture and a sentence; "continue" once heard. */
export function ShowStep({ step, hintLevel, onContinue }: StepProps<'show'>) {
  return (
    <div className="lesson-listen">
      <img className="lesson-picture" src={step.picture} alt="" aria-hidden="true" draggable={false} />
      <ContinueButton hintLevel={hintLevel} onContinue={onContinue} />
    </div>
  );
}

/**
 * `watch`: a short flip-book animation; "continue" appears once it has played through, "again" replays
 * it. A film of a movement along the reading direction (a drag, the arrow going to the star) is
 * mirrored in Arabic, where that direction runs from right to left.
 */
export function WatchStep({ step, hintLevel, onContinue }: StepProps<'watch'>) {
  const { t } = useTranslation();
  const [frame, setFrame] = useState(0);
  const [playing, setPlaying] = useState(true);
  const [seenOnce, setSeenOnce] = useState(false);
  useEffect(() => {
    if (!playing) return;
    const timer = window.setInterval(() => {
      setFrame((f) => {
        if (f + 1 < step.frames.length) return f + 1;
        setPlaying(false);
        setSeenOnce(true);
        return f;
      });
    }, step.frameMs);
    return () => window.clearInterval(timer);
  }, [playing, step.frames.length, step.frameMs]);
  const replay = () => {
    setFrame(0);
    setPlaying(true);
  };
  return (
    <div className="lesson-listen">
      <div className={`lesson-film ${step.mirror ? 'is-mirrored' : ''}`} data-testid="lesson-film" data-frame={frame}>
        {step.frames.map((src, i) => (
          <img key={src + i} className={`lesson-picture lesson-film__frame ${i === frame ? 'is-shown' : ''}`} src={src} alt="" aria-hidden="true" draggable={false} />
        ))}
      </div>
      <div className="lesson-actions">
        <PictureButton picture="eyes" label={t('lesson.watchAgain')} size="large" onClick={replay} disabled={playing} data-testid="lesson-replay" />
        {seenOnce ? <ContinueButton hintLevel={hintLevel} onContinue={onContinue} /> : null}
      </div>
    </div>
  );
}
