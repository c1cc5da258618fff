/**
 * Keeps the machine's live feed from the hub open, reconnecting with backoff. While it is open the
 * hub is reachable: the outbox is retried at once rather than at its next backoff time.
 */
import type WebSocket from 'ws';
import type { MachineCallEvent, MachineCallMessage } from '../../app/protocol/call.ts';
import type { MachineEvent } from '../../app/protocol/hub.ts';
import { backoffDelay } from '../outbox/outbox.ts';
import type { HubClient } from './hub-client.ts';

/** The longest wait between two attempts to reopen the feed (jittered: half of it to all of it). */
export const FEED_RETRY_MAX_MS = 10_000;

export class MachineFeed {
  private socket: WebSocket | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  connected = false;

  constructor(
    private readonly client: HubClient,
    private readonly handlers: { onEvent: (e: MachineEvent) => void; onCall?: (e: MachineCallEvent) => void; onConnected: (connected: boolean) => void },
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.terminate();
    this.socket = null;
  }

  /** Send a live-call message up the feed; false when the feed is not open (the call cannot go on). */
  send(message: MachineCallMessage): boolean {
    const socket = this.socket;
    if (!socket || !this.connected || socket.readyState !== socket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  /** Try now rather than at the next backoff time. */
  reconnectNow(): void {
    if (this.stopped || this.connected) return;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.terminate();
    this.connect();
  }

  private connect(): void {
    this.timer = null;
    const socket = this.client.openFeed({
      onOpen: () => {
        this.failures = 0;
        this.connected = true;
        this.handlers.onConnected(true);
      },
      onEvent: this.handlers.onEvent,
      ...(this.handlers.onCall ? { onCall: this.handlers.onCall } : {}),
      onClose: () => {
        if (this.socket !== socket) return;
        this.socket = null;
        if (this.connected) {
          this.connected = false;
          this.handlers.onConnected(false);
        }
        if (this.stopped) return;
        this.failures += 1;
        // Quick first retries, then at most every 10 s: once the hub is back, a request kept on
        // the machine reaches a helper within seconds (the outbox is retried when the feed opens).
        this.timer = setTimeout(() => this.connect(), backoffDelay(this.failures, { baseMs: 500, maxMs: FEED_RETRY_MAX_MS, random: Math.random }));
      },
    });
    this.socket = socket;
  }
}
