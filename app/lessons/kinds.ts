/**
 * The lesson step kinds, without zod: the engine and the renderer's lesson player read them without
 * shipping the pack schemas (app/lessons/model.ts builds its StepKind schema from this list).
 */
export const STEP_KINDS = ['show', 'watch', 'point', 'click', 'double-click', 'drag', 'scroll', 'type', 'key', 'choose', 'find'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** Kinds the person completes with the "continue" button; the others are checked from real input. */
export const PASSIVE_KINDS: readonly StepKind[] = ['show', 'watch'];
export const isInteractive = (kind: StepKind): boolean => !PASSIVE_KINDS.includes(kind);
