import { lazy, Suspense, useEffect, useState } from 'react';
import { useConsoleT } from './t.ts';
import { useFeed } from './feed.tsx';
import { HelpCard } from './HelpCard.tsx';
import type { PageProps } from './routes.ts';

/** Issue 12: the follow-ups due today and overdue, on the console's home (its own chunk). */
const DueFollowups = lazy(() => import('./people/DueFollowups.tsx'));

export function Queue({ me }: PageProps) {
  const { t } = useConsoleT();
  const { queue, status, upsert, fresh, onDuty } = useFeed();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(tick);
  }, []);

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
      </div>
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
      <Suspense fallback={null}>
        <DueFollowups />
      </Suspense>
      {queue.length === 0 ? (
        <p className="empty">{t('queue.empty')}</p>
      ) : (
        <ul className="cards">
          {queue.map((r) => (
            <HelpCard key={r.id} request={r} me={me} now={now} fresh={r.id in fresh} onChanged={upsert} />
          ))}
        </ul>
      )}
    </main>
  );
}
