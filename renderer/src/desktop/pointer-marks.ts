/**
 * Where the helper points, for the pointer overlay window (DesktopWindows.tsx). Watched from the
 * page's start (main.tsx), before the overlay's own script and strings have loaded, so a point made
 * while the window opens is not lost.
 */
import { useSyncExternalStore } from 'react';
import { bridge } from '../bridge.ts';

export type PointerMark = { x: number; y: number; seq: number };

let mark: PointerMark | null = null;
const listeners = new Set<() => void>();

export function watchPointer(): () => void {
  let seq = 0;
  return bridge.on('callEvent', (event) => {
    if (event.type === 'pointer') mark = { x: event.x, y: event.y, seq: ++seq };
    else if (event.type === 'call.ended' || event.type === 'screen.stop') mark = null;
    else return;
    for (const listener of listeners) listener();
  });
}

export function usePointerMark(): PointerMark | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => mark,
  );
}
