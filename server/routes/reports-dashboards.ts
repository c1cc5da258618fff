/**
 * The staff dashboards' API: the fleet (latest verdicts, "to repair", "silent"), one machine's history,
 * GLPI exports, and the evaluation figures with small numbers withheld — here, in the API, so no client
 * can get a figure resting on fewer than 5 machines.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import { Day, type FleetMachine, type FleetView, type MachineHistory } from '../../app/protocol/reports.ts';
import { addDays } from '../../app/usage/aggregate.ts';
import { evaluate, evaluationCsv } from '../../app/usage/evaluation.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { HealthRow, ReportsStore } from '../store/reports/types.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';
import { glpiDeviceId, glpiInventory, zipFiles } from './reports-glpi.ts';

export const FleetQuery = z.object({ silentDays: z.coerce.number().int().min(1).max(365).default(14) }).strict();
export const HistoryQuery = z.object({ days: z.coerce.number().int().min(1).max(760).default(180) }).strict();
export const EvaluationQuery = z
  .object({ from: Day.optional(), to: Day.optional(), lang: z.enum(['fr', 'en']).default('fr') })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, 'from must be on or before to');
const MachineParams = z.object({ id: z.uuid() });

type MachineLike = { id: string; assetTag: string; mode: 'home' | 'kiosk'; cohort: string; enrolled: boolean; lastSeen: string | null };

function fleetMachine(m: MachineLike, last: HealthRow | undefined, now: Date): FleetMachine {
  const r = last?.report;
  return {
    machineId: m.id,
    assetTag: m.assetTag,
    mode: m.mode,
    cohort: m.cohort,
    enrolled: m.enrolled,
    lastSeen: m.lastSeen,
    silentDays: m.lastSeen ? Math.floor((now.getTime() - Date.parse(m.lastSeen)) / 86_400_000) : null,
    lastReportAt: last?.takenAt ?? null,
    appVersion: last?.appVersion ?? null,
    osName: last?.osName ?? null,
    verdict: last?.verdict ?? null,
    parts: r
      ? [
          ...r.disks.map((d) => ({ part: 'disk' as const, name: d.model ?? d.device, verdict: d.verdict })),
          ...r.batteries.map((b) => ({ part: 'battery' as const, name: b.name, verdict: b.verdict })),
          ...r.filesystems.map((f) => ({ part: 'filesystem' as const, name: f.mount, verdict: f.verdict })),
        ]
      : [],
    reasons: r ? r.reasons.filter((x) => x.verdict !== 'ok') : [],
  };
}

const CSV_LABELS = {
  fr: { all: 'Toutes', suppressedNote: 'chiffre masqué : moins de 5 machines' },
  en: { all: 'All', suppressedNote: 'figure withheld: fewer than 5 machines' },
};

export function registerReportDashboardRoutes(app: FastifyInstance, deps: HubDeps, reports: ReportsStore, now: () => Date): void {
  const staff = { onRequest: deps.guards.read('staff') };

  async function machinesOf(associationId: string): Promise<MachineLike[]> {
    return deps.store.register.listMachines(associationId);
  }
  async function machineOf(associationId: string, id: string): Promise<MachineLike> {
    const m = (await machinesOf(associationId)).find((x) => x.id === id);
    if (!m) throw new HttpError(404, 'not_found', 'No machine with this id in your association.');
    return m;
  }

  app.get(`${API_PREFIX}/console/fleet`, staff, async (req): Promise<FleetView> => {
    const { silentDays } = parseOr400(FleetQuery, req.query ?? {}, 'query');
    const t = now();
    const latest = await reports.latestHealth();
    const machines = (await machinesOf(authOf(req).account.associationId)).map((m) => fleetMachine(m, latest.get(m.id), t));
    machines.sort((a, b) => a.assetTag.localeCompare(b.assetTag));
    return {
      silentAfterDays: silentDays,
      machines,
      toRepair: machines.filter((m) => m.verdict === 'replace' || m.verdict === 'watch').map((m) => m.machineId),
      silent: machines.filter((m) => m.enrolled && (m.silentDays === null || m.silentDays >= silentDays)).map((m) => m.machineId),
    };
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/fleet/:id/history`, staff, async (req): Promise<MachineHistory> => {
    const { id } = parseOr400(MachineParams, req.params, 'machine id in the path');
    const { days } = parseOr400(HistoryQuery, req.query ?? {}, 'query');
    const m = await machineOf(authOf(req).account.associationId, id);
    const since = new Date(now().getTime() - days * 86_400_000).toISOString();
    const last = (await reports.latestReport(id)) ?? undefined;
    return { machine: fleetMachine(m, last, now()), points: await reports.history(id, since) };
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/fleet/:id/glpi.json`, staff, async (req, reply) => {
    const { id } = parseOr400(MachineParams, req.params, 'machine id in the path');
    const m = await machineOf(authOf(req).account.associationId, id);
    const last = await reports.latestReport(id);
    if (!last) throw new HttpError(404, 'no_report', `No health report from ${m.assetTag} yet: nothing to export.`);
    return reply
      .header('content-disposition', `attachment; filename="${glpiDeviceId(m.assetTag)}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(glpiInventory({ ...last.report, assetTag: m.assetTag }), null, 2));
  });

  app.get(`${API_PREFIX}/console/fleet/glpi.zip`, staff, async (req, reply) => {
    const latest = await reports.latestHealth();
    const files = (await machinesOf(authOf(req).account.associationId))
      .filter((m) => latest.has(m.id))
      .map((m) => ({
        name: `${glpiDeviceId(m.assetTag)}.json`,
        data: Buffer.from(JSON.stringify(glpiInventory({ ...latest.get(m.id)!.report, assetTag: m.assetTag }), null, 2)),
      }));
    if (files.length === 0) throw new HttpError(404, 'no_report', 'No machine has sent a health report yet: nothing to export.');
    return reply
      .header('content-disposition', 'attachment; filename="passerelle-glpi.zip"')
      .type('application/zip')
      .send(zipFiles(files, now()));
  });

  async function evaluation(req: import('fastify').FastifyRequest) {
    const q = parseOr400(EvaluationQuery, req.query ?? {}, 'query');
    const today = now().toISOString().slice(0, 10);
    const to = q.to ?? today;
    const from = q.from ?? addDays(to, -12 * 7);
    if (addDays(from, 800) < to) throw new HttpError(400, 'invalid_input', 'Invalid query: at most 800 days between from and to.');
    const data = await reports.usage(authOf(req).account.associationId, from, to);
    return { view: evaluate({ from, to, cells: data.rows, days: data.contributors }), lang: q.lang };
  }

  app.get(`${API_PREFIX}/console/evaluation`, staff, async (req) => (await evaluation(req)).view);

  app.get(`${API_PREFIX}/console/evaluation.csv`, staff, async (req, reply) => {
    const { view, lang } = await evaluation(req);
    return reply
      .header('content-disposition', `attachment; filename="passerelle-evaluation-${view.from}-${view.to}.csv"`)
      .type('text/csv; charset=utf-8')
      .send(`\ufeff${evaluationCsv(view, CSV_LABELS[lang])}`);
  });

}
