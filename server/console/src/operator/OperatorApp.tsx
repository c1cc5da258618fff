/**
 * The operator's screen (issue 16), at the console's address under #/operator: the person who runs a
 * hub for several associations signs in with their own account, sees the associations (name, creation
 * date, how many computers and accounts — nothing of their people), and creates one with its first
 * admin, whose one-time password is shown once. The association's own console stays one link away.
 */
import { useEffect, useState } from 'react';
import type { OperatorMe } from '../../../../app/protocol/operator.ts';
import { nextLanguage } from '../languages.ts';
import { useConsoleT } from '../t.ts';
import { operatorApi } from './api.ts';
import { Associations } from './Associations.tsx';
import { OperatorLogin } from './OperatorLogin.tsx';

type Phase = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: OperatorMe };

export function OperatorApp() {
  const { t, i18n } = useConsoleT();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  useEffect(() => {
    operatorApi.me().then((me) => setPhase({ kind: 'signed-in', me }), () => setPhase({ kind: 'signed-out' }));
  }, []);
  useEffect(() => {
    document.title = `${t('app.title')} — ${t('operator.subtitle')}`;
  }, [t, i18n.language]);

  const other = nextLanguage(i18n.language);
  const signOut = () => void operatorApi.logout().finally(() => setPhase({ kind: 'signed-out' }));

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
            <span className="subtitle">{t('operator.subtitle')}</span>
          </span>
        </div>
        <div className="topbar-actions">
          {phase.kind === 'signed-in' && <span className="muted" data-testid="operator-who">{phase.me.email}</span>}
          <button type="button" className="link" lang={other} aria-label={t('app.languageLabel')} onClick={() => void i18n.changeLanguage(other)}>
            {t('app.language')}
          </button>
          {phase.kind === 'signed-in' && (
            <button type="button" className="secondary" onClick={signOut} data-testid="operator-logout">
              {t('operator.logout')}
            </button>
          )}
        </div>
      </header>
      {phase.kind === 'loading' && (
        <main id="main" className="loading" aria-busy="true">
          {t('app.loading')}
        </main>
      )}
      {phase.kind === 'signed-out' && <OperatorLogin onSignedIn={(me) => setPhase({ kind: 'signed-in', me })} />}
      {phase.kind === 'signed-in' && <Associations onSignedOut={() => setPhase({ kind: 'signed-out' })} />}
    </>
  );
}
