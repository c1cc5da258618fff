import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { TopBar } from '../components/TopBar.tsx';
import { KioskButton } from './KioskButton.tsx';
import { useSpokenOnShow } from '../speech.ts';

type Props = { onStart: () => void; onCard: () => void; onHelp: () => void; onStaff: () => void; registerListen: (listen: () => void) => void };

/** The kiosk between two visitors: one huge "Commencer", spoken; Help as everywhere; a key for the animateur. */
export function Welcome({ onStart, onCard, onHelp, onStaff, registerListen }: Props) {
  const { t } = useTranslation();
  const listen = useSpokenOnShow(t('kiosk.welcomeSay'));
  useEffect(() => registerListen(listen), [listen, registerListen]);
  return (
    <div className="shell" data-screen="kiosk-welcome">
      <TopBar onHome={null} onListen={listen} onHelp={onHelp} helpActive={false} />
      <main className="screen screen--center kiosk-welcome" aria-labelledby="kiosk-welcome-title" data-testid="kiosk-welcome">
        <h1 id="kiosk-welcome-title" className="say">
          {t('kiosk.welcomeTitle')}
        </h1>
        <div className="kiosk-welcome__choices">
          <KioskButton picture="play" label={t('kiosk.start')} size="hero" tone="yes" onClick={onStart} data-testid="kiosk-start" />
          {/* A visitor registered by a helper comes back to their lessons with their card (issue 12). */}
          <KioskButton picture="card" label={t('card.open')} size="large" onClick={onCard} data-testid="kiosk-card" />
        </div>
        <p className="kiosk-welcome__hint">{t('kiosk.welcomeHint')}</p>
        <footer className="kiosk-welcome__footer">
          <KioskButton picture="key" label={t('kiosk.staffOpen')} size="bar" onClick={onStaff} data-testid="kiosk-staff-open" />
        </footer>
      </main>
    </div>
  );
}
