import type { EventBus } from '../events.ts';
import type { Presence } from '../presence.ts';
import type { HubStore } from '../store/index.ts';
import type { ConsoleGuards } from './console-guards.ts';

export interface HubDeps {
  store: HubStore;
  bus: EventBus;
  /** Session, CSRF and role checks for console routes. */
  guards: ConsoleGuards;
  presence: Presence;
}
