/**
 * The reports part of the hub: the shells' ingest routes for health reports and anonymous usage,
 * the bounded ingest queue, retention, and the staff dashboards' API (reports-dashboards.ts).
 *
 * Who may send usage, and how it stays anonymous: a usage batch is sent with the machine's token,
 * like everything else the shell sends, so the hub can refuse junk from outside, rate-limit per
 * machine, and take the cohort from the machine's own record (a machine cannot inflate another
 * cohort). The machine is known only while the request is handled: what is stored is association,
 * cohort, day and counts (server/store/reports/sqlite.ts), plus a keyed hash of (machine, day) that
 * makes "one batch per machine and day" hold — so `contributors` really counts machine-days — and is
 * deleted after the acceptance window. No route logs the machine, and the request log keeps neither
 * addresses nor headers (server/hub.ts). A per-cohort shared key was the alternative: it hides the
 * machine even from the running hub, but one leaked key lets anyone pour junk into a cohort and
 * fake the "5 machines" threshold, and nothing can be rate-limited per machine.
 */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import { HealthSubmit, UsageBatch, type IngestAck } from '../../app/protocol/reports.ts';
import { HttpError, parseOr400 } from '../http.ts';
import { limitRoute } from '../limits.ts';
import { DEFAULT_RETENTION, scheduleRetention, type RetentionPolicy } from '../retention.ts';
import { SqliteReportsStore } from '../store/reports/sqlite.ts';
import type { IngestOutcome, ReportsStore } from '../store/reports/types.ts';
import type { HubDeps } from './deps.ts';
import { machineAuth, machineOf } from './machine-auth.ts';
import { registerReportDashboardRoutes } from './reports-dashboards.ts';
import { DEFAULT_INGEST_QUEUE, IngestQueue, type IngestQueueOptions } from './reports-queue.ts';

/** A health report is a few KiB; 32 disks with every attribute stays under this. */
export const HEALTH_BODY_LIMIT = 128 * 1024;
export const USAGE_BODY_LIMIT = 64 * 1024;

export interface ReportsOptions {
  dataDir: string;
  now?: () => Date;
  ingest?: Partial<IngestQueueOptions>;
  retention?: RetentionPolicy | false;
  /** The store to use (default: reports.sqlite in dataDir). */
  store?: ReportsStore;
  /** Several hub instances: whether this one runs retention (default always). */
  runsHere?: () => boolean;
}

export interface ReportsPart {
  reports: ReportsStore;
  queue: IngestQueue;
  close(): Promise<void>;
}

export function attachReports(app: FastifyInstance, deps: HubDeps, options: ReportsOptions): ReportsPart {
  const reports = options.store ?? new SqliteReportsStore({ dataDir: options.dataDir, ...(options.now ? { now: options.now } : {}) });
  const queue = new IngestQueue(reports, { ...DEFAULT_INGEST_QUEUE, ...options.ingest });
  const stopRetention = options.retention === false ? () => undefined : scheduleRetention(reports, options.retention ?? DEFAULT_RETENTION, options.now, undefined, options.runsHere);
  registerIngestRoutes(app, deps, queue);
  registerReportDashboardRoutes(app, deps, reports, options.now ?? (() => new Date()));
  return {
    reports,
    queue,
    async close() {
      stopRetention();
      await queue.close();
      await reports.close();
    },
  };
}

function registerIngestRoutes(app: FastifyInstance, deps: HubDeps, queue: IngestQueue): void {
  // The machine token on request, before the body is read; then the machine's own limit (limits.ts).
  const onRequest = machineAuth(deps.store);
  const config = limitRoute(deps.limits.reports, (req) => machineOf(req).id);

  const answer = (id: string, outcome: IngestOutcome, what: string): { code: number; body: IngestAck } => {
    switch (outcome.status) {
      case 'stored':
        return { code: 201, body: { id, status: 'stored' } };
      case 'duplicate':
        return { code: 200, body: { id, status: 'duplicate' } };
      case 'conflict':
        throw new HttpError(409, 'id_conflict', `This ${what} id is already used by another machine; mint a new UUID.`);
      case 'out_of_window':
        throw new HttpError(422, 'day_out_of_window', 'Usage is accepted for the last 60 days only (and not for future days); this batch is too old or dated in the future.');
    }
  };

  app.post(`${API_PREFIX}/reports/health`, { bodyLimit: HEALTH_BODY_LIMIT, onRequest, config }, async (req, reply) => {
    const machine = machineOf(req);
    const body = parseOr400(HealthSubmit, req.body, 'health report');
    const outcome = await queue.submit({ kind: 'health', id: body.id, machineId: machine.id, report: body.report });
    const { code, body: ack } = answer(body.id, outcome, 'health report');
    return reply.code(code).send(ack);
  });

  app.post(`${API_PREFIX}/reports/usage`, { bodyLimit: USAGE_BODY_LIMIT, onRequest, config }, async (req, reply) => {
    const machine = machineOf(req);
    const batch = parseOr400(UsageBatch, req.body, 'usage batch');
    const outcome = await queue.submit({ kind: 'usage', machineId: machine.id, associationId: machine.associationId, cohort: machine.cohort, batch });
    const { code, body: ack } = answer(batch.id, outcome, 'usage batch');
    return reply.code(code).send(ack);
  });
}
