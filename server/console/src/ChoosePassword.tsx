/**
 * Right after signing in with a one-time password (a new account, a reset): the only thing to do is
 * choose one's own password. The one-time password is already spent, so it is not asked again.
 */
import { useId, useState, type FormEvent } from 'react';
import { NEW_PASSWORD_MIN } from '../../../app/protocol/hub.ts';
import { api, type Me } from './api.ts';
import { useConsoleT } from './t.ts';
import { Status, useSubmission } from './ui.tsx';

export function ChoosePassword({ me, onChosen, onLogout }: { me: Me; onChosen(me: Me): void; onLogout(): void }) {
  const { t } = useConsoleT();
  const [password, setPassword] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { busy, error, submit } = useSubmission();
  const id = useId();

  const choose = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    if (password.length < NEW_PASSWORD_MIN) return setProblem(t('profile.passwordTooShort', { n: NEW_PASSWORD_MIN }));
    if (password !== again) return setProblem(t('choose.mismatch'));
    await submit(async () => onChosen(await api.changePassword(undefined, password)));
  };

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={(e) => void choose(e)} noValidate aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{t('choose.heading')}</h1>
        <p className="muted">{t('choose.intro', { name: me.firstName })}</p>
        <label htmlFor={`${id}-new`}>{t('profile.newPassword')}</label>
        <input
          id={`${id}-new`}
          data-testid="choose-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={NEW_PASSWORD_MIN}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby={`${id}-hint`}
        />
        <p id={`${id}-hint`} className="muted">
          {t('profile.passwordHint', { n: NEW_PASSWORD_MIN })}
        </p>
        <label htmlFor={`${id}-again`}>{t('choose.again')}</label>
        <input
          id={`${id}-again`}
          data-testid="choose-password-again"
          type="password"
          autoComplete="new-password"
          required
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
        <Status error={problem ?? error} testId="choose" />
        <button type="submit" className="primary" disabled={busy} data-testid="choose-submit">
          {t('choose.submit')}
        </button>
        <button type="button" className="link" onClick={onLogout}>
          {t('header.logout')}
        </button>
      </form>
    </main>
  );
}
