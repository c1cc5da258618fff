/**
 * The object the preload exposes as `window.passerelle`: one function per bridge call and `on` for
 * the listed events, built over an injected IPC renderer so it runs under plain Node in tests. The
 * page never sees ipcRenderer, an IPC event object, or a channel it could choose.
 */
import type { BridgeEventName, PasserelleApi } from '../../app/bridge/contract.ts';
import { preloadCallNames, preloadChannel, preloadEventNames, type IpcReply } from '../electron/bridge-names.ts';

/** The three ipcRenderer methods the API uses. */
export type IpcRendererLike = {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
};

/** Errors crossing the context bridge keep only their message, so the code leads it: "bad_input: …". */
function unwrap(call: string, reply: unknown): unknown {
  const r = reply as IpcReply | null;
  if (r && r.ok === true) return r.value;
  if (r && r.ok === false && r.error) throw new Error(`${r.error.code}: ${r.error.message}`);
  throw new Error(`internal: no reply to ${call}`);
}

export function buildPasserelleApi(ipc: IpcRendererLike): PasserelleApi {
  const api: Record<string, unknown> = {};
  for (const name of preloadCallNames) {
    api[name] = async (payload: unknown) => unwrap(name, await ipc.invoke(preloadChannel(name), payload ?? {}));
  }
  api.on = (event: BridgeEventName, listener: (payload: unknown) => void): (() => void) => {
    if (!(preloadEventNames as readonly string[]).includes(event)) throw new Error(`unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const channel = preloadChannel(event);
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, forward);
    return () => {
      ipc.removeListener(channel, forward);
    };
  };
  return Object.freeze(api) as unknown as PasserelleApi;
}
