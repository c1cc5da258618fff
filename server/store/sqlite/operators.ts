/** The operators area in SQLite: operators, their sessions, associations with their first admin. */
import { randomUUID } from 'node:crypto';
import type { AssociationSummary } from '../../../app/protocol/operator.ts';
import type { NewSession } from '../accounts.ts';
import { dummyPasswordHash, hashPassword, sha256, verifyPasswordHash } from '../crypto.ts';
import type { NewAssociationResult, Operator, OperatorSession, OperatorsStore } from '../operators.ts';
import { draftSession } from '../sessions.ts';
import type { SqliteContext } from './context.ts';
import { ASSOCIATION_SUMMARY_SELECT, toOperator, type OperatorRow } from './operators-rows.ts';
import { toAccount, type AccountRow } from './rows.ts';

export class SqliteOperators implements OperatorsStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  private rowByEmail(email: string): OperatorRow | undefined {
    return this.db.prepare('SELECT * FROM operators WHERE email = ?').get(email.trim().toLowerCase()) as OperatorRow | undefined;
  }

  async upsertOperator(input: { email: string; firstName: string; password: string }): Promise<{ operator: Operator; created: boolean }> {
    const hash = await hashPassword(input.password);
    const email = input.email.trim().toLowerCase();
    return this.x.write(() => {
      const existing = this.rowByEmail(email);
      if (existing) {
        this.db.prepare('UPDATE operators SET password_hash = ? WHERE id = ?').run(hash, existing.id);
        this.db.prepare('DELETE FROM operator_sessions WHERE operator_id = ?').run(existing.id);
        return { operator: toOperator(existing), created: false };
      }
      const row: OperatorRow = { id: randomUUID(), email, first_name: input.firstName, password_hash: hash, created_at: this.x.iso() };
      this.db.prepare('INSERT INTO operators (id, email, first_name, password_hash, created_at) VALUES (@id, @email, @first_name, @password_hash, @created_at)').run(row);
      return { operator: toOperator(row), created: true };
    });
  }

  async verifyOperatorPassword(email: string, password: string): Promise<Operator | null> {
    const r = this.rowByEmail(email);
    const ok = await verifyPasswordHash(password, r ? r.password_hash : await dummyPasswordHash());
    return r && ok ? toOperator(r) : null;
  }

  async getOperator(id: string): Promise<Operator | null> {
    const r = this.db.prepare('SELECT * FROM operators WHERE id = ?').get(id) as OperatorRow | undefined;
    return r ? toOperator(r) : null;
  }

  async createOperatorSession(operatorId: string, ttlMinutes: number): Promise<NewSession> {
    const { session, idHash, now } = draftSession(this.x, ttlMinutes);
    this.x.write(() => {
      this.db.prepare('DELETE FROM operator_sessions WHERE expires_at <= ?').run(now);
      this.db
        .prepare('INSERT INTO operator_sessions (id_hash, operator_id, csrf_token, expires_at, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(idHash, operatorId, session.csrfToken, session.expiresAt, now);
    });
    return session;
  }

  async getOperatorSession(sessionId: string): Promise<OperatorSession | null> {
    const r = this.db
      .prepare('SELECT operator_id, csrf_token, expires_at FROM operator_sessions WHERE id_hash = ? AND expires_at > ?')
      .get(sha256(sessionId), this.x.iso()) as { operator_id: string; csrf_token: string; expires_at: string } | undefined;
    return r ? { operatorId: r.operator_id, csrfToken: r.csrf_token, expiresAt: r.expires_at } : null;
  }

  async deleteOperatorSession(sessionId: string): Promise<void> {
    this.db.prepare('DELETE FROM operator_sessions WHERE id_hash = ?').run(sha256(sessionId));
  }

  async listAssociations(): Promise<AssociationSummary[]> {
    return this.db.prepare(`${ASSOCIATION_SUMMARY_SELECT} ORDER BY a.name, a.id`).all() as AssociationSummary[];
  }

  async createAssociationWithAdmin(input: { name: string; adminEmail: string; adminFirstName: string; password: string }): Promise<NewAssociationResult> {
    const hash = await hashPassword(input.password);
    const email = input.adminEmail.trim().toLowerCase();
    return this.x.write((): NewAssociationResult => {
      if (this.db.prepare('SELECT 1 FROM accounts WHERE email = ?').get(email)) return { ok: false, reason: 'email_taken' };
      const now = this.x.iso();
      const association = { id: randomUUID(), name: input.name, createdAt: now };
      this.db.prepare('INSERT INTO associations (id, name, created_at) VALUES (?, ?, ?)').run(association.id, association.name, now);
      const admin: AccountRow = {
        id: randomUUID(), association_id: association.id, email, first_name: input.adminFirstName, role: 'admin',
        password_hash: hash, created_at: now, disabled: 0, on_duty: 0, photo: null, password_one_time: 1,
      };
      this.db
        // The operator passes the password on: it is one-time, the admin's first sign-in chooses another.
        .prepare('INSERT INTO accounts (id, association_id, email, first_name, role, password_hash, created_at, password_one_time) VALUES (?, ?, ?, ?, ?, ?, ?, 1)')
        .run(admin.id, admin.association_id, admin.email, admin.first_name, admin.role, admin.password_hash, admin.created_at);
      return { ok: true, association, admin: toAccount(admin) };
    });
  }
}
