import { useEffect, useState } from 'react';
import { api, type HelpRequestView } from '../api.ts';
import { errorKey } from '../errors.ts';
import { currentPath } from '../router.ts';
import type { PageProps } from '../routes.ts';
import { screenLabel, useConsoleT } from '../t.ts';
import { DataTable, Status, When } from '../ui.tsx';

/** Every help request of one machine or one beneficiary, newest first, until the purge removes them. */
export default function History({ params }: PageProps) {
  const { t } = useConsoleT();
  const kind = currentPath().startsWith('machines/') ? 'machine' : 'beneficiary';
  const [title, setTitle] = useState<string | null>(null);
  const [subtitle, setSubtitle] = useState<string | null>(null);
  const [requests, setRequests] = useState<HelpRequestView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = params.id ?? '';

  useEffect(() => {
    setRequests(null);
    setError(null);
    const fail = (err: unknown) => setError(t(errorKey(err)));
    if (kind === 'machine') {
      api.machineHistory(id).then((h) => {
        setTitle(t('history.machine', { assetTag: h.machine.assetTag }));
        setSubtitle(h.machine.loan ? t('history.loanedTo', { name: h.machine.loan.firstName }) : null);
        setRequests(h.requests);
      }, fail);
    } else {
      api.beneficiaryHistory(id).then((h) => {
        setTitle(t('history.beneficiary', { name: h.beneficiary.firstName }));
        setSubtitle(`${h.beneficiary.phone}${h.beneficiary.loan ? ` · ${h.beneficiary.loan.assetTag}` : ''}`);
        setRequests(h.requests);
      }, fail);
    }
  }, [kind, id]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <main id="main" className="page">
      <p>
        <a href="#/queue">{t('history.back')}</a>
      </p>
      <h1>{title ?? t('history.heading')}</h1>
      {subtitle && <p className="muted">{subtitle}</p>}
      <Status error={error} />
      {requests && requests.length === 0 && <p className="empty">{t('history.empty')}</p>}
      {requests && requests.length > 0 && (
        <DataTable testId="history-table" caption={title ?? undefined} columns={[t('history.when'), t('history.state'), t('history.who'), t('history.where'), t('history.notes')]}>
          {requests.map((r) => (
            <tr key={r.id} data-testid="history-row" data-state={r.state}>
              <th scope="row">
                <When iso={r.receivedAt} />
              </th>
              <td>{t(`state.${r.state}`)}</td>
              <td>{r.claimedBy?.firstName ?? <span className="muted">—</span>}</td>
              <td>
                {screenLabel(t, r.context.screen)}
                {r.context.lessonId ? ` · ${r.context.lessonId}` : ''}
                {kind === 'beneficiary' ? ` · ${r.assetTag}` : r.beneficiary ? ` · ${r.beneficiary.firstName}` : ''}
              </td>
              <td>{r.noteCount > 0 ? r.noteCount : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </main>
  );
}
