/**
 * The object the preload exposes as `window.passerelle`: one function per bridge call and `on` for
 * the listed events, built over an injected IPC renderer so it runs under plain Node in tests. The
 * page never sees ipcRenderer, an IPC event object, or a channel it could choose.
 */
import type { PasserelleApi } from '../../app/bridge/contract.ts';
import { bridgeCallNames, ipcChannel, isBridgeEventName, unwrapReply, type BridgeEventName } from '../../app/bridge/names.ts';

/** The three ipcRenderer methods the API uses. */
export type IpcRendererLike = {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
};

export function buildPasserelleApi(ipc: IpcRendererLike): PasserelleApi {
  const api: Record<string, unknown> = {};
  // Errors crossing the context bridge keep only their message, which starts with the code ("bad_input: …").
  for (const name of bridgeCallNames) {
    api[name] = async (payload: unknown) => unwrapReply(name, await ipc.invoke(ipcChannel(name), payload ?? {}));
  }
  api.on = (event: BridgeEventName, listener: (payload: unknown) => void): (() => void) => {
    if (!isBridgeEventName(event)) throw new Error(`unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('listener must be a function');
    const channel = ipcChannel(event);
    const forward = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, forward);
    return () => {
      ipc.removeListener(channel, forward);
    };
  };
  return Object.freeze(api) as unknown as PasserelleApi;
}
