/**
 * Hardware-health reports on the shell side: the probe (main/probe) at start and then daily, each
 * report queued in the outbox under a fresh id and keyed to the asset tag from enrolment. The last
 * report is kept so the rules can tell a SMART counter that grows from one that stays put.
 */
import { randomUUID } from 'node:crypto';
import type { HealthReport } from '../../app/health/report.ts';
import type { HealthSubmit } from '../../app/protocol/reports.ts';
import type { Outbox } from '../outbox/outbox.ts';
import { DEFAULT_SMART_DIR, probeHealth } from '../probe/probe.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';

/** A report a day; a little less than 24 h so a machine used every morning reports every morning. */
export const HEALTH_REPORT_EVERY_MS = 20 * 60 * 60_000;

export interface HealthReportOptions {
  /** Folder standing for / (tests use fixture trees). */
  root?: string;
  /** The root SMART timer's spool folder (build/systemd/passerelle-smart-spool.*). */
  smartDir?: string;
  appVersion: string;
  assetTag: () => string | null;
  newId?: () => string;
}

export class HealthReportService {
  constructor(
    private readonly db: ShellDb,
    private readonly outbox: Outbox,
    private readonly options: HealthReportOptions,
  ) {}

  /** True when no report was taken in the last HEALTH_REPORT_EVERY_MS. */
  isDue(now = new Date()): boolean {
    const last = Number(getSetting(this.db, 'health.lastTakenAt') ?? 0);
    return now.getTime() - last >= HEALTH_REPORT_EVERY_MS || now.getTime() < last;
  }

  private previous(): HealthReport | null {
    const json = getSetting(this.db, 'health.lastReport');
    if (!json) return null;
    try {
      return JSON.parse(json) as HealthReport;
    } catch {
      return null;
    }
  }

  /** Probe now and queue the report. Null when the machine is not enrolled yet (no asset tag). */
  async takeAndQueue(now = new Date()): Promise<HealthReport | null> {
    const assetTag = this.options.assetTag();
    if (!assetTag) return null;
    const report = await probeHealth({
      root: this.options.root ?? '/',
      smartDir: this.options.smartDir ?? DEFAULT_SMART_DIR,
      assetTag,
      appVersion: this.options.appVersion,
      now,
      previous: this.previous(),
    });
    const submit: HealthSubmit = { id: (this.options.newId ?? randomUUID)(), report };
    this.db.transaction(() => {
      this.outbox.enqueue('health.report', submit.id, submit, now.getTime());
      setSetting(this.db, 'health.lastReport', JSON.stringify(report));
      setSetting(this.db, 'health.lastTakenAt', String(now.getTime()));
    })();
    return report;
  }
}
