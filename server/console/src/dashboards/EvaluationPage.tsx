import { useMemo, useState } from 'react';
import { addDays, isoWeekMonday } from '../../../../app/usage/aggregate.ts';
import { ALL_COHORTS } from '../../../../app/usage/evaluation.ts';
import { useConsoleT } from '../t.ts';
import { DataTable, Options } from '../ui.tsx';
import { dashboardApi, downloadUrls } from './api.ts';
import { ChartView } from './Chart.tsx';
import { dateText } from './format.ts';
import { useDashboard } from './useDashboard.tsx';
import './dashboards.css';

type FigureView = { value: number | null; suppressed: boolean };

/** "Évaluation": lessons and help per week and cohort, small numbers withheld by the hub. */
export function EvaluationPage() {
  const { t, i18n } = useConsoleT();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const today = new Date().toISOString().slice(0, 10);
  const [period, setPeriod] = useState({ from: addDays(today, -12 * 7), to: today });
  const [draft, setDraft] = useState(period);
  const [cohort, setCohort] = useState(ALL_COHORTS);
  const { data: view, notice } = useDashboard(() => dashboardApi.evaluation(period.from, period.to), [period]);

  const k = view?.minMachines ?? 5;
  const weeks = useMemo(() => view?.weeks.filter((w) => w.cohort === cohort) ?? [], [view, cohort]);
  const lessons = useMemo(() => view?.lessons.filter((l) => l.cohort === cohort) ?? [], [view, cohort]);
  const months = useMemo(() => view?.months.filter((m) => m.cohort === cohort) ?? [], [view, cohort]);
  const monthName = (month: string) => new Date(`${month}-15T12:00:00Z`).toLocaleDateString(lang, { month: 'long', year: 'numeric' });
  const labels = useMemo(() => weeks.map((w) => t('dashboards.evaluation.weekOf', { date: dateText(isoWeekMonday(w.week), lang) })), [weeks, t, lang]);
  const lessonSeries = useMemo(
    () => [
      { label: t('dashboards.evaluation.started'), values: weeks.map((w) => w.lessonsStarted.value) },
      { label: t('dashboards.evaluation.completed'), values: weeks.map((w) => w.lessonsCompleted.value) },
    ],
    [weeks, t],
  );
  const helpSeries = useMemo(() => [{ label: t('dashboards.evaluation.help'), values: weeks.map((w) => w.helpRequests.value) }], [weeks, t]);

  const cell = (f: FigureView) =>
    f.suppressed ? (
      <abbr className="suppressed" title={t('dashboards.evaluation.suppressedTitle', { k })} aria-label={t('dashboards.evaluation.suppressedTitle', { k })}>
        {t('dashboards.evaluation.suppressed')}
      </abbr>
    ) : (
      f.value
    );

  return (
    <main id="main" className="dashboard" data-testid="evaluation-page">
      <div className="dashboard-head">
        <h1>{t('dashboards.evaluation.heading')}</h1>
        <p className="muted">{t('dashboards.evaluation.intro')}</p>
      </div>
      <p className="note" data-testid="k-note">
        {t('dashboards.evaluation.kNote', { k })}
      </p>
      <form
        className="filters"
        onSubmit={(e) => {
          e.preventDefault();
          if (draft.from && draft.to && draft.from <= draft.to) setPeriod(draft);
        }}
      >
        <label>
          {t('dashboards.evaluation.from')}
          <input type="date" value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="from" />
        </label>
        <label>
          {t('dashboards.evaluation.to')}
          <input type="date" value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="to" />
        </label>
        <button type="submit" className="secondary">
          {t('dashboards.evaluation.apply')}
        </button>
        <label>
          {t('dashboards.evaluation.cohort')}
          <select value={cohort} onChange={(e) => setCohort(e.target.value)} data-testid="cohort">
            <option value={ALL_COHORTS}>{t('dashboards.evaluation.allCohorts')}</option>
            <Options values={view?.cohorts} label={(c) => c} />
          </select>
        </label>
        <a className="button-link" href={downloadUrls.evaluationCsv(period.from, period.to, lang)} download data-testid="csv">
          {t('dashboards.evaluation.csv')}
        </a>
      </form>
      {notice}
      {view && weeks.length === 0 && <p className="empty">{t('dashboards.evaluation.empty')}</p>}
      {view && weeks.length > 0 && (
        <>
          <div className="charts">
            <section className="panel" aria-labelledby="lessons-chart-title">
              <h2 id="lessons-chart-title">{t('dashboards.evaluation.chartLessons')}</h2>
              <ChartView kind="bar" label={t('dashboards.evaluation.chartLessons')} labels={labels} series={lessonSeries} testId="chart-lessons" />
            </section>
            <section className="panel" aria-labelledby="help-chart-title">
              <h2 id="help-chart-title">{t('dashboards.evaluation.chartHelp')}</h2>
              <ChartView kind="line" label={t('dashboards.evaluation.chartHelp')} labels={labels} series={helpSeries} testId="chart-help" />
            </section>
          </div>
          <p className="muted">{t('dashboards.evaluation.chartGaps')}</p>
          <section aria-labelledby="weeks-title">
            <h2 id="weeks-title">{t('dashboards.evaluation.weeksHeading')}</h2>
            <DataTable testId="weeks-table" className="data"
              columns={[t('dashboards.evaluation.week'), t('dashboards.evaluation.machines'), t('dashboards.evaluation.started'), t('dashboards.evaluation.completed'),
                t('dashboards.evaluation.help')]}>
              {weeks.map((w, i) => (
                <tr key={w.week}>
                  <th scope="row">{labels[i]}</th>
                  <td>{cell(w.machinesAtLeast)}</td>
                  <td>{cell(w.lessonsStarted)}</td>
                  <td>{cell(w.lessonsCompleted)}</td>
                  <td>{cell(w.helpRequests)}</td>
                </tr>
              ))}
            </DataTable>
          </section>
          {months.length > 0 && (
            <section aria-labelledby="months-title">
              <h2 id="months-title">{t('dashboards.evaluation.monthsHeading')}</h2>
              <p className="muted">{t('dashboards.evaluation.monthsNote')}</p>
              <DataTable testId="months-table" className="data" columns={[t('dashboards.evaluation.month'), t('dashboards.evaluation.completed')]}>
                {months.map((m) => (
                  <tr key={m.month} data-testid="month-row" data-month={m.month}>
                    <th scope="row">{monthName(m.month)}</th>
                    <td>{cell(m.lessonsCompleted)}</td>
                  </tr>
                ))}
              </DataTable>
            </section>
          )}
          {lessons.length > 0 && (
            <section aria-labelledby="lessons-title">
              <h2 id="lessons-title">{t('dashboards.evaluation.lessonsHeading')}</h2>
              <DataTable testId="lessons-table" className="data"
                columns={[t('dashboards.evaluation.lesson'), t('dashboards.evaluation.started'), t('dashboards.evaluation.completed')]}>
                {lessons.map((l) => (
                  <tr key={l.lessonId}>
                    <th scope="row">{l.lessonId}</th>
                    <td>{cell(l.started)}</td>
                    <td>{cell(l.completed)}</td>
                  </tr>
                ))}
              </DataTable>
            </section>
          )}
        </>
      )}
    </main>
  );
}
