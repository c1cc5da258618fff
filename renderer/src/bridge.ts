/**
 * The renderer's one way to reach the shell's services. In Electron the preload exposes
 * `window.passerelle`; in the web host the same contract is spoken over a WebSocket.
 */
import type { BridgeEventPayload, PasserelleApi } from '../../app/bridge/contract.ts';
import { BridgeCallError, bridgeCallNames, unwrapReply, type BridgeCallName, type BridgeEventName, type BridgeReply } from '../../app/bridge/names.ts';
import { afterFirstFrame } from './idle.ts';

declare global {
  interface Window {
    passerelle?: PasserelleApi;
  }
}

type Pending = { name: BridgeCallName; resolve: (v: unknown) => void; reject: (e: unknown) => void };
type Listener = (payload: unknown) => void;

const TOKEN_KEY = 'passerelle.token';
/** The web host's session token: from the address at the first load, from sessionStorage after a reload. */
let webToken = '';

function webSocketBridge(): PasserelleApi {
  const fromUrl = new URLSearchParams(location.search).get('token');
  webToken = fromUrl ?? sessionStorage.getItem(TOKEN_KEY) ?? '';
  if (fromUrl) {
    // Out of the address at once (a same-document change: the page stays where it is).
    const params = new URLSearchParams(location.search);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    // Kept for a reload once the first frame is painted, or as the page goes away if that comes first:
    // the first storage access waits on the browser process (2 to 66 ms at 4× slower CPU).
    let stored = false;
    const store = () => {
      if (stored) return;
      stored = true;
      sessionStorage.setItem(TOKEN_KEY, fromUrl);
    };
    afterFirstFrame(store, 2000);
    window.addEventListener('pagehide', store, { once: true });
  }
  const token = webToken;
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<Listener>>();
  const waiting: string[] = [];
  let nextId = 1;
  let socket: WebSocket;
  let retry = 0;

  const connect = () => {
    socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/bridge?token=${encodeURIComponent(token)}`);
    socket.onopen = () => {
      retry = 0;
      while (waiting.length) socket.send(waiting.shift()!);
    };
    socket.onmessage = (message) => {
      const data = JSON.parse(String(message.data)) as ({ id: number } & BridgeReply) | { event: string; payload: unknown };
      if ('event' in data) {
        listeners.get(data.event)?.forEach((l) => l(data.payload));
        return;
      }
      const call = pending.get(data.id);
      if (!call) return;
      pending.delete(data.id);
      // The same reply shape and the same error as Electron's preload (app/bridge/names.ts).
      try {
        call.resolve(unwrapReply(call.name, data));
      } catch (error) {
        call.reject(error);
      }
    };
    socket.onclose = () => {
      for (const [id, call] of pending) {
        call.reject(new BridgeCallError('disconnected', 'the shell is restarting'));
        pending.delete(id);
      }
      retry += 1;
      setTimeout(connect, Math.min(5000, 200 * retry));
    };
  };
  connect();

  const call = (name: BridgeCallName, payload: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { name, resolve, reject });
      const frame = JSON.stringify({ id, call: name, payload });
      if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      else waiting.push(frame);
    });

  const api: Record<string, unknown> = {};
  for (const name of bridgeCallNames) api[name] = (payload: unknown) => call(name, payload);
  api.on = <E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void) => {
    const set = listeners.get(event) ?? new Set<Listener>();
    set.add(listener as Listener);
    listeners.set(event, set);
    return () => set.delete(listener as Listener);
  };
  return api as PasserelleApi;
}

export const bridge: PasserelleApi = window.passerelle ?? webSocketBridge();

/** The web host's session token (the site frame of issue 13 is served only to this page); empty in Electron. */
export function webHostToken(): string {
  return window.passerelle ? '' : webToken;
}
