/**
 * The next step's pictures decoded and its sentence's audio fetched while the person is still on
 * the current step, so the step change itself only swaps what is ready (bench:lessons).
 */
import type { DisplayStep } from '../../../app/lessons/model.ts';

/** Every picture a step shows, as the renderer receives it. */
export function displayedPictures(step: DisplayStep): string[] {
  const pictures = [step.picture];
  if (step.kind === 'watch') pictures.push(...step.frames);
  if (step.kind === 'drag') pictures.push(step.to);
  if (step.kind === 'scroll' && step.guide) pictures.push(step.guide);
  if (step.kind === 'choose') pictures.push(...step.options.map((option) => option.picture));
  return [...new Set(pictures)];
}

/** Held so the decoded pictures stay in memory until used; a lesson has a few dozen at most. */
const ready = new Map<string, HTMLImageElement | HTMLAudioElement>();
const LIMIT = 64;

function keep(src: string, element: HTMLImageElement | HTMLAudioElement): void {
  ready.set(src, element);
  if (ready.size > LIMIT) ready.delete(ready.keys().next().value!);
}

export function preloadStep(step: DisplayStep | undefined): void {
  if (!step) return;
  for (const src of displayedPictures(step)) {
    if (ready.has(src)) continue;
    const image = new Image();
    image.decoding = 'async';
    image.src = src;
    keep(src, image);
    void image.decode().catch(() => undefined); // a missing picture shows as missing, later
  }
  const audio = step.say.audio;
  if (audio && !ready.has(audio)) {
    const element = new Audio();
    element.preload = 'auto';
    element.src = audio;
    keep(audio, element);
  }
}
