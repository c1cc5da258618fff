/** "Résolues (7 jours)": what was resolved lately, newest first, with how (the same search and filters apply). */
import { useEffect, useState } from 'react';
import { api, type HelpRequestView } from '../api.ts';
import { useConsoleT } from '../t.ts';
import { DataTable } from '../ui.tsx';
import { languageOf, matchesFilters, type QueueFilters } from './filter.ts';

export function ResolvedList({ filters, refreshKey }: { filters: QueueFilters; refreshKey: number }) {
  const { t, i18n } = useConsoleT();
  const [list, setList] = useState<HelpRequestView[] | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    setFailed(false);
    api.resolved().then(
      (l) => live && setList(l),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [refreshKey]);
  if (failed)
    return (
      <p className="error" role="alert">
        {t('queue.loadFailed')}
      </p>
    );
  if (!list) return <p className="loading">{t('app.loading')}</p>;
  const shown = list.filter((r) => matchesFilters(r, filters));
  if (shown.length === 0) return <p className="empty">{t('queue.resolvedEmpty')}</p>;
  return (
    <DataTable testId="resolved-list" className="resolved" framed={false}
      columns={[t('queue.resolvedAt'), t('card.machine'), t('queue.language'), t('queue.resolvedBy'), t('queue.outcome')]}>
      {shown.map((r) => (
        <tr key={r.id} data-testid="resolved-row">
          <td>{r.resolution ? new Date(r.resolution.at).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'short' }) : ''}</td>
          <td>
            {r.beneficiary ? <strong>{r.beneficiary.firstName}</strong> : null} <a href={`#/machines/${r.machineId}/history`}>{r.assetTag}</a>
          </td>
          <td>{t(`languageName.${languageOf(r)}`)}</td>
          <td>{r.claimedBy?.firstName ?? ''}</td>
          <td data-testid="resolved-outcome">{r.resolution?.outcome ? t(`outcome.${r.resolution.outcome}`) : '—'}</td>
        </tr>
      ))}
    </DataTable>
  );
}
