/**
 * The hub's storage contract. The embedded SQLite store implements it for one association on one
 * server; a PostgreSQL implementation (several hub instances, LISTEN/NOTIFY) will implement the same
 * interface and run the same tests. Methods are async so that a networked store fits; the SQLite
 * implementation resolves immediately.
 */
import type { HelpAction, HelpState } from '../../app/help/states.ts';
import type { HelpContext, HelpRequestView, HelpStatus, MachineMode, Role } from '../../app/protocol/hub.ts';

export interface Association {
  id: string;
  name: string;
  createdAt: string;
}

export interface Account {
  id: string;
  associationId: string;
  email: string;
  firstName: string;
  role: Role;
  createdAt: string;
}

export interface Machine {
  id: string;
  associationId: string;
  assetTag: string;
  mode: MachineMode;
  cohort: string;
  enrolled: boolean;
  lastSeen: string | null;
  createdAt: string;
}

export interface Session {
  accountId: string;
  csrfToken: string;
  expiresAt: string;
}

/** Why an enrolment code was refused. */
export type EnrolFailure = 'unknown' | 'used' | 'expired';

export type EnrolResult =
  | { ok: true; machine: Machine; token: string }
  | { ok: false; reason: EnrolFailure };

export type SubmitResult =
  | { ok: true; created: boolean; status: HelpStatus; view: HelpRequestView }
  | { ok: false; reason: 'conflict' };

export type ActionResult =
  | { ok: true; changed: boolean; view: HelpRequestView; status: HelpStatus }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'already_claimed'; claimedBy: string }
  | { ok: false; reason: 'not_allowed'; state: HelpState };

export interface HelpEvent {
  requestId: string;
  actor: string;
  action: string;
  fromState: HelpState | null;
  toState: HelpState;
  at: string;
}

export interface HubStore {
  // ---- associations and accounts
  getDefaultAssociation(): Promise<Association | null>;
  createAssociation(name: string): Promise<Association>;
  createAccount(input: { associationId: string; email: string; firstName: string; role: Role; password: string }): Promise<Account>;
  findAccountByEmail(email: string): Promise<Account | null>;
  getAccount(id: string): Promise<Account | null>;
  /** The account when the password matches, else null (constant work whether or not the email exists). */
  verifyPassword(email: string, password: string): Promise<Account | null>;

  // ---- console sessions (only a hash of the session id is stored)
  createSession(accountId: string, ttlMinutes: number): Promise<{ sessionId: string; csrfToken: string; expiresAt: string }>;
  getSession(sessionId: string): Promise<Session | null>;
  deleteSession(sessionId: string): Promise<void>;

  // ---- machines and enrolment
  createMachine(input: { associationId: string; assetTag: string; mode: MachineMode; cohort: string }): Promise<Machine>;
  getMachine(id: string): Promise<Machine | null>;
  findMachineByAssetTag(assetTag: string): Promise<Machine | null>;
  /** A fresh single-use enrolment code for the machine; older unused codes of that machine stop working. */
  createEnrolmentCode(machineId: string, ttlMinutes?: number): Promise<{ code: string; expiresAt: string }>;
  /** Exchanges a (normalised) code for a new machine token; the code is burnt. */
  enrol(code: string): Promise<EnrolResult>;
  /** The machine owning this bearer token, or null. Touches last_seen. */
  authenticateMachine(token: string): Promise<Machine | null>;

  // ---- help requests
  submitHelpRequest(machineId: string, input: { id: string; createdAt: string; context: HelpContext }): Promise<SubmitResult>;
  /** The cancel a machine sends for its own request. */
  cancelHelpRequestByMachine(machineId: string, requestId: string): Promise<ActionResult>;
  applyHelpAction(requestId: string, accountId: string, action: HelpAction): Promise<ActionResult>;
  getHelpRequest(id: string): Promise<HelpRequestView | null>;
  listOpenHelpRequests(): Promise<HelpRequestView[]>;
  listOpenHelpStatuses(machineId: string): Promise<HelpStatus[]>;
  countHelpRequests(): Promise<number>;
  listHelpEvents(requestId: string): Promise<HelpEvent[]>;

  close(): Promise<void>;
}
