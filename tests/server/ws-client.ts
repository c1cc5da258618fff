/** A real WebSocket client for the feed tests: messages collected from the handshake on, and the close. */
import WebSocket from 'ws';

/** Collects parsed messages; `next()` waits for the next one. */
export function collect<T>(ws: WebSocket, parse: (v: unknown) => T) {
  const seen: T[] = [];
  const waiters: ((v: T) => void)[] = [];
  ws.on('message', (data) => {
    const msg = parse(JSON.parse(String(data)));
    const w = waiters.shift();
    if (w) w(msg);
    else seen.push(msg);
  });
  return {
    seen,
    next(timeoutMs = 3000): Promise<T> {
      const queued = seen.shift();
      if (queued !== undefined) return Promise.resolve(queued);
      return new Promise((resolve, reject) => {
        const waiter = (v: T) => {
          clearTimeout(t);
          resolve(v);
        };
        // A waiter that timed out leaves the queue: it must not swallow the next message.
        const t = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error('no message within timeout'));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
  };
}

/** Opens a socket; the collector is attached before the handshake, as the hello may arrive with it. */
export function openFeed(url: string, headers: Record<string, string>): Promise<WebSocket & { feed: ReturnType<typeof collect<unknown>> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    const feed = collect(ws, (v) => v);
    ws.once('open', () => resolve(Object.assign(ws, { feed })));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Resolves with the close code and reason, or rejects when the socket stays open `timeoutMs`. */
/**
 * The close of `ws` that `action` causes: listened for before the action runs, and allowed `timeoutMs`
 * from the moment the action answers. For actions that hash passwords (scrypt): on a loaded machine the
 * request itself may take longer than the allowance, which is about the socket, not the hashing.
 */
export async function closedBy<T>(ws: WebSocket, action: () => Promise<T>, timeoutMs = 1000): Promise<{ code: number; reason: string; result: T }> {
  if (ws.readyState === ws.CLOSED) throw new Error('already closed before the action');
  const close = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  const result = await action();
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
  const ended = await Promise.race([close, late]);
  clearTimeout(timer);
  if (!ended) throw new Error(`still open ${timeoutMs} ms after the action answered`);
  return { ...ended, result };
}

export function closed(ws: WebSocket, timeoutMs = 1000): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    if (ws.readyState === ws.CLOSED) return reject(new Error('already closed before the wait began'));
    const t = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    ws.once('close', (code, reason) => {
      clearTimeout(t);
      resolve({ code, reason: reason.toString() });
    });
  });
}
