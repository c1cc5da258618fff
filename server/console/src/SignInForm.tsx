/** The sign-in form of the console, for a helper (Login.tsx) and for the operator (operator/OperatorLogin.tsx): email, password, the refusal in words. */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { ApiFailure } from './api.ts';
import { useConsoleT } from './t.ts';

const KNOWN_ERRORS = ['invalid_credentials', 'locked', 'rate_limited', 'invalid_input', 'network'] as const;
type LoginError = (typeof KNOWN_ERRORS)[number] | 'unknown';
const known = (code: string): LoginError => ((KNOWN_ERRORS as readonly string[]).includes(code) ? (code as LoginError) : 'unknown');

export function SignInForm<Me>({
  idPrefix,
  errorTestId,
  heading,
  intro,
  signIn,
  onSignedIn,
  children,
}: {
  /** The fields' ids and test ids: `${idPrefix}-email`, `${idPrefix}-password`, `${idPrefix}-submit`. */
  idPrefix: string;
  errorTestId: string;
  heading: string;
  intro: string;
  signIn(email: string, password: string): Promise<Me>;
  onSignedIn(me: Me): void;
  /** Below the button (a link to the other sign-in). */
  children?: ReactNode;
}) {
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
      onSignedIn(await signIn(email.trim(), password));
    } catch (err) {
      setError(t(`login.errors.${known(err instanceof ApiFailure ? err.code : 'unknown')}`));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const invalid = error ? true : undefined;
  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={(e) => void submit(e)} noValidate aria-describedby={error ? errorId : undefined}>
        <h1>{heading}</h1>
        <p className="muted">{intro}</p>
        <label htmlFor={`${idPrefix}-email`}>{t('login.email')}</label>
        <input id={`${idPrefix}-email`} data-testid={`${idPrefix}-email`} type="email" autoComplete="username" inputMode="email" required value={email} onChange={(e) => setEmail(e.target.value)} aria-invalid={invalid} />
        <label htmlFor={`${idPrefix}-password`}>{t('login.password')}</label>
        <input id={`${idPrefix}-password`} data-testid={`${idPrefix}-password`} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} aria-invalid={invalid} />
        {error && (
          <p id={errorId} className="error" role="alert" data-testid={errorTestId}>
            {error}
          </p>
        )}
        <button type="submit" className="primary" data-testid={`${idPrefix}-submit`} disabled={busy}>
          {busy ? t('login.submitting') : t('login.submit')}
        </button>
        {children}
      </form>
    </main>
  );
}
