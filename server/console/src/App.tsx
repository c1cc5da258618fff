import { useEffect, useState } from 'react';
import { useConsoleT } from './t.ts';
import { api, type Me } from './api.ts';
import { Login } from './Login.tsx';
import { Queue } from './Queue.tsx';

type Phase = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: Me };

export function App() {
  const { t, i18n } = useConsoleT();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  useEffect(() => {
    api.me().then(
      (me) => setPhase({ kind: 'signed-in', me }),
      () => setPhase({ kind: 'signed-out' }),
    );
  }, []);

  async function logout(me: Me) {
    try {
      await api.logout(me.csrfToken);
    } finally {
      setPhase({ kind: 'signed-out' });
    }
  }

  const otherLanguage = i18n.language === 'en' ? 'fr' : 'en';

  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="topbar">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            P
          </span>
          <span>
            <strong>{t('app.title')}</strong>
            <span className="subtitle">{t('app.subtitle')}</span>
          </span>
        </div>
        <div className="topbar-actions">
          <button
            type="button"
            className="link"
            lang={otherLanguage}
            aria-label={t('app.languageLabel')}
            onClick={() => void i18n.changeLanguage(otherLanguage)}
          >
            {t('app.language')}
          </button>
          {phase.kind === 'signed-in' && (
            <>
              <span className="who">{t('header.signedInAs', { name: phase.me.firstName })}</span>
              <button type="button" className="secondary" data-testid="logout" onClick={() => void logout(phase.me)}>
                {t('header.logout')}
              </button>
            </>
          )}
        </div>
      </header>
      {phase.kind === 'loading' && (
        <main id="main" className="loading" aria-busy="true">
          {t('app.loading')}
        </main>
      )}
      {phase.kind === 'signed-out' && <Login onSignedIn={(me) => setPhase({ kind: 'signed-in', me })} />}
      {phase.kind === 'signed-in' && <Queue me={phase.me} onSignedOut={() => setPhase({ kind: 'signed-out' })} />}
    </>
  );
}
