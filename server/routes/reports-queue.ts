/**
 * The ingest queue between the report routes and the reports store: bounded, so that an overload
 * answers `503 busy` with a Retry-After at once instead of piling up requests until memory or
 * timeouts fail them.
 *
 * - At most `maxQueued` reports wait (the batch being written included); one more is refused with 503 `busy`.
 * - The writer takes up to `maxBatch` waiting reports per transaction (group commit: one fsync
 *   for many acknowledgements), one transaction at a time.
 * - When the store cannot write (SQLITE_BUSY: another process holds the lock), the reports stay
 *   queued and the writer tries again after `retryDelayMs`; a report that waited more than
 *   `maxWaitMs` is answered `busy` rather than held forever.
 * A report answered `busy` is not stored, so the shell's retry is safe; a stored one is answered
 * only after its commit.
 */
import { HttpError } from '../http.ts';
import type { IngestJob, IngestOutcome, ReportsStore } from '../store/reports/types.ts';

export interface IngestQueueOptions {
  maxQueued: number;
  maxBatch: number;
  retryDelayMs: number;
  maxWaitMs: number;
  /** Seconds the shell is told to wait when refused. */
  retryAfterSeconds: number;
}

/**
 * 512 waiting reports is a few MB of memory at most (reports ≤ 128 KiB, typically 3 KiB) and well
 * under a second of work at the measured ingest rate (see `npm run bench:ingest`).
 */
export const DEFAULT_INGEST_QUEUE: IngestQueueOptions = { maxQueued: 512, maxBatch: 128, retryDelayMs: 50, maxWaitMs: 10_000, retryAfterSeconds: 30 };

type Waiting = { job: IngestJob; at: number; resolve: (o: IngestOutcome) => void; reject: (e: unknown) => void };

export function busyError(retryAfterSeconds: number): HttpError {
  return new HttpError(503, 'busy', `The hub is busy; nothing was stored. Retry in ${retryAfterSeconds} s.`, {
    'retry-after': String(retryAfterSeconds),
  });
}

/**
 * The store could not write now, but may in a moment: SQLite's lock held elsewhere; PostgreSQL's lock
 * wait too long (55P03), server starting or shutting down (57P01-57P03), out of connections (53300),
 * or unreachable. The reports stay queued rather than fail.
 */
const BUSY_CODES = new Set(['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_BUSY_SNAPSHOT', '55P03', '57P01', '57P02', '57P03', '53300', 'ECONNREFUSED', 'ECONNRESET']);
function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && BUSY_CODES.has(code);
}

export class IngestQueue {
  private readonly waiting: Waiting[] = [];
  private writing = false;
  /** Reports taken by the write in progress: they count against maxQueued until answered. */
  private inFlight = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Counters for diagnosis and the bench. */
  readonly stats = { stored: 0, refusedBusy: 0, batches: 0, busyRetries: 0 };

  constructor(
    private readonly store: ReportsStore,
    private readonly options: IngestQueueOptions = DEFAULT_INGEST_QUEUE,
  ) {}

  get depth(): number {
    return this.waiting.length;
  }

  /** Reports accepted and not yet answered: those waiting and those in the write in progress. */
  get queued(): number {
    return this.waiting.length + this.inFlight;
  }

  submit(job: IngestJob): Promise<IngestOutcome> {
    if (this.closed || this.queued >= this.options.maxQueued) {
      this.stats.refusedBusy += 1;
      return Promise.reject(busyError(this.options.retryAfterSeconds));
    }
    return new Promise((resolve, reject) => {
      this.waiting.push({ job, at: Date.now(), resolve, reject });
      this.schedule(0);
    });
  }

  private schedule(delayMs: number): void {
    if (this.writing || this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.pump();
    }, delayMs);
  }

  private async pump(): Promise<void> {
    if (this.writing || this.waiting.length === 0) return;
    this.writing = true;
    const batch = this.waiting.splice(0, this.options.maxBatch);
    this.inFlight = batch.length;
    let retry = false;
    try {
      const outcomes = await this.store.write(batch.map((w) => w.job));
      this.stats.batches += 1;
      batch.forEach((w, i) => {
        this.stats.stored += outcomes[i]!.status === 'stored' ? 1 : 0;
        w.resolve(outcomes[i]!);
      });
    } catch (error) {
      if (isBusy(error) && !this.closed) {
        this.stats.busyRetries += 1;
        retry = true;
        const now = Date.now();
        const keep = batch.filter((w) => now - w.at <= this.options.maxWaitMs);
        for (const w of batch) if (!keep.includes(w)) w.reject(busyError(this.options.retryAfterSeconds));
        this.waiting.unshift(...keep);
        // Reports behind the batch may have waited too long as well.
        for (let i = this.waiting.length - 1; i >= keep.length; i--) {
          const w = this.waiting[i]!;
          if (now - w.at > this.options.maxWaitMs) {
            this.waiting.splice(i, 1);
            w.reject(busyError(this.options.retryAfterSeconds));
          }
        }
      } else {
        for (const w of batch) w.reject(error);
      }
    } finally {
      this.writing = false;
      this.inFlight = 0;
    }
    if (this.waiting.length > 0) this.schedule(retry ? this.options.retryDelayMs : 0);
  }

  /** Refuse new reports, answer the waiting ones `busy`, and wait for the write in progress. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    while (this.writing) await new Promise((r) => setTimeout(r, 5));
    for (const w of this.waiting.splice(0)) w.reject(busyError(this.options.retryAfterSeconds));
  }
}
