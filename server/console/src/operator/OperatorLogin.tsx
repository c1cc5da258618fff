/** The operator's sign-in: the same form as a helper's, against the operator's own route and session. */
import type { OperatorMe } from '../../../../app/protocol/operator.ts';
import { SignInForm } from '../SignInForm.tsx';
import { useConsoleT } from '../t.ts';
import { operatorApi } from './api.ts';

export function OperatorLogin({ onSignedIn }: { onSignedIn(me: OperatorMe): void }) {
  const { t } = useConsoleT();
  return (
    <SignInForm
      idPrefix="operator"
      errorTestId="operator-login-error"
      heading={t('operator.loginHeading')}
      intro={t('operator.loginIntro')}
      signIn={(email, password) => operatorApi.login(email, password)}
      onSignedIn={onSignedIn}
    >
      <p>
        <a href="#/" data-testid="operator-to-console">
          {t('operator.backToConsole')}
        </a>
      </p>
    </SignInForm>
  );
}
