import { Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from '../bridge.ts';
import { CardCode, Countdown, StaffMenu, Welcome } from '../screens.ts';
import { TopBar } from '../components/TopBar.tsx';
import { installPageGuards } from './guards.ts';
import { KioskButton } from './KioskButton.tsx';
import { useKiosk } from './useKiosk.ts';
import { pageFrame } from '../first-frame.ts';
import { paintsBeforeBridge } from '../../../app/bridge/first-frame.ts';
import './kiosk.css';

type Props = {
  children: ReactNode;
  /** Opens the help flow (Help pressed on the welcome screen starts a visit first). */
  onHelp: () => void;
  /** A visit began: the shell shows its home screen. */
  onVisitStarted: () => void;
  registerListen: (listen: () => void) => void;
};

/**
 * Wraps the shell's screens. On a home machine it only installs the page guards. On a kiosk,
 * between visitors it shows the welcome screen (and the staff menu behind the PIN); during a visit,
 * the shell's screens with "J'ai fini" on every one, and the countdown when the visit is idle.
 */
export function KioskFrame({ children, onHelp, onVisitStarted, registerListen }: Props) {
  const { t } = useTranslation();
  const { state, setState, startVisit, endVisit } = useKiosk();
  const [staffOpen, setStaffOpen] = useState(false);
  const [cardOpen, setCardOpen] = useState(false);
  const cardListen = useRef<() => void>(() => undefined);
  useEffect(() => installPageGuards(), []);
  // The card screen belongs to one visit: the next visitor starts at the welcome screen.
  const visiting = state?.visit != null;
  useEffect(() => {
    if (!visiting) setCardOpen(false);
  }, [visiting]);

  // Until the bridge answers, the shell's screens only where the served page says "home" with no start
  // question first (its host wrote it, app/bridge/first-frame.ts); otherwise nothing: a kiosk must not
  // flash a loan's screens.
  if (!state) return paintsBeforeBridge(pageFrame) ? <>{children}</> : <div className="shell" data-screen="loading" />;
  if (state.mode !== 'kiosk') return <>{children}</>;
  const loading = <div className="shell" data-screen="loading" />;
  if (!state.visit) {
    if (staffOpen)
      return (
        <Suspense fallback={loading}>
          <StaffMenu state={state} onState={setState} onClose={() => setStaffOpen(false)} />
        </Suspense>
      );
    const begin = async (then?: () => void) => {
      await startVisit();
      onVisitStarted();
      then?.();
    };
    return (
      <Suspense fallback={loading}>
        <Welcome
          onStart={() => void begin()}
          onCard={() => void begin(() => setCardOpen(true))}
          onHelp={() => void begin(onHelp)}
          onStaff={() => setStaffOpen(true)}
          registerListen={registerListen}
        />
      </Suspense>
    );
  }
  return (
    <Suspense fallback={null}>
      {cardOpen ? (
        <div className="shell" data-screen="card-code">
          <TopBar onHome={() => setCardOpen(false)} onListen={() => cardListen.current()} onHelp={onHelp} helpActive={false} />
          <CardCode
            onResumed={() => setCardOpen(false)}
            onCancel={() => setCardOpen(false)}
            registerListen={(listen) => {
              cardListen.current = listen;
              registerListen(listen);
            }}
          />
        </div>
      ) : (
        children
      )}
      <KioskButton picture="wavingHand" label={t('kiosk.finish')} size="bar" tone="finish" className="kiosk-finish" onClick={() => void endVisit()} data-testid="kiosk-finish" />
      {state.visit.idleWarning ? (
        <Countdown
          secondsLeft={state.visit.idleWarning.secondsLeft}
          onStay={() => void bridge.reportActivity({}).catch(() => undefined)}
          onFinish={() => void endVisit()}
        />
      ) : null}
    </Suspense>
  );
}
