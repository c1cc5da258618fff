import { useId, useState, type FormEvent } from 'react';
import { api, type AccountView, type Role } from '../api.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { DataTable, OneTimeSecret, Options, Status, usePageData, useSubmission } from '../ui.tsx';

const ROLES: Role[] = ['accompagnant', 'staff', 'admin'];

/** Admins create accounts (the hub mints a one-time password), change roles, disable, reset passwords. */
export default function Accounts({ me }: PageProps) {
  const { t } = useConsoleT();
  const { data: accounts, error, reload, act } = usePageData(() => api.accounts(), [] as AccountView[]);
  const [secret, setSecret] = useState<{ email: string; password: string } | null>(null);

  return (
    <main id="main" className="page">
      <h1>{t('accounts.heading')}</h1>
      <CreateAccount
        onCreated={(email, password) => {
          setSecret({ email, password });
          void reload();
        }}
      />
      {secret && (
        <OneTimeSecret title={t('accounts.passwordTitle', { email: secret.email })} value={secret.password} hint={t('accounts.passwordHint')} testId="temporary-password" />
      )}
      <Status error={error} testId="accounts" />
      <DataTable testId="accounts-table" caption={t('accounts.heading')} actions
        columns={[t('accounts.firstName'), t('accounts.email'), t('accounts.role'), t('accounts.state')]}>
        {accounts.map((a) => (
          <tr key={a.id} data-testid="account-row" data-email={a.email} className={a.disabled ? 'disabled' : undefined}>
            <th scope="row">{a.firstName}</th>
            <td>{a.email}</td>
            <td>
              <select
                aria-label={t('accounts.roleOf', { name: a.firstName })}
                value={a.role}
                disabled={a.id === me.id}
                onChange={(e) => void act(() => api.updateAccount(a.id, { role: e.target.value as Role }))}
              >
                <Options values={ROLES} label={(r) => t(`role.${r}`)} />
              </select>
            </td>
            <td>{a.disabled ? t('accounts.disabled') : t('accounts.active')}</td>
            <td>
              {a.id !== me.id && (
                <div className="row-actions">
                  <button
                    type="button"
                    className="secondary small"
                    onClick={() =>
                      void act(async () => {
                        const r = await api.resetPassword(a.id);
                        setSecret({ email: a.email, password: r.temporaryPassword });
                      })
                    }
                    disabled={a.disabled}
                    data-testid="account-reset"
                  >
                    {t('accounts.reset')}
                    <span className="visually-hidden"> {a.email}</span>
                  </button>
                  <button type="button" className="secondary small" onClick={() => void act(() => api.updateAccount(a.id, { disabled: !a.disabled }))}>
                    {a.disabled ? t('accounts.enable') : t('accounts.disable')}
                    <span className="visually-hidden"> {a.email}</span>
                  </button>
                </div>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

function CreateAccount({ onCreated }: { onCreated(email: string, password: string): void }) {
  const { t } = useConsoleT();
  const [email, setEmail] = useState('');
  const [firstName, setFirstName] = useState('');
  const [role, setRole] = useState<Role>('accompagnant');
  const { busy, error, submit: submitting } = useSubmission();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await submitting(async () => {
      const created = await api.createAccount({ email: email.trim(), firstName, role });
      onCreated(created.account.email, created.temporaryPassword);
      setEmail('');
      setFirstName('');
    });
  };
  return (
    <form className="panel form-grid" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('accounts.create')}</h2>
      <div className="field">
        <label htmlFor={`${id}-first`}>{t('accounts.firstName')}</label>
        <input id={`${id}-first`} required maxLength={60} value={firstName} onChange={(e) => setFirstName(e.target.value)} data-testid="account-first-name" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('accounts.email')}</label>
        <input id={`${id}-email`} type="email" required maxLength={200} value={email} onChange={(e) => setEmail(e.target.value)} data-testid="account-email" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-role`}>{t('accounts.role')}</label>
        <select id={`${id}-role`} value={role} onChange={(e) => setRole(e.target.value as Role)} data-testid="account-role">
          <Options values={ROLES} label={(r) => t(`role.${r}`)} />
        </select>
      </div>
      <Status error={error} testId="account-create" />
      <button type="submit" className="primary" disabled={busy} data-testid="account-create">
        {t('accounts.createSubmit')}
      </button>
    </form>
  );
}
