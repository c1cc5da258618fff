/**
 * What the first script knows of a helper's call: its phase (the shell hides its start questions
 * during a call) and the page taking the calls. The call itself (the controller, WebRTC, the call's
 * screens and sounds: useCall.ts, CallLayer.tsx) loads on the first call event, or earlier when the
 * browser is idle (screens.ts); events that come while it loads are handed over in order (hand-over.ts).
 */
import { useSyncExternalStore } from 'react';
import { bridge } from '../bridge.ts';
import type { CallUi } from './controller.ts';
import { handOver } from './hand-over.ts';

export type CallPhase = CallUi['phase'];

let phase: CallPhase = 'idle';
const listeners = new Set<() => void>();
const setPhase = (next: CallPhase) => {
  if (next === phase) return;
  phase = next;
  for (const listener of listeners) listener();
};

/** The shell's page takes the calls (main.tsx, before the first render); the small windows of a home loan do not. */
export function takeCalls(): () => void {
  return bridge.on(
    'callEvent',
    handOver(async () => {
      const { call } = await import('./useCall.ts');
      call.subscribe(() => setPhase(call.getSnapshot().ui.phase));
      return (event) => call.handle(event);
    }),
  );
}

/** The call's phase: 'idle' until a call event came (and while none is under way). */
export function useCallPhase(): CallPhase {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => phase,
  );
}
