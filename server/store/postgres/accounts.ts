/** The accounts area in PostgreSQL: associations and settings, accounts, sessions. */
import { randomUUID } from 'node:crypto';
import type { AssociationSettings } from '../../../app/protocol/hub.ts';
import type { Account, AccountPatch, AccountsStore, Association, NewAccount, NewSession, Session, SignIn } from '../accounts.ts';
import { dummyPasswordHash, hashPassword, sha256, verifyPasswordHash } from '../crypto.ts';
import { draftSession } from '../sessions.ts';
import { newAccountRow, toAccount, type AccountRow } from '../sqlite/rows.ts';
import type { PgContext } from './db.ts';

type SettingsRow = { name: string; help_phone: string | null; escalation_minutes: number; retention_days: number };
const toSettings = (r: SettingsRow): AssociationSettings => ({
  name: r.name,
  helpPhone: r.help_phone,
  escalationMinutes: r.escalation_minutes,
  retentionDays: r.retention_days,
});

export class PgAccounts implements AccountsStore {
  constructor(private readonly x: PgContext) {}

  private get sql() {
    return this.x.sql;
  }

  // ---- associations and settings ----------------------------------------------------------
  async defaultAssociation(): Promise<Association | null> {
    const r = await this.sql.one<{ id: string; name: string; created_at: string }>('SELECT id, name, created_at FROM associations ORDER BY created_at, seq LIMIT 1');
    return r ? { id: r.id, name: r.name, createdAt: r.created_at } : null;
  }

  async createAssociation(name: string): Promise<Association> {
    const a: Association = { id: randomUUID(), name, createdAt: this.x.iso() };
    await this.sql.run('INSERT INTO associations (id, name, created_at) VALUES ($1, $2, $3)', [a.id, a.name, a.createdAt]);
    return a;
  }

  async getSettings(associationId: string): Promise<AssociationSettings | null> {
    const r = await this.sql.one<SettingsRow>('SELECT name, help_phone, escalation_minutes, retention_days FROM associations WHERE id = $1', [associationId]);
    return r ? toSettings(r) : null;
  }

  async updateSettings(associationId: string, patch: Partial<AssociationSettings>): Promise<AssociationSettings | null> {
    // One statement: concurrent patches of different fields both stick.
    const r = await this.sql.one<SettingsRow>(
      `UPDATE associations SET
         name = CASE WHEN $2 THEN $3 ELSE name END,
         help_phone = CASE WHEN $4 THEN $5 ELSE help_phone END,
         escalation_minutes = COALESCE($6, escalation_minutes),
         retention_days = COALESCE($7, retention_days)
       WHERE id = $1 RETURNING name, help_phone, escalation_minutes, retention_days`,
      [
        associationId,
        patch.name !== undefined,
        patch.name ?? null,
        patch.helpPhone !== undefined,
        patch.helpPhone ?? null,
        patch.escalationMinutes ?? null,
        patch.retentionDays ?? null,
      ],
    );
    return r ? toSettings(r) : null;
  }

  // ---- accounts ----------------------------------------------------------------------------
  async createAccount(input: NewAccount): Promise<Account> {
    const row = await newAccountRow(input, this.x.iso());
    await this.sql.run(
      'INSERT INTO accounts (id, association_id, email, first_name, role, password_hash, password_one_time, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)',
      [row.id, row.association_id, row.email, row.first_name, row.role, row.password_hash, input.oneTime === true, row.created_at],
    );
    return toAccount(row);
  }

  private rowByEmail(email: string): Promise<AccountRow | undefined> {
    return this.sql.one<AccountRow>('SELECT * FROM accounts WHERE lower(email) = $1', [email.trim().toLowerCase()]);
  }

