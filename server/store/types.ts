/**
 * The hub's storage contract. The embedded SQLite store implements it for one association on one
 * server; a PostgreSQL implementation (several hub instances, LISTEN/NOTIFY) will implement the same
 * interface and run the same tests. Methods are async so that a networked store fits; the SQLite
 * implementation resolves immediately.
 */
import type { HelpAction, HelpState } from '../../app/help/states.ts';
import type { Language } from '../../app/protocol/common.ts';
import type {
  AssociationSettings,
  BeneficiaryView,
  HelpContext,
  HelpJournalEntry,
  HelpRequestView,
  HelpStatus,
  LoanView,
  MachineKiosk,
  MachineMode,
  MachineView,
  Role,
  VoiceMimeType,
} from '../../app/protocol/hub.ts';

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
  disabled: boolean;
  onDuty: boolean;
  hasPhoto: boolean;
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
  | { ok: false; reason: 'not_allowed'; state: HelpState }
  /** The request is held by another helper: only they (or staff) may act on it. */
  | { ok: false; reason: 'not_holder'; claimedBy: string }
  /** Handover to an account that does not exist, is disabled, or is the holder already. */
  | { ok: false; reason: 'bad_target' };

/** Who acts on a help request from the console, and with which role. */
export interface HelpActor {
  accountId: string;
  role: Role;
}

export type VoiceResult =
  | { ok: true; created: boolean; view: HelpRequestView; status: HelpStatus }
  | { ok: false; reason: 'not_found' | 'closed' | 'already_attached' };

export interface StoredVoice {
  mimeType: VoiceMimeType;
  bytes: Buffer;
}

export type LoanResult =
  | { ok: true; loan: LoanView }
  | { ok: false; reason: 'machine_not_found' | 'beneficiary_not_found' | 'machine_on_loan' | 'beneficiary_has_loan' | 'not_found' | 'already_ended' };

export interface BeneficiaryInput {
  firstName: string;
  phone: string;
  language: Language;
  helperId?: string | null | undefined;
}

export interface HelpEvent {
  requestId: string;
  actor: string;
  action: string;
  fromState: HelpState | null;
  toState: HelpState;
  at: string;
  detail: string | null;
}

export interface HubStore {
  // ---- associations and accounts
  getDefaultAssociation(): Promise<Association | null>;
  createAssociation(name: string): Promise<Association>;
  createAccount(input: { associationId: string; email: string; firstName: string; role: Role; password: string }): Promise<Account>;
  findAccountByEmail(email: string): Promise<Account | null>;
  getAccount(id: string): Promise<Account | null>;
  /** The account when the password matches and the account is not disabled, else null (constant work either way). */
  verifyPassword(email: string, password: string): Promise<Account | null>;
  listAccounts(associationId: string): Promise<Account[]>;
  updateAccount(id: string, patch: { firstName?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined }): Promise<Account | null>;
  /** Sets a new password; with `endSessions`, every open console session of the account ends. */
  setPassword(id: string, password: string, endSessions: boolean): Promise<boolean>;
  setPhoto(id: string, photo: string | null): Promise<boolean>;
  getPhoto(id: string): Promise<string | null>;
  setOnDuty(id: string, onDuty: boolean): Promise<boolean>;

  // ---- association settings
  getSettings(associationId: string): Promise<AssociationSettings | null>;
  updateSettings(associationId: string, patch: Partial<AssociationSettings>): Promise<AssociationSettings | null>;

  // ---- console sessions (only a hash of the session id is stored)
  createSession(accountId: string, ttlMinutes: number): Promise<{ sessionId: string; csrfToken: string; expiresAt: string }>;
  getSession(sessionId: string): Promise<Session | null>;
  deleteSession(sessionId: string): Promise<void>;
  deleteSessionsOf(accountId: string): Promise<void>;

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

  // ---- loan register
  listMachines(associationId: string): Promise<MachineView[]>;
  getMachineView(id: string): Promise<MachineView | null>;
  updateMachine(id: string, patch: { mode?: MachineMode | undefined; cohort?: string | undefined }): Promise<MachineView | null>;
  /** The kiosk's animateur PIN hash (issue 6); null removes it. */
  setMachineStaffPinHash(id: string, hash: string | null): Promise<MachineView | null>;
  /** What the machine's feed sends it about kiosk mode. */
  getMachineKiosk(id: string): Promise<MachineKiosk | null>;
  listBeneficiaries(associationId: string): Promise<BeneficiaryView[]>;
  /** With `associationId`, null when the beneficiary belongs to another association. */
  getBeneficiary(id: string, associationId?: string): Promise<BeneficiaryView | null>;
  createBeneficiary(associationId: string, input: BeneficiaryInput): Promise<BeneficiaryView>;
  updateBeneficiary(id: string, patch: Partial<BeneficiaryInput>): Promise<BeneficiaryView | null>;
  listLoans(associationId: string, opts?: { activeOnly?: boolean }): Promise<LoanView[]>;
  createLoan(associationId: string, machineId: string, beneficiaryId: string): Promise<LoanResult>;
  endLoan(loanId: string, associationId: string): Promise<LoanResult>;
  machineHistory(machineId: string, limit?: number): Promise<HelpRequestView[]>;
  beneficiaryHistory(beneficiaryId: string, limit?: number): Promise<HelpRequestView[]>;

  // ---- help requests
  submitHelpRequest(machineId: string, input: { id: string; createdAt: string; context: HelpContext }): Promise<SubmitResult>;
  /** The cancel a machine sends for its own request. */
  cancelHelpRequestByMachine(machineId: string, requestId: string): Promise<ActionResult>;
  applyHelpAction(requestId: string, actor: HelpActor, action: HelpAction, opts?: { toAccountId?: string | undefined }): Promise<ActionResult>;
  addHelpNote(requestId: string, accountId: string, text: string): Promise<ActionResult>;
  getHelpRequest(id: string): Promise<HelpRequestView | null>;
  /** The status a machine sees: the holder's first name and photo. */
  helpStatus(view: HelpRequestView): Promise<HelpStatus>;
  helpJournal(requestId: string): Promise<HelpJournalEntry[]>;
  attachVoice(machineId: string, requestId: string, voice: { mimeType: VoiceMimeType; durationMs: number; bytes: Buffer }): Promise<VoiceResult>;
  getVoice(requestId: string): Promise<StoredVoice | null>;
  /** Marks unclaimed requests older than the association's delay as escalated; returns those that changed. */
  escalateOverdue(): Promise<HelpRequestView[]>;
  /** Deletes closed requests (with journal and voice) older than the retention; returns how many. */
  purgeClosedHelpRequests(): Promise<number>;
  listOpenHelpRequests(): Promise<HelpRequestView[]>;
  listOpenHelpStatuses(machineId: string): Promise<HelpStatus[]>;
  countHelpRequests(): Promise<number>;
  listHelpEvents(requestId: string): Promise<HelpEvent[]>;

  close(): Promise<void>;
}
