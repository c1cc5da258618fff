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
import { isOpenHelpState, nextHelpState, type HelpAction, type HelpState } from '../../app/help/states.ts';
import type { HelpContext, HelpRequestView, HelpStatus, MachineMode, Role } from '../../app/protocol/hub.ts';
import { dummyPasswordHash, hashPassword, newEnrolmentCode, newSecret, sha256, verifyPasswordHash } from './crypto.ts';
import type {
  Account,
  ActionResult,
  Association,
  EnrolResult,
  HelpEvent,
  HubStore,
  Machine,
  Session,
  SubmitResult,
} from './types.ts';

export const DEFAULT_ENROLMENT_TTL_MINUTES = 24 * 60;

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
];

const OPEN_STATES = `('new', 'seen', 'claimed', 'calling_back')`;

interface AccountRow {
  id: string;
  association_id: string;
  email: string;
  first_name: string;
  role: Role;
  password_hash: string;
  created_at: string;
}
interface MachineRow {
  id: string;
  association_id: string;
  asset_tag: string;
  mode: MachineMode;
  cohort: string;
  token_hash: string | null;
  enrolment_code_hash: string | null;
  enrolment_expires_at: string | null;
  enrolment_used: number;
  last_seen: string | null;
  created_at: string;
}
interface HelpRow {
  id: string;
  machine_id: string;
  asset_tag: string;
  state: HelpState;
  context: string;
  created_at: string;
  received_at: string;
  updated_at: string;
  claimed_by: string | null;
  claimer_first_name: string | null;
}

const HELP_SELECT = `
  SELECT h.id, h.machine_id, m.asset_tag, h.state, h.context, h.created_at, h.received_at, h.updated_at,
         h.claimed_by, a.first_name AS claimer_first_name
  FROM help_requests h
  JOIN machines m ON m.id = h.machine_id
  LEFT JOIN accounts a ON a.id = h.claimed_by`;

function toAccount(r: AccountRow): Account {
  return { id: r.id, associationId: r.association_id, email: r.email, firstName: r.first_name, role: r.role, createdAt: r.created_at };
}
function toMachine(r: MachineRow): Machine {
  return {
    id: r.id,
    associationId: r.association_id,
    assetTag: r.asset_tag,
    mode: r.mode,
    cohort: r.cohort,
    enrolled: r.token_hash !== null,
    lastSeen: r.last_seen,
    createdAt: r.created_at,
  };
}
function toView(r: HelpRow): HelpRequestView {
  return {
    id: r.id,
    machineId: r.machine_id,
    assetTag: r.asset_tag,
    state: r.state,
    createdAt: r.created_at,
    receivedAt: r.received_at,
    updatedAt: r.updated_at,
    context: JSON.parse(r.context) as HelpContext,
    claimedBy: r.claimed_by && r.claimer_first_name !== null ? { id: r.claimed_by, firstName: r.claimer_first_name } : null,
  };
}
export function statusOf(v: HelpRequestView): HelpStatus {
  return { id: v.id, state: v.state, helper: v.claimedBy ? { firstName: v.claimedBy.firstName } : null, updatedAt: v.updatedAt };
}

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
    return r && ok ? toAccount(r) : null;
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

  // ---- help requests ----------------------------------------------------------------------
  private helpRow(id: string): HelpRow | undefined {
    return this.db.prepare(`${HELP_SELECT} WHERE h.id = ?`).get(id) as HelpRow | undefined;
  }

  private journal(requestId: string, actor: string, action: string, from: HelpState | null, to: HelpState, at: string): void {
    this.db
      .prepare('INSERT INTO help_events (request_id, actor, action, from_state, to_state, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(requestId, actor, action, from, to, at);
  }

  async submitHelpRequest(machineId: string, input: { id: string; createdAt: string; context: HelpContext }): Promise<SubmitResult> {
    return this.db.transaction((): SubmitResult => {
      const existing = this.helpRow(input.id);
      if (existing) {
        if (existing.machine_id !== machineId) return { ok: false, reason: 'conflict' };
        const view = toView(existing);
        return { ok: true, created: false, view, status: statusOf(view) };
      }
      const now = this.iso();
      this.db
        .prepare(
          `INSERT INTO help_requests (id, machine_id, state, context, created_at, received_at, updated_at)
           VALUES (?, ?, 'new', ?, ?, ?, ?)`,
        )
        .run(input.id, machineId, JSON.stringify(input.context), input.createdAt, now, now);
      this.journal(input.id, `machine:${machineId}`, 'submit', null, 'new', now);
      const view = toView(this.helpRow(input.id) as HelpRow);
      return { ok: true, created: true, view, status: statusOf(view) };
    }).immediate();
  }

  private transition(requestId: string, actor: string, action: HelpAction, guard?: (row: HelpRow) => ActionResult | null): ActionResult {
    return this.db.transaction((): ActionResult => {
      const row = this.helpRow(requestId);
      if (!row) return { ok: false, reason: 'not_found' };
      const early = guard?.(row);
      if (early) return early;
      if (action === 'claim' && row.claimed_by && (row.state === 'claimed' || row.state === 'calling_back')) {
        return { ok: false, reason: 'already_claimed', claimedBy: row.claimer_first_name ?? '?' };
      }
      const to = nextHelpState(row.state, action);
      if (!to) return { ok: false, reason: 'not_allowed', state: row.state };
      const now = this.iso();
      const accountId = actor.startsWith('account:') ? actor.slice('account:'.length) : null;
      let claimedBy = row.claimed_by;
      if (action === 'claim') claimedBy = accountId;
      if (action === 'release') claimedBy = null;
      this.db
        .prepare('UPDATE help_requests SET state = ?, claimed_by = ?, updated_at = ? WHERE id = ?')
        .run(to, claimedBy, now, requestId);
      this.journal(requestId, actor, action, row.state, to, now);
      const view = toView(this.helpRow(requestId) as HelpRow);
      return { ok: true, changed: true, view, status: statusOf(view) };
    }).immediate();
  }

  async cancelHelpRequestByMachine(machineId: string, requestId: string): Promise<ActionResult> {
    return this.transition(requestId, `machine:${machineId}`, 'cancel', (row) => {
      // Another machine's request is reported as not found: do not reveal that the id exists.
      if (row.machine_id !== machineId) return { ok: false, reason: 'not_found' };
      if (row.state === 'cancelled') {
        const view = toView(row);
        return { ok: true, changed: false, view, status: statusOf(view) }; // idempotent: cancelling twice is fine
      }
      return null;
    });
  }

  async applyHelpAction(requestId: string, accountId: string, action: HelpAction): Promise<ActionResult> {
    return this.transition(requestId, `account:${accountId}`, action);
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
    return rows.map((r) => statusOf(toView(r))).filter((s) => isOpenHelpState(s.state));
  }

  async countHelpRequests(): Promise<number> {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM help_requests').get() as { n: number }).n;
  }

  async listHelpEvents(requestId: string): Promise<HelpEvent[]> {
    const rows = this.db
      .prepare('SELECT request_id, actor, action, from_state, to_state, at FROM help_events WHERE request_id = ? ORDER BY seq')
      .all(requestId) as { request_id: string; actor: string; action: string; from_state: HelpState | null; to_state: HelpState; at: string }[];
    return rows.map((r) => ({ requestId: r.request_id, actor: r.actor, action: r.action, fromState: r.from_state, toState: r.to_state, at: r.at }));
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
