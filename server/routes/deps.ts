import type { EventBus } from '../events.ts';
import type { LessonCatalogue } from '../lessons/catalogue.ts';
import type { PathCatalogue } from '../lessons/path-catalogue.ts';
import type { PresenceTracker } from '../presence.ts';
import type { HubLimits } from '../limits.ts';
import type { HubStore } from '../store/index.ts';
import type { ConsoleGuards } from './console-guards.ts';
import type { TurnOptions } from '../live/turn.ts';
import type { WebzinePublisher } from '../webzine/publisher.ts';

export interface HubDeps {
  store: HubStore;
  bus: EventBus;
  /** Session, CSRF and role checks for console routes. */
  guards: ConsoleGuards;
  presence: PresenceTracker;
  /** The hub's clock (tests move it). */
  now: () => Date;
  /** How often open feeds re-check their session or token (feed-access.ts). */
  feedRecheckMs: number;
  /** Lesson packs, their signed index and publishing (issue 15). */
  lessons: LessonCatalogue;
  /** The release folder served at /updates/ (`--updates DIR`), or null. */
  updatesDir: string | null;
  /** The lessons a person's path may name (issue 12). */
  pathLessons: PathCatalogue;
  /** The TURN relay for live calls (server/live/turn.ts); without it peers connect directly. */
  turn?: TurnOptions | undefined;
  /** How long a call may wait for the shell to ring, and to be answered (server/live/console-calls.ts; tests shorten them). */
  callTimings?: { ringAckMs: number; ringMaxMs: number } | undefined;
  /** The neighbourhood webzine's static sites, rebuilt on every publication or withdrawal (issue 17). */
  webzine: WebzinePublisher;
  /** What one machine, address or (email, address) may send (limits.ts). */
  limits: HubLimits;
}
