import { useSyncExternalStore } from 'react';

/**
 * Where the call bar goes: a place in the top bar, between Listen and Help, so the bar takes its share
 * of the row and never lies over a control (Listen moves to the start side, beside Home, during a
 * call). The top bar on screen registers its place; the call layer renders the bar into it.
 */
const slots: HTMLElement[] = [];
let slot: HTMLElement | null = null;
const listeners = new Set<() => void>();
const changed = () => {
  slot = slots.at(-1) ?? null;
  for (const listener of listeners) listener();
};

/** The ref callback for a top bar's place: the latest top bar on screen holds the call bar. */
export function callSlotRef(element: HTMLElement | null): (() => void) | undefined {
  if (!element) return undefined; // React 19 calls the cleanup below instead
  slots.push(element);
  changed();
  return () => {
    slots.splice(slots.indexOf(element), 1);
    changed();
  };
}

/** The top bar's place for the call bar, or null when no top bar is on screen. */
export function useCallSlot(): HTMLElement | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => slot,
  );
}
