/** Small helpers for the live feeds. */
import type { WebSocket } from 'ws';

/**
 * Events that arrive before the `hello` are held back and sent right after it, so a client never
 * misses a change that happened while its hello was being read from the store.
 */
export function sendWhenReady<E>(socket: WebSocket): { hello(e: E): void; event(e: E): void } {
  let pending: E[] | null = [];
  const send = (e: E) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(e));
  };
  return {
    hello(e) {
      send(e);
      const queued = pending ?? [];
      pending = null;
      queued.forEach(send);
    },
    event(e) {
      if (pending) pending.push(e);
      else send(e);
    },
  };
}

/** Pings every 30 s and drops a peer that did not answer the previous ping. Returns the stop function. */
export function keepAlive(socket: WebSocket, intervalMs = 30_000): () => void {
  let alive = true;
  socket.on('pong', () => {
    alive = true;
  });
  const timer = setInterval(() => {
    if (!alive) {
      socket.terminate();
      return;
    }
    alive = false;
    socket.ping();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
