import { useId, useState, type FormEvent } from 'react';
import { api, type BeneficiaryView, type LoanView, type MachineView } from '../api.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { DataTable, Options, Status, When, usePageData, useSubmission } from '../ui.tsx';

/** Who has which machine, since when; a loan ends when the machine comes back. */
export default function Loans(_props: PageProps) {
  const { t } = useConsoleT();
  const { data, error, reload, act } = usePageData(
    async () => {
      const [loans, machines, people] = await Promise.all([api.loans(), api.machines(), api.beneficiaries()]);
      return { loans, machines, people };
    },
    { loans: [] as LoanView[], machines: [] as MachineView[], people: [] as BeneficiaryView[] },
  );
  const { loans, machines, people } = data;
  const end = (loan: LoanView) => act(() => api.endLoan(loan.id));

  return (
    <main id="main" className="page">
      <h1>{t('loans.heading')}</h1>
      <CreateLoan machines={machines.filter((m) => !m.loan)} people={people.filter((b) => !b.loan)} onCreated={() => void reload()} />
      <Status error={error} />
      <DataTable testId="loans-table" caption={t('loans.heading')} actions columns={[t('loans.beneficiary'), t('loans.machine'), t('loans.since'), t('loans.until')]}>
        {loans.map((l) => (
          <tr key={l.id} data-testid="loan-row" data-active={l.endedAt === null}>
            <th scope="row">
              <a href={`#/beneficiaries/${l.beneficiaryId}/history`}>{l.firstName}</a>
            </th>
            <td>
              <a href={`#/machines/${l.machineId}/history`}>{l.assetTag}</a>
            </td>
            <td>
              <When iso={l.startedAt} />
            </td>
            <td>{l.endedAt ? <When iso={l.endedAt} /> : <strong>{t('loans.ongoing')}</strong>}</td>
            <td>
              {l.endedAt === null && (
                <button type="button" className="secondary small" onClick={() => void end(l)} data-testid="loan-end">
                  {t('loans.end')}
                  <span className="visually-hidden"> {l.firstName}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

function CreateLoan({ machines, people, onCreated }: { machines: MachineView[]; people: BeneficiaryView[]; onCreated(): void }) {
  const { t } = useConsoleT();
  const [machineId, setMachineId] = useState('');
  const [beneficiaryId, setBeneficiaryId] = useState('');
  const { busy, error, submit: submitting } = useSubmission();
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await submitting(async () => {
      await api.createLoan(machineId, beneficiaryId);
      setMachineId('');
      setBeneficiaryId('');
      onCreated();
    });
  };
  return (
    <form className="panel form-grid" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('loans.create')}</h2>
      <div className="field">
        <label htmlFor={`${id}-who`}>{t('loans.beneficiary')}</label>
        <select id={`${id}-who`} required value={beneficiaryId} onChange={(e) => setBeneficiaryId(e.target.value)} data-testid="loan-beneficiary">
          <option value="">{t('loans.choosePerson')}</option>
          <Options values={people} value={(b) => b.id} label={(b) => `${b.firstName} · ${b.phone}`} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-what`}>{t('loans.machine')}</label>
        <select id={`${id}-what`} required value={machineId} onChange={(e) => setMachineId(e.target.value)} data-testid="loan-machine">
          <option value="">{t('loans.chooseMachine')}</option>
          <Options values={machines} value={(m) => m.id} label={(m) => `${m.assetTag} · ${t(`mode.${m.mode}`)}`} />
        </select>
      </div>
      <Status error={error} testId="loan-create" />
      <button type="submit" className="primary" disabled={busy || !machineId || !beneficiaryId} data-testid="loan-create">
        {t('loans.createSubmit')}
      </button>
    </form>
  );
}
