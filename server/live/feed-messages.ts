/** What a live feed does with a message from its client: parse it as JSON (undefined if it is not) and hand it on. */
import type { WebSocket } from 'ws';

export function onFeedMessage(socket: WebSocket, handle: (raw: unknown) => void): void {
  socket.on('message', (data, isBinary) => {
    if (isBinary) return handle(undefined);
    let raw: unknown;
    try {
      raw = JSON.parse(String(data));
    } catch {
      raw = undefined;
    }
    handle(raw);
  });
}
