import { useState } from 'react';
import type { FleetMachine } from '../../../../app/protocol/reports.ts';
import { useConsoleT } from '../t.ts';
import { DataTable } from '../ui.tsx';
import { dashboardApi, downloadUrls } from './api.ts';
import { dateText, reasonLine, sinceText } from './format.ts';
import { VerdictBadge } from './Verdict.tsx';
import { useDashboard } from './useDashboard.tsx';
import './dashboards.css';

/** "Parc": every machine with its verdicts; the ones to repair; the silent ones. */
export function FleetPage({ onOpenMachine }: { onOpenMachine: (id: string) => void }) {
  const { t, i18n } = useConsoleT();
  const lang = i18n.language === 'en' ? 'en' : 'fr';
  const [silentDays, setSilentDays] = useState(14);
  const { data: fleet, notice } = useDashboard(() => dashboardApi.fleet(silentDays), [silentDays]);

  const byId = new Map(fleet?.machines.map((m) => [m.machineId, m]) ?? []);
  const link = (m: FleetMachine) => (
    <a
      href={`#/parc/${encodeURIComponent(m.machineId)}`}
      className="asset-link"
      aria-label={t('dashboards.fleet.historyLink', { assetTag: m.assetTag })}
      onClick={(e) => {
        e.preventDefault();
        onOpenMachine(m.machineId);
      }}
    >
      {m.assetTag}
    </a>
  );

  return (
    <main id="main" className="dashboard" data-testid="fleet-page">
      <div className="dashboard-head">
        <h1>{t('dashboards.fleet.heading')}</h1>
        <p className="muted">{t('dashboards.fleet.intro')}</p>
        <a className="button-link" href={downloadUrls.glpiZip} download data-testid="glpi-zip">
          {t('dashboards.fleet.glpiZip')}
        </a>
      </div>
      {notice}
      {fleet && (
        <>
          <div className="panels">
            <section className="panel" aria-labelledby="to-repair-title" data-testid="to-repair">
              <h2 id="to-repair-title">{t('dashboards.fleet.toRepair')}</h2>
              {fleet.toRepair.length === 0 ? (
                <p className="muted">{t('dashboards.fleet.toRepairEmpty')}</p>
              ) : (
                <ul className="plain-list">
                  {fleet.toRepair.map((id) => byId.get(id)!).map((m) => (
                    <li key={m.machineId}>
                      <div className="row-head">
                        {link(m)} <VerdictBadge verdict={m.verdict} />
                      </div>
                      <ul className="reasons">
                        {m.reasons.map((r, i) => (
                          <li key={i}>{reasonLine(t, r, lang)}</li>
                        ))}
                      </ul>
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="panel" aria-labelledby="silent-title" data-testid="silent">
              <h2 id="silent-title">{t('dashboards.fleet.silent', { count: fleet.silentAfterDays })}</h2>
              <label className="inline-field">
                {t('dashboards.fleet.silentLabel')}
                <input
                  type="number"
                  min={1}
                  max={365}
                  value={silentDays}
                  data-testid="silent-days"
                  onChange={(e) => {
                    const n = Number(e.target.value);
                    if (Number.isInteger(n) && n >= 1 && n <= 365) setSilentDays(n);
                  }}
                />
              </label>
              {fleet.silent.length === 0 ? (
                <p className="muted">{t('dashboards.fleet.silentEmpty')}</p>
              ) : (
                <ul className="plain-list">
                  {fleet.silent.map((id) => byId.get(id)!).map((m) => (
                    <li key={m.machineId} className="row-head">
                      {link(m)} <span className="muted">{sinceText(t, m.silentDays)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
          <section aria-labelledby="all-title">
            <h2 id="all-title">
              {t('dashboards.fleet.all')} <span className="count">{t('dashboards.fleet.count', { count: fleet.machines.length })}</span>
            </h2>
            <DataTable testId="fleet-table" className="data"
              columns={[t('dashboards.fleet.colMachine'), t('dashboards.fleet.colCohort'), t('dashboards.fleet.colVerdict'), t('dashboards.fleet.colParts'),
                t('dashboards.fleet.colLastSeen'), t('dashboards.fleet.colLastReport'), t('dashboards.fleet.colApp'), t('dashboards.fleet.colOs')]}>
              {fleet.machines.map((m) => (
                <tr key={m.machineId} data-asset-tag={m.assetTag}>
                  <th scope="row">{link(m)}</th>
                  <td>{m.cohort}</td>
                  <td>
                    <VerdictBadge verdict={m.verdict} />
                  </td>
                  <td>
                    <span className="parts">
                      {m.parts.map((p, i) => (
                        <VerdictBadge key={i} verdict={p.verdict} prefix={`${t(`dashboards.part.${p.part}`)} ${p.name}`} />
                      ))}
                    </span>
                  </td>
                  <td>{sinceText(t, m.silentDays)}</td>
                  <td>{dateText(m.lastReportAt, lang)}</td>
                  <td>{m.appVersion ?? '—'}</td>
                  <td>{m.osName ?? '—'}</td>
                </tr>
              ))}
            </DataTable>
          </section>
        </>
      )}
    </main>
  );
}
