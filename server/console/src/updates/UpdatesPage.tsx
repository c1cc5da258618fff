import { useEffect, useState } from 'react';
import type { MachineUpdatesView, ReleaseView, RolloutView, UpdatesView } from '../../../../app/protocol/updates.ts';
import { errorKey } from '../errors.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT } from '../t.ts';
import { DataTable, Status, When } from '../ui.tsx';
import { updatesApi } from './api.ts';
import { machineOutcome, rolloutProgress, type MachineOutcome } from './model.ts';
import { useUpdatesT } from './t.ts';
import './updates.css';

/**
 * "Mises à jour": the release the hub offers, its rollout (paused or running, and who changed it),
 * where the machines stand, the ones that failed and why, and each machine's versions and last results.
 */
export default function UpdatesPage(_props: PageProps) {
  const { t } = useUpdatesT();
  const console = useConsoleT();
  const [view, setView] = useState<UpdatesView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void updatesApi.updates().then(setView, (err: unknown) => setError(console.t(errorKey(err))));
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <main id="main" className="page updates-page">
      <h1>{t('updates.heading')}</h1>
      <p className="muted">{t('updates.intro')}</p>
      <Status error={error} testId="updates" />
      {view && (
        <>
          <div className="updates-top">
            <Release release={view.release} />
            <Rollout rollout={view.rollout} hasRelease={view.release !== null} onChanged={(rollout) => setView({ ...view, rollout })} />
          </div>
          <Progress view={view} />
          <MachinesTable view={view} />
        </>
      )}
    </main>
  );
}

function Release({ release }: { release: ReleaseView | null }) {
  const { t } = useUpdatesT();
  return (
    <section className="panel" aria-labelledby="release-title" data-testid="release">
      <h2 id="release-title">{t('updates.release.title')}</h2>
      {!release ? (
        <p className="muted">{t('updates.release.none')}</p>
      ) : (
        <>
          <p className="release-version" data-testid="release-version">
            {t('updates.release.version', { version: release.version })}
          </p>
          {release.signedAt && (
            <p className="muted">
              {t('updates.release.signedAt')} <bdi><When iso={release.signedAt} /></bdi>
            </p>
          )}
          <p className={release.signed ? '' : 'warning'} data-testid="release-signed" data-signed={release.signed}>
            {release.signed ? t('updates.release.signed') : t('updates.release.unsigned')}
          </p>
          <p>{release.stagingPercentage !== null && release.stagingPercentage < 100 ? t('updates.release.staged', { percent: release.stagingPercentage }) : t('updates.release.all')}</p>
        </>
      )}
    </section>
  );
}

