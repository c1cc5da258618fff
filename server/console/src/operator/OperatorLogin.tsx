/** The operator's sign-in: the same form as a helper's, against the operator's own route and session. */
import { useId, useState, type FormEvent } from 'react';
import type { OperatorMe } from '../../../../app/protocol/operator.ts';
import { ApiFailure } from '../api.ts';
import { useConsoleT } from '../t.ts';
import { operatorApi } from './api.ts';

const KNOWN_ERRORS = ['invalid_credentials', 'locked', 'rate_limited', 'invalid_input', 'network'] as const;
type LoginError = (typeof KNOWN_ERRORS)[number] | 'unknown';
const known = (code: string): LoginError => ((KNOWN_ERRORS as readonly string[]).includes(code) ? (code as LoginError) : 'unknown');

export function OperatorLogin({ onSignedIn }: { onSignedIn(me: OperatorMe): void }) {
  const { t } = useConsoleT();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await operatorApi.login(email.trim(), password));
    } catch (err) {
      setError(t(`login.errors.${known(err instanceof ApiFailure ? err.code : 'unknown')}`));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? errorId : undefined}>
        <h1>{t('operator.loginHeading')}</h1>
        <p className="muted">{t('operator.loginIntro')}</p>
        <label htmlFor="operator-email">{t('login.email')}</label>
        <input id="operator-email" data-testid="operator-email" type="email" autoComplete="username" inputMode="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={error ? true : undefined} />
        <label htmlFor="operator-password">{t('login.password')}</label>
        <input id="operator-password" data-testid="operator-password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={error ? true : undefined} />
        {error && (
          <p id={errorId} className="error" role="alert" data-testid="operator-login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid="operator-submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <p>
          <a href="#/" data-testid="operator-to-console">
            {t('operator.backToConsole')}
          </a>
        </p>
      </form>
    </main>
  );
}
