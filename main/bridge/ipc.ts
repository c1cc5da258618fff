/**
 * The only module that registers IPC. Each bridge call gets one channel (`ipcChannel(name)`); a
 * message is answered only when it comes from the shell's own page in its main frame, then its
 * payload is validated and dispatched by the contract. The reply is an envelope with either the
 * value or an error safe to show (a code and a message, never a stack). Shell events go out to the
 * window on the event's channel.
 */
import type { BridgeEventPayload, BridgeHandlers } from '../../app/bridge/contract.ts';
import { bridgeCallNames, ipcChannel, type BridgeEventName, type BridgeReply } from '../../app/bridge/names.ts';
import type { Log } from '../log.ts';
import { isTrustedSender } from '../policy/ipc-sender.ts';
import { answerCall } from './answer.ts';

/** The parts of Electron's IpcMainInvokeEvent this module reads. */
export type InvokeEventLike = { senderFrame: { url: string; parent: unknown } | null; sender: unknown };
/** The parts of Electron's ipcMain this module uses (injected, so tests run without Electron). */
export type IpcMainLike = {
  handle(channel: string, listener: (event: InvokeEventLike, payload: unknown) => Promise<BridgeReply>): void;
  removeHandler(channel: string): void;
};

export type BridgeIpcOptions = {
  ipcMain: IpcMainLike;
  handlers: BridgeHandlers;
  /** Extra check that the message comes from the shell window's webContents (or a window allowed this call). */
  isExpectedSender?: (sender: unknown, name: string) => boolean;
  log: Log;
};

/** Answer one invocation: sender check, then the contract's validation and dispatch. */
export async function answerBridgeCall(options: Omit<BridgeIpcOptions, 'ipcMain'>, name: string, event: InvokeEventLike, payload: unknown): Promise<BridgeReply> {
  const frame = event.senderFrame;
  const trusted = frame !== null && isTrustedSender(frame.url, frame.parent === null) && (options.isExpectedSender?.(event.sender, name) ?? true);
  if (!trusted) {
    options.log(`refused ${name} from an untrusted sender ${frame ? JSON.stringify(frame.url) : '(no frame)'}`);
    return { ok: false, error: { code: 'forbidden', message: 'this page may not use the shell bridge' } };
  }
  return answerCall(options.handlers, name, payload, options.log);
}

/** Register one handler per bridge call; returns a function that removes them. */
export function registerBridgeIpc(options: BridgeIpcOptions): () => void {
  const { ipcMain, ...rest } = options;
  for (const name of bridgeCallNames) {
    ipcMain.handle(ipcChannel(name), (event, payload) => answerBridgeCall(rest, name, event, payload));
  }
  return () => {
    for (const name of bridgeCallNames) ipcMain.removeHandler(ipcChannel(name));
  };
}

/** The parts of a BrowserWindow's webContents used to push events. */
export type EventTarget = { isDestroyed(): boolean; send(channel: string, payload: unknown): void };

export function forwardShellEvents(
  services: { onEvent(listener: (event: BridgeEventName, payload: BridgeEventPayload<BridgeEventName>) => void): () => void },
  target: () => EventTarget | null,
): () => void {
  return services.onEvent((event, payload) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(ipcChannel(event), payload);
  });
}
