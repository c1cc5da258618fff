/**
 * The live feed for the whole console, whatever page is open: a helper on the loan register still
 * hears the chime and sees the count in the navigation when someone presses Help.
 */
import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { HelpRequestView } from './api.ts';
import { chime } from './chime.ts';
import { notify } from './notify.ts';
import { useConsoleT } from './t.ts';
import { useConsoleFeed } from './useConsoleFeed.ts';
import { consoleCall } from './call/consoleCall.ts';

const FRESH_MS = 8000;

type Feed = ReturnType<typeof useConsoleFeed> & {
  /** Requests that just arrived or escalated: flashed for a few seconds. */
  fresh: Record<string, number>;
  announce: string;
};

const FeedContext = createContext<Feed | null>(null);

export function useFeed(): Feed {
  const feed = useContext(FeedContext);
  if (!feed) throw new Error('useFeed outside FeedProvider');
  return feed;
}

export function FeedProvider({ onSignedOut, children }: { onSignedOut(): void; children: ReactNode }) {
  const { t } = useConsoleT();
  const [fresh, setFresh] = useState<Record<string, number>>({});
  const [announce, setAnnounce] = useState('');
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);

  const flash = (request: HelpRequestView) => {
    setFresh((f) => ({ ...f, [request.id]: Date.now() }));
    timers.current.push(
      setTimeout(() => {
        setFresh((f) => {
          const { [request.id]: _gone, ...rest } = f;
          return rest;
        });
      }, FRESH_MS),
    );
  };

  const feed = useConsoleFeed({
    onNew(request) {
      chime();
      const who = request.beneficiary?.firstName ?? request.assetTag;
      setAnnounce(t('queue.announceNew', { assetTag: who }));
      notify(t('notify.newTitle'), t('notify.newBody', { who }), request.id);
      flash(request);
    },
    onEscalated(request) {
      chime(true);
      const who = request.beneficiary?.firstName ?? request.assetTag;
      setAnnounce(t('queue.announceEscalated', { assetTag: who }));
      notify(t('notify.escalatedTitle'), t('notify.escalatedBody', { who }), `${request.id}-escalated`);
      flash(request);
    },
    onSignedOut,
    onCallEvent: (event) => consoleCall.handle(event),
    onDisconnected: () => consoleCall.feedLost(),
  });
  consoleCall.connect(feed.send);

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach(clearTimeout);
  }, []);

  return <FeedContext.Provider value={{ ...feed, fresh, announce }}>{children}</FeedContext.Provider>;
}
