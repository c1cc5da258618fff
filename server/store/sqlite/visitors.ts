/** The visitors area in SQLite: registered kiosk visitors, their card code (hashed), resumes and visit tokens. */
import { randomInt, randomUUID } from 'node:crypto';
import { CARD_CODE_LENGTH, CARD_PICTURE_COUNT, type CardCode } from '../../../app/protocol/accompaniment.ts';
import type { Language } from '../../../app/protocol/common.ts';
import type { PersonRecord, ProgressOwner } from '../accompaniment.ts';
import { newSecret, sha256 } from '../crypto.ts';
import { PERSON_TABLES, VISIT_TOKEN_TTL_MINUTES, cardLockRefusal, wrongCardCode, type CardResumeResult, type VisitorsStore } from '../visitors.ts';
import { PEOPLE, toPerson, type PersonRow } from './accompaniment-rows.ts';
import type { SqliteContext } from './context.ts';

/** 4 different pictures among 16, in order: 43,680 codes per association. */
export function newCardCode(): CardCode {
  const pool = Array.from({ length: CARD_PICTURE_COUNT }, (_, i) => i);
  const code: number[] = [];
  for (let i = 0; i < CARD_CODE_LENGTH; i++) code.push(pool.splice(randomInt(pool.length), 1)[0] as number);
  return code;
}

/** The code is low-entropy: it is stored hashed with the association so that the table alone does not print cards. */
export const cardHash = (associationId: string, code: readonly number[]) => sha256(`${associationId}:${code.join('-')}`);

export class SqliteVisitors implements VisitorsStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  private visitor(associationId: string, id: string): PersonRecord | null {
    const r = this.db.prepare(`SELECT * FROM (${PEOPLE}) p WHERE p.id = ? AND p.association_id = ? AND p.kind = 'visitor'`).get(id, associationId) as PersonRow | undefined;
    return r ? toPerson(r) : null;
  }

  async createVisitor(associationId: string, input: { name: string; language: Language }, byAccountId: string): Promise<PersonRecord> {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO visitors (id, association_id, name, language, helper_id, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, associationId, input.name, input.language, byAccountId, this.x.iso());
    return this.visitor(associationId, id) as PersonRecord;
  }

  async updateVisitor(associationId: string, id: string, patch: { name?: string | undefined; language?: Language | undefined }): Promise<PersonRecord | null> {
    const current = this.visitor(associationId, id);
    if (!current) return null;
    this.db.prepare('UPDATE visitors SET name = ?, language = ? WHERE id = ?').run(patch.name ?? current.firstName, patch.language ?? current.language, id);
    return this.visitor(associationId, id);
  }

  async issueCard(associationId: string, id: string): Promise<{ code: CardCode; issuedAt: string } | null> {
    return this.x.write(() => {
      if (!this.visitor(associationId, id)) return null;
      const issuedAt = this.x.iso();
      // A code another visitor of the association holds is drawn again (the unique index guards it too).
      const taken = this.db.prepare('SELECT 1 FROM visitors WHERE association_id = ? AND card_hash = ?');
      for (let tries = 0; tries < 50; tries++) {
        const code = newCardCode();
        const hash = cardHash(associationId, code);
        if (taken.get(associationId, hash)) continue;
        this.db.prepare('UPDATE visitors SET card_hash = ?, card_issued_at = ? WHERE id = ?').run(hash, issuedAt, id);
        return { code, issuedAt };
      }
      throw new Error('no free card code left for this association');
    });
  }

  async cardIssuedAt(associationId: string, id: string): Promise<string | null> {
    const r = this.db.prepare('SELECT card_issued_at FROM visitors WHERE id = ? AND association_id = ?').get(id, associationId) as { card_issued_at: string | null } | undefined;
    return r?.card_issued_at ?? null;
  }

  async resumeWithCard(machine: { id: string; associationId: string }, code: CardCode): Promise<CardResumeResult> {
    const token = newSecret();
    return this.x.write((): CardResumeResult => {
      const now = this.x.iso();
      const failures = this.db.prepare('SELECT failures, locked_until FROM card_failures WHERE machine_id = ?').get(machine.id) as
        | { failures: number; locked_until: string | null }
        | undefined;
      const locked = cardLockRefusal(failures?.locked_until ?? null, now);
      if (locked) return locked;
      const found = this.db.prepare('SELECT id FROM visitors WHERE association_id = ? AND card_hash = ?').get(machine.associationId, cardHash(machine.associationId, code)) as
        | { id: string }
        | undefined;
      if (!found) {
        const count = (failures?.failures ?? 0) + 1;
        const { lockMinutes, refusal } = wrongCardCode(count);
        const lockedUntil = lockMinutes > 0 ? this.x.iso(lockMinutes * 60_000) : null;
        this.db
          .prepare(
            `INSERT INTO card_failures (machine_id, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (machine_id) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
          )
          .run(machine.id, count, lockedUntil, now);
        return refusal;
      }
      this.db.prepare('DELETE FROM card_failures WHERE machine_id = ?').run(machine.id);
      this.db.prepare('DELETE FROM visit_tokens WHERE expires_at <= ?').run(now);
      const expiresAt = this.x.iso(VISIT_TOKEN_TTL_MINUTES * 60_000);
      this.db.prepare('INSERT INTO visit_tokens (token_hash, visitor_id, machine_id, expires_at) VALUES (?, ?, ?, ?)').run(sha256(token), found.id, machine.id, expiresAt);
      return { ok: true, owner: { associationId: machine.associationId, personId: found.id }, visitToken: token, expiresAt };
    });
  }

  async visitOwner(machineId: string, visitToken: string): Promise<ProgressOwner | null> {
    const r = this.db
      .prepare(
        `SELECT v.id, v.association_id FROM visit_tokens t JOIN visitors v ON v.id = t.visitor_id
         WHERE t.token_hash = ? AND t.machine_id = ? AND t.expires_at > ?`,
      )
      .get(sha256(visitToken), machineId, this.x.iso()) as { id: string; association_id: string } | undefined;
    return r ? { associationId: r.association_id, personId: r.id } : null;
  }

  async deleteVisitor(associationId: string, id: string): Promise<boolean> {
    return this.x.write(() => {
      if (!this.visitor(associationId, id)) return false;
      for (const table of PERSON_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE association_id = ? AND person_id = ?`).run(associationId, id);
      this.db.prepare('DELETE FROM visitors WHERE id = ?').run(id);
      return true;
    });
  }
}
