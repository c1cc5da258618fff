import type { Adaptivity } from '../../../app/lessons/engine.ts';
import type { DisplayStep, SpokenText, StagePlace } from '../../../app/lessons/model.ts';

/** What every step component gets from the player. Steps report; the engine decides. */
export type StepProps<K extends DisplayStep['kind']> = {
  step: Extract<DisplayStep, { kind: K }>;
  hintLevel: number;
  misses: number;
  settings: Adaptivity;
  /** How big targets are drawn now: the person's baseline grown by this step's misses. */
  scale: number;
  /** An interactive step was done, from real pointer or keyboard input. */
  onSuccess(praise?: SpokenText | string): void;
  /** A listening step was heard ("continue"). */
  onContinue(): void;
  /** Not yet: counted, answered with kind words, never a failure. */
  onMiss(feedback?: SpokenText | string): void;
  /** The person's measured way of doing things changed a setting. */
  onAdapt(next: Adaptivity): void;
};

const PLACES: Record<StagePlace, { row: number; column: number }> = {
  center: { row: 2, column: 2 },
  start: { row: 2, column: 1 },
  end: { row: 2, column: 3 },
  top: { row: 1, column: 2 },
  bottom: { row: 3, column: 2 },
  'top-start': { row: 1, column: 1 },
  'top-end': { row: 1, column: 3 },
  'bottom-start': { row: 3, column: 1 },
  'bottom-end': { row: 3, column: 3 },
};

/** Grid placement on the 3 × 3 stage; grid columns follow the writing direction, so Arabic mirrors. */
export function placeStyle(place: StagePlace): { gridRow: number; gridColumn: number } {
  const { row, column } = PLACES[place];
  return { gridRow: row, gridColumn: column };
}
