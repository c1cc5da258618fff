import { useEffect, useMemo, useState } from 'react';
import type { MachineHistory } from '../../../../app/protocol/reports.ts';
import { useConsoleT } from '../t.ts';
import { ApiFailure } from '../api.ts';
import { dashboardApi, downloadUrls } from './api.ts';
import { ChartView } from './Chart.tsx';
import { dateText, gigabytes, reasonLine } from './format.ts';
import { VerdictBadge } from './Verdict.tsx';
import './dashboards.css';

/** One machine's health over time: battery health, free space, temperature. */
export function MachineHistoryPage({ machineId, onBack }: { machineId: string; onBack: () => void }) {
  const { t, i18n } = useConsoleT();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const [history, setHistory] = useState<MachineHistory | null>(null);
  const [error, setError] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    dashboardApi.history(machineId).then(
      (h) => live && setHistory(h),
      (e: unknown) => live && setError(e instanceof ApiFailure ? e.status : 0),
    );
    return () => {
      live = false;
    };
  }, [machineId]);

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
      {error !== null && <p className="error" role="alert">{t(error === 403 ? 'dashboards.forbidden' : 'dashboards.error')}</p>}
      {!history && error === null && <p className="loading">{t('dashboards.loading')}</p>}
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
                <div className="table-wrap">
                  <table className="data">
                    <thead>
                      <tr>
                        <th scope="col">{t('dashboards.history.colDate')}</th>
                        <th scope="col">{t('dashboards.history.colVerdict')}</th>
                        <th scope="col">{t('dashboards.history.battery')}</th>
                        <th scope="col">{t('dashboards.history.diskRoot')}</th>
                        <th scope="col">{t('dashboards.history.diskHome')}</th>
                        <th scope="col">{t('dashboards.history.temperature')}</th>
                      </tr>
                    </thead>
                    <tbody>
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
                    </tbody>
                  </table>
                </div>
              </details>
            </>
          )}
        </>
      )}
    </main>
  );
}
