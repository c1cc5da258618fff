/**
 * The hub's storage contract, one interface per area so that a second implementation (PostgreSQL, for
 * several hub instances) can be written and tested area by area:
 *
 *   store.accounts   associations, settings, console accounts and sessions   (accounts.ts)
 *   store.register   machines and enrolment, beneficiaries, loans             (register.ts)
 *   store.help       help requests, notes, voice, journal, escalation, purge  (help.ts)
 *   store.lessons    lesson pack versions and their archives                  (lessons.ts)
 *   store.updates    machines' update statuses, the app rollout's pause       (updates.ts)
 *   store.accompaniment  each person's path, goals, notes, suivi, consent, progress (accompaniment.ts)
 *   store.visitors   kiosk visitors, their picture-code card and visit tokens   (visitors.ts)
 *   store.operators  the hub's operators, associations with their first admin (operators.ts)
 *   store.tiles      home-screen tiles: association defaults, per person, per kiosk place (tiles.ts)
 *   store.studio     the recording studio: recorded lesson sentences, approval  (studio.ts)
 *   store.webzine    the neighbourhood webzine: stories, moderation, issues   (webzine.ts)
 *
 * Methods are async so that a networked store fits (the SQLite implementation resolves at once).
 * Anything that must read-then-write atomically ("first claim wins", "one active loan per machine")
 * is one store method: callers never hold a transaction. The embedded implementation is
 * `server/store/sqlite/`, the PostgreSQL one `server/store/postgres/` (several hub instances); the
 * reports (health, anonymous usage) have their own store in `server/store/reports/`.
 *
 * Adding a table or a method: both stores, one shared test suite — see server/store/README.md.
 */
import type { AccompanimentStore } from './accompaniment.ts';
import type { AccountsStore } from './accounts.ts';
import type { HelpStore } from './help.ts';
import type { LessonsStore } from './lessons.ts';
import type { OperatorsStore } from './operators.ts';
import type { RegisterStore } from './register.ts';
import type { UpdatesStore } from './updates.ts';
import type { TilesStore } from './tiles.ts';
import type { StudioStore } from './studio.ts';
import type { VisitorsStore } from './visitors.ts';
import type { WebzineStore } from './webzine.ts';

export interface HubStore {
  readonly accounts: AccountsStore;
  readonly register: RegisterStore;
  readonly help: HelpStore;
  readonly lessons: LessonsStore;
  readonly updates: UpdatesStore;
  readonly accompaniment: AccompanimentStore;
  readonly visitors: VisitorsStore;
  /** The people who run a hub serving several associations (not members of any). */
  readonly operators: OperatorsStore;
  readonly tiles: TilesStore;
  readonly studio: StudioStore;
  readonly webzine: WebzineStore;
  close(): Promise<void>;
}

export type * from './accompaniment.ts';
export type * from './accounts.ts';
export type * from './help.ts';
export { helpChange, machineStatuses, voiceRetryAt } from './help.ts';
export type * from './register.ts';
export type * from './lessons.ts';
export { packKey } from './lessons.ts';
export type * from './updates.ts';
export type * from './operators.ts';
export { DEFAULT_ENROLMENT_TTL_MINUTES } from './register.ts';
export type * from './visitors.ts';
export type * from './tiles.ts';
export type * from './studio.ts';
export type * from './webzine.ts';
