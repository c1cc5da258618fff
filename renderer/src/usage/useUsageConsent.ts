import { useCallback, useEffect, useState } from 'react';
import { bridge } from '../bridge.ts';

/**
 * Whether the consent screen must be shown (first start: the person was never asked), and the way
 * to record their answer. Until the shell answers, nothing is shown (no flash of the screen).
 */
export function useUsageConsent(): { needsAsking: boolean; answer: (granted: boolean) => Promise<void> } {
  const [needsAsking, setNeedsAsking] = useState(false);
  useEffect(() => {
    let live = true;
    bridge.getUsageConsent({}).then(
      (consent) => live && setNeedsAsking(!consent.asked),
      () => undefined, // no answer: do not block the shell on a question about statistics
    );
    return () => {
      live = false;
    };
  }, []);
  const answer = useCallback(async (granted: boolean) => {
    setNeedsAsking(false);
    await bridge.setUsageConsent({ granted }).catch(() => undefined);
  }, []);
  return { needsAsking, answer };
}
