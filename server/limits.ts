/**
 * How much the hub accepts from one machine, one address or one (email, address), in one place.
 * Counters live in memory (@fastify/rate-limit's store), where addresses are never written; on
 * PostgreSQL they are shared by every instance (store/postgres/rate-limits.ts), written as digests in
 * an unlogged table and deleted once their window has passed.
 * Over a limit the answer is 429 with Retry-After, which the shell's outbox honours.
 *
 * Where the numbers come from: a person presses Help a few times a day at most, and a second press
 * while a request is open only updates it; a voice message is at most 60 s of Opus (~120 KB), so
 * 2 MiB a day is a dozen or more; a request carries at most 3 files of 8 MiB, so 32 MiB a day of photos
 * and documents is more than one full request; a shell sends two reports a day and a 30-day offline backlog is 60;
 * a helper mistypes a password a few times, not five times in a quarter of an hour.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit, { type CreateRateLimitOptions, type FastifyRateLimitStoreCtor, type RateLimitOptions } from '@fastify/rate-limit';
import { HttpError, secondsLeft } from './http.ts';

export interface Window {
  max: number;
  windowMs: number;
}

export interface HubLimits {
  /** Help requests (new or merged presses) per machine. */
  helpRequests: Window;
  /** Cancels, voice uploads and status polls per machine, each. */
  helpMachineCalls: Window;
  /** Voice bytes per machine over any 24 hours (store-enforced, with the messages themselves). */
  voiceBytesPerDay: number;
  /** Photo and document bytes per machine over any 24 hours (store-enforced, like the voice's). */
  fileBytesPerDay: number;
  /** Health and usage reports per machine. */
  reports: Window;
  /** Enrolment attempts per address. */
  enrolment: Window;
  /** Login attempts per address, whatever the email. */
  loginPerAddress: Window;
  /** Failed logins per (email, address): the right password from elsewhere still works. */
  loginFailures: Window;
}

const MINUTE = 60_000;
export const DEFAULT_LIMITS: HubLimits = {
  helpRequests: { max: 10, windowMs: 10 * MINUTE },
  helpMachineCalls: { max: 60, windowMs: 10 * MINUTE },
  voiceBytesPerDay: 2 * 1024 * 1024,
  fileBytesPerDay: 32 * 1024 * 1024,
  reports: { max: 120, windowMs: 60 * MINUTE },
  enrolment: { max: 10, windowMs: MINUTE },
  loginPerAddress: { max: 30, windowMs: 10 * MINUTE },
  loginFailures: { max: 5, windowMs: 15 * MINUTE },
};

/**
 * Registers the limiter (nothing is limited until a route asks, with `limitRoute`). `counters`: where
 * the counts live when several instances share them (PostgreSQL: store/postgres/rate-limits.ts);
 * in this process's memory without.
 */
export async function registerLimiter(app: FastifyInstance, counters?: FastifyRateLimitStoreCtor): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    ...(counters ? { store: counters } : {}),
    // Keys kept per route: enough for a national network's machines without evicting live ones.
    cache: 100_000,
    // Only Retry-After: the x-ratelimit-* headers would tell a stranger the limits.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false, 'retry-after': true },
    errorResponseBuilder: (_req, context) => {
      const seconds = secondsLeft(context.ttl);
      return new HttpError(429, 'rate_limited', `Too many requests; retry in ${seconds} s.`, { 'retry-after': String(seconds) });
    },
  });
}

/** A route's `config` limiting it to `w` per key (default: the client address, as Fastify sees it). */
export function limitRoute(w: Window, keyOf?: (req: FastifyRequest) => string): { rateLimit: RateLimitOptions } {
  return { rateLimit: { max: w.max, timeWindow: w.windowMs, ...(keyOf ? { keyGenerator: keyOf } : {}) } };
}

/**
 * Failed logins counted per (email, address): five wrong passwords from one place lock that place out
 * of that account for a while, never the account itself — its owner can still sign in from elsewhere,
 * and a stranger cannot lock anyone out. Counted where every counter here is (memory, or PostgreSQL shared by the instances).
 */
export interface LoginFailures {
  /** Throws 429 `locked` (with Retry-After) when this email has failed too often from this address. */
  check(req: FastifyRequest, email: string, message: (minutes: number) => string): Promise<void>;
  /** Counts a failed attempt of the email last checked on `req`. */
  fail(req: FastifyRequest): Promise<void>;
}

export function loginFailures(app: FastifyInstance, w: Window, name: string): LoginFailures {
  const keys = new WeakMap<FastifyRequest, string>();
  // `groupId` names this limiter's counters when they are shared (the console's and the operator's apart).
  const options: CreateRateLimitOptions & { groupId: string } = { max: w.max, timeWindow: w.windowMs, groupId: name, keyGenerator: (req) => keys.get(req) ?? req.ip };
  const limiter = app.createRateLimit(options);
  return {
    async check(req, email, message) {
      keys.set(req, `${email.trim().toLowerCase()}\u0000${req.ip}`);
      const seen = await limiter(req, { increment: false });
      if (!seen.isAllowed && seen.remaining === 0) {
        throw new HttpError(429, 'locked', message(Math.ceil(seen.ttlInSeconds / 60)), { 'retry-after': String(seen.ttlInSeconds) });
      }
    },
    async fail(req) {
      await limiter(req);
    },
  };
}
