/**
 * The one call of the page: the controller, fed by main's `callEvent`, and the hook the screens read
 * it with. Loaded at start (it must ring whatever screen is open); the call's screens are light.
 */
import { useSyncExternalStore } from 'react';
import { bridge } from '../bridge.ts';
import { CallController, type CallSnapshot } from './controller.ts';

export const call = new CallController({ send: (message) => bridge.sendCallMessage(message) });

/** The shell's page takes the calls (main.tsx, before the first render); the small windows of a home loan do not. */
export function takeCalls(): void {
  bridge.on('callEvent', (event) => call.handle(event));
}

export function useCall(): CallSnapshot {
  return useSyncExternalStore(call.subscribe, call.getSnapshot);
}