function Rollout({ rollout, hasRelease, onChanged }: { rollout: RolloutView; hasRelease: boolean; onChanged(rollout: RolloutView): void }) {
  const { t } = useUpdatesT();
  const console = useConsoleT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const change = async (paused: boolean) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      onChanged(await updatesApi.setRolloutPaused(paused));
      setDone(paused ? t('updates.rollout.pausedDone') : t('updates.rollout.resumedDone'));
    } catch (err) {
      setError(console.t(errorKey(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel" aria-labelledby="rollout-title" data-testid="rollout" data-paused={rollout.paused}>
      <h2 id="rollout-title">{t('updates.rollout.title')}</h2>
      <p className={rollout.paused ? 'warning' : 'rollout-running'} data-testid="rollout-state">
        {rollout.paused ? t('updates.rollout.paused') : t('updates.rollout.running')}
      </p>
      {rollout.changedAt && (
        <p className="muted">
          {t('updates.rollout.changed')} <bdi><When iso={rollout.changedAt} /></bdi> {rollout.changedBy ? <bdi>{t('updates.rollout.by', { name: rollout.changedBy })}</bdi> : null}
        </p>
      )}
      {rollout.canChange ? (
        (hasRelease || rollout.paused) && (
          <button
            type="button"
            className={rollout.paused ? 'primary' : 'secondary danger'}
            disabled={busy}
            onClick={() => void change(!rollout.paused)}
            data-testid={rollout.paused ? 'rollout-resume' : 'rollout-pause'}
          >
            {rollout.paused ? t('updates.rollout.resume') : t('updates.rollout.pause')}
          </button>
        )
      ) : (
        <p className="hint" data-testid="rollout-not-allowed">
          {t('updates.rollout.notAllowed')}
        </p>
      )}
      <Status error={error} done={done} testId="rollout" />
    </section>
  );
}

const OUTCOMES: MachineOutcome[] = ['current', 'waiting', 'problem', 'unknown'];

function Progress({ view }: { view: UpdatesView }) {
  const { t } = useUpdatesT();
  const progress = rolloutProgress(view);
  return (
    <section className="panel" aria-labelledby="progress-title" data-testid="progress">
      <h2 id="progress-title">{t('updates.progress.title')}</h2>
      {view.release && progress.total > 0 && (
        <div className="progress-line">
          <label htmlFor="rollout-progress">{t('updates.progress.label')}</label>
          <progress id="rollout-progress" max={progress.total} value={progress.current} />
          <span dir="ltr">
            {progress.current} / {progress.total}
          </span>
        </div>
      )}
      <dl className="outcome-counts">
        {OUTCOMES.map((outcome) => (
          <div key={outcome} className={`outcome outcome-${outcome}`} data-testid={`count-${outcome}`} data-count={progress[outcome]}>
            <dt>{t(`updates.progress.${outcome}`)}</dt>
            <dd>{progress[outcome]}</dd>
          </div>
        ))}
      </dl>
      <h3>{t('updates.problems.title')}</h3>
      {progress.problems.length === 0 ? (
        <p className="muted">{t('updates.problems.none')}</p>
      ) : (
        <ul className="problems" data-testid="problems">
          {progress.problems.map((m) => (
            <li key={m.machineId} data-testid="problem" data-asset-tag={m.assetTag} data-reason={m.updater?.reason}>
              <a href={`#/machines/${m.machineId}/history`}>{m.assetTag}</a> — {m.updater ? t(`updates.reason.${m.updater.reason}`) : null}{' '}
              <span className="muted">
                (<bdi><When iso={m.updater?.at ?? null} /></bdi>)
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MachinesTable({ view }: { view: UpdatesView }) {
  const { t } = useUpdatesT();
  const offered = view.release?.version ?? null;
  return (
    <DataTable testId="updates-table" caption={t('updates.table.caption')} captionShown
      columns={[t('updates.table.machine'), t('updates.table.app'), t('updates.table.updater'), t('updates.table.lessons'), t('updates.table.lessonFeed'),
        t('updates.table.seen')]}>
      {view.machines.length === 0 && (
        <tr>
          <td colSpan={6} className="muted">
            {t('updates.table.empty')}
          </td>
        </tr>
      )}
      {view.machines.map((m) => (
        <MachineRow key={m.machineId} machine={m} outcome={machineOutcome(m, offered)} />
      ))}
    </DataTable>
  );
}

function MachineRow({ machine: m, outcome }: { machine: MachineUpdatesView; outcome: MachineOutcome }) {
  const { t } = useUpdatesT();
  return (
    <tr data-testid="update-row" data-asset-tag={m.assetTag} data-outcome={outcome}>
      <th scope="row">
        <a href={`#/machines/${m.machineId}/history`}>{m.assetTag}</a>
      </th>
      <td dir="ltr" className="version">
        {m.appVersion ?? '—'}
      </td>
      <td>
        {m.updater ? (
          <>
            <strong className={`result result-${outcome}`}>{t(`updates.result.${m.updater.result}`)}</strong> · <bdi><When iso={m.updater.at} /></bdi>
            <br />
            <span data-testid="updater-reason">{t(`updates.reason.${m.updater.reason}`)}</span>
          </>
        ) : (
          <span className="muted">{t('updates.result.none')}</span>
        )}
      </td>
      <td>
        {m.statusAt === null ? (
          <span className="muted">{t('updates.lessonsState.none')}</span>
        ) : m.lessonsBehind > 0 ? (
          t('updates.lessonsState.behind', { behind: m.lessonsBehind, count: m.lessonCount })
        ) : (
          t('updates.lessonsState.upToDate', { count: m.lessonCount })
        )}
      </td>
      <td>
        {m.lessonFeed ? (
          <>
            {t(`updates.feed.${m.lessonFeed.index}`)} · <bdi><When iso={m.lessonFeed.at} /></bdi>
            {m.lessonFeed.refused.length > 0 && (
              <>
                <br />
                <span className="warning-text">{t('updates.feed.packsRefused', { ids: m.lessonFeed.refused.map((r) => `${r.id} v${r.version}`).join(', ') })}</span>
              </>
            )}
          </>
        ) : (
          <span className="muted">{t('updates.feed.none')}</span>
        )}
      </td>
      <td>
        <bdi><When iso={m.lastSeen} /></bdi>
      </td>
    </tr>
  );
}
