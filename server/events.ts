/**
 * The hub's in-process event bus. Routes publish what changed; the live feeds subscribe.
 * With several hub instances on PostgreSQL, an implementation of the same interface will publish
 * through NOTIFY and deliver what LISTEN receives; nothing else needs to change.
 */
import { EventEmitter } from 'node:events';
import type { HelpRequestView } from '../app/protocol/hub.ts';

export interface HubEvents {
  /** A help request was created or changed state. */
  'help.changed': HelpRequestView;
}

export interface EventBus {
  publish<K extends keyof HubEvents>(type: K, payload: HubEvents[K]): void;
  /** Returns the unsubscribe function. */
  subscribe<K extends keyof HubEvents>(type: K, listener: (payload: HubEvents[K]) => void): () => void;
}

export class InProcessEventBus implements EventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per open WebSocket: lift the default warning threshold.
    this.emitter.setMaxListeners(0);
  }

  publish<K extends keyof HubEvents>(type: K, payload: HubEvents[K]): void {
    this.emitter.emit(type, payload);
  }

  subscribe<K extends keyof HubEvents>(type: K, listener: (payload: HubEvents[K]) => void): () => void {
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }
}
