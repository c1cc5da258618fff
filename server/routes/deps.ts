import type { EventBus } from '../events.ts';
import type { HubStore } from '../store/types.ts';

export interface HubDeps {
  store: HubStore;
  bus: EventBus;
}
