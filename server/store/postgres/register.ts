/** The register area in PostgreSQL: machines and enrolment, beneficiaries, loans. */
import { randomUUID } from 'node:crypto';
import type { BeneficiaryView, LoanView, MachineKiosk, MachineMode, MachineView } from '../../../app/protocol/hub.ts';
import { newEnrolmentCode, newSecret, sha256 } from '../crypto.ts';
import {
  DEFAULT_ENROLMENT_TTL_MINUTES,
  type BeneficiaryInput,
  type EnrolResult,
  type LoanResult,
  type Machine,
  type MachinePatch,
  type NewEnrolmentCode,
  type NewMachine,
  type RegisterStore,
} from '../register.ts';
import {
  BENEFICIARY_SELECT,
  LOAN_SELECT,
  MACHINE_VIEW_SELECT,
  toBeneficiary,
  toLoan,
  toMachine,
  toMachineView,
  type BeneficiaryRow,
  type LoanRow,
  type MachineRow,
  type MachineViewRow,
} from '../sqlite/rows.ts';
import type { PgContext } from './db.ts';

/** last_seen is written at most once a minute, so a busy machine does not cost a write per call. */
const LAST_SEEN_GRANULARITY_MS = 60_000;

export class PgRegister implements RegisterStore {
  constructor(private readonly x: PgContext) {}

  private get sql() {
    return this.x.sql;
  }

  // ---- machines ------------------------------------------------------------------------------
  async createMachine(input: NewMachine): Promise<Machine> {
    const r = await this.sql.one<MachineRow>(
      'INSERT INTO machines (id, association_id, asset_tag, mode, cohort, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
      [randomUUID(), input.associationId, input.assetTag, input.mode, input.cohort, this.x.iso()],
    );
    return toMachine(r as MachineRow);
  }

  async getMachine(id: string): Promise<Machine | null> {
    const r = await this.sql.one<MachineRow>('SELECT * FROM machines WHERE id = $1', [id]);
    return r ? toMachine(r) : null;
  }

  async findMachineByAssetTag(assetTag: string): Promise<Machine | null> {
    const r = await this.sql.one<MachineRow>('SELECT * FROM machines WHERE asset_tag = $1', [assetTag]);
    return r ? toMachine(r) : null;
  }

  async listMachines(associationId: string): Promise<MachineView[]> {
    return (await this.sql.rows<MachineViewRow>(`${MACHINE_VIEW_SELECT} WHERE m.association_id = $1 ORDER BY m.asset_tag`, [associationId])).map(toMachineView);
  }

  async getMachineView(associationId: string, id: string): Promise<MachineView | null> {
    const r = await this.sql.one<MachineViewRow>(`${MACHINE_VIEW_SELECT} WHERE m.id = $1 AND m.association_id = $2`, [id, associationId]);
    return r ? toMachineView(r) : null;
  }

  async updateMachine(associationId: string, id: string, patch: MachinePatch): Promise<MachineView | null> {
    const changed = await this.sql.run('UPDATE machines SET mode = COALESCE($3, mode), cohort = COALESCE($4, cohort) WHERE id = $1 AND association_id = $2', [
      id,
      associationId,
      patch.mode ?? null,
      patch.cohort ?? null,
    ]);
    return changed ? this.getMachineView(associationId, id) : null;
  }

  async setMachineStaffPinHash(associationId: string, id: string, hash: string | null): Promise<MachineView | null> {
    await this.sql.run('UPDATE machines SET staff_pin_hash = $3 WHERE id = $1 AND association_id = $2', [id, associationId, hash]);
    return this.getMachineView(associationId, id);
  }

  async getMachineKiosk(id: string): Promise<MachineKiosk | null> {
    const r = await this.sql.one<{ mode: MachineMode; staff_pin_hash: string | null }>('SELECT mode, staff_pin_hash FROM machines WHERE id = $1', [id]);
    return r ? { mode: r.mode, staffPinHash: r.staff_pin_hash } : null;
  }

