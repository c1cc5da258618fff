/** The visitors area in PostgreSQL: registered kiosk visitors, their card code (hashed), resumes and visit tokens. */
import { randomUUID } from 'node:crypto';
import type { CardCode } from '../../../app/protocol/accompaniment.ts';
import type { Language } from '../../../app/protocol/common.ts';
import type { PersonRecord, ProgressOwner } from '../accompaniment.ts';
import { newSecret, sha256 } from '../crypto.ts';
import { PEOPLE, toPerson, type PersonRow } from '../sqlite/accompaniment-rows.ts';
import { cardHash, newCardCode } from '../sqlite/visitors.ts';
import { PERSON_TABLES, VISIT_TOKEN_TTL_MINUTES, cardLockRefusal, wrongCardCode, type CardResumeResult, type VisitorsStore } from '../visitors.ts';
import type { PgContext, Sql } from './db.ts';

export class PgVisitors implements VisitorsStore {
  constructor(private readonly x: PgContext) {}

  private async visitor(sql: Sql, associationId: string, id: string): Promise<PersonRecord | null> {
    const r = await sql.one<PersonRow>(`SELECT * FROM (${PEOPLE}) p WHERE p.id = $1 AND p.association_id = $2 AND p.kind = 'visitor'`, [id, associationId]);
    return r ? toPerson(r) : null;
  }

  async createVisitor(associationId: string, input: { name: string; language: Language }, byAccountId: string): Promise<PersonRecord> {
    const id = randomUUID();
    await this.x.sql.run('INSERT INTO visitors (id, association_id, name, language, helper_id, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      id,
      associationId,
      input.name,
      input.language,
      byAccountId,
      this.x.iso(),
    ]);
    return (await this.visitor(this.x.sql, associationId, id)) as PersonRecord;
  }

  async updateVisitor(associationId: string, id: string, patch: { name?: string | undefined; language?: Language | undefined }): Promise<PersonRecord | null> {
    const changed = await this.x.sql.run('UPDATE visitors SET name = COALESCE($3, name), language = COALESCE($4, language) WHERE id = $1 AND association_id = $2', [
      id,
      associationId,
      patch.name ?? null,
      patch.language ?? null,
    ]);
    return changed ? this.visitor(this.x.sql, associationId, id) : null;
  }

  async issueCard(associationId: string, id: string): Promise<{ code: CardCode; issuedAt: string } | null> {
    return this.x.tx(
      async (sql) => {
        if (!(await this.visitor(sql, associationId, id))) return null;
        const issuedAt = this.x.iso();
        // A code another visitor of the association holds is drawn again (the unique index guards it too).
        for (let tries = 0; tries < 50; tries++) {
          const code = newCardCode();
          const hash = cardHash(associationId, code);
          if (await sql.one('SELECT 1 FROM visitors WHERE association_id = $1 AND card_hash = $2', [associationId, hash])) continue;
          await sql.run('UPDATE visitors SET card_hash = $2, card_issued_at = $3 WHERE id = $1', [id, hash, issuedAt]);
          return { code, issuedAt };
        }
        throw new Error('no free card code left for this association');
      },
      { retryOnUnique: true },
    );
  }

  async cardIssuedAt(associationId: string, id: string): Promise<string | null> {
    const r = await this.x.sql.one<{ card_issued_at: string | null }>('SELECT card_issued_at FROM visitors WHERE id = $1 AND association_id = $2', [id, associationId]);
    return r?.card_issued_at ?? null;
  }

  async resumeWithCard(machine: { id: string; associationId: string }, code: CardCode): Promise<CardResumeResult> {
    const token = newSecret();
    return this.x.tx(async (sql): Promise<CardResumeResult> => {
      // The kiosk's row is the lock: its wrong guesses are counted one after the other.
      await sql.run('SELECT 1 FROM machines WHERE id = $1 FOR UPDATE', [machine.id]);
      const now = this.x.iso();
      const failures = await sql.one<{ failures: number; locked_until: string | null }>('SELECT failures, locked_until FROM card_failures WHERE machine_id = $1', [machine.id]);
      const locked = cardLockRefusal(failures?.locked_until ?? null, now);
      if (locked) return locked;
      const found = await sql.one<{ id: string }>('SELECT id FROM visitors WHERE association_id = $1 AND card_hash = $2', [
        machine.associationId,
        cardHash(machine.associationId, code),
      ]);
      if (!found) {
        const count = (failures?.failures ?? 0) + 1;
        const { lockMinutes, refusal } = wrongCardCode(count);
        const lockedUntil = lockMinutes > 0 ? this.x.iso(lockMinutes * 60_000) : null;
        await sql.run(
          `INSERT INTO card_failures (machine_id, failures, locked_until, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (machine_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
          [machine.id, count, lockedUntil, now],
        );
        return refusal;
      }
      await sql.run('DELETE FROM card_failures WHERE machine_id = $1', [machine.id]);
      await sql.run('DELETE FROM visit_tokens WHERE expires_at <= $1', [now]);
      const expiresAt = this.x.iso(VISIT_TOKEN_TTL_MINUTES * 60_000);
      await sql.run('INSERT INTO visit_tokens (token_hash, visitor_id, machine_id, expires_at) VALUES ($1, $2, $3, $4)', [sha256(token), found.id, machine.id, expiresAt]);
      return { ok: true, owner: { associationId: machine.associationId, personId: found.id }, visitToken: token, expiresAt };
    });
  }

  async visitOwner(machineId: string, visitToken: string): Promise<ProgressOwner | null> {
    const r = await this.x.sql.one<{ id: string; association_id: string }>(
      `SELECT v.id, v.association_id FROM visit_tokens t JOIN visitors v ON v.id = t.visitor_id
       WHERE t.token_hash = $1 AND t.machine_id = $2 AND t.expires_at > $3`,
      [sha256(visitToken), machineId, this.x.iso()],
    );
    return r ? { associationId: r.association_id, personId: r.id } : null;
  }

  async deleteVisitor(associationId: string, id: string): Promise<boolean> {
    return this.x.tx(async (sql) => {
      if (!(await this.visitor(sql, associationId, id))) return false;
      for (const table of PERSON_TABLES) await sql.run(`DELETE FROM ${table} WHERE association_id = $1 AND person_id = $2`, [associationId, id]);
      await sql.run('DELETE FROM visitors WHERE id = $1', [id]);
      return true;
    });
  }
}
