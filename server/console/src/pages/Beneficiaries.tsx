import { useEffect, useId, useState, type FormEvent } from 'react';
import type { Language } from '../../../../app/protocol/common.ts';
import { api, type BeneficiaryView, type HelperRef } from '../api.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { DataTable, Options, Status, usePageData, useSubmission } from '../ui.tsx';

const LANGUAGES: Language[] = ['fr', 'en', 'ar'];

export default function Beneficiaries(_props: PageProps) {
  const { t } = useConsoleT();
  const { data: list, error, reload } = usePageData(() => api.beneficiaries(), null as BeneficiaryView[] | null);
  const [helpers, setHelpers] = useState<HelperRef[]>([]);
  const [editing, setEditing] = useState<BeneficiaryView | null>(null);

  useEffect(() => {
    void api.helpers().then(setHelpers, () => setHelpers([]));
  }, []);

  return (
    <main id="main" className="page">
      <h1>{t('beneficiaries.heading')}</h1>
      <p className="muted">{t('beneficiaries.intro')}</p>
      <BeneficiaryForm
        key={editing?.id ?? 'new'}
        helpers={helpers}
        editing={editing}
        onSaved={() => {
          setEditing(null);
          void reload();
        }}
        onCancel={() => setEditing(null)}
      />
      <Status error={error} />
      <DataTable testId="beneficiaries-table" caption={t('beneficiaries.heading')} actions
        columns={[t('beneficiaries.firstName'), t('beneficiaries.phone'), t('beneficiaries.language'), t('beneficiaries.helper'), t('beneficiaries.machine')]}>
        {(list ?? []).map((b) => (
          <tr key={b.id} data-testid="beneficiary-row">
            <th scope="row">
              <a href={`#/beneficiaries/${b.id}/history`}>{b.firstName}</a>
            </th>
            <td>
              <a href={`tel:${b.phone.replace(/[\s.-]/g, '')}`} dir="ltr">
                {b.phone}
              </a>
            </td>
            <td>{t(`language.${b.language}`)}</td>
            <td>{b.helper?.firstName ?? <span className="muted">—</span>}</td>
            <td>{b.loan ? b.loan.assetTag : <span className="muted">—</span>}</td>
            <td>
              <button type="button" className="secondary small" onClick={() => setEditing(b)}>
                {t('common.edit')}
                <span className="visually-hidden"> {b.firstName}</span>
              </button>
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

function BeneficiaryForm({
  helpers,
  editing,
  onSaved,
  onCancel,
}: {
  helpers: HelperRef[];
  editing: BeneficiaryView | null;
  onSaved(): void;
  onCancel(): void;
}) {
  const { t } = useConsoleT();
  const [firstName, setFirstName] = useState(editing?.firstName ?? '');
  const [phone, setPhone] = useState(editing?.phone ?? '');
  const [language, setLanguage] = useState<Language>(editing?.language ?? 'fr');
  const [helperId, setHelperId] = useState(editing?.helper?.id ?? '');
  const { busy, error, submit: submitting } = useSubmission();
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await submitting(async () => {
      const body = { firstName, phone, language, helperId: helperId || null };
      if (editing) await api.updateBeneficiary(editing.id, body);
      else await api.createBeneficiary(body);
      onSaved();
    });
  };

  return (
    <form className="panel form-grid" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{editing ? t('beneficiaries.edit', { name: editing.firstName }) : t('beneficiaries.create')}</h2>
      <div className="field">
        <label htmlFor={`${id}-first`}>{t('beneficiaries.firstName')}</label>
        <input id={`${id}-first`} required maxLength={60} value={firstName} onChange={(e) => setFirstName(e.target.value)} data-testid="beneficiary-first-name" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-phone`}>{t('beneficiaries.phone')}</label>
        <input
          id={`${id}-phone`}
          type="tel"
          required
          maxLength={24}
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          data-testid="beneficiary-phone-input"
          aria-describedby={`${id}-phone-hint`}
        />
        <span id={`${id}-phone-hint`} className="hint">
          {t('beneficiaries.phoneHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-lang`}>{t('beneficiaries.language')}</label>
        <select id={`${id}-lang`} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
          <Options values={LANGUAGES} label={(l) => t(`language.${l}`)} />
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-helper`}>{t('beneficiaries.helper')}</label>
        <select id={`${id}-helper`} value={helperId} onChange={(e) => setHelperId(e.target.value)}>
          <option value="">{t('beneficiaries.noHelper')}</option>
          <Options values={helpers} value={(h) => h.id} label={(h) => h.firstName} />
        </select>
      </div>
      <Status error={error} testId="beneficiary-save" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy} data-testid="beneficiary-save">
          {editing ? t('common.save') : t('beneficiaries.createSubmit')}
        </button>
        {editing && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
