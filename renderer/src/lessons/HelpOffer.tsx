import { useEffect, useState } from 'react';
import { HintHand } from './HintHand.tsx';

/**
 * Last rung of the hint ladder: the Help button, always at the same place in the top bar, lights up
 * and a hand points at it (nothing new appears over the step itself).
 */
export function HelpOffer() {
  const [button, setButton] = useState<HTMLElement | null>(null);
  useEffect(() => {
    document.body.dataset.helpOffered = 'true';
    setButton(document.querySelector<HTMLElement>('.top-bar .picture-button--help'));
    return () => {
      delete document.body.dataset.helpOffered;
    };
  }, []);
  return button ? <HintHand to={button} motion="tap" /> : null;
}