  // ---- enrolment and tokens ----------------------------------------------------------------------
  async createEnrolmentCode(machineId: string, ttlMinutes = DEFAULT_ENROLMENT_TTL_MINUTES): Promise<NewEnrolmentCode> {
    const code = newEnrolmentCode();
    const expiresAt = this.x.iso(ttlMinutes * 60_000);
    const r = await this.sql.one<{ has_token: boolean }>(
      'UPDATE machines SET enrolment_code_hash = $2, enrolment_expires_at = $3, enrolment_used = false WHERE id = $1 RETURNING token_hash IS NOT NULL AS has_token',
      [machineId, sha256(code), expiresAt],
    );
    if (!r) throw new Error(`no machine ${machineId}`);
    return { code, expiresAt, previousTokenActive: r.has_token };
  }

  async enrol(code: string): Promise<EnrolResult> {
    const token = newSecret();
    const now = this.x.iso();
    // The code is burnt by one conditional UPDATE: of two shells typing it at once, one gets the token.
    const won = await this.sql.one<MachineRow>(
      `UPDATE machines SET enrolment_used = true, token_hash = $2, last_seen = $3, retired_at = NULL
       WHERE enrolment_code_hash = $1 AND NOT enrolment_used AND enrolment_expires_at > $3 RETURNING *`,
      [sha256(code), sha256(token), now],
    );
    if (won) return { ok: true, token, machine: toMachine(won) };
    const r = await this.sql.one<MachineRow>('SELECT * FROM machines WHERE enrolment_code_hash = $1', [sha256(code)]);
    if (!r) return { ok: false, reason: 'unknown' };
    return { ok: false, reason: r.enrolment_used ? 'used' : 'expired' };
  }

  async retireMachine(associationId: string, id: string): Promise<MachineView | null> {
    const changed = await this.sql.run(
      `UPDATE machines SET token_hash = NULL, enrolment_code_hash = NULL, enrolment_expires_at = NULL, enrolment_used = false,
         retired_at = COALESCE(retired_at, $3) WHERE id = $1 AND association_id = $2`,
      [id, associationId, this.x.iso()],
    );
    return changed === 1 ? this.getMachineView(associationId, id) : null;
  }

  async authenticateMachine(token: string): Promise<Machine | null> {
    const r = await this.sql.one<MachineRow>('SELECT * FROM machines WHERE token_hash = $1', [sha256(token)]);
    if (!r) return null;
    const now = this.x.iso();
    if (!r.last_seen || Date.parse(now) - Date.parse(r.last_seen) > LAST_SEEN_GRANULARITY_MS) {
      await this.sql.run('UPDATE machines SET last_seen = $2 WHERE id = $1', [r.id, now]);
      r.last_seen = now;
    }
    return toMachine(r);
  }

  // ---- beneficiaries ---------------------------------------------------------------------------
  async listBeneficiaries(associationId: string): Promise<BeneficiaryView[]> {
    return (await this.sql.rows<BeneficiaryRow>(`${BENEFICIARY_SELECT} WHERE b.association_id = $1 ORDER BY b.first_name, b.id`, [associationId])).map(toBeneficiary);
  }

  async getBeneficiary(associationId: string, id: string): Promise<BeneficiaryView | null> {
    const r = await this.sql.one<BeneficiaryRow>(`${BENEFICIARY_SELECT} WHERE b.id = $1 AND b.association_id = $2`, [id, associationId]);
    return r ? toBeneficiary(r) : null;
  }

  async createBeneficiary(associationId: string, input: BeneficiaryInput): Promise<BeneficiaryView> {
    const id = randomUUID();
    await this.sql.run(
      'INSERT INTO beneficiaries (id, association_id, first_name, phone, language, helper_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [id, associationId, input.firstName, input.phone, input.language, input.helperId ?? null, this.x.iso()],
    );
    return (await this.getBeneficiary(associationId, id)) as BeneficiaryView;
  }

