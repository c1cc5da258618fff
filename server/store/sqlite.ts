/**
 * The embedded store: one SQLite file in the hub's data folder (better-sqlite3, synchronous API).
 *
 * Durability choice: WAL journal with `synchronous = FULL`. In WAL mode NORMAL never corrupts the
 * database but may lose the last committed transactions on a power cut (the WAL is not fsynced at
 * each commit). The hub promises that an acknowledged help request survives a restart or a power cut,
 * and its write rate is small (people pressing Help), so we pay one fsync per commit: FULL.
 *
 * Every write that reads-then-writes runs in an IMMEDIATE transaction, so concurrent callers (and, on
 * the same file, other processes) are serialised: "first claim wins" is decided inside the transaction.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HOLDER_ACTIONS, isOpenHelpState, nextHelpState, type HelpAction, type HelpState } from '../../app/help/states.ts';
import type { Language } from '../../app/protocol/common.ts';
import {
  hasRole,
  type AssociationSettings,
  type BeneficiaryView,
  type HelpContext,
  type HelpJournalEntry,
  type HelpRequestView,
  type HelpStatus,
  type LoanView,
  type MachineMode,
  type MachineKiosk,
  type MachineView,
  type Role,
  type VoiceMimeType,
} from '../../app/protocol/hub.ts';
import { dummyPasswordHash, hashPassword, newEnrolmentCode, newSecret, sha256, verifyPasswordHash } from './crypto.ts';
import {
  BENEFICIARY_SELECT,
  HELP_SELECT,
  LOAN_SELECT,
  MACHINE_VIEW_SELECT,
  statusOf,
  toAccount,
  toBeneficiary,
  toLoan,
  toMachine,
  toMachineView,
  toView,
  type AccountRow,
  type BeneficiaryRow,
  type HelpRow,
  type LoanRow,
  type MachineRow,
  type MachineViewRow,
} from './sqlite-rows.ts';

export { statusOf } from './sqlite-rows.ts';
import type {
  Account,
  ActionResult,
  Association,
  BeneficiaryInput,
  EnrolResult,
  HelpActor,
  HelpEvent,
  HubStore,
  LoanResult,
  Machine,
  Session,
  StoredVoice,
  SubmitResult,
  VoiceResult,
} from './types.ts';

export const DEFAULT_ENROLMENT_TTL_MINUTES = 24 * 60;
/** An unclaimed request is shown as escalated after this many minutes unless the association sets another delay. */
export const DEFAULT_ESCALATION_MINUTES = 10;
/** Closed requests keep their personal data this many days unless the association sets another retention. */
export const DEFAULT_RETENTION_DAYS = 90;
const DAY_MS = 86_400_000;

