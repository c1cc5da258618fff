/**
 * The console's home: the follow-ups due today and the overdue ones (the next date of each person's
 * latest contact), each opening the person's page. Reloads when a person changes.
 */
import { useEffect, useId, useState } from 'react';
import { peopleApi, type FollowupDue } from './api.ts';
import { localToday } from './model.ts';
import { usePeopleT } from './t.ts';
import './people.css';

export default function DueFollowups() {
  const { t, language } = usePeopleT();
  const id = useId();
  const [due, setDue] = useState<FollowupDue[] | null>(null);
  useEffect(() => {
    void peopleApi.due(localToday()).then(setDue, () => setDue(null));
  }, []);
  if (due === null) return null;
  const day = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString(language, { day: 'numeric', month: 'long' });
  return (
    <section className="due" aria-labelledby={`${id}-title`} data-testid="due-followups">
      <h2 id={`${id}-title`}>{t('due.heading')}</h2>
      {due.length === 0 ? (
        <p className="muted" data-testid="due-none">
          {t('due.none')}
        </p>
      ) : (
        <ul className="due-list">
          {due.map((d) => (
            <li key={d.personId} className={d.overdue ? 'overdue' : undefined} data-testid="due-entry" data-person={d.personId} data-overdue={d.overdue}>
              <a href={`#/people/${d.personId}`}>
                <strong>{d.firstName}</strong>
                <span className={d.overdue ? 'pill overdue' : 'pill'}>{d.overdue ? t('due.overdue', { date: day(d.nextDay) }) : t('due.today')}</span>
                {d.nextStep ? <span className="due-step">{d.nextStep}</span> : null}
                {d.helper ? <span className="muted">{t('due.with', { name: d.helper.firstName })}</span> : null}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
