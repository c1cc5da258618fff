/**
 * The associations a hub serves, as the operator sees them (names and sizes only), and the form that
 * creates one with its first admin; the admin's one-time password is shown once, until "Noted".
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import type { AssociationCreated, AssociationSummary } from '../../../../app/protocol/operator.ts';
import { ApiFailure } from '../api.ts';
import { errorKey } from '../errors.ts';
import { useConsoleT } from '../t.ts';
import { OneTimeSecret, Status, When, useSubmission } from '../ui.tsx';
import { operatorApi } from './api.ts';

export function Associations({ onSignedOut }: { onSignedOut(): void }) {
  const { t } = useConsoleT();
  const [list, setList] = useState<AssociationSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<AssociationCreated | null>(null);

  const reload = useCallback(
    () =>
      operatorApi.associations().then(setList, (err: unknown) => {
        if (err instanceof ApiFailure && err.status === 401) onSignedOut();
        else setError(t(errorKey(err)));
      }),
    [onSignedOut, t],
  );
  useEffect(() => void reload(), [reload]);

  return (
    <main id="main" className="page">
      <h1>{t('operator.heading')}</h1>
      <p className="muted">{t('operator.intro')}</p>
      {created && (
        <OneTimeSecret title={t('operator.passwordTitle', { email: created.admin.email })} value={created.temporaryPassword} hint={t('operator.passwordHint', { name: created.association.name })} testId="operator-password-once">
          <button type="button" className="primary" onClick={() => setCreated(null)} data-testid="operator-password-noted">
            {t('operator.passwordNoted')}
          </button>
        </OneTimeSecret>
      )}
      <CreateAssociation
        onCreated={(c) => {
          setCreated(c);
          void reload();
        }}
      />
      <Status error={error} testId="operator" />
      <div className="table-wrap">
        <table className="table" data-testid="operator-associations">
          <caption className="visually-hidden">{t('operator.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('operator.name')}</th>
              <th scope="col">{t('operator.createdAt')}</th>
              <th scope="col">{t('operator.machines')}</th>
              <th scope="col">{t('operator.accounts')}</th>
            </tr>
          </thead>
          <tbody>
            {(list ?? []).map((a) => (
              <tr key={a.id} data-testid="operator-association">
                <th scope="row">
                  <bdi>{a.name}</bdi>
                </th>
                <td>
                  <When iso={a.createdAt} />
                </td>
                <td>{a.machines}</td>
                <td>{a.accounts}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {list && list.length === 0 && <p className="muted">{t('operator.empty')}</p>}
      </div>
    </main>
  );
}

function CreateAssociation({ onCreated }: { onCreated(created: AssociationCreated): void }) {
  const { t } = useConsoleT();
  const [name, setName] = useState('');
  const [adminFirstName, setAdminFirstName] = useState('');
  const [adminEmail, setAdminEmail] = useState('');
  const { busy, error, submit: submitting } = useSubmission();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await submitting(async () => {
      onCreated(await operatorApi.createAssociation({ name: name.trim(), adminFirstName: adminFirstName.trim(), adminEmail: adminEmail.trim() }));
      setName('');
      setAdminFirstName('');
      setAdminEmail('');
    });
  };
  return (
    <form className="panel form-grid" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('operator.create')}</h2>
      <p className="muted wide">{t('operator.createIntro')}</p>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('operator.name')}</label>
        <input id={`${id}-name`} required minLength={2} maxLength={120} value={name} onChange={(e) => setName(e.target.value)} data-testid="operator-new-name" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-first`}>{t('operator.adminFirstName')}</label>
        <input id={`${id}-first`} required maxLength={60} value={adminFirstName} onChange={(e) => setAdminFirstName(e.target.value)} data-testid="operator-new-first-name" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('operator.adminEmail')}</label>
        <input id={`${id}-email`} type="email" required maxLength={200} value={adminEmail} onChange={(e) => setAdminEmail(e.target.value)} data-testid="operator-new-email" />
      </div>
      <Status error={error} testId="operator-create" />
      <button type="submit" className="primary" disabled={busy} data-testid="operator-create">
        {t('operator.createSubmit')}
      </button>
    </form>
  );
}
