import { useId, useState, type FormEvent } from 'react';
import type { EnrolmentCodeView, MachineMode } from '../../../../app/protocol/hub.ts';
import { api, type MachineView } from '../api.ts';
import { ConfirmButton } from '../ConfirmButton.tsx';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { DataTable, OneTimeSecret, Status, When, usePageData, useSubmission } from '../ui.tsx';

/** Machines of the register. Creating one gives its one-time enrolment code, shown once. */
export default function Machines(_props: PageProps) {
  const { t } = useConsoleT();
  const { data: machines, error, setError, reload, act } = usePageData(() => api.machines(), null as MachineView[] | null);
  const [code, setCode] = useState<{ assetTag: string; code: string; expiresAt: string; previousTokenActive: boolean } | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const newCode = (m: MachineView) =>
    act(async () => {
      setDone(null);
      const c = await api.newEnrolmentCode(m.id);
      setCode({ assetTag: m.assetTag, ...c });
    });

  return (
    <main id="main" className="page">
      <h1>{t('machines.heading')}</h1>
      <p className="muted">{t('machines.intro')}</p>
      <CreateMachine
        onCreated={(m, c) => {
          setCode({ assetTag: m.assetTag, ...c });
          void reload();
        }}
      />
      {code && (
        <OneTimeSecret title={t('machines.codeTitle', { assetTag: code.assetTag })} value={code.code} hint={t('machines.codeHint')} testId="enrolment-code">
          <p className="muted">
            {t('machines.codeExpires')} <When iso={code.expiresAt} />
          </p>
          {code.previousTokenActive && (
            <p className="warning" data-testid="previous-token-active">
              {t('machines.previousTokenActive', { assetTag: code.assetTag })}
            </p>
          )}
        </OneTimeSecret>
      )}
      <Status error={error} done={done} testId="machines" />
      <DataTable testId="machines-table" caption={t('machines.heading')} actions
        columns={[t('machines.assetTag'), t('machines.mode'), t('machines.cohort'), t('machines.status'), t('machines.loan')]}>
        {(machines ?? []).map((m) => (
          <tr key={m.id} data-testid="machine-row" data-asset-tag={m.assetTag}>
            <th scope="row">
              <a href={`#/machines/${m.id}/history`}>{m.assetTag}</a>
            </th>
            <td>{t(`mode.${m.mode}`)}</td>
            <td>{m.cohort}</td>
            <td>
              {m.retiredAt ? (
                <>
                  {t('machines.retired')} <When iso={m.retiredAt} />
                </>
              ) : m.enrolled ? (
                <>
                  {t('machines.enrolled')} · {t('machines.lastSeen')} <When iso={m.lastSeen} />
                </>
              ) : m.enrolmentExpiresAt ? (
                <>
                  {t('machines.codeWaiting')} <When iso={m.enrolmentExpiresAt} />
                </>
              ) : (
                t('machines.notEnrolled')
              )}
            </td>
            <td>{m.loan ? <a href={`#/beneficiaries/${m.loan.beneficiaryId}/history`}>{m.loan.firstName}</a> : <span className="muted">—</span>}</td>
            <td className="row-actions">
              <button type="button" className="secondary small" onClick={() => void newCode(m)} data-testid="new-code">
                {t('machines.newCode')}
                <span className="visually-hidden"> {m.assetTag}</span>
              </button>
              {(m.enrolled || m.enrolmentExpiresAt) && (
                // Retiring cuts the machine's token and feed: asked once, in the page.
                <ConfirmButton
                  small
                  label={t('machines.retire')}
                  labelDetail={m.assetTag}
                  question={t('machines.retireConfirm', { assetTag: m.assetTag })}
                  yes={t('machines.retire')}
                  no={t('common.cancel')}
                  testId="retire"
                  action={async () => {
                    await api.retireMachine(m.id);
                    setError(null);
                    setDone(t('machines.retireDone', { assetTag: m.assetTag }));
                    if (code?.assetTag === m.assetTag) setCode(null);
                    void reload();
                  }}
                />
              )}
              {m.mode === 'kiosk' && <StaffPinForm machine={m} onSaved={() => void reload()} />}
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

/** A kiosk's animateur PIN (issue 6): typed here, stored hashed on the hub, never shown again. */
function StaffPinForm({ machine, onSaved }: { machine: MachineView; onSaved(): void }) {
  const { t } = useConsoleT();
  const [pin, setPin] = useState('');
  const { busy, error, done, submit: submitting } = useSubmission();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await submitting(async () => {
      await api.updateMachine(machine.id, { staffPin: pin });
      setPin('');
      onSaved();
      return t('machines.staffPinSaved');
    });
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} data-testid="staff-pin-form">
      <label htmlFor={`${id}-pin`}>
        {t('machines.staffPin')} {machine.staffPinSet ? `(${t('machines.staffPinSet')})` : `(${t('machines.staffPinNotSet')})`}
        <span className="visually-hidden"> {machine.assetTag}</span>
      </label>
      <input
        id={`${id}-pin`}
        inputMode="numeric"
        autoComplete="off"
        pattern="[0-9]{4,8}"
        minLength={4}
        maxLength={8}
        required
        value={pin}
        onChange={(e) => setPin(e.target.value)}
        aria-describedby={`${id}-hint`}
        data-testid="staff-pin-input"
      />
      <span id={`${id}-hint`} className="muted">
        {t('machines.staffPinHint')}
      </span>
      <button type="submit" className="secondary small" disabled={busy} data-testid="staff-pin-save">
        {t('machines.staffPinSave')}
      </button>
      <Status error={error} done={done} testId="staff-pin" />
    </form>
  );
}

function CreateMachine({ onCreated }: { onCreated(m: MachineView, code: EnrolmentCodeView): void }) {
  const { t } = useConsoleT();
  const [assetTag, setAssetTag] = useState('');
  const [mode, setMode] = useState<MachineMode>('home');
  const [site, setSite] = useState('');
  const { busy, error, submit: submitting } = useSubmission();
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await submitting(async () => {
      const created = await api.createMachine({ assetTag, mode, cohort: mode === 'home' ? site.trim() || 'home' : site.trim() });
      onCreated(created.machine, created.enrolment);
      setAssetTag('');
      setSite('');
    });
  };

  return (
    <form className="panel form-grid" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('machines.create')}</h2>
      <div className="field">
        <label htmlFor={`${id}-tag`}>{t('machines.assetTag')}</label>
        <input id={`${id}-tag`} required maxLength={40} value={assetTag} onChange={(e) => setAssetTag(e.target.value)} data-testid="machine-asset-tag" />
      </div>
      <fieldset className="field">
        <legend>{t('machines.mode')}</legend>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'home'} onChange={() => setMode('home')} data-testid="machine-mode-home" />
          {t('mode.home')}
        </label>
        <label className="choice">
          <input type="radio" name={`${id}-mode`} checked={mode === 'kiosk'} onChange={() => setMode('kiosk')} data-testid="machine-mode-kiosk" />
          {t('mode.kiosk')}
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-site`}>{mode === 'kiosk' ? t('machines.site') : t('machines.cohortOptional')}</label>
        <input id={`${id}-site`} required={mode === 'kiosk'} maxLength={60} value={site} onChange={(e) => setSite(e.target.value)} data-testid="machine-cohort" />
      </div>
      <Status error={error} testId="machine-create" />
      <button type="submit" className="primary" disabled={busy} data-testid="machine-create">
        {t('machines.createSubmit')}
      </button>
    </form>
  );
}
