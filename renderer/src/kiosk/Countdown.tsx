import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KioskButton } from './KioskButton.tsx';
import { useSpokenOnShow } from '../speech.ts';

type Props = { secondsLeft: number; onStay: () => void; onFinish: () => void };

/**
 * Shown when a visit is about to end for lack of activity: said aloud, with a big number counting
 * down. Any touch keeps the visit (main hears it as activity); "J'ai fini" ends it now.
 */
export function Countdown({ secondsLeft, onStay, onFinish }: Props) {
  const { t } = useTranslation();
  const [left, setLeft] = useState(secondsLeft);
  const endsAt = useRef(Date.now() + secondsLeft * 1000);
  useSpokenOnShow(t('kiosk.countdownSay'));
  useEffect(() => {
    endsAt.current = Date.now() + secondsLeft * 1000;
    setLeft(secondsLeft);
    const timer = setInterval(() => setLeft(Math.max(0, Math.ceil((endsAt.current - Date.now()) / 1000))), 250);
    return () => clearInterval(timer);
  }, [secondsLeft]);
  return (
    <div className="kiosk-overlay" data-testid="kiosk-countdown">
      <section className="kiosk-dialog" role="alertdialog" aria-modal="true" aria-labelledby="kiosk-countdown-title" aria-describedby="kiosk-countdown-hint">
        <h1 id="kiosk-countdown-title" className="say">
          {t('kiosk.countdownTitle')}
        </h1>
        <p className="kiosk-countdown__number" aria-live="polite" data-testid="kiosk-countdown-seconds">
          {left}
        </p>
        <p id="kiosk-countdown-hint" className="kiosk-countdown__hint">
          {t('kiosk.countdownHint', { seconds: left })}
        </p>
        <div className="yes-no">
          <KioskButton picture="thumbsUp" label={t('kiosk.stay')} tone="yes" onClick={onStay} autoFocus data-testid="kiosk-stay" />
          <KioskButton picture="wavingHand" label={t('kiosk.finish')} tone="finish" onClick={onFinish} data-testid="kiosk-countdown-finish" />
        </div>
      </section>
    </div>
  );
}
