import { useId, useState, type FormEvent } from 'react';
import { useConsoleT } from './t.ts';
import { ApiFailure, api, type Me } from './api.ts';

const KNOWN_ERRORS = ['invalid_credentials', 'locked', 'rate_limited', 'invalid_input', 'network'] as const;
type LoginError = (typeof KNOWN_ERRORS)[number] | 'unknown';
const known = (code: string): LoginError => ((KNOWN_ERRORS as readonly string[]).includes(code) ? (code as LoginError) : 'unknown');

export function Login({ onSignedIn }: { onSignedIn(me: Me): void }) {
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
      onSignedIn(await api.login(email.trim(), password));
    } catch (err) {
      const code = err instanceof ApiFailure ? err.code : 'unknown';
      setError(t(`login.errors.${known(code)}`));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={submit} noValidate aria-describedby={error ? errorId : undefined}>
        <h1>{t('login.heading')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <label htmlFor="login-email">{t('login.email')}</label>
        <input
          id="login-email"
          data-testid="login-email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
        <label htmlFor="login-password">{t('login.password')}</label>
        <input
          id="login-password"
          data-testid="login-password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={error ? true : undefined}
        />
        {error && (
          <p id={errorId} className="error" role="alert" data-testid="login-error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid="login-submit" disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        <p>
          <a href="#/operator" data-testid="login-to-operator">
            {t('operator.link')}
          </a>
        </p>
      </form>
    </main>
  );
}
