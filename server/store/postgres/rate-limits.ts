/**
 * @fastify/rate-limit's counters in PostgreSQL, for hub instances sharing one database: a limit is the
 * association's, not each instance's (two instances behind nginx must not give twice the budget).
 *
 * One upsert per counted request, in database time (the instances' clocks may differ): a window starts
 * at the first hit and the counter starts over once it has passed, as in the plugin's own memory
 * store. The table is UNLOGGED (not in the WAL, emptied by a crash, left out of backups) and keys are
 * written as SHA-256 digests, never as the addresses and emails they are made of; expired rows are
 * deleted at most once a minute per instance.
 */
import { createHash } from 'node:crypto';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type pg from 'pg';

type Done = (error: Error | null, result?: { current: number; ttl: number }) => void;

const SWEEP_EVERY_MS = 60_000;

/** What the plugin passes to a store and to `child()`: the merged options of one limit. */
interface LimitOptions {
  continueExceeding?: boolean;
  exponentialBackoff?: boolean;
  /** A route's limit: its method and URL pattern. Empty for `createRateLimit` limiters. */
  routeInfo?: { method?: string | string[]; url?: string };
  /** Names a `createRateLimit` limiter (its counters are its own). */
  groupId?: string;
}

function digest(namespace: string, key: string): string {
  return createHash('sha256').update(namespace).update('\u0000').update(key).digest('base64url');
}

function namespaceOf(options: LimitOptions): string {
  const { method, url } = options.routeInfo ?? {};
  if (url) return `${Array.isArray(method) ? method.join(',') : (method ?? '')} ${url}`;
  if (options.groupId) return `limiter ${options.groupId}`;
  throw new Error('a shared rate limiter needs a groupId naming its counters (createRateLimit({ groupId, … }))');
}

const INCR = `
  INSERT INTO rate_counters AS r (key, count, expires_at)
  VALUES ($1, 1, clock_timestamp() + $2 * interval '1 millisecond')
  ON CONFLICT (key) DO UPDATE SET
    count = CASE WHEN r.expires_at <= clock_timestamp() THEN 1 ELSE r.count + 1 END,
    expires_at = CASE
      WHEN r.expires_at <= clock_timestamp() THEN EXCLUDED.expires_at
      WHEN $3 AND r.count + 1 > $4 THEN EXCLUDED.expires_at
      ELSE r.expires_at
    END
  RETURNING count, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (expires_at - clock_timestamp())) * 1000))::int AS ttl`;

const READ = `
  SELECT count, GREATEST(0, CEIL(EXTRACT(EPOCH FROM (expires_at - clock_timestamp())) * 1000))::int AS ttl
  FROM rate_counters WHERE key = $1 AND expires_at > clock_timestamp()`;

class SharedCounters implements FastifyRateLimitStore {
  constructor(
    private readonly pool: pg.Pool,
    private readonly namespace: string | null,
    private readonly continueExceeding: boolean,
    /** When this instance last deleted expired counters (shared by all its limiters). */
    private readonly swept = { at: 0 },
  ) {}

  incr(key: string, done: Done, timeWindow: number, max: number): void {
    const ns = this.requireNamespace();
    this.pool
      .query<{ count: number; ttl: number }>(INCR, [digest(ns, key), timeWindow, this.continueExceeding, max])
      .then((r) => {
        done(null, { current: r.rows[0]!.count, ttl: r.rows[0]!.ttl });
        this.sweep();
      })
      .catch((error: Error) => done(error));
  }

  /** The plugin's non-counting look (`{ increment: false }`). */
  read(key: string, done: Done): void {
    const ns = this.requireNamespace();
    this.pool
      .query<{ count: number; ttl: number }>(READ, [digest(ns, key)])
      .then((r) => done(null, r.rows[0] ? { current: r.rows[0].count, ttl: r.rows[0].ttl } : { current: 0, ttl: 0 }))
      .catch((error: Error) => done(error));
  }

  /** The plugin passes the limit's merged options (its typings say route options). */
  child(merged: object): FastifyRateLimitStore {
    const options = merged as LimitOptions;
    if (options.exponentialBackoff) throw new Error('the shared rate-limit counters do not implement exponentialBackoff');
    return new SharedCounters(this.pool, namespaceOf(options), options.continueExceeding === true, this.swept);
  }

  private requireNamespace(): string {
    // The plugin counts through children only (one per route or limiter); the root has no name.
    if (this.namespace === null) throw new Error('shared rate-limit counters are counted per route or per named limiter');
    return this.namespace;
  }

  private sweep(): void {
    const now = Date.now();
    if (now - this.swept.at < SWEEP_EVERY_MS) return;
    this.swept.at = now;
    this.pool.query('DELETE FROM rate_counters WHERE expires_at < clock_timestamp()').catch(() => undefined);
  }
}

/** The `store` option of @fastify/rate-limit for counters shared through this pool's database. */
export function sharedRateLimitStore(pool: pg.Pool): FastifyRateLimitStoreCtor {
  return class extends SharedCounters {
    constructor(options: LimitOptions) {
      if (options.exponentialBackoff) throw new Error('the shared rate-limit counters do not implement exponentialBackoff');
      super(pool, null, options.continueExceeding === true);
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
