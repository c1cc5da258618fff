import { api, type Me } from './api.ts';
import { SignInForm } from './SignInForm.tsx';
import { useConsoleT } from './t.ts';

export function Login({ onSignedIn }: { onSignedIn(me: Me): void }) {
  const { t } = useConsoleT();
  return (
    <SignInForm idPrefix="login" errorTestId="login-error" heading={t('login.heading')} intro={t('login.intro')} signIn={(email, password) => api.login(email, password)} onSignedIn={onSignedIn}>
      <p>
        <a href="#/operator" data-testid="login-to-operator">
          {t('operator.link')}
        </a>
      </p>
    </SignInForm>
  );
}
