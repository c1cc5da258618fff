import { useCallback, useEffect, useState } from 'react';
import { bridge } from '../bridge.ts';

/** The person the machine serves and whether to ask the progress question now (issue 12). */
export function usePerson(): { firstName: string; needsAsking: boolean; answer: (granted: boolean) => Promise<void> } {
  const [state, setState] = useState<{ firstName: string; needsAsking: boolean }>({ firstName: '', needsAsking: false });
  const load = useCallback(() => {
    void bridge.getPerson({}).then(
      ({ person, consent }) => setState({ firstName: person?.firstName ?? '', needsAsking: consent.needsAsking }),
      () => undefined,
    );
  }, []);
  useEffect(() => {
    load();
    return bridge.on('personChanged', load);
  }, [load]);
  const answer = useCallback(async (granted: boolean) => {
    const consent = await bridge.setProgressConsent({ granted });
    setState((s) => ({ ...s, needsAsking: consent.needsAsking }));
  }, []);
  return { ...state, answer };
}
