/**
 * Every anonymous usage metric, declared once: its name, what it counts, why the association needs it,
 * the shape of its label, and how long the hub keeps it. The shell refuses to count, and the hub refuses
 * to store, any metric that is not here. Nothing in a label may identify a machine, a person or an
 * install: labels are lesson ids, step numbers and coarse buckets only.
 *
 * Retention: 25 months, the longest the CNIL's audience-measurement exemption allows for the data
 * (its guidance: identifiers ≤ 13 months, data ≤ 25 months). We keep no identifier at all.
 */
import { z } from 'zod';
import { LessonId } from '../lessons/model.ts';
import { TILE_CATEGORIES, type TileCategory } from '../tiles/model.ts';

export const USAGE_RETENTION_MONTHS = 25;

/** Minutes of use per day, counted into one of these buckets (never the exact figure). */
export const USE_MINUTE_BUCKETS = ['0-15', '15-60', '60-180', '180+'] as const;
export type UseMinuteBucket = (typeof USE_MINUTE_BUCKETS)[number];

export function minuteBucket(minutes: number): UseMinuteBucket {
  if (minutes < 15) return '0-15';
  if (minutes < 60) return '15-60';
  if (minutes < 180) return '60-180';
  return '180+';
}

/** Label shapes. `none` metrics are stored with the empty label. */
const LessonStepLabel = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*#\d{1,3}$/, 'a lesson step label is "<lesson id>#<step number>"')
  .max(90);
export const LABEL_SCHEMAS = {
  none: z.literal(''),
  lesson: LessonId.max(80),
  lessonStep: LessonStepLabel,
  minuteBucket: z.enum(USE_MINUTE_BUCKETS),
  /** A tile kind's category (app/tiles/model.ts): never which site or which contact. */
  tileCategory: z.enum(TILE_CATEGORIES as [TileCategory, ...TileCategory[]]),
} as const;
export type LabelKind = keyof typeof LABEL_SCHEMAS;

export interface MetricDefinition {
  /** What one unit of the count is. */
  counts: string;
  /** Why the association needs it (what decision or report it feeds). */
  why: string;
  label: LabelKind;
  retentionMonths: number;
}

export const USAGE_METRICS = {
  'lesson.started': {
    counts: 'a lesson opened at its first step',
    why: 'which lessons people try, per week and cohort (evaluation dashboard, reports to funders)',
    label: 'lesson',
    retentionMonths: USAGE_RETENTION_MONTHS,
  },
  'lesson.completed': {
    counts: 'a lesson played to its last step',
    why: 'which lessons people finish; started vs completed shows lessons that lose people',
    label: 'lesson',
    retentionMonths: USAGE_RETENTION_MONTHS,
  },
  'lesson.step_hinted': {
    counts: 'a lesson step the person finished only after at least one hint (repeat, highlight, hand)',
    why: 'steps that need hints are the ones to rewrite or split first',
    label: 'lessonStep',
    retentionMonths: USAGE_RETENTION_MONTHS,
  },
  'lesson.step_help': {
    counts: 'a help request made while on a given lesson step',
    why: 'steps where people call a human are the ones that fail them worst',
    label: 'lessonStep',
    retentionMonths: USAGE_RETENTION_MONTHS,
  },
  'help.requested': {
    counts: 'a press of Help confirmed by the person (a help request created)',
    why: 'how much human help the programme needs, per week and cohort, to plan helpers',
    label: 'none',
    retentionMonths: USAGE_RETENTION_MONTHS,
  },
  'use.day': {
    counts: 'a day on which the shell was used, counted in the bucket of that day’s minutes of use',
    why: 'how long people use the machines, in coarse buckets only, to size lessons and loans',
    label: 'minuteBucket',
    retentionMonths: USAGE_RETENTION_MONTHS,
  },
  'tile.opened': {
    counts: 'a home-screen tile pressed, by its category (website, call, photos, lessons, help…), never which site or contact',
    why: 'which everyday uses the loaned computers serve, per day and cohort (evaluation, reports to funders)',
    label: 'tileCategory',
    retentionMonths: USAGE_RETENTION_MONTHS,
  },
} as const satisfies Record<string, MetricDefinition>;

export type UsageMetric = keyof typeof USAGE_METRICS;
export const USAGE_METRIC_NAMES = Object.keys(USAGE_METRICS) as UsageMetric[];
export const UsageMetricName = z.enum(USAGE_METRIC_NAMES as [UsageMetric, ...UsageMetric[]]);

/** The label a metric expects, in the form the collector takes. */
export type UsageLabels = {
  [M in UsageMetric]: (typeof USAGE_METRICS)[M]['label'] extends 'none'
    ? Record<string, never> | undefined
    : (typeof USAGE_METRICS)[M]['label'] extends 'lesson'
      ? { lessonId: string }
      : (typeof USAGE_METRICS)[M]['label'] extends 'lessonStep'
        ? { lessonId: string; step: number }
        : (typeof USAGE_METRICS)[M]['label'] extends 'tileCategory'
          ? { category: TileCategory }
          : { bucket: UseMinuteBucket };
};

/** Turns a metric's labels into its one stored label string, or throws when they do not fit the registry. */
export function usageLabel<M extends UsageMetric>(metric: M, labels: UsageLabels[M]): string {
  const kind: LabelKind = USAGE_METRICS[metric].label;
  const l = (labels ?? {}) as { lessonId?: string; step?: number; bucket?: string; category?: string };
  const raw =
    kind === 'none' ? '' : kind === 'lesson' ? l.lessonId : kind === 'lessonStep' ? `${l.lessonId}#${l.step}` : kind === 'tileCategory' ? l.category : l.bucket;
  return LABEL_SCHEMAS[kind].parse(raw);
}

/** True when `label` is a valid label for `metric` (the hub's check at ingest). */
export function isValidLabel(metric: UsageMetric, label: string): boolean {
  return LABEL_SCHEMAS[USAGE_METRICS[metric].label].safeParse(label).success;
}
