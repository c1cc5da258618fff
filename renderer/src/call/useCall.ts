/**
 * The one call of the page: the controller, fed by main's `callEvent` (phase.ts hands the events
 * over), and the hook the call's screens read it with. Loaded on the first call event or when the
 * browser is idle, not in the first script.
 */
import { useSyncExternalStore } from 'react';
import { bridge } from '../bridge.ts';
import { CallController, type CallSnapshot } from './controller.ts';

export const call = new CallController({ send: (message) => bridge.sendCallMessage(message) });

export function useCall(): CallSnapshot {
  return useSyncExternalStore(call.subscribe, call.getSnapshot);
}
