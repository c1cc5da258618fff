/**
 * The people the association follows (issue 12): beneficiaries of a loan and registered kiosk
 * visitors, each opening their page; and the form that registers a kiosk visitor (a first name or a
 * pseudonym, nothing else) before their card is printed on their page.
 */
import { useEffect, useId, useState } from 'react';
import type { Language } from '../../../../app/protocol/common.ts';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { DataTable, Options, Status, useSubmission } from '../ui.tsx';
import { peopleApi, type PersonSummary } from './api.ts';
import { isOverdue, localToday } from './model.ts';
import { usePeopleT } from './t.ts';
import './people.css';

export const PERSON_LANGUAGES: Language[] = ['fr', 'en', 'ar'];

export default function PeoplePage(_props: PageProps) {
  const { t, language } = usePeopleT();
  const { t: ct } = useConsoleT();
  const [people, setPeople] = useState<PersonSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = () => peopleApi.list().then(setPeople, (err: unknown) => setError(ct(errorKey(err))));
  useEffect(() => void reload(), []); // eslint-disable-line react-hooks/exhaustive-deps
  const today = localToday();
  const day = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString(language, { day: 'numeric', month: 'long' });

  return (
    <main id="main" className="page people">
      <h1>{t('list.heading')}</h1>
      <p className="muted">{t('list.intro')}</p>
      <Status error={error} />
      {people && people.length === 0 && <p className="empty">{t('list.empty')}</p>}
      {people && people.length > 0 && (
        <DataTable testId="people-table" caption={t('list.heading')} columns={[t('list.name'), t('list.kind'), t('list.language'), t('list.helper'), t('list.next')]}>
          {people.map((p) => (
            <tr key={p.id} data-testid="person-row" data-person={p.id} data-kind={p.kind}>
              <th scope="row">
                <a className="row-link" href={`#/people/${p.id}`} data-testid="person-open">
                  {p.firstName}
                </a>
              </th>
              <td>{t(`kind.${p.kind}`)}</td>
              <td>{t(`language.${p.language}`)}</td>
              <td>{p.helper?.firstName ?? <span className="muted">—</span>}</td>
              <td>
                {p.nextDay ? (
                  <>
                    {day(p.nextDay)}
                    {isOverdue(p.nextDay, today) && <span className="pill overdue"> {t('list.overdue')}</span>}
                  </>
                ) : (
                  <span className="muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      <RegisterVisitor onRegistered={() => void reload()} />
    </main>
  );
}

function RegisterVisitor({ onRegistered }: { onRegistered(): void }) {
  const { t } = usePeopleT();
  const id = useId();
  const [name, setName] = useState('');
  const [language, setLanguage] = useState<Language>('fr');
  const [done, setDone] = useState<{ id: string; name: string } | null>(null);
  const { busy, error, submit } = useSubmission();
  return (
    <form
      className="panel form-grid"
      aria-labelledby={`${id}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        void submit(async () => {
          const visitor = await peopleApi.createVisitor(name.trim(), language);
          setDone({ id: visitor.id, name: visitor.firstName });
          setName('');
          onRegistered();
        });
      }}
    >
      <h2 id={`${id}-title`}>{t('visitor.registerHeading')}</h2>
      <p className="muted span-all">{t('visitor.registerIntro')}</p>
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('visitor.name')}</label>
        <input id={`${id}-name`} required maxLength={40} value={name} onChange={(e) => setName(e.target.value)} data-testid="visitor-name" />
      </div>
      <div className="field">
        <label htmlFor={`${id}-lang`}>{t('visitor.language')}</label>
        <select id={`${id}-lang`} value={language} onChange={(e) => setLanguage(e.target.value as Language)} data-testid="visitor-language">
          <Options values={PERSON_LANGUAGES} label={(l) => t(`language.${l}`)} />
        </select>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy || name.trim() === ''} data-testid="visitor-register">
          {t('visitor.register')}
        </button>
      </div>
      <Status error={error} testId="visitor-register" />
      {done && (
        <p className="done span-all" role="status" data-testid="visitor-registered">
          {t('visitor.registered', { name: done.name })} <a href={`#/people/${done.id}`}>{done.name}</a>
        </p>
      )}
    </form>
  );
}
