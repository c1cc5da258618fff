/**
 * A kiosk visitor's card and name: print a card (a new picture code; the previous card stops
 * working), rename, or forget the visitor (asked once in the page; everything about them is erased).
 */
import { useEffect, useId, useState } from 'react';
import { ConfirmButton } from '../ConfirmButton.tsx';
import { navigate } from '../router.ts';
import { Status, useSubmission } from '../ui.tsx';
import { peopleApi, type PersonDetail } from './api.ts';
import { usePeopleT } from './t.ts';

export function VisitorCard({ person, onChanged }: { person: PersonDetail['person']; onChanged(): void }) {
  const { t, language } = usePeopleT();
  const id = useId();
  const { busy, error, submit } = useSubmission();
  const [pdf, setPdf] = useState<string | null>(null);
  const [name, setName] = useState(person.firstName);
  const [renamed, setRenamed] = useState(false);
  useEffect(() => () => (pdf ? URL.revokeObjectURL(pdf) : undefined), [pdf]);
  const issued = person.cardIssuedAt ? new Date(person.cardIssuedAt).toLocaleString(language, { dateStyle: 'long', timeStyle: 'short' }) : null;

  const print = () =>
    void submit(async () => {
      const blob = await peopleApi.printCard(person.id);
      setPdf(URL.createObjectURL(blob));
      onChanged();
    });

  return (
    <section className="panel visitor-card" aria-labelledby={`${id}-title`} data-testid="visitor-card-panel">
      <h2 id={`${id}-title`}>{t('visitor.cardHeading')}</h2>
      <p data-testid="card-issued">{issued ? t('visitor.cardIssued', { date: issued }) : t('visitor.cardNone')}</p>
      <div className="form-actions">
        <button type="button" className="primary" disabled={busy} onClick={print} data-testid="card-print">
          {issued ? t('visitor.printAgain') : t('visitor.print')}
        </button>
      </div>
      {pdf && (
        <div className="done" role="status" data-testid="card-ready">
          <p>{t('visitor.cardReady')}</p>
          <p className="form-actions">
            <a className="button-link" href={pdf} target="_blank" rel="noopener" data-testid="card-open">
              {t('visitor.openCard')}
            </a>
            <a className="button-link" href={pdf} download={`carte-${person.firstName}.pdf`} data-testid="card-download">
              {t('visitor.download')}
            </a>
          </p>
        </div>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          setRenamed(false);
          void submit(async () => {
            await peopleApi.updateVisitor(person.id, { name: name.trim() });
            setRenamed(true);
            onChanged();
          });
        }}
      >
        <label htmlFor={`${id}-name`}>{t('visitor.renameLabel')}</label>
        <input id={`${id}-name`} required maxLength={40} value={name} onChange={(e) => setName(e.target.value)} data-testid="visitor-rename-input" />
        <button type="submit" className="secondary" disabled={busy || name.trim() === '' || name.trim() === person.firstName} data-testid="visitor-rename">
          {t('visitor.rename')}
        </button>
      </form>
      <ConfirmButton
        label={t('visitor.forget')}
        question={t('visitor.forgetConfirm', { name: person.firstName })}
        yes={t('visitor.forgetYes')}
        no={t('visitor.forgetNo')}
        testId="visitor-forget"
        action={async () => {
          await peopleApi.forgetVisitor(person.id);
          navigate('people');
        }}
      />
      <Status error={error} done={renamed ? t('visitor.renamed') : null} testId="visitor" />
    </section>
  );
}
