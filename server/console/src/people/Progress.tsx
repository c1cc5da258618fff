/**
 * The person's progress (sent by their machine only with their consent): a timeline week by week
 * (chart, with its values in the table beside it), each lesson tried, and the steps where they got
 * stuck. Updated live: the page reloads when the hub says the person changed.
 */
import { useId, useMemo } from 'react';
import type { AttemptView, CatalogueLesson } from '../../../../app/protocol/accompaniment.ts';
import { ChartView } from '../dashboards/Chart.tsx';
import '../dashboards/dashboards.css';
import { DataTable, When } from '../ui.tsx';
import { lessonTitle, localToday, stuckSteps, timelineWeeks } from './model.ts';
import { usePeopleT } from './t.ts';

export function Progress({ attempts, catalogue, consented }: { attempts: AttemptView[]; catalogue: CatalogueLesson[]; consented: boolean }) {
  const { t, language } = usePeopleT();
  const id = useId();
  const weeks = useMemo(() => timelineWeeks(attempts, localToday()), [attempts]);
  const labels = useMemo(
    () => weeks.map((w) => new Date(`${w.monday}T12:00:00Z`).toLocaleDateString(language, { day: 'numeric', month: 'short' })),
    [weeks, language],
  );
  const series = useMemo(
    () => [
      { label: t('progress.finished'), values: weeks.map((w) => w.finished) },
      { label: t('progress.unfinished'), values: weeks.map((w) => w.unfinished) },
    ],
    [weeks, t],
  );
  const stuck = stuckSteps(attempts);
  const title = (lessonId: string) => lessonTitle(catalogue, lessonId, language);
  const sorted = [...attempts].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));

  return (
    <section className="panel person-progress" aria-labelledby={`${id}-title`} data-testid="progress-panel">
      <h2 id={`${id}-title`}>{t('progress.heading')}</h2>
      {attempts.length === 0 ? (
        <p className="empty-line" data-testid="progress-empty">
          {consented ? t('progress.emptyConsented') : t('progress.emptyNoConsent')}
        </p>
      ) : (
        <>
          <ChartView kind="bar" label={t('progress.chartLabel')} labels={labels} series={series} testId="timeline-chart" />
          <DataTable testId="attempts-table" className="data" caption={t('progress.tableCaption')}
            columns={[t('progress.lesson'), t('progress.when'), t('progress.state'), t('progress.time'), t('progress.helpAsked')]}>
            {sorted.map((a) => (
              <tr key={a.attemptId} data-testid="attempt-row" data-lesson={a.lessonId} data-finished={a.finishedAt !== null}>
                <th scope="row">{title(a.lessonId)}</th>
                <td>
                  <When iso={a.finishedAt ?? a.updatedAt} />
                </td>
                <td>{a.finishedAt ? t('progress.done') : t('progress.steps', { done: a.stepsDone, count: a.stepCount })}</td>
                <td>{t('progress.minutes', { count: Math.max(1, Math.round(a.seconds / 60)) })}</td>
                <td>{a.helpRequests > 0 ? a.helpRequests : <span className="muted">—</span>}</td>
              </tr>
            ))}
          </DataTable>
          <h3>{t('progress.stuckHeading')}</h3>
          {stuck.length === 0 ? (
            <p className="empty-line" data-testid="stuck-none">
              {t('progress.stuckNone')}
            </p>
          ) : (
            <ul className="plain-list stuck" data-testid="stuck-steps">
              {stuck.map((s) => (
                <li key={`${s.attemptId}-${s.step}`} data-testid="stuck-step">
                  <strong>{t('progress.stuckStep', { lesson: title(s.lessonId), step: s.step })}</strong>{' '}
                  <span>
                    {[s.hand ? t('progress.neededHand') : null, s.help ? t('progress.calledHelp') : null, s.misses > 0 ? t('progress.misses', { count: s.misses }) : null]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>{' '}
                  <span className="muted small-text">
                    <When iso={s.at} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