/** Ordered migrations; `PRAGMA user_version` records how many have run. Never edit a shipped one. */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE associations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    first_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('accompagnant', 'staff', 'admin')),
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX sessions_expiry ON sessions(expires_at);
  CREATE TABLE machines (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    asset_tag TEXT NOT NULL UNIQUE,
    mode TEXT NOT NULL CHECK (mode IN ('home', 'kiosk')),
    cohort TEXT NOT NULL,
    token_hash TEXT UNIQUE,
    enrolment_code_hash TEXT,
    enrolment_expires_at TEXT,
    enrolment_used INTEGER NOT NULL DEFAULT 0,
    last_seen TEXT,
    created_at TEXT NOT NULL
  );
  CREATE INDEX machines_enrolment_code ON machines(enrolment_code_hash);
  CREATE TABLE help_requests (
    id TEXT PRIMARY KEY,
    machine_id TEXT NOT NULL REFERENCES machines(id),
    state TEXT NOT NULL CHECK (state IN ('new', 'seen', 'claimed', 'calling_back', 'resolved', 'cancelled')),
    context TEXT NOT NULL,
    created_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    claimed_by TEXT REFERENCES accounts(id)
  );
  CREATE INDEX help_requests_open ON help_requests(state, received_at);
  CREATE INDEX help_requests_machine ON help_requests(machine_id, state);
  CREATE TABLE help_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id TEXT NOT NULL REFERENCES help_requests(id) ON DELETE CASCADE,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT NOT NULL,
    at TEXT NOT NULL
  );
  CREATE INDEX help_events_request ON help_events(request_id, seq);
  `,
  // 2: help that always reaches a human — settings, account roles and photos, the loan register,
  // escalation, notes, voice messages and the purge of closed requests.
  `
  ALTER TABLE associations ADD COLUMN help_phone TEXT;
  ALTER TABLE associations ADD COLUMN escalation_minutes INTEGER NOT NULL DEFAULT ${DEFAULT_ESCALATION_MINUTES};
  ALTER TABLE associations ADD COLUMN retention_days INTEGER NOT NULL DEFAULT ${DEFAULT_RETENTION_DAYS};
  ALTER TABLE accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE accounts ADD COLUMN photo TEXT;
  ALTER TABLE accounts ADD COLUMN on_duty INTEGER NOT NULL DEFAULT 0;
  CREATE TABLE beneficiaries (
    id TEXT PRIMARY KEY,
    association_id TEXT NOT NULL REFERENCES associations(id),
    first_name TEXT NOT NULL,
    phone TEXT NOT NULL,
    language TEXT NOT NULL CHECK (language IN ('fr', 'en', 'ar')),
    helper_id TEXT REFERENCES accounts(id),
    created_at TEXT NOT NULL
  );
  CREATE TABLE loans (
    id TEXT PRIMARY KEY,
    machine_id TEXT NOT NULL REFERENCES machines(id),
    beneficiary_id TEXT NOT NULL REFERENCES beneficiaries(id),
    started_at TEXT NOT NULL,
    ended_at TEXT
  );
  CREATE UNIQUE INDEX loans_active_machine ON loans(machine_id) WHERE ended_at IS NULL;
  CREATE UNIQUE INDEX loans_active_beneficiary ON loans(beneficiary_id) WHERE ended_at IS NULL;
  ALTER TABLE help_requests ADD COLUMN beneficiary_id TEXT REFERENCES beneficiaries(id) ON DELETE SET NULL;
  ALTER TABLE help_requests ADD COLUMN escalated_at TEXT;
  ALTER TABLE help_requests ADD COLUMN closed_at TEXT;
  CREATE INDEX help_requests_closed ON help_requests(closed_at) WHERE closed_at IS NOT NULL;
  CREATE INDEX help_requests_beneficiary ON help_requests(beneficiary_id, received_at);
  ALTER TABLE help_events ADD COLUMN detail TEXT;
  CREATE TABLE help_voice (
    request_id TEXT PRIMARY KEY REFERENCES help_requests(id) ON DELETE CASCADE,
    mime_type TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    size_bytes INTEGER NOT NULL,
    bytes BLOB NOT NULL,
    received_at TEXT NOT NULL
  );
  `,
  // Kiosk (issue 6): the animateur PIN, as a salted scrypt hash (never the PIN).
  `
  ALTER TABLE machines ADD COLUMN staff_pin_hash TEXT;
  `,
];

/** The schema version a fresh store reaches: one per migration. */
export const SCHEMA_VERSION = MIGRATIONS.length;

const OPEN_STATES = `('new', 'seen', 'claimed', 'calling_back')`;

export interface SqliteStoreOptions {
  /** Folder holding `hub.sqlite` (created if missing). */
  dataDir: string;
  /** Injectable clock for tests (expiry, ages). */
  now?: () => Date;
}

export class SqliteHubStore implements HubStore {
  readonly db: Database.Database;
  private readonly now: () => Date;

  constructor(opts: SqliteStoreOptions) {
    mkdirSync(opts.dataDir, { recursive: true });
    this.now = opts.now ?? (() => new Date());
    this.db = new Database(join(opts.dataDir, 'hub.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  /** Current schema version (number of migrations applied). */
  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  private migrate(): void {
    const current = this.schemaVersion();
    if (current > MIGRATIONS.length) {
      throw new Error(`hub.sqlite has schema version ${current}, newer than this hub (${MIGRATIONS.length}); upgrade the hub`);
    }
    for (let v = current; v < MIGRATIONS.length; v++) {
      const sql = MIGRATIONS[v] as string;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${v + 1}`);
      }).immediate();
    }
  }

  private iso(offsetMs = 0): string {
    return new Date(this.now().getTime() + offsetMs).toISOString();
  }

  // ---- associations and accounts -------------------------------------------------------
  async getDefaultAssociation(): Promise<Association | null> {
    const r = this.db.prepare('SELECT id, name, created_at FROM associations ORDER BY created_at, id LIMIT 1').get() as
      | { id: string; name: string; created_at: string }
      | undefined;
    return r ? { id: r.id, name: r.name, createdAt: r.created_at } : null;
  }

  async createAssociation(name: string): Promise<Association> {
    const a: Association = { id: randomUUID(), name, createdAt: this.iso() };
    this.db.prepare('INSERT INTO associations (id, name, created_at) VALUES (?, ?, ?)').run(a.id, a.name, a.createdAt);
    return a;
  }

  async createAccount(input: { associationId: string; email: string; firstName: string; role: Role; password: string }): Promise<Account> {
    const hash = await hashPassword(input.password);
    const row: AccountRow = {
      id: randomUUID(),
      association_id: input.associationId,
      email: input.email.trim().toLowerCase(),
      first_name: input.firstName,
      role: input.role,
      password_hash: hash,
      created_at: this.iso(),
      disabled: 0,
      on_duty: 0,
      photo: null,
    };
    this.db
      .prepare(
        `INSERT INTO accounts (id, association_id, email, first_name, role, password_hash, created_at)
         VALUES (@id, @association_id, @email, @first_name, @role, @password_hash, @created_at)`,
      )
      .run(row);
    return toAccount(row);
  }

  private accountRowByEmail(email: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE email = ?').get(email.trim().toLowerCase()) as AccountRow | undefined;
  }

  async findAccountByEmail(email: string): Promise<Account | null> {
    const r = this.accountRowByEmail(email);
    return r ? toAccount(r) : null;
  }

  async getAccount(id: string): Promise<Account | null> {
    const r = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
    return r ? toAccount(r) : null;
  }

  async verifyPassword(email: string, password: string): Promise<Account | null> {
    const r = this.accountRowByEmail(email);
    const ok = await verifyPasswordHash(password, r ? r.password_hash : await dummyPasswordHash());
    return r && ok && r.disabled === 0 ? toAccount(r) : null;
  }

  async listAccounts(associationId: string): Promise<Account[]> {
    const rows = this.db.prepare('SELECT * FROM accounts WHERE association_id = ? ORDER BY disabled, first_name, email').all(associationId) as AccountRow[];
    return rows.map(toAccount);
  }

  async updateAccount(id: string, patch: { firstName?: string | undefined; role?: Role | undefined; disabled?: boolean | undefined }): Promise<Account | null> {
    return this.db.transaction((): Account | null => {
      const r = this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
      if (!r) return null;
      const next = {
        first_name: patch.firstName ?? r.first_name,
        role: patch.role ?? r.role,
        disabled: patch.disabled === undefined ? r.disabled : patch.disabled ? 1 : 0,
      };
      this.db.prepare('UPDATE accounts SET first_name = ?, role = ?, disabled = ? WHERE id = ?').run(next.first_name, next.role, next.disabled, id);
      // A disabled account is signed out everywhere and goes off duty.
      if (next.disabled) {
        this.db.prepare('DELETE FROM sessions WHERE account_id = ?').run(id);
        this.db.prepare('UPDATE accounts SET on_duty = 0 WHERE id = ?').run(id);
      }
      return toAccount(this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow);
    }).immediate();
  }

  async setPassword(id: string, password: string, endSessions: boolean): Promise<boolean> {
    const hash = await hashPassword(password);
    return this.db.transaction((): boolean => {
      const info = this.db.prepare('UPDATE accounts SET password_hash = ? WHERE id = ?').run(hash, id);
      if (endSessions) this.db.prepare('DELETE FROM sessions WHERE account_id = ?').run(id);
      return info.changes === 1;
    }).immediate();
  }

  async setPhoto(id: string, photo: string | null): Promise<boolean> {
    return this.db.prepare('UPDATE accounts SET photo = ? WHERE id = ?').run(photo, id).changes === 1;
  }

  async getPhoto(id: string): Promise<string | null> {
    const r = this.db.prepare('SELECT photo FROM accounts WHERE id = ?').get(id) as { photo: string | null } | undefined;
    return r?.photo ?? null;
  }

  async setOnDuty(id: string, onDuty: boolean): Promise<boolean> {
    return this.db.prepare('UPDATE accounts SET on_duty = ? WHERE id = ? AND disabled = 0').run(onDuty ? 1 : 0, id).changes === 1;
  }

  // ---- association settings -----------------------------------------------------------------
  async getSettings(associationId: string): Promise<AssociationSettings | null> {
    const r = this.db
      .prepare('SELECT name, help_phone, escalation_minutes, retention_days FROM associations WHERE id = ?')
      .get(associationId) as { name: string; help_phone: string | null; escalation_minutes: number; retention_days: number } | undefined;
    return r ? { name: r.name, helpPhone: r.help_phone, escalationMinutes: r.escalation_minutes, retentionDays: r.retention_days } : null;
  }

  async updateSettings(associationId: string, patch: Partial<AssociationSettings>): Promise<AssociationSettings | null> {
    const current = await this.getSettings(associationId);
    if (!current) return null;
    const next = { ...current, ...patch };
    this.db
      .prepare('UPDATE associations SET name = ?, help_phone = ?, escalation_minutes = ?, retention_days = ? WHERE id = ?')
      .run(next.name, next.helpPhone, next.escalationMinutes, next.retentionDays, associationId);
    return next;
  }

  // ---- sessions ---------------------------------------------------------------------------
  async createSession(accountId: string, ttlMinutes: number) {
    const sessionId = newSecret();
    const csrfToken = newSecret();
    const expiresAt = this.iso(ttlMinutes * 60_000);
    const now = this.iso();
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
      this.db
        .prepare('INSERT INTO sessions (id_hash, account_id, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(sha256(sessionId), accountId, csrfToken, expiresAt, now);
    }).immediate();
    return { sessionId, csrfToken, expiresAt };
  }

  async getSession(sessionId: string): Promise<Session | null> {
    const r = this.db
      .prepare('SELECT account_id, csrf_token, expires_at FROM sessions WHERE id_hash = ? AND expires_at > ?')
      .get(sha256(sessionId), this.iso()) as { account_id: string; csrf_token: string; expires_at: string } | undefined;
    return r ? { accountId: r.account_id, csrfToken: r.csrf_token, expiresAt: r.expires_at } : null;
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(sha256(sessionId));
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE account_id = ?').run(accountId);
  }

  // ---- machines and enrolment ---------------------------------------------------------------
  async createMachine(input: { associationId: string; assetTag: string; mode: MachineMode; cohort: string }): Promise<Machine> {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO machines (id, association_id, asset_tag, mode, cohort, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, input.associationId, input.assetTag, input.mode, input.cohort, this.iso());
    return (await this.getMachine(id)) as Machine;
  }

  async getMachine(id: string): Promise<Machine | null> {
    const r = this.db.prepare('SELECT * FROM machines WHERE id = ?').get(id) as MachineRow | undefined;
    return r ? toMachine(r) : null;
  }

  async findMachineByAssetTag(assetTag: string): Promise<Machine | null> {
    const r = this.db.prepare('SELECT * FROM machines WHERE asset_tag = ?').get(assetTag) as MachineRow | undefined;
    return r ? toMachine(r) : null;
  }

  async createEnrolmentCode(machineId: string, ttlMinutes = DEFAULT_ENROLMENT_TTL_MINUTES) {
    const code = newEnrolmentCode();
    const expiresAt = this.iso(ttlMinutes * 60_000);
    const info = this.db
      .prepare('UPDATE machines SET enrolment_code_hash = ?, enrolment_expires_at = ?, enrolment_used = 0 WHERE id = ?')
      .run(sha256(code), expiresAt, machineId);
    if (info.changes !== 1) throw new Error(`no machine ${machineId}`);
    return { code, expiresAt };
  }

  async enrol(code: string): Promise<EnrolResult> {
    const token = newSecret();
    return this.db.transaction((): EnrolResult => {
      const r = this.db.prepare('SELECT * FROM machines WHERE enrolment_code_hash = ?').get(sha256(code)) as MachineRow | undefined;
      if (!r) return { ok: false, reason: 'unknown' };
      if (r.enrolment_used) return { ok: false, reason: 'used' };
      if (!r.enrolment_expires_at || r.enrolment_expires_at <= this.iso()) return { ok: false, reason: 'expired' };
      const now = this.iso();
      this.db
        .prepare('UPDATE machines SET enrolment_used = 1, token_hash = ?, last_seen = ? WHERE id = ?')
        .run(sha256(token), now, r.id);
      return { ok: true, token, machine: toMachine({ ...r, token_hash: 'x', enrolment_used: 1, last_seen: now }) };
    }).immediate();
  }

  async authenticateMachine(token: string): Promise<Machine | null> {
    const r = this.db.prepare('SELECT * FROM machines WHERE token_hash = ?').get(sha256(token)) as MachineRow | undefined;
    if (!r) return null;
    const now = this.iso();
    // Coarse last_seen (one write per minute at most) so a busy machine does not cost an fsync per call.
    if (!r.last_seen || Date.parse(now) - Date.parse(r.last_seen) > 60_000) {
      this.db.prepare('UPDATE machines SET last_seen = ? WHERE id = ?').run(now, r.id);
      r.last_seen = now;
    }
    return toMachine(r);
  }

  // ---- loan register -------------------------------------------------------------------------
  async listMachines(associationId: string): Promise<MachineView[]> {
    const rows = this.db.prepare(`${MACHINE_VIEW_SELECT} WHERE m.association_id = ? ORDER BY m.asset_tag`).all(associationId) as MachineViewRow[];
    return rows.map(toMachineView);
  }

  async getMachineView(id: string): Promise<MachineView | null> {
    const r = this.db.prepare(`${MACHINE_VIEW_SELECT} WHERE m.id = ?`).get(id) as MachineViewRow | undefined;
    return r ? toMachineView(r) : null;
  }

  async updateMachine(id: string, patch: { mode?: MachineMode | undefined; cohort?: string | undefined }): Promise<MachineView | null> {
    const current = await this.getMachine(id);
    if (!current) return null;
    this.db.prepare('UPDATE machines SET mode = ?, cohort = ? WHERE id = ?').run(patch.mode ?? current.mode, patch.cohort ?? current.cohort, id);
    return this.getMachineView(id);
  }

  async setMachineStaffPinHash(id: string, hash: string | null): Promise<MachineView | null> {
    this.db.prepare('UPDATE machines SET staff_pin_hash = ? WHERE id = ?').run(hash, id);
    return this.getMachineView(id);
  }

  async getMachineKiosk(id: string): Promise<MachineKiosk | null> {
    const r = this.db.prepare('SELECT mode, staff_pin_hash FROM machines WHERE id = ?').get(id) as { mode: MachineMode; staff_pin_hash: string | null } | undefined;
    return r ? { mode: r.mode, staffPinHash: r.staff_pin_hash } : null;
  }

  async listBeneficiaries(associationId: string): Promise<BeneficiaryView[]> {
    const rows = this.db.prepare(`${BENEFICIARY_SELECT} WHERE b.association_id = ? ORDER BY b.first_name, b.id`).all(associationId) as BeneficiaryRow[];
    return rows.map(toBeneficiary);
  }

  async getBeneficiary(id: string, associationId?: string): Promise<BeneficiaryView | null> {
    const r = (
      associationId === undefined
        ? this.db.prepare(`${BENEFICIARY_SELECT} WHERE b.id = ?`).get(id)
        : this.db.prepare(`${BENEFICIARY_SELECT} WHERE b.id = ? AND b.association_id = ?`).get(id, associationId)
    ) as BeneficiaryRow | undefined;
    return r ? toBeneficiary(r) : null;
  }

  async createBeneficiary(associationId: string, input: BeneficiaryInput): Promise<BeneficiaryView> {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO beneficiaries (id, association_id, first_name, phone, language, helper_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, associationId, input.firstName, input.phone, input.language, input.helperId ?? null, this.iso());
    return (await this.getBeneficiary(id)) as BeneficiaryView;
  }

  async updateBeneficiary(id: string, patch: Partial<BeneficiaryInput>): Promise<BeneficiaryView | null> {
    const r = this.db.prepare('SELECT first_name, phone, language, helper_id FROM beneficiaries WHERE id = ?').get(id) as
      | { first_name: string; phone: string; language: Language; helper_id: string | null }
      | undefined;
    if (!r) return null;
    this.db
      .prepare('UPDATE beneficiaries SET first_name = ?, phone = ?, language = ?, helper_id = ? WHERE id = ?')
      .run(
        patch.firstName ?? r.first_name,
        patch.phone ?? r.phone,
        patch.language ?? r.language,
        patch.helperId === undefined ? r.helper_id : patch.helperId,
        id,
      );
    return this.getBeneficiary(id);
  }

  async listLoans(associationId: string, opts: { activeOnly?: boolean } = {}): Promise<LoanView[]> {
    const rows = this.db
      .prepare(`${LOAN_SELECT} WHERE m.association_id = ? ${opts.activeOnly ? 'AND l.ended_at IS NULL' : ''} ORDER BY l.ended_at IS NOT NULL, l.started_at DESC`)
      .all(associationId) as LoanRow[];
    return rows.map(toLoan);
  }

  async createLoan(associationId: string, machineId: string, beneficiaryId: string): Promise<LoanResult> {
    return this.db.transaction((): LoanResult => {
      const machine = this.db.prepare('SELECT id FROM machines WHERE id = ? AND association_id = ?').get(machineId, associationId);
      if (!machine) return { ok: false, reason: 'machine_not_found' };
      const beneficiary = this.db.prepare('SELECT id FROM beneficiaries WHERE id = ? AND association_id = ?').get(beneficiaryId, associationId);
      if (!beneficiary) return { ok: false, reason: 'beneficiary_not_found' };
      if (this.db.prepare('SELECT 1 FROM loans WHERE machine_id = ? AND ended_at IS NULL').get(machineId)) return { ok: false, reason: 'machine_on_loan' };
      if (this.db.prepare('SELECT 1 FROM loans WHERE beneficiary_id = ? AND ended_at IS NULL').get(beneficiaryId)) {
        return { ok: false, reason: 'beneficiary_has_loan' };
      }
      const id = randomUUID();
      this.db.prepare('INSERT INTO loans (id, machine_id, beneficiary_id, started_at) VALUES (?, ?, ?, ?)').run(id, machineId, beneficiaryId, this.iso());
      return { ok: true, loan: toLoan(this.db.prepare(`${LOAN_SELECT} WHERE l.id = ?`).get(id) as LoanRow) };
    }).immediate();
  }

  async endLoan(loanId: string, associationId: string): Promise<LoanResult> {
    return this.db.transaction((): LoanResult => {
      const r = this.db.prepare(`${LOAN_SELECT} WHERE l.id = ? AND m.association_id = ?`).get(loanId, associationId) as LoanRow | undefined;
      if (!r) return { ok: false, reason: 'not_found' };
      if (r.ended_at) return { ok: false, reason: 'already_ended' };
      const now = this.iso();
      this.db.prepare('UPDATE loans SET ended_at = ? WHERE id = ?').run(now, loanId);
      return { ok: true, loan: toLoan({ ...r, ended_at: now }) };
    }).immediate();
  }

  async machineHistory(machineId: string, limit = 200): Promise<HelpRequestView[]> {
    const rows = this.db.prepare(`${HELP_SELECT} WHERE h.machine_id = ? ORDER BY h.received_at DESC, h.id LIMIT ?`).all(machineId, limit) as HelpRow[];
    return rows.map(toView);
  }

  async beneficiaryHistory(beneficiaryId: string, limit = 200): Promise<HelpRequestView[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE h.beneficiary_id = ? ORDER BY h.received_at DESC, h.id LIMIT ?`)
      .all(beneficiaryId, limit) as HelpRow[];
    return rows.map(toView);
  }

  // ---- help requests ----------------------------------------------------------------------
  private helpRow(id: string): HelpRow | undefined {
    return this.db.prepare(`${HELP_SELECT} WHERE h.id = ?`).get(id) as HelpRow | undefined;
  }

  private journal(requestId: string, actor: string, action: string, from: HelpState | null, to: HelpState, at: string, detail: string | null = null): void {
    this.db
      .prepare('INSERT INTO help_events (request_id, actor, action, from_state, to_state, at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(requestId, actor, action, from, to, at, detail);
  }

  private changedResult(requestId: string): ActionResult & { ok: true } {
    const view = toView(this.helpRow(requestId) as HelpRow);
    return { ok: true, changed: true, view, status: this.statusWithPhoto(view) };
  }

  private unchangedResult(row: HelpRow): ActionResult & { ok: true } {
    const view = toView(row);
    return { ok: true, changed: false, view, status: this.statusWithPhoto(view) };
  }

  private statusWithPhoto(view: HelpRequestView): HelpStatus {
    const status = statusOf(view);
    if (!status.helper || !view.claimedBy) return status;
    const photo = (this.db.prepare('SELECT photo FROM accounts WHERE id = ?').get(view.claimedBy.id) as { photo: string | null } | undefined)?.photo;
    return { ...status, helper: { ...status.helper, photo: photo ?? null } };
  }

  async submitHelpRequest(machineId: string, input: { id: string; createdAt: string; context: HelpContext }): Promise<SubmitResult> {
    return this.db.transaction((): SubmitResult => {
      const existing = this.helpRow(input.id);
      if (existing) {
        if (existing.machine_id !== machineId) return { ok: false, reason: 'conflict' };
        const view = toView(existing);
        return { ok: true, created: false, view, status: this.statusWithPhoto(view) };
      }
      const now = this.iso();
      // The loan register at the time of the request says whom to call back.
      const loan = this.db.prepare('SELECT beneficiary_id FROM loans WHERE machine_id = ? AND ended_at IS NULL').get(machineId) as
        | { beneficiary_id: string }
        | undefined;
      this.db
        .prepare(
          `INSERT INTO help_requests (id, machine_id, state, context, created_at, received_at, updated_at, beneficiary_id)
           VALUES (?, ?, 'new', ?, ?, ?, ?, ?)`,
        )
        .run(input.id, machineId, JSON.stringify(input.context), input.createdAt, now, now, loan?.beneficiary_id ?? null);
      this.journal(input.id, `machine:${machineId}`, 'submit', null, 'new', now);
      const view = toView(this.helpRow(input.id) as HelpRow);
      return { ok: true, created: true, view, status: statusOf(view) };
    }).immediate();
  }

  private transition(
    requestId: string,
    actor: string,
    action: HelpAction,
    guard?: (row: HelpRow) => ActionResult | null,
    /** For a handover: the new holder, known once the guard has checked the target. */
    newHolderOf?: () => { id: string; firstName: string } | undefined,
  ): ActionResult {
    return this.db.transaction((): ActionResult => {
      const row = this.helpRow(requestId);
      if (!row) return { ok: false, reason: 'not_found' };
      const early = guard?.(row);
      if (early) return early;
      const to = nextHelpState(row.state, action);
      if (!to) return { ok: false, reason: 'not_allowed', state: row.state };
      const now = this.iso();
      const accountId = actor.startsWith('account:') ? actor.slice('account:'.length) : null;
      const newHolder = newHolderOf?.();
      let claimedBy = row.claimed_by;
      if (action === 'claim') claimedBy = accountId;
      if (action === 'release') claimedBy = null;
      if (action === 'handover' && newHolder) claimedBy = newHolder.id;
      const closedAt = isOpenHelpState(to) ? null : now;
      this.db
        .prepare('UPDATE help_requests SET state = ?, claimed_by = ?, updated_at = ?, closed_at = ? WHERE id = ?')
        .run(to, claimedBy, now, closedAt, requestId);
      this.journal(requestId, actor, action, row.state, to, now, newHolder ? newHolder.firstName : null);
      return this.changedResult(requestId);
    }).immediate();
  }

  async cancelHelpRequestByMachine(machineId: string, requestId: string): Promise<ActionResult> {
    return this.transition(requestId, `machine:${machineId}`, 'cancel', (row) => {
      // Another machine's request is reported as not found: do not reveal that the id exists.
      if (row.machine_id !== machineId) return { ok: false, reason: 'not_found' };
      if (row.state === 'cancelled') return this.unchangedResult(row); // idempotent: cancelling twice is fine
      return null;
    });
  }

  async applyHelpAction(requestId: string, actor: HelpActor, action: HelpAction, opts: { toAccountId?: string | undefined } = {}): Promise<ActionResult> {
    let newHolder: { id: string; firstName: string } | undefined;
    return this.transition(
      requestId,
      `account:${actor.accountId}`,
      action,
      (row) => {
        const held = row.claimed_by !== null && (row.state === 'claimed' || row.state === 'calling_back');
        // Seeing is idempotent: every console that shows the request may say so.
        if (action === 'see' && row.state !== 'new' && isOpenHelpState(row.state)) return this.unchangedResult(row);
        if (action === 'claim' && held) {
          if (row.claimed_by === actor.accountId) return this.unchangedResult(row); // a double click
          return { ok: false, reason: 'already_claimed', claimedBy: row.claimer_first_name ?? '?' };
        }
        if (held && HOLDER_ACTIONS.includes(action) && row.claimed_by !== actor.accountId && !hasRole(actor.role, 'staff')) {
          return { ok: false, reason: 'not_holder', claimedBy: row.claimer_first_name ?? '?' };
        }
        if (action === 'handover') {
          if (!held) return { ok: false, reason: 'not_allowed', state: row.state };
          const target = this.db
            .prepare('SELECT id, first_name FROM accounts WHERE id = ? AND disabled = 0 AND association_id = ?')
            .get(opts.toAccountId ?? '', row.association_id) as { id: string; first_name: string } | undefined;
          if (!target || target.id === row.claimed_by) return { ok: false, reason: 'bad_target' };
          newHolder = { id: target.id, firstName: target.first_name };
        }
        return null;
      },
      () => newHolder,
    );
  }

  async addHelpNote(requestId: string, accountId: string, text: string): Promise<ActionResult> {
    return this.db.transaction((): ActionResult => {
      const row = this.helpRow(requestId);
      if (!row) return { ok: false, reason: 'not_found' };
      const now = this.iso();
      // A note changes no state; it still moves updated_at so every console refreshes the card.
      this.db.prepare('UPDATE help_requests SET updated_at = ? WHERE id = ?').run(now, requestId);
      this.journal(requestId, `account:${accountId}`, 'note', row.state, row.state, now, text);
      return this.changedResult(requestId);
    }).immediate();
  }

  async helpStatus(view: HelpRequestView): Promise<HelpStatus> {
    return this.statusWithPhoto(view);
  }

  async helpJournal(requestId: string): Promise<HelpJournalEntry[]> {
    const rows = this.db
      .prepare(
        `SELECT e.actor, e.action, e.from_state, e.to_state, e.at, e.detail, a.first_name AS account_name, m.asset_tag AS machine_tag
         FROM help_events e
         LEFT JOIN accounts a ON e.actor = 'account:' || a.id
         LEFT JOIN machines m ON e.actor = 'machine:' || m.id
         WHERE e.request_id = ? ORDER BY e.seq`,
      )
      .all(requestId) as {
      actor: string;
      action: string;
      from_state: HelpState | null;
      to_state: HelpState;
      at: string;
      detail: string | null;
      account_name: string | null;
      machine_tag: string | null;
    }[];
    return rows.map((r) => ({
      at: r.at,
      actor: r.actor.startsWith('machine:')
        ? { kind: 'machine' as const, name: r.machine_tag ?? '?' }
        : r.actor.startsWith('account:')
          ? { kind: 'account' as const, name: r.account_name ?? '?' }
          : { kind: 'system' as const, name: r.actor },
      action: r.action,
      fromState: r.from_state,
      toState: r.to_state,
      detail: r.detail,
    }));
  }

  async attachVoice(machineId: string, requestId: string, voice: { mimeType: VoiceMimeType; durationMs: number; bytes: Buffer }): Promise<VoiceResult> {
    return this.db.transaction((): VoiceResult => {
      const row = this.helpRow(requestId);
      if (!row || row.machine_id !== machineId) return { ok: false, reason: 'not_found' };
      if (row.voice_size_bytes !== null) {
        // Idempotent on the same bytes (a retried upload); a different message for the same request is refused.
        const stored = this.db.prepare('SELECT bytes FROM help_voice WHERE request_id = ?').get(requestId) as { bytes: Buffer };
        if (Buffer.compare(stored.bytes, voice.bytes) === 0) return { ok: true, created: false, view: toView(row), status: statusOf(toView(row)) };
        return { ok: false, reason: 'already_attached' };
      }
      if (!isOpenHelpState(row.state)) return { ok: false, reason: 'closed' };
      const now = this.iso();
      this.db
        .prepare('INSERT INTO help_voice (request_id, mime_type, duration_ms, size_bytes, bytes, received_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(requestId, voice.mimeType, voice.durationMs, voice.bytes.length, voice.bytes, now);
      this.db.prepare('UPDATE help_requests SET updated_at = ? WHERE id = ?').run(now, requestId);
      this.journal(requestId, `machine:${machineId}`, 'voice', row.state, row.state, now, `${Math.round(voice.durationMs / 1000)} s`);
      const result = this.changedResult(requestId);
      return { ok: true, created: true, view: result.view, status: result.status };
    }).immediate();
  }

  async getVoice(requestId: string): Promise<StoredVoice | null> {
    const r = this.db.prepare('SELECT mime_type, bytes FROM help_voice WHERE request_id = ?').get(requestId) as
      | { mime_type: VoiceMimeType; bytes: Buffer }
      | undefined;
    return r ? { mimeType: r.mime_type, bytes: r.bytes } : null;
  }

  async escalateOverdue(): Promise<HelpRequestView[]> {
    const now = this.now().getTime();
    return this.db.transaction((): HelpRequestView[] => {
      const due = this.db
        .prepare(
          `SELECT h.id, h.state, a.escalation_minutes FROM help_requests h
           JOIN machines m ON m.id = h.machine_id JOIN associations a ON a.id = m.association_id
           WHERE h.state IN ('new', 'seen') AND h.escalated_at IS NULL`,
        )
        .all() as { id: string; state: HelpState; escalation_minutes: number }[];
      const changed: HelpRequestView[] = [];
      const at = new Date(now).toISOString();
      for (const r of due) {
        const received = Date.parse((this.helpRow(r.id) as HelpRow).received_at);
        if (now - received < r.escalation_minutes * 60_000) continue;
        this.db.prepare('UPDATE help_requests SET escalated_at = ?, updated_at = ? WHERE id = ?').run(at, at, r.id);
        this.journal(r.id, 'system', 'escalate', r.state, r.state, at, `${r.escalation_minutes} min`);
        changed.push(toView(this.helpRow(r.id) as HelpRow));
      }
      return changed;
    }).immediate();
  }

  async purgeClosedHelpRequests(): Promise<number> {
    const now = this.now().getTime();
    return this.db.transaction((): number => {
      const rows = this.db
        .prepare(
          `SELECT h.id, h.closed_at, a.retention_days FROM help_requests h
           JOIN machines m ON m.id = h.machine_id JOIN associations a ON a.id = m.association_id
           WHERE h.closed_at IS NOT NULL`,
        )
        .all() as { id: string; closed_at: string; retention_days: number }[];
      const remove = this.db.prepare('DELETE FROM help_requests WHERE id = ?');
      let purged = 0;
      for (const r of rows) {
        if (now - Date.parse(r.closed_at) < r.retention_days * DAY_MS) continue;
        // The journal (notes included) and the voice message go with the request (ON DELETE CASCADE).
        remove.run(r.id);
        purged += 1;
      }
      // Expired console sessions are not personal data worth keeping either.
      this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(new Date(now).toISOString());
      return purged;
    }).immediate();
  }

  async getHelpRequest(id: string): Promise<HelpRequestView | null> {
    const r = this.helpRow(id);
    return r ? toView(r) : null;
  }

  async listOpenHelpRequests(): Promise<HelpRequestView[]> {
    const rows = this.db.prepare(`${HELP_SELECT} WHERE h.state IN ${OPEN_STATES} ORDER BY h.received_at, h.id`).all() as HelpRow[];
    return rows.map(toView);
  }

  async listOpenHelpStatuses(machineId: string): Promise<HelpStatus[]> {
    const rows = this.db
      .prepare(`${HELP_SELECT} WHERE h.machine_id = ? AND h.state IN ${OPEN_STATES} ORDER BY h.received_at, h.id`)
      .all(machineId) as HelpRow[];
    return rows.map((r) => this.statusWithPhoto(toView(r))).filter((s) => isOpenHelpState(s.state));
  }

  async countHelpRequests(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM help_requests').get() as { n: number }).n;
  }

  async listHelpEvents(requestId: string): Promise<HelpEvent[]> {
    const rows = this.db
      .prepare('SELECT request_id, actor, action, from_state, to_state, at, detail FROM help_events WHERE request_id = ? ORDER BY seq')
      .all(requestId) as {
      request_id: string;
      actor: string;
      action: string;
      from_state: HelpState | null;
      to_state: HelpState;
      at: string;
      detail: string | null;
    }[];
    return rows.map((r) => ({
      requestId: r.request_id,
      actor: r.actor,
      action: r.action,
      fromState: r.from_state,
      toState: r.to_state,
      at: r.at,
      detail: r.detail,
    }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
