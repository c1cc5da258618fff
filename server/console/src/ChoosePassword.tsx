/**
 * Right after signing in with a one-time password (a new account, a reset): the only thing to do is
 * choose one's own password. The one-time password is already spent, so it is not asked again.
 */
import { useId, type FormEvent } from 'react';
import { api, type Me } from './api.ts';
import { PasswordFields, usePasswordDraft } from './PasswordFields.tsx';
import { useConsoleT } from './t.ts';
import { Status, useSubmission } from './ui.tsx';

export function ChoosePassword({ me, onChosen, onLogout }: { me: Me; onChosen(me: Me): void; onLogout(): void }) {
  const { t } = useConsoleT();
  const password = usePasswordDraft();
  const { busy, error, submit } = useSubmission();
  const id = useId();

  const choose = async (e: FormEvent) => {
    e.preventDefault();
    if (!password.check()) return;
    await submit(async () => onChosen(await api.changePassword(undefined, password.draft.password)));
  };

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={(e) => void choose(e)} noValidate aria-labelledby={`${id}-title`}>
        <h1 id={`${id}-title`}>{t('choose.heading')}</h1>
        <p className="muted">{t('choose.intro', { name: me.firstName })}</p>
        <PasswordFields {...password.fields} testId="choose-password" />
        <Status error={password.problem?.message ?? error} testId="choose" />
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
