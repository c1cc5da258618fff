/**
 * The reports' clock: at start and every hour, closed usage days go into the outbox and, once a day
 * on an enrolled machine, a health report is taken and queued. One run at a time; never throws.
 */
import type { HealthReportService } from './health-reports.ts';
import type { UsageService } from './usage.ts';

/** How often the shell checks whether a health report is due and closed usage days are to be queued. */
export const REPORTS_TICK_MS = 60 * 60_000;

export function startReportsTimer(deps: { usage: UsageService; healthReports: HealthReportService; isEnrolled(): boolean; queued(): void }) {
  let running: Promise<void> | null = null;
  async function work(): Promise<void> {
    try {
      if (deps.usage.flush() > 0) deps.queued();
      if (deps.isEnrolled() && deps.healthReports.isDue() && (await deps.healthReports.takeAndQueue())) deps.queued();
    } catch {
      /* a failed probe is retried at the next tick */
    }
  }
  function tick(): Promise<void> {
    if (!running) {
      const current = work().finally(() => {
        if (running === current) running = null;
      });
      running = current;
    }
    return running;
  }
  const timer = setInterval(() => void tick(), REPORTS_TICK_MS);
  timer.unref();
  void tick();
  return {
    /** Run now (the first health report as soon as the machine is enrolled). */
    tick,
    async stop(): Promise<void> {
      clearInterval(timer);
      await running;
    },
  };
}
