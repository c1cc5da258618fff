/**
 * The person's consent to their progress reaching the hub: its state and where it was given, recorded
 * in the console when the person says yes to their helper, withdrawn here (asked once in the page):
 * the hub then deletes the progress it holds and the machine stops sending it.
 */
import { useId } from 'react';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { Status, useSubmission } from '../ui.tsx';
import { peopleApi } from './api.ts';
import type { ConsentView } from '../../../../app/protocol/accompaniment.ts';
import { usePeopleT } from './t.ts';

export function ConsentPanel({ personId, consent, onChanged }: { personId: string; consent: ConsentView; onChanged(): void }) {
  const { t, language } = usePeopleT();
  const id = useId();
  const { busy, error, submit } = useSubmission();
  const record = () =>
    void submit(async () => {
      await peopleApi.setConsent(personId, true);
      onChanged();
    });
  const when = consent.at ? new Date(consent.at).toLocaleDateString(language, { day: 'numeric', month: 'long', year: 'numeric' }) : null;
  const source = consent.source === 'machine' ? t('consent.sourceMachine') : consent.source === 'console' ? t('consent.sourceConsole', { name: consent.by?.firstName ?? '—' }) : null;

  return (
    <section className={`panel consent consent-${consent.state}`} aria-labelledby={`${id}-title`} data-testid="consent-panel" data-state={consent.state}>
      <h2 id={`${id}-title`}>{t('consent.heading')}</h2>
      <p className="consent-state" data-testid="consent-state">
        <strong>{t(`consent.${consent.state}`)}</strong>
        {source && when ? <span className="muted"> {t('consent.since', { source, date: when })}</span> : null}
      </p>
      {consent.state === 'granted' ? (
        <ConfirmButton
          label={t('consent.withdraw')}
          question={t('consent.withdrawConfirm')}
          yes={t('consent.withdrawYes')}
          no={t('consent.withdrawNo')}
          testId="consent-withdraw"
          action={async () => {
            await peopleApi.setConsent(personId, false);
            onChanged();
          }}
        />
      ) : (
        <button type="button" className="secondary" disabled={busy} onClick={record} data-testid="consent-record">
          {t('consent.record')}
        </button>
      )}
      <Status error={error} testId="consent" />
    </section>
  );
}
