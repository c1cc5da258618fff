/**
 * The help queue (issue 11): views "À prendre", "Les miennes", "Toutes" and "Résolues (7 jours)",
 * a search by asset tag or first name, filters by language and machine mode, one
 * row per request using the width. "C'est résolu" resolves at once (a live call ends with it), then
 * asks how it ended; the resolution can be undone for 10 s.
 */
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useConsoleT } from './t.ts';
import { useFeed } from './feed.tsx';
import { HelpCard } from './HelpCard.tsx';
import type { PageProps } from './routes.ts';
import { api, type HelpRequestView } from './api.ts';
import { errorKey } from './errors.ts';
import type { HelpOutcome } from '../../../app/help/outcome.ts';
import { inView, matchesFilters, NO_FILTERS, viewCounts, type QueueFilters, type QueueView } from './queue/filter.ts';
import { lessonPlace, useLessonCatalogue } from './queue/lessonCatalogue.ts';
import { QueueToolbar } from './queue/QueueToolbar.tsx';
import { ResolveDialog } from './queue/ResolveDialog.tsx';
import { ResolvedList } from './queue/ResolvedList.tsx';
import { UndoBar } from './queue/UndoBar.tsx';

/** Issue 12: the follow-ups due today and overdue, on the console's home (its own chunk). */
const DueFollowups = lazy(() => import('./people/DueFollowups.tsx'));

type Undo = { request: HelpRequestView; outcome: HelpOutcome | null; at: number };

export function Queue({ me }: PageProps) {
  const { t, i18n } = useConsoleT();
  const { queue, status, upsert, fresh, onDuty } = useFeed();
  const [now, setNow] = useState(() => Date.now());
  // Every open request by default (a helper sees who holds what); the other views narrow it.
  const [view, setView] = useState<QueueView>('all');
  const [filters, setFilters] = useState<QueueFilters>(NO_FILTERS);
  /** The request just resolved whose outcome the dialog asks for. */
  const [asking, setAsking] = useState<HelpRequestView | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const catalogue = useLessonCatalogue();

  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(tick);
  }, []);

  const who = (r: HelpRequestView) => r.beneficiary?.firstName ?? r.assetTag;
  const resolve = async (request: HelpRequestView) => {
    setBusy(true);
    setMessage(null);
    try {
      upsert(await api.act(request.id, 'resolve'));
      setUndo({ request, outcome: null, at: Date.now() });
      setAsking(request);
    } catch (err) {
      setMessage(t(errorKey(err)));
    } finally {
      setBusy(false);
    }
  };
  const sayOutcome = async (outcome: HelpOutcome) => {
    if (!asking) return;
    setBusy(true);
    try {
      await api.resolve(asking.id, outcome);
      setUndo((u) => (u && u.request.id === asking.id ? { ...u, outcome } : u));
    } catch (err) {
      setMessage(t(errorKey(err)));
    } finally {
      setAsking(null);
      setBusy(false);
    }
  };
  const undoResolution = async () => {
    if (!undo) return;
    setBusy(true);
    try {
      upsert(await api.act(undo.request.id, 'reopen'));
      setMessage(t('queue.reopened', { who: who(undo.request) }));
    } catch (err) {
      setMessage(t(errorKey(err)));
    } finally {
      setUndo(null);
      setAsking(null);
      setBusy(false);
    }
  };
  const expired = useCallback(() => setUndo(null), []);

  const counts = viewCounts(queue, me.id, filters);
  const shown = view === 'resolved' ? [] : queue.filter((r) => inView(r, view, me.id) && matchesFilters(r, filters));

  return (
    <main id="main" className="page queue">
      <div className="queue-head">
        <h1>{t('queue.heading')}</h1>
        <p className="count" aria-live="polite">
          {t('queue.count', { count: queue.length })}
        </p>
        <p className={`feed feed-${status}`} data-testid="feed-status" data-status={status}>
          <span className="dot" aria-hidden="true" />
          {t(`feed.${status}`)}
        </p>
        <section className="presence" aria-labelledby="presence-title" data-testid="presence">
          <h2 id="presence-title">{t('presence.heading')}</h2>
          {onDuty.length === 0 ? (
            <p className="muted" data-testid="presence-nobody">
              {t('presence.nobody')}
            </p>
          ) : (
            <ul>
              {onDuty.map((p) => (
                <li key={p.id} data-testid="presence-entry">
                  <span className="dot" aria-hidden="true" />
                  {p.id === me.id ? t('presence.you', { name: p.firstName }) : p.firstName}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      <Suspense fallback={null}>
        <DueFollowups />
      </Suspense>
      <QueueToolbar view={view} counts={counts} filters={filters} onView={setView} onFilters={setFilters} />
      {undo && (
        <UndoBar
          text={undo.outcome ? t('queue.undoLine', { who: who(undo.request), outcome: t(`outcome.${undo.outcome}`).toLowerCase() }) : t('queue.undoLineNoOutcome', { who: who(undo.request) })}
          resolvedAt={undo.at}
          busy={busy}
          onUndo={() => void undoResolution()}
          onExpired={expired}
        />
      )}
      {message && (
        <p className="queue-message" role="status" data-testid="queue-message">
          {message}
        </p>
      )}
      {view === 'resolved' ? (
        <ResolvedList filters={filters} refreshKey={undo?.at ?? 0} />
      ) : queue.length === 0 ? (
        <p className="empty">{t('queue.empty')}</p>
      ) : shown.length === 0 ? (
        <p className="empty" data-testid="queue-no-match">
          {t('queue.noMatch')}
        </p>
      ) : (
        <ul className="cards">
          {shown.map((r) => (
            <HelpCard
              key={r.id}
              request={r}
              me={me}
              now={now}
              fresh={r.id in fresh}
              lesson={r.context.lessonId && catalogue ? lessonPlace(catalogue.get(r.context.lessonId), r.context.stepIndex, i18n.language) : null}
              onChanged={upsert}
              onResolve={(request) => void resolve(request)}
            />
          ))}
        </ul>
      )}
      {asking && (
        <ResolveDialog who={who(asking)} busy={busy} onChoose={(o) => void sayOutcome(o)} onClose={() => setAsking(null)}>
          {undo && <UndoBar text={t('outcome.undoHint')} resolvedAt={undo.at} busy={busy} onUndo={() => void undoResolution()} onExpired={expired} />}
        </ResolveDialog>
      )}
    </main>
  );
}
