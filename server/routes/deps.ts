import type { EventBus } from '../events.ts';
import type { Presence } from '../presence.ts';
import type { HubStore } from '../store/types.ts';
import type { ConsoleGuards } from './console-auth.ts';

export interface HubDeps {
  store: HubStore;
  bus: EventBus;
  /** Session, CSRF and role checks for console routes. */
  guards: ConsoleGuards;
  presence: Presence;
}
