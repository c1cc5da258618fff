/** The accounts area in SQLite: associations and settings, accounts, sessions. */
import { randomUUID } from 'node:crypto';
import type { AssociationSettings } from '../../../app/protocol/hub.ts';
import type { Account, AccountPatch, AccountsStore, Association, NewAccount, NewSession, Session, SignIn } from '../accounts.ts';
import { dummyPasswordHash, hashPassword, sha256, verifyPasswordHash } from '../crypto.ts';
import { draftSession } from '../sessions.ts';
import type { SqliteContext } from './context.ts';
import { newAccountRow, toAccount, type AccountRow } from './rows.ts';

export class SqliteAccounts implements AccountsStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  // ---- associations and settings ----------------------------------------------------------
  async defaultAssociation(): Promise<Association | null> {
    const r = this.db.prepare('SELECT id, name, created_at FROM associations ORDER BY created_at, rowid LIMIT 1').get() as
      | { id: string; name: string; created_at: string }
      | undefined;
    return r ? { id: r.id, name: r.name, createdAt: r.created_at } : null;
  }

  async createAssociation(name: string): Promise<Association> {
    const a: Association = { id: randomUUID(), name, createdAt: this.x.iso() };
    this.db.prepare('INSERT INTO associations (id, name, created_at) VALUES (?, ?, ?)').run(a.id, a.name, a.createdAt);
    return a;
  }

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

  // ---- accounts ----------------------------------------------------------------------------
  async createAccount(input: NewAccount): Promise<Account> {
    const row = await newAccountRow(input, this.x.iso());
    this.db
      .prepare(
        `INSERT INTO accounts (id, association_id, email, first_name, role, password_hash, password_one_time, created_at)
         VALUES (@id, @association_id, @email, @first_name, @role, @password_hash, @password_one_time, @created_at)`,
      )
      .run(row);
    return toAccount(row);
  }

  private rowByEmail(email: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE email = ?').get(email.trim().toLowerCase()) as AccountRow | undefined;
  }

  private row(id: string): AccountRow | undefined {
    return this.db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
  }

  async findAccountByEmail(email: string): Promise<Account | null> {
    const r = this.rowByEmail(email);
    return r ? toAccount(r) : null;
  }

  async getAccount(id: string): Promise<Account | null> {
    const r = this.row(id);
    return r ? toAccount(r) : null;
  }

  async listAccounts(associationId: string): Promise<Account[]> {
    const rows = this.db.prepare('SELECT * FROM accounts WHERE association_id = ? ORDER BY disabled, first_name, email').all(associationId) as AccountRow[];
    return rows.map(toAccount);
  }

  async updateAccount(associationId: string, id: string, patch: AccountPatch): Promise<Account | null> {
    return this.x.write((): Account | null => {
      const r = this.row(id);
      if (!r || r.association_id !== associationId) return null;
      const disabled = patch.disabled === undefined ? r.disabled : patch.disabled ? 1 : 0;
      this.db
        .prepare('UPDATE accounts SET first_name = ?, role = ?, disabled = ? WHERE id = ?')
        .run(patch.firstName ?? r.first_name, patch.role ?? r.role, disabled, id);
      // A disabled account is signed out everywhere and goes off duty.
      if (disabled) {
        this.db.prepare('DELETE FROM sessions WHERE account_id = ?').run(id);
        this.db.prepare('UPDATE accounts SET on_duty = 0 WHERE id = ?').run(id);
      }
      return toAccount(this.row(id) as AccountRow);
    });
  }

  async verifyPassword(email: string, password: string): Promise<Account | null> {
    const r = this.rowByEmail(email);
    const ok = await verifyPasswordHash(password, r ? r.password_hash : await dummyPasswordHash());
    return r && ok && r.disabled === 0 ? toAccount(r) : null;
  }

  async signIn(email: string, password: string): Promise<SignIn | null> {
    const r = this.rowByEmail(email);
    const ok = await verifyPasswordHash(password, r ? r.password_hash : await dummyPasswordHash());
    if (!r || !ok || r.disabled !== 0) return null;
    if (!r.password_one_time) return { account: toAccount(r), oneTime: false };
    // Burn it only if it is still the hash we checked (compare-and-set): one sign-in wins.
    const burnt = this.db
      .prepare("UPDATE accounts SET password_hash = 'used' WHERE id = ? AND password_hash = ? AND password_one_time = 1")
      .run(r.id, r.password_hash);
    return burnt.changes === 1 ? { account: toAccount(r), oneTime: true } : null;
  }

  async setPassword(id: string, password: string, opts: { endSessions: boolean; oneTime: boolean }): Promise<boolean> {
    const hash = await hashPassword(password);
    return this.x.write((): boolean => {
      const info = this.db.prepare('UPDATE accounts SET password_hash = ?, password_one_time = ? WHERE id = ?').run(hash, opts.oneTime ? 1 : 0, id);
      if (opts.endSessions) this.db.prepare('DELETE FROM sessions WHERE account_id = ?').run(id);
      return info.changes === 1;
    });
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

  // ---- sessions ---------------------------------------------------------------------------
  async createSession(accountId: string, ttlMinutes: number, opts: { passwordChangeOnly?: boolean } = {}): Promise<NewSession> {
    const { session, idHash, now } = draftSession(this.x, ttlMinutes);
    this.x.write(() => {
      this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now);
      this.db
        .prepare('INSERT INTO sessions (id_hash, account_id, csrf_token, expires_at, created_at, password_change_only) VALUES (?, ?, ?, ?, ?, ?)')
        .run(idHash, accountId, session.csrfToken, session.expiresAt, now, opts.passwordChangeOnly ? 1 : 0);
    });
    return session;
  }

  async getSession(sessionId: string): Promise<Session | null> {
    const r = this.db
      .prepare('SELECT account_id, csrf_token, expires_at, password_change_only FROM sessions WHERE id_hash = ? AND expires_at > ?')
      .get(sha256(sessionId), this.x.iso()) as { account_id: string; csrf_token: string; expires_at: string; password_change_only: number } | undefined;
    return r ? { accountId: r.account_id, csrfToken: r.csrf_token, expiresAt: r.expires_at, passwordChangeOnly: r.password_change_only === 1 } : null;
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(sha256(sessionId));
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE account_id = ?').run(accountId);
  }

  async purgeExpiredSessions(): Promise<number> {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.x.iso()).changes;
  }
}
