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
