/**
 * Anonymous usage on the shell side: counts per metric and label, kept per local day in the shell's
 * store, turned into one batch per closed day (cohort + day + counts, nothing else) and queued in the
 * outbox. Nothing is counted until the person agreed on the consent screen; refusing or opting out
 * later (staff) stops counting and discards what is pending, here and in the outbox.
 */
import { randomUUID } from 'node:crypto';
import { buildUsageBatch, localDay, addDays, USAGE_ACCEPT_WINDOW_DAYS, type DayCounts } from '../../app/usage/aggregate.ts';
import { usageLabel, type UsageLabels, type UsageMetric } from '../../app/usage/registry.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';

export type UsageConsent = { asked: boolean; granted: boolean };

const CONSENT_KEY = 'usage.consent';

export interface UsageServiceOptions {
  /** The cohort from enrolment; null while the machine is not enrolled (days wait, then age out). */
  cohort: () => string | null;
  newId?: () => string;
}

export class UsageService {
  private readonly newId: () => string;

  constructor(
    private readonly db: ShellDb,
    private readonly outbox: Outbox,
    private readonly options: UsageServiceOptions,
  ) {
    this.newId = options.newId ?? randomUUID;
  }

  consent(): UsageConsent {
    const value = getSetting(this.db, CONSENT_KEY);
    return { asked: value !== null, granted: value === 'granted' };
  }

  /** The person's answer at first start, or staff turning counting off (or back on) later. */
  setConsent(granted: boolean): UsageConsent {
    this.db.transaction(() => {
      setSetting(this.db, CONSENT_KEY, granted ? 'granted' : 'refused');
      if (!granted) this.discardPending();
    })();
    return this.consent();
  }

  /** Forget every count not yet sent, and every batch still waiting in the outbox. */
  private discardPending(): void {
    this.db.prepare('DELETE FROM usage_counts').run();
    this.db.prepare('DELETE FROM usage_active_minutes').run();
    this.outbox.discard('usage.batch');
  }

  /** Count one occurrence (or `by`) of a registered metric. A label that does not fit the registry throws. */
  count<M extends UsageMetric>(metric: M, labels: UsageLabels[M], now = new Date(), by = 1): void {
    const label = usageLabel(metric, labels);
    if (!this.consent().granted) return;
    this.db
      .prepare(
        `INSERT INTO usage_counts (day, metric, label, value) VALUES (?, ?, ?, ?)
         ON CONFLICT(day, metric, label) DO UPDATE SET value = value + excluded.value`,
      )
      .run(localDay(now), metric, label, by);
  }

  /** Some activity now: the minute counts as a minute of use (only the day's bucket ever leaves). */
  touch(now = new Date()): void {
    if (!this.consent().granted) return;
    this.db
      .prepare('INSERT OR IGNORE INTO usage_active_minutes (day, minute) VALUES (?, ?)')
      .run(localDay(now), now.getHours() * 60 + now.getMinutes());
  }

  /**
   * Turn every closed day (before today) into a batch in the outbox, in the same transaction that
   * removes its counts: a day is either still counted here or queued, never both, never lost.
   * Days older than the hub's acceptance window are dropped unsent. Returns the batches queued.
   */
  flush(now = new Date()): number {
    const today = localDay(now);
    const oldest = addDays(today, -USAGE_ACCEPT_WINDOW_DAYS);
    const cohort = this.options.cohort();
    if (!this.consent().granted) return 0;
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM usage_counts WHERE day < ?').run(oldest);
      this.db.prepare('DELETE FROM usage_active_minutes WHERE day < ?').run(oldest);
      if (cohort === null) return 0;
      const days = (
        this.db
          .prepare('SELECT day FROM usage_counts WHERE day < ? UNION SELECT day FROM usage_active_minutes WHERE day < ? ORDER BY day')
          .all(today, today) as { day: string }[]
      ).map((r) => r.day);
      let queued = 0;
      for (const day of days) {
        const counts = this.db.prepare('SELECT metric, label, value FROM usage_counts WHERE day = ?').all(day) as DayCounts['counts'];
        const { n } = this.db.prepare('SELECT COUNT(*) AS n FROM usage_active_minutes WHERE day = ?').get(day) as { n: number };
        const batch = buildUsageBatch(this.newId(), cohort, { day, counts, activeMinutes: n });
        if (batch && this.outbox.enqueue('usage.batch', batch.id, batch, now.getTime())) queued += 1;
        this.db.prepare('DELETE FROM usage_counts WHERE day = ?').run(day);
        this.db.prepare('DELETE FROM usage_active_minutes WHERE day = ?').run(day);
      }
      return queued;
    })();
  }

  /** What is counted and not yet queued (tests, and a future "what is sent" screen). */
  pending(): { day: string; metric: string; label: string; value: number }[] {
    return this.db.prepare('SELECT day, metric, label, value FROM usage_counts ORDER BY day, metric, label').all() as {
      day: string;
      metric: string;
      label: string;
      value: number;
    }[];
  }
}