  private row(id: string): Promise<AccountRow | undefined> {
    return this.sql.one<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id]);
  }

  async findAccountByEmail(email: string): Promise<Account | null> {
    const r = await this.rowByEmail(email);
    return r ? toAccount(r) : null;
  }

  async getAccount(id: string): Promise<Account | null> {
    const r = await this.row(id);
    return r ? toAccount(r) : null;
  }

  async listAccounts(associationId: string): Promise<Account[]> {
    const rows = await this.sql.rows<AccountRow>('SELECT * FROM accounts WHERE association_id = $1 ORDER BY disabled, first_name, email', [associationId]);
    return rows.map(toAccount);
  }

  async updateAccount(associationId: string, id: string, patch: AccountPatch): Promise<Account | null> {
    return this.x.tx(async (sql) => {
      const r = await sql.one<AccountRow>('SELECT * FROM accounts WHERE id = $1 AND association_id = $2 FOR UPDATE', [id, associationId]);
      if (!r) return null;
      const disabled = patch.disabled ?? Boolean(r.disabled);
      // A disabled account is signed out everywhere and goes off duty.
      const updated = await sql.one<AccountRow>(
        'UPDATE accounts SET first_name = $2, role = $3, disabled = $4, on_duty = on_duty AND NOT $4 WHERE id = $1 RETURNING *',
        [id, patch.firstName ?? r.first_name, patch.role ?? r.role, disabled],
      );
      if (disabled) await sql.run('DELETE FROM sessions WHERE account_id = $1', [id]);
      return toAccount(updated as AccountRow);
    });
  }

  async verifyPassword(email: string, password: string): Promise<Account | null> {
    const r = await this.rowByEmail(email);
    const ok = await verifyPasswordHash(password, r ? r.password_hash : await dummyPasswordHash());
    return r && ok && !r.disabled ? toAccount(r) : null;
  }

  async signIn(email: string, password: string): Promise<SignIn | null> {
    const r = await this.rowByEmail(email);
    const ok = await verifyPasswordHash(password, r ? r.password_hash : await dummyPasswordHash());
    if (!r || !ok || r.disabled) return null;
    if (!r.password_one_time) return { account: toAccount(r), oneTime: false };
    // Burn it only if it is still the hash we checked (compare-and-set): of two sign-ins racing with
    // it, on any instance, the second finds the row changed and fails.
    const burnt = await this.sql.run("UPDATE accounts SET password_hash = 'used' WHERE id = $1 AND password_hash = $2 AND password_one_time", [r.id, r.password_hash]);
    return burnt === 1 ? { account: toAccount(r), oneTime: true } : null;
  }

  async setPassword(id: string, password: string, opts: { endSessions: boolean; oneTime: boolean }): Promise<boolean> {
    const hash = await hashPassword(password);
    return this.x.tx(async (sql) => {
      const changed = await sql.run('UPDATE accounts SET password_hash = $2, password_one_time = $3 WHERE id = $1', [id, hash, opts.oneTime]);
      if (opts.endSessions) await sql.run('DELETE FROM sessions WHERE account_id = $1', [id]);
      return changed === 1;
    });
  }

  async setPhoto(id: string, photo: string | null): Promise<boolean> {
    return (await this.sql.run('UPDATE accounts SET photo = $2 WHERE id = $1', [id, photo])) === 1;
  }

  async getPhoto(id: string): Promise<string | null> {
    return (await this.sql.one<{ photo: string | null }>('SELECT photo FROM accounts WHERE id = $1', [id]))?.photo ?? null;
  }

  async setOnDuty(id: string, onDuty: boolean): Promise<boolean> {
    return (await this.sql.run('UPDATE accounts SET on_duty = $2 WHERE id = $1 AND NOT disabled', [id, onDuty])) === 1;
  }

  // ---- sessions ---------------------------------------------------------------------------
  async createSession(accountId: string, ttlMinutes: number, opts: { passwordChangeOnly?: boolean } = {}): Promise<NewSession> {
    const { session, idHash, now } = draftSession(this.x, ttlMinutes);
    await this.x.tx(async (sql) => {
      await sql.run('DELETE FROM sessions WHERE expires_at <= $1', [now]);
      await sql.run(
        'INSERT INTO sessions (id_hash, account_id, csrf_token, expires_at, created_at, password_change_only) VALUES ($1, $2, $3, $4, $5, $6)',
        [idHash, accountId, session.csrfToken, session.expiresAt, now, opts.passwordChangeOnly === true],
      );
    });
    return session;
  }

  async getSession(sessionId: string): Promise<Session | null> {
    const r = await this.sql.one<{ account_id: string; csrf_token: string; expires_at: string; password_change_only: boolean }>(
      'SELECT account_id, csrf_token, expires_at, password_change_only FROM sessions WHERE id_hash = $1 AND expires_at > $2',
      [sha256(sessionId), this.x.iso()],
    );
    return r ? { accountId: r.account_id, csrfToken: r.csrf_token, expiresAt: r.expires_at, passwordChangeOnly: r.password_change_only } : null;
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE id_hash = $1', [sha256(sessionId)]);
  }

  async deleteSessionsOf(accountId: string): Promise<void> {
    await this.sql.run('DELETE FROM sessions WHERE account_id = $1', [accountId]);
  }

  async purgeExpiredSessions(): Promise<number> {
    return this.sql.run('DELETE FROM sessions WHERE expires_at <= $1', [this.x.iso()]);
  }
}
