/**
 * Wire schemas for the reports: health reports and anonymous usage batches the shell sends (through
 * its outbox), and the staff dashboards' views of them. Parsed at the hub's edge and in the console.
 */
import { z } from 'zod';
import { Reason } from '../health/reasons.ts';
import { HealthReport } from '../health/report.ts';
import { Verdict } from '../health/verdict.ts';
import { isValidLabel, USAGE_METRICS, UsageMetricName } from '../usage/registry.ts';
import { IsoDateTime, Uuid } from './common.ts';
import { MachineMode } from './hub.ts';

export const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD').refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar day');
export const Cohort = z.string().min(1).max(64);

// ---- Ingest ------------------------------------------------------------------------------
/** A health report with its idempotency id (the outbox key). */
export const HealthSubmit = z.object({ id: Uuid, report: HealthReport }).strict();
export type HealthSubmit = z.infer<typeof HealthSubmit>;

export const UsageCount = z
  .object({
    metric: UsageMetricName,
    label: z.string().max(100),
    value: z.number().int().min(1).max(10_000),
  })
  .strict();
export type UsageCount = z.infer<typeof UsageCount>;

/**
 * One machine's counts for one closed day. Only the cohort and the day: no machine, person or install
 * identifier. `id` is a random UUID minted for this batch alone (the outbox's idempotency key).
 */
export const UsageBatch = z
  .object({
    id: Uuid,
    version: z.literal(1),
    cohort: Cohort,
    day: Day,
    counts: z.array(UsageCount).min(1).max(500),
  })
  .strict()
  .superRefine((batch, ctx) => {
    batch.counts.forEach((c, i) => {
      if (!isValidLabel(c.metric, c.label)) {
        const kind = USAGE_METRICS[c.metric].label;
        ctx.addIssue({ code: 'custom', path: ['counts', i, 'label'], message: `not a valid label for ${c.metric} (expected a ${kind} label)` });
      }
    });
  });
export type UsageBatch = z.infer<typeof UsageBatch>;

export const IngestAck = z.object({ id: Uuid, status: z.enum(['stored', 'duplicate']) });
export type IngestAck = z.infer<typeof IngestAck>;

// ---- Fleet dashboard -----------------------------------------------------------------------
export const PartVerdict = z.object({ part: z.enum(['disk', 'battery', 'filesystem']), name: z.string(), verdict: Verdict });

export const FleetMachine = z.object({
  machineId: Uuid,
  assetTag: z.string(),
  mode: MachineMode,
  cohort: z.string(),
  enrolled: z.boolean(),
  lastSeen: IsoDateTime.nullable(),
  /** Whole days since last seen (null: never seen). */
  silentDays: z.number().int().nullable(),
  lastReportAt: IsoDateTime.nullable(),
  appVersion: z.string().nullable(),
  osName: z.string().nullable(),
  verdict: Verdict.nullable(),
  parts: z.array(PartVerdict),
  /** The last report's non-ok reasons (the console words them from code + params). */
  reasons: z.array(Reason),
});
export type FleetMachine = z.infer<typeof FleetMachine>;

export const FleetView = z.object({
  silentAfterDays: z.number().int(),
  machines: z.array(FleetMachine),
  toRepair: z.array(Uuid),
  silent: z.array(Uuid),
});
export type FleetView = z.infer<typeof FleetView>;

export const HistoryPoint = z.object({
  takenAt: IsoDateTime,
  verdict: Verdict,
  batteryHealthPercent: z.number().nullable(),
  rootFreeBytes: z.number().nullable(),
  homeFreeBytes: z.number().nullable(),
  maxTemperatureC: z.number().nullable(),
});
export type HistoryPoint = z.infer<typeof HistoryPoint>;

export const MachineHistory = z.object({ machine: FleetMachine, points: z.array(HistoryPoint) });
export type MachineHistory = z.infer<typeof MachineHistory>;

// ---- Evaluation dashboard ------------------------------------------------------------------
export const FigureView = z.object({ value: z.number().nullable(), suppressed: z.boolean() });

export const EvaluationWeek = z.object({
  cohort: z.string(),
  week: z.string(),
  /** Lower bound on distinct machines that sent usage that week (largest daily contributor count). */
  machinesAtLeast: FigureView,
  lessonsStarted: FigureView,
  lessonsCompleted: FigureView,
  helpRequests: FigureView,
});
export type EvaluationWeek = z.infer<typeof EvaluationWeek>;

export const EvaluationLesson = z.object({
  cohort: z.string(),
  lessonId: z.string(),
  started: FigureView,
  completed: FigureView,
});

export const EvaluationView = z.object({
  from: Day,
  to: Day,
  minMachines: z.number().int(),
  cohorts: z.array(z.string()),
  weeks: z.array(EvaluationWeek),
  lessons: z.array(EvaluationLesson),
  /** Lessons finished per cohort and month (issue 12), from the anonymous counts only; same k rule. */
  months: z.array(z.object({ cohort: z.string(), month: z.string(), lessonsCompleted: FigureView })).default([]),
});
export type EvaluationView = z.infer<typeof EvaluationView>;
