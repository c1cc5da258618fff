/**
 * The live feed: hello replaces the queue, help.upsert inserts, updates or drops (closed) requests,
 * presence says who is on duty. It reconnects with backoff and says when the session has ended.
 */
import { notifyPersonChanged } from './people/personEvents.ts';
import { useEffect, useRef, useState } from 'react';
import { isOpenHelpState } from '../../../app/help/states.ts';
import { applyHello, applyUpsert, isUnheld, type Versions } from './queue/apply.ts';
import { ConsoleEvent } from '../../../app/protocol/hub.ts';
import { ConsoleCallEvent, type ConsoleCallMessage } from '../../../app/protocol/call.ts';
import { ApiFailure, api, feedUrl, type HelpRequestView, type PresenceEntry } from './api.ts';

export type FeedStatus = 'connecting' | 'live' | 'offline';

export interface FeedCallbacks {
  onNew(request: HelpRequestView): void;
  onEscalated(request: HelpRequestView): void;
  onSignedOut(): void;
  /** Live-call signalling (issue 11) rides on this feed. */
  onCallEvent?(event: ConsoleCallEvent): void;
  /** The feed dropped: a call in progress is over on the hub's side. */
  onDisconnected?(): void;
}

export function useConsoleFeed(opts: FeedCallbacks) {
  const [queue, setQueue] = useState<HelpRequestView[]>([]);
  const [onDuty, setOnDuty] = useState<PresenceEntry[]>([]);
  const [status, setStatus] = useState<FeedStatus>('connecting');
  const callbacks = useRef(opts);
  const socketRef = useRef<WebSocket | null>(null);
  const versions = useRef<Versions>(new Map());
  useEffect(() => {
    callbacks.current = opts;
  });

  useEffect(() => {
    let stopped = false;
    let socket: WebSocket | null = null;
    let retry = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const known = new Set<string>();
    const escalated = new Set<string>();
    let helloReceived = false;

    const noteEscalation = (r: HelpRequestView, announce: boolean) => {
      if (!r.escalatedAt || escalated.has(r.id)) return;
      escalated.add(r.id);
      if (announce && isUnheld(r)) callbacks.current.onEscalated(r);
    };

    const connect = () => {
      setStatus('connecting');
      const ws = new WebSocket(feedUrl());
      socket = ws;
      socketRef.current = ws;
      ws.onopen = () => {
        retry = 0;
      };
      ws.onmessage = (msg) => {
        const raw: unknown = JSON.parse(String(msg.data));
        const parsed = ConsoleEvent.safeParse(raw);
        if (!parsed.success) {
          const call = ConsoleCallEvent.safeParse(raw);
          if (call.success) callbacks.current.onCallEvent?.(call.data);
          return;
        }
        const event = parsed.data;
        setStatus('live');
        if (event.type === 'hello') {
          const fresh = helloReceived ? event.queue.filter((r) => !known.has(r.id)) : [];
          const firstHello = !helloReceived;
          helloReceived = true;
          event.queue.forEach((r) => {
            known.add(r.id);
            noteEscalation(r, !firstHello);
          });
          setQueue((q) => applyHello(q, event.queue, versions.current));
          if (event.onDuty) setOnDuty(event.onDuty);
          fresh.forEach((r) => callbacks.current.onNew(r));
        } else if (event.type === 'help.upsert') {
          const isNew = !known.has(event.request.id);
          known.add(event.request.id);
          setQueue((q) => applyUpsert(q, event.request, versions.current));
          if (isNew && isOpenHelpState(event.request.state)) callbacks.current.onNew(event.request);
          noteEscalation(event.request, true);
        } else if (event.type === 'presence') {
          setOnDuty(event.onDuty);
        } else {
          notifyPersonChanged(event.personId);
        }
      };
      ws.onclose = () => {
        if (stopped) return;
        setStatus('offline');
        callbacks.current.onDisconnected?.();
        // A refused upgrade looks like any close: ask the hub whether the session is still valid.
        void api.me().catch((err: unknown) => {
          if (err instanceof ApiFailure && err.status === 401) callbacks.current.onSignedOut();
        });
        const delay = Math.min(30_000, 1000 * 2 ** retry) * (0.5 + Math.random() / 2);
        retry += 1;
        timer = setTimeout(connect, delay);
      };
    };
    connect();
    return () => {
      stopped = true;
      clearTimeout(timer);
      socket?.close();
    };
  }, []);

  const upsert = (request: HelpRequestView) => setQueue((q) => applyUpsert(q, request, versions.current));
  /** Sends a call message up the feed; false when the feed is not open. */
  const send = (message: ConsoleCallMessage): boolean => {
    const ws = socketRef.current;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(message));
    return true;
  };
  return { queue, onDuty, status, upsert, send };
}
