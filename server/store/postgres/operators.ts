/** The operators area in PostgreSQL: operators, their sessions, associations with their first admin. */
import { randomUUID } from 'node:crypto';
import type { AssociationSummary } from '../../../app/protocol/operator.ts';
import type { NewSession } from '../accounts.ts';
import { dummyPasswordHash, hashPassword, sha256, verifyPasswordHash } from '../crypto.ts';
import type { NewAssociationResult, Operator, OperatorSession, OperatorsStore } from '../operators.ts';
import { draftSession } from '../sessions.ts';
import { ASSOCIATION_SUMMARY_SELECT, toOperator, type OperatorRow } from '../sqlite/operators-rows.ts';
import { toAccount, type AccountRow } from '../sqlite/rows.ts';
import { pgCode, type PgContext } from './db.ts';

export class PgOperators implements OperatorsStore {
  constructor(private readonly x: PgContext) {}

  async upsertOperator(input: { email: string; firstName: string; password: string }): Promise<{ operator: Operator; created: boolean }> {
    const hash = await hashPassword(input.password);
    const email = input.email.trim().toLowerCase();
    return this.x.tx(async (sql) => {
      const r = await sql.one<OperatorRow & { created: boolean }>(
        `INSERT INTO operators (id, email, first_name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (lower(email)) DO UPDATE SET password_hash = excluded.password_hash
         RETURNING *, (xmax = 0) AS created`,
        [randomUUID(), email, input.firstName, hash, this.x.iso()],
      );
      const row = r as OperatorRow & { created: boolean };
      if (!row.created) await sql.run('DELETE FROM operator_sessions WHERE operator_id = $1', [row.id]);
      return { operator: toOperator(row), created: row.created };
    });
  }

  async verifyOperatorPassword(email: string, password: string): Promise<Operator | null> {
    const r = await this.x.sql.one<OperatorRow>('SELECT * FROM operators WHERE lower(email) = $1', [email.trim().toLowerCase()]);
    const ok = await verifyPasswordHash(password, r ? r.password_hash : await dummyPasswordHash());
    return r && ok ? toOperator(r) : null;
  }

  async getOperator(id: string): Promise<Operator | null> {
    const r = await this.x.sql.one<OperatorRow>('SELECT * FROM operators WHERE id = $1', [id]);
    return r ? toOperator(r) : null;
  }

  async createOperatorSession(operatorId: string, ttlMinutes: number): Promise<NewSession> {
    const { session, idHash, now } = draftSession(this.x, ttlMinutes);
    await this.x.tx(async (sql) => {
      await sql.run('DELETE FROM operator_sessions WHERE expires_at <= $1', [now]);
      await sql.run('INSERT INTO operator_sessions (id_hash, operator_id, csrf_token, expires_at, created_at) VALUES ($1, $2, $3, $4, $5)', [
        idHash,
        operatorId,
        session.csrfToken,
        session.expiresAt,
        now,
      ]);
    });
    return session;
  }

  async getOperatorSession(sessionId: string): Promise<OperatorSession | null> {
    const r = await this.x.sql.one<{ operator_id: string; csrf_token: string; expires_at: string }>(
      'SELECT operator_id, csrf_token, expires_at FROM operator_sessions WHERE id_hash = $1 AND expires_at > $2',
      [sha256(sessionId), this.x.iso()],
    );
    return r ? { operatorId: r.operator_id, csrfToken: r.csrf_token, expiresAt: r.expires_at } : null;
  }

  async deleteOperatorSession(sessionId: string): Promise<void> {
    await this.x.sql.run('DELETE FROM operator_sessions WHERE id_hash = $1', [sha256(sessionId)]);
  }

  async listAssociations(): Promise<AssociationSummary[]> {
    return this.x.sql.rows<AssociationSummary>(`${ASSOCIATION_SUMMARY_SELECT} ORDER BY a.name, a.id`);
  }

  async createAssociationWithAdmin(input: { name: string; adminEmail: string; adminFirstName: string; password: string }): Promise<NewAssociationResult> {
    const hash = await hashPassword(input.password);
    const email = input.adminEmail.trim().toLowerCase();
    try {
      return await this.x.tx(async (sql): Promise<NewAssociationResult> => {
        if (await sql.one('SELECT 1 FROM accounts WHERE lower(email) = $1', [email])) return { ok: false, reason: 'email_taken' };
        const now = this.x.iso();
        const association = { id: randomUUID(), name: input.name, createdAt: now };
        await sql.run('INSERT INTO associations (id, name, created_at) VALUES ($1, $2, $3)', [association.id, association.name, now]);
        const admin: AccountRow = {
          id: randomUUID(), association_id: association.id, email, first_name: input.adminFirstName, role: 'admin',
          password_hash: hash, created_at: now, disabled: false, on_duty: false, photo: null, password_one_time: true,
        };
        // The operator passes the password on: it is one-time, the admin's first sign-in chooses another.
        await sql.run('INSERT INTO accounts (id, association_id, email, first_name, role, password_hash, created_at, password_one_time) VALUES ($1, $2, $3, $4, $5, $6, $7, true)', [
          admin.id, admin.association_id, admin.email, admin.first_name, admin.role, admin.password_hash, admin.created_at,
        ]);
        return { ok: true, association, admin: toAccount(admin) };
      });
    } catch (error) {
      // Two operators creating the same admin at once: the loser meets the unique index.
      if (pgCode(error) === '23505') return { ok: false, reason: 'email_taken' };
      throw error;
    }
  }
}
