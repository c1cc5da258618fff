import { z } from 'zod';
import { describeBadCallMessage } from '../../app/protocol/call.ts';

/**
 * A token bucket for the call messages of one feed. A call sends a few dozen messages when it
 * starts (offer, answer, ICE candidates) and then a pointer click now and then; anything faster is
 * a broken or hostile client, and is dropped rather than relayed to the other side.
 */
export class MessageBudget {
  private tokens: number;
  private last: number;

  constructor(
    /** Sustained rate. */
    readonly perSecond = 20,
    /** Burst: a call's start with many ICE candidates fits in it. */
    private readonly burst = 100,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.tokens = burst;
    this.last = now();
  }

  /** True when the message may go, false when it must be dropped. */
  take(): boolean {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** A union of call messages told apart by their `type` (the zod schemas of app/protocol/call.ts). */
interface CallMessageSchema<T> {
  safeParse(raw: unknown): { success: true; data: T } | { success: false; error: z.core.$ZodError };
  readonly options: readonly { shape: { type: { value: string } } }[];
}

/**
 * A raw call message from a feed (parsed JSON, or undefined when it was not JSON), let in when the
 * feed's budget allows it and it is one of `schema`'s messages. Otherwise `refuse` says why to the
 * sender (too many a second; not a message it may send, with the list of those it may) and it is
 * dropped: null.
 */
export function admitCallMessage<T>(
  budget: MessageBudget,
  schema: CallMessageSchema<T>,
  raw: unknown,
  refuse: (code: 'too_many' | 'bad_message', message: string) => void,
): T | null {
  if (!budget.take()) {
    refuse('too_many', `At most ${budget.perSecond} call messages a second; this one was dropped.`);
    return null;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    refuse('bad_message', describeBadCallMessage(schema.options.map((o) => o.shape.type.value), z.prettifyError(parsed.error)));
    return null;
  }
  return parsed.data;
}
