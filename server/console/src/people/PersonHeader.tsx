/** The top of a person's page: their name, who they are, their computer, and their computer's language. */
import { useId, useState } from 'react';
import type { Language } from '../../../../app/protocol/common.ts';
import { api } from '../api.ts';
import { Options, Status, useSubmission } from '../ui.tsx';
import { peopleApi, type PersonDetail } from './api.ts';
import { PERSON_LANGUAGES } from './PeoplePage.tsx';
import { usePeopleT } from './t.ts';

export function PersonHeader({ detail, canSetBeneficiaryLanguage, onChanged }: { detail: PersonDetail; canSetBeneficiaryLanguage: boolean; onChanged(): void }) {
  const { t, language: uiLanguage } = usePeopleT();
  const id = useId();
  const { person } = detail;
  const { busy, error, submit } = useSubmission();
  const [saved, setSaved] = useState(false);
  const canSet = person.kind === 'visitor' || canSetBeneficiaryLanguage;
  const date = (iso: string) => new Date(iso).toLocaleDateString(uiLanguage, { day: 'numeric', month: 'long', year: 'numeric' });

  const setLanguage = (language: Language) =>
    void submit(async () => {
      setSaved(false);
      if (person.kind === 'visitor') await peopleApi.updateVisitor(person.id, { language });
      else await api.updateBeneficiary(person.id, { language });
      setSaved(true);
      onChanged();
    });

  return (
    <header className="person-head panel">
      <div className="person-who">
        <h1 data-testid="person-name">{person.firstName}</h1>
        <p className="muted">
          <span className="pill">{t(`kind.${person.kind}`)}</span> {person.helper ? t('person.helper', { name: person.helper.firstName }) : t('person.noHelper')}
        </p>
        {person.kind === 'beneficiary' && (
          <p className="muted">
            {person.phone && (
              <>
                {t('person.phone')} : <a dir="ltr" href={`tel:${person.phone.replace(/[\s.-]/g, '')}`}>{person.phone}</a> ·{' '}
              </>
            )}
            {person.loan ? t('person.loan', { assetTag: person.loan.assetTag, date: date(person.loan.since) }) : t('person.noLoan')}
          </p>
        )}
      </div>
      <div className="person-side">
        <div className="field">
          <label htmlFor={`${id}-lang`}>{t('person.languageLabel')}</label>
          {canSet ? (
            <select id={`${id}-lang`} value={person.language} disabled={busy} onChange={(e) => setLanguage(e.target.value as Language)} aria-describedby={`${id}-lang-hint`} data-testid="person-language">
              <Options values={PERSON_LANGUAGES} label={(l) => t(`language.${l}`)} />
            </select>
          ) : (
            <output id={`${id}-lang`} data-testid="person-language-read">
              {t(`language.${person.language}`)}
            </output>
          )}
          <span id={`${id}-lang-hint`} className="hint">
            {canSet ? t('person.languageHint') : t('person.languageStaffOnly')}
          </span>
        </div>
        <Status error={error} done={saved ? t('person.languageSaved') : null} testId="person-language" />
        <a className="button-link" href={`#/people/${person.id}/access`} data-testid="access-link">
          {t('person.access')}
        </a>
      </div>
    </header>
  );
}
