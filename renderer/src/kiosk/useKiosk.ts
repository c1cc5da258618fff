import { useCallback, useEffect, useRef, useState } from 'react';
import type { KioskState } from '../../../app/bridge/contract.ts';
import { bridge, webHostToken } from '../bridge.ts';

/** The renderer reports activity at most this often: the idle timeout counts in minutes. */
export const ACTIVITY_REPORT_MS = 5000;
const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

/**
 * After a visit ends: in Electron the main process replaces the whole window (fresh partition);
 * in the web host the page goes through /visit-ended, whose answer makes the browser clear the
 * site's storage, cookies and cache, and lands on the welcome screen with the new bridge token.
 */
export function leaveAfterVisit(): void {
  if (window.passerelle) return;
  const token = webHostToken();
  const lang = new URLSearchParams(location.search).get('lang');
  location.replace(`/visit-ended?token=${encodeURIComponent(token)}${lang ? `&lang=${encodeURIComponent(lang)}` : ''}`);
}

/** The kiosk's state from main, kept current, and the visitor's activity reported to it. */
export function useKiosk() {
  const [state, setState] = useState<KioskState | null>(null);
  const warning = state?.visit?.idleWarning ?? null;
  const lastReport = useRef(0);

  useEffect(() => {
    let live = true;
    void bridge.getKioskState({}).then((s) => live && setState(s));
    const offChanged = bridge.on('kioskChanged', setState);
    const offEnded = bridge.on('visitEnded', () => leaveAfterVisit());
    return () => {
      live = false;
      offChanged();
      offEnded();
    };
  }, []);

  const inVisit = state?.visit != null;
  useEffect(() => {
    if (!inVisit) return;
    const report = () => {
      const now = Date.now();
      // During the countdown every touch counts at once: it is what stops the countdown.
      if (!warning && now - lastReport.current < ACTIVITY_REPORT_MS) return;
      lastReport.current = now;
      void bridge.reportActivity({}).catch(() => undefined);
    };
    for (const type of ACTIVITY_EVENTS) window.addEventListener(type, report, { capture: true, passive: true });
    return () => {
      for (const type of ACTIVITY_EVENTS) window.removeEventListener(type, report, { capture: true });
    };
  }, [inVisit, warning]);

  const startVisit = useCallback(async () => setState(await bridge.startVisit({})), []);
  const endVisit = useCallback(async () => {
    // In the web host the answer may never arrive: the visit's end closes the page's connection
    // and the page leaves through /visit-ended (the visitEnded event).
    const next = await bridge.endVisit({}).catch(() => null);
    if (next) setState(next);
  }, []);
  return { state, setState, startVisit, endVisit };
}
