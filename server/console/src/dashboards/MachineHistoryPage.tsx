import { useMemo } from 'react';
import { useConsoleT } from '../t.ts';
import { DataTable } from '../ui.tsx';
import { dashboardApi, downloadUrls } from './api.ts';
import { ChartView } from './Chart.tsx';
import { dateText, gigabytes, reasonLine } from './format.ts';
import { VerdictBadge } from './Verdict.tsx';
import { useDashboard } from './useDashboard.tsx';
import './dashboards.css';

/** One machine's health over time: battery health, free space, temperature. */
export function MachineHistoryPage({ machineId, onBack }: { machineId: string; onBack: () => void }) {
  const { t, i18n } = useConsoleT();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const { data: history, notice } = useDashboard(() => dashboardApi.history(machineId), [machineId]);

  const charts = useMemo(() => {
    if (!history) return null;
    const p = history.points;
    return {
      labels: p.map((x) => dateText(x.takenAt, lang)),
      battery: [{ label: t('dashboards.history.battery'), values: p.map((x) => x.batteryHealthPercent) }],
      disk: [
        { label: t('dashboards.history.diskRoot'), values: p.map((x) => gigabytes(x.rootFreeBytes)) },
        ...(p.some((x) => x.homeFreeBytes !== null) ? [{ label: t('dashboards.history.diskHome'), values: p.map((x) => gigabytes(x.homeFreeBytes)) }] : []),
      ],
      temperature: [{ label: t('dashboards.history.temperature'), values: p.map((x) => x.maxTemperatureC) }],
    };
  }, [history, lang, t]);

  const m = history?.machine;
  return (
    <main id="main" className="dashboard" data-testid="history-page">
      <p>
        <a
          href="#/parc"
          onClick={(e) => {
            e.preventDefault();
            onBack();
          }}
        >
          ← {t('dashboards.history.back')}
        </a>
      </p>
      {notice}
      {m && history && charts && (
        <>
          <div className="dashboard-head">
            <h1>{t('dashboards.history.heading', { assetTag: m.assetTag })}</h1>
            <VerdictBadge verdict={m.verdict} />
            {m.lastReportAt && (
              <a className="button-link" href={downloadUrls.glpiMachine(m.machineId)} download>
                {t('dashboards.history.glpi')}
              </a>
            )}
          </div>
          {m.reasons.length > 0 && (
            <section className="panel" aria-labelledby="why-title">
              <h2 id="why-title">{t('dashboards.history.reasons')}</h2>
              <ul className="reasons">
                {m.reasons.map((r, i) => (
                  <li key={i}>{reasonLine(t, r, lang)}</li>
                ))}
              </ul>
            </section>
          )}
          {history.points.length === 0 ? (
            <p className="empty">{t('dashboards.history.empty')}</p>
          ) : (
            <>
              <div className="charts">
                <section className="panel" aria-labelledby="battery-title">
                  <h2 id="battery-title">{t('dashboards.history.battery')}</h2>
                  <ChartView kind="line" label={t('dashboards.history.battery')} labels={charts.labels} series={charts.battery} yMax={100} testId="chart-battery" />
                </section>
                <section className="panel" aria-labelledby="disk-title">
                  <h2 id="disk-title">{t('dashboards.history.disk')}</h2>
                  <ChartView kind="line" label={t('dashboards.history.disk')} labels={charts.labels} series={charts.disk} testId="chart-disk" />
                </section>
                <section className="panel" aria-labelledby="temp-title">
                  <h2 id="temp-title">{t('dashboards.history.temperature')}</h2>
                  <ChartView kind="line" label={t('dashboards.history.temperature')} labels={charts.labels} series={charts.temperature} testId="chart-temperature" />
                </section>
              </div>
              <details className="values">
                <summary>{t('dashboards.history.values')}</summary>
                <DataTable className="data"
                  columns={[t('dashboards.history.colDate'), t('dashboards.history.colVerdict'), t('dashboards.history.battery'), t('dashboards.history.diskRoot'),
                    t('dashboards.history.diskHome'), t('dashboards.history.temperature')]}>
                  {history.points.map((p) => (
                    <tr key={p.takenAt}>
                      <th scope="row">{dateText(p.takenAt, lang)}</th>
                      <td>
                        <VerdictBadge verdict={p.verdict} />
                      </td>
                      <td>{p.batteryHealthPercent ?? '—'}</td>
                      <td>{gigabytes(p.rootFreeBytes) ?? '—'}</td>
                      <td>{gigabytes(p.homeFreeBytes) ?? '—'}</td>
                      <td>{p.maxTemperatureC ?? '—'}</td>
                    </tr>
                  ))}
                </DataTable>
              </details>
            </>
          )}
        </>
      )}
    </main>
  );
}
