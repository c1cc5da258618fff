/**
 * Drains the outbox to the hub. One message at a time, in order; on an unreachable hub it stops
 * and sleeps until the earliest retry, or until `kick()` (new message, feed reconnected).
 */
import type { Outbox } from '../outbox/outbox.ts';
import { deliverMessage, type DeliveryTable, type ReplyHandlers } from './delivery.ts';
import { HubError } from './hub-client.ts';

export type SyncLoopOptions = {
  outbox: Outbox;
  /** How each kind reaches the hub (hubDeliveries(client) in the shell). */
  deliveries: DeliveryTable;
  /** What the machine does with the hub's answer to each kind, once the message is forgotten. */
  onReply: ReplyHandlers;
  onReachable: (reachable: boolean) => void;
  /** Upper bound on a sleep, so a long backoff still notices a clock jump. */
  maxSleepMs?: number;
};

export class SyncLoop {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private draining: Promise<void> | null = null;
  private again = false;

  constructor(private readonly options: SyncLoopOptions) {}

  start(): void {
    this.running = true;
    this.kick();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining;
  }

  /** Drain now (or right after the drain in progress). */
  kick(): void {
    if (!this.running) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.draining = this.drain().finally(() => {
      this.draining = null;
      if (this.again) {
        this.again = false;
        this.kick();
      } else this.schedule();
    });
  }

  /** Resolves when the outbox has nothing due (tests and shutdown use it). */
  async idle(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private schedule(): void {
    if (!this.running) return;
    const next = this.options.outbox.nextAttemptAt();
    if (next === null) return;
    const delay = Math.min(Math.max(0, next - Date.now()), this.options.maxSleepMs ?? 60_000);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.kick();
    }, delay);
  }

  private async drain(): Promise<void> {
    const { outbox } = this.options;
    for (;;) {
      if (!this.running) return;
      const [message] = outbox.due(Date.now(), 1);
      if (!message) return;
      try {
        const delivered = await deliverMessage(this.options.deliveries, message);
        outbox.delivered(message.key);
        this.options.onReachable(true);
        delivered.handle(this.options.onReply);
      } catch (error) {
        if (error instanceof HubError && !error.retryable) {
          outbox.rejected(message.key, `${error.status} ${error.code}: ${error.message}`);
          continue;
        }
        const retryAfter = error instanceof HubError ? error.retryAfterMs : 0;
        outbox.failed(message.key, (error as Error).message, Date.now(), retryAfter);
        if (!(error instanceof HubError) || error.status === 0) this.options.onReachable(false);
        return;
      }
    }
  }
}
