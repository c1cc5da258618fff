/**
 * The hub's periodic jobs: escalation of requests nobody has claimed within the association's delay
 * (pushed to every console at once), and the purge of closed requests past the retention period.
 * Each run is also callable directly, so tests drive it with the injected clock.
 */
import type { EventBus } from './events.ts';
import type { HubStore } from './store/index.ts';

export interface HelpJobs {
  /** Escalate what is overdue now; returns how many requests escalated. */
  escalate(): Promise<number>;
  /** Purge closed requests past retention; returns how many were deleted. */
  purge(): Promise<number>;
  stop(): void;
}

export interface HelpJobsOptions {
  store: HubStore;
  bus: EventBus;
  /** How often escalation is checked (0: never on a timer). */
  escalationIntervalMs: number;
  /** How often the purge runs (0: never on a timer). */
  purgeIntervalMs: number;
  log?: (message: string, error?: unknown) => void;
  /** Several hub instances: whether this one runs the timed jobs (the one that leads; default always). */
  runsHere?: () => boolean;
}

export function startHelpJobs(opts: HelpJobsOptions): HelpJobs {
  const { store, bus } = opts;
  const log = opts.log ?? ((message: string, error?: unknown) => console.error(`[hub] ${message}`, error ?? ''));

  const escalate = async () => {
    const changed = await store.help.escalateOverdue();
    for (const change of changed) bus.publish('help.changed', change);
    return changed.length;
  };
  const purge = async () => {
    const purged = await store.help.purgeClosed();
    // Expired console sessions are not worth keeping either.
    await store.accounts.purgeExpiredSessions();
    return purged;
  };

  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, what: string, run: () => Promise<number>) => {
    if (ms <= 0) return;
    const runsHere = opts.runsHere ?? (() => true);
    const timer = setInterval(() => runsHere() && void run().catch((error: unknown) => log(`${what} failed`, error)), ms);
    timer.unref();
    timers.push(timer);
  };
  every(opts.escalationIntervalMs, 'escalation', escalate);
  every(opts.purgeIntervalMs, 'purge', purge);

  return {
    escalate,
    purge,
    stop: () => timers.splice(0).forEach(clearInterval),
  };
}
