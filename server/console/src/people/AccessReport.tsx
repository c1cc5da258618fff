/**
 * The person's right of access: one printable page of everything the association holds about them
 * (identity, loan, consent, path, goals, notes, suivi, progress, help requests), as the hub gives it
 * in its access report. The console's header and buttons are left off the printed page.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { Status } from '../ui.tsx';
import { peopleApi, type AccessReport as Report } from './api.ts';
import { lessonTitle } from './model.ts';
import type { CatalogueLesson } from './api.ts';
import { usePeopleT } from './t.ts';
import './people.css';

export default function AccessReport({ params }: PageProps) {
  const { t, language } = usePeopleT();
  const { t: ct } = useConsoleT();
  const personId = params.id ?? '';
  const [report, setReport] = useState<Report | null>(null);
  const [catalogue, setCatalogue] = useState<CatalogueLesson[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    peopleApi.accessReport(personId).then(setReport, (err: unknown) => setError(ct(errorKey(err))));
    peopleApi.lessons().then(setCatalogue, () => setCatalogue([]));
  }, [personId, ct]);

  if (!report) {
    return (
      <main id="main" className="page people">
        <Status error={error} />
      </main>
    );
  }
  const { person } = report;
  const when = (iso: string) => new Date(iso).toLocaleString(language, { dateStyle: 'long', timeStyle: 'short' });
  const day = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString(language, { dateStyle: 'long' });
  const title = (id: string) => lessonTitle(catalogue, id, language);
  const none = <span className="muted">{t('access.none')}</span>;

  return (
    <main id="main" className="page people access-report" data-testid="access-report">
      <p className="back no-print">
        <a href={`#/people/${person.id}`}>← {person.firstName}</a>
      </p>
      <div className="access-head">
        <h1>{t('access.heading', { name: person.firstName })}</h1>
        <button type="button" className="primary no-print" onClick={() => window.print()} data-testid="access-print">
          {t('access.print')}
        </button>
      </div>
      <p>{t('access.intro', { date: when(report.generatedAt) })}</p>

      <Part title={t('access.identity')}>
        <dl className="facts">
          <Fact label={t('access.firstName')}>{person.firstName}</Fact>
          <Fact label={t('access.kind')}>{t(`kind.${person.kind}`)}</Fact>
          <Fact label={t('access.language')}>{t(`language.${person.language}`)}</Fact>
          {person.kind === 'beneficiary' && <Fact label={t('access.phone')}>{person.phone ? <span dir="ltr">{person.phone}</span> : none}</Fact>}
          <Fact label={t('access.helper')}>{person.helper?.firstName ?? none}</Fact>
          <Fact label={t('access.since')}>{when(person.createdAt)}</Fact>
          {person.kind === 'beneficiary' && <Fact label={t('access.loan')}>{person.loan ? `${person.loan.assetTag} · ${when(person.loan.since)}` : none}</Fact>}
          {person.kind === 'visitor' && <Fact label={t('access.card')}>{person.cardIssuedAt ? when(person.cardIssuedAt) : none}</Fact>}
        </dl>
      </Part>

      <Part title={t('access.consent')}>
        <p data-testid="access-consent">
          {t(`consent.${report.consent.state}`)}
          {report.consent.at ? ` — ${when(report.consent.at)}` : ''}
        </p>
      </Part>

      <Part title={t('path.heading')} count={report.path.length}>
        <ol>
          {report.path.map((p) => (
            <li key={p.lessonId}>
              {title(p.lessonId)} — {p.chosenBy ? t('path.chosenBy', { name: p.chosenBy.firstName }) : t('path.chosen')}, {when(p.chosenAt)}
            </li>
          ))}
        </ol>
      </Part>

      <Part title={t('goals.heading')} count={report.goals.length}>
        <ul>
          {report.goals.map((g) => (
            <li key={g.id}>
              {g.text ?? t('access.voice', { seconds: Math.round((g.voice?.durationMs ?? 0) / 1000) })} — {g.author?.firstName ?? ''} {when(g.createdAt)}
            </li>
          ))}
        </ul>
      </Part>

      <Part title={t('followup.heading')} count={report.followups.length}>
        <ul>
          {report.followups.map((f) => (
            <li key={f.id}>
              <strong>{t(`followup.kinds.${f.kind}`)}</strong>, {day(f.day)}, {t('followup.minutes', { count: f.durationMinutes })}: {f.done}
              {f.nextStep ? ` — ${t('followup.next', { step: f.nextStep })}` : ''}
              {f.nextDay ? ` — ${t('followup.nextOn', { date: day(f.nextDay) })}` : ''}
            </li>
          ))}
        </ul>
      </Part>

      <Part title={t('notes.heading')} count={report.notes.length}>
        <ul>
          {report.notes.map((n) => (
            <li key={n.id}>
              {n.text} — {n.author?.firstName ?? ''} {when(n.createdAt)}
            </li>
          ))}
        </ul>
      </Part>

      <Part title={t('progress.heading')} count={report.attempts.length}>
        <ul>
          {report.attempts.map((a) => (
            <li key={a.attemptId}>
              {title(a.lessonId)}: {a.finishedAt ? t('progress.done') : t('progress.steps', { done: a.stepsDone, count: a.stepCount })}, {when(a.startedAt)},{' '}
              {t('progress.minutes', { count: Math.max(1, Math.round(a.seconds / 60)) })}
            </li>
          ))}
        </ul>
      </Part>

      {person.kind === 'beneficiary' && (
        <Part title={t('help.heading')} count={report.help.length}>
          <ul>
            {report.help.map((r) => (
              <li key={r.id}>
                {when(r.receivedAt)} — {ct(`state.${r.state}`)}
                {r.context.lessonId ? ` — ${title(r.context.lessonId)}` : ''}
              </li>
            ))}
          </ul>
        </Part>
      )}
    </main>
  );
}

function Part({ title, count, children }: { title: string; count?: number; children: ReactNode }) {
  const { t } = usePeopleT();
  return (
    <section className="panel access-part">
      <h2>{title}</h2>
      {count === 0 ? <p className="muted">{t('access.none')}</p> : children}
    </section>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
