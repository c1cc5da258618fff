import { useEffect, useRef, useState } from 'react';
import { useConsoleT } from './t.ts';
import type { HelpRequestView, Me } from './api.ts';
import { chime } from './chime.ts';
import { HelpCard } from './HelpCard.tsx';
import { useConsoleFeed } from './useConsoleFeed.ts';

const FRESH_MS = 8000;

export function Queue({ me, onSignedOut }: { me: Me; onSignedOut(): void }) {
  const { t } = useConsoleT();
  const [fresh, setFresh] = useState<Record<string, number>>({});
  const [announce, setAnnounce] = useState('');
  const [now, setNow] = useState(() => Date.now());
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);

  const { queue, status, upsert } = useConsoleFeed({
    onNew(request: HelpRequestView) {
      chime();
      setAnnounce(t('queue.announceNew', { assetTag: request.assetTag }));
      setFresh((f) => ({ ...f, [request.id]: Date.now() }));
      timers.current.push(
        setTimeout(() => {
          setFresh((f) => {
            const { [request.id]: _gone, ...rest } = f;
            return rest;
          });
        }, FRESH_MS),
      );
    },
    onSignedOut,
  });

  useEffect(() => {
    const tick = setInterval(() => setNow(Date.now()), 15_000);
    const pending = timers.current;
    return () => {
      clearInterval(tick);
      pending.forEach(clearTimeout);
    };
  }, []);

  return (
    <main id="main" className="queue">
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
      <p className="visually-hidden" aria-live="assertive">
        {announce}
      </p>
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