  async updateBeneficiary(associationId: string, id: string, patch: Partial<BeneficiaryInput>): Promise<BeneficiaryView | null> {
    const changed = await this.sql.run(
      `UPDATE beneficiaries SET first_name = COALESCE($3, first_name), phone = COALESCE($4, phone), language = COALESCE($5, language),
         helper_id = CASE WHEN $6 THEN $7 ELSE helper_id END
       WHERE id = $1 AND association_id = $2`,
      [id, associationId, patch.firstName ?? null, patch.phone ?? null, patch.language ?? null, patch.helperId !== undefined, patch.helperId ?? null],
    );
    return changed ? this.getBeneficiary(associationId, id) : null;
  }

  // ---- loans -------------------------------------------------------------------------------------
  async listLoans(associationId: string, opts: { activeOnly?: boolean } = {}): Promise<LoanView[]> {
    const rows = await this.sql.rows<LoanRow>(
      `${LOAN_SELECT} WHERE m.association_id = $1 ${opts.activeOnly ? 'AND l.ended_at IS NULL' : ''} ORDER BY l.ended_at IS NOT NULL, l.started_at DESC`,
      [associationId],
    );
    return rows.map(toLoan);
  }

  /**
   * The checks then the insert; two loans racing for the same machine or person both pass the
   * checks, one insert hits the partial unique index, and its transaction runs again: its checks
   * then see the loan just made and answer `machine_on_loan` / `beneficiary_has_loan`.
   */
  async createLoan(associationId: string, machineId: string, beneficiaryId: string): Promise<LoanResult> {
    return this.x.tx(
      async (sql): Promise<LoanResult> => {
        const machine = await sql.one<{ retired_at: string | null }>('SELECT retired_at FROM machines WHERE id = $1 AND association_id = $2', [machineId, associationId]);
        if (!machine) return { ok: false, reason: 'machine_not_found' };
        if (machine.retired_at) return { ok: false, reason: 'machine_retired' };
        if (!(await sql.one('SELECT 1 FROM beneficiaries WHERE id = $1 AND association_id = $2', [beneficiaryId, associationId]))) {
          return { ok: false, reason: 'beneficiary_not_found' };
        }
        if (await sql.one('SELECT 1 FROM loans WHERE machine_id = $1 AND ended_at IS NULL', [machineId])) return { ok: false, reason: 'machine_on_loan' };
        if (await sql.one('SELECT 1 FROM loans WHERE beneficiary_id = $1 AND ended_at IS NULL', [beneficiaryId])) {
          return { ok: false, reason: 'beneficiary_has_loan' };
        }
        const id = randomUUID();
        await sql.run('INSERT INTO loans (id, machine_id, beneficiary_id, started_at) VALUES ($1, $2, $3, $4)', [id, machineId, beneficiaryId, this.x.iso()]);
        return { ok: true, loan: toLoan((await sql.one<LoanRow>(`${LOAN_SELECT} WHERE l.id = $1`, [id])) as LoanRow) };
      },
      { retryOnUnique: true },
    );
  }

  async endLoan(associationId: string, loanId: string): Promise<LoanResult> {
    return this.x.tx(async (sql): Promise<LoanResult> => {
      const r = await sql.one<LoanRow>(`${LOAN_SELECT} WHERE l.id = $1 AND m.association_id = $2 FOR UPDATE OF l`, [loanId, associationId]);
      if (!r) return { ok: false, reason: 'not_found' };
      if (r.ended_at) return { ok: false, reason: 'already_ended' };
      const now = this.x.iso();
      await sql.run('UPDATE loans SET ended_at = $2 WHERE id = $1', [loanId, now]);
      return { ok: true, loan: toLoan({ ...r, ended_at: now }) };
    });
  }
}
