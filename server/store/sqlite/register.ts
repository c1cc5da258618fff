/** The register area in SQLite: machines and enrolment, beneficiaries, loans. */
import { randomUUID } from 'node:crypto';
import type { Language } from '../../../app/protocol/common.ts';
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
import type { SqliteContext } from './context.ts';
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
} from './rows.ts';

/** last_seen is written at most once a minute, so a busy machine does not cost an fsync per call. */
const LAST_SEEN_GRANULARITY_MS = 60_000;

export class SqliteRegister implements RegisterStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  private machineRow(id: string): MachineRow | undefined {
    return this.db.prepare('SELECT * FROM machines WHERE id = ?').get(id) as MachineRow | undefined;
  }

  // ---- machines ------------------------------------------------------------------------------
  async createMachine(input: NewMachine): Promise<Machine> {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO machines (id, association_id, asset_tag, mode, cohort, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(id, input.associationId, input.assetTag, input.mode, input.cohort, this.x.iso());
    return toMachine(this.machineRow(id) as MachineRow);
  }

  async getMachine(id: string): Promise<Machine | null> {
    const r = this.machineRow(id);
    return r ? toMachine(r) : null;
  }

  async findMachineByAssetTag(assetTag: string): Promise<Machine | null> {
    const r = this.db.prepare('SELECT * FROM machines WHERE asset_tag = ?').get(assetTag) as MachineRow | undefined;
    return r ? toMachine(r) : null;
  }

  async listMachines(associationId: string): Promise<MachineView[]> {
    const rows = this.db.prepare(`${MACHINE_VIEW_SELECT} WHERE m.association_id = ? ORDER BY m.asset_tag`).all(associationId) as MachineViewRow[];
    return rows.map(toMachineView);
  }

  async getMachineView(associationId: string, id: string): Promise<MachineView | null> {
    const r = this.db.prepare(`${MACHINE_VIEW_SELECT} WHERE m.id = ? AND m.association_id = ?`).get(id, associationId) as MachineViewRow | undefined;
    return r ? toMachineView(r) : null;
  }

  async updateMachine(associationId: string, id: string, patch: MachinePatch): Promise<MachineView | null> {
    const current = this.machineRow(id);
    if (!current || current.association_id !== associationId) return null;
    this.db.prepare('UPDATE machines SET mode = ?, cohort = ? WHERE id = ?').run(patch.mode ?? current.mode, patch.cohort ?? current.cohort, id);
    return this.getMachineView(associationId, id);
  }

  async setMachineStaffPinHash(associationId: string, id: string, hash: string | null): Promise<MachineView | null> {
    this.db.prepare('UPDATE machines SET staff_pin_hash = ? WHERE id = ? AND association_id = ?').run(hash, id, associationId);
    return this.getMachineView(associationId, id);
  }

  async getMachineKiosk(id: string): Promise<MachineKiosk | null> {
    const r = this.db.prepare('SELECT mode, staff_pin_hash FROM machines WHERE id = ?').get(id) as { mode: MachineMode; staff_pin_hash: string | null } | undefined;
    return r ? { mode: r.mode, staffPinHash: r.staff_pin_hash } : null;
  }

  // ---- enrolment and tokens ----------------------------------------------------------------------
  async createEnrolmentCode(machineId: string, ttlMinutes = DEFAULT_ENROLMENT_TTL_MINUTES): Promise<NewEnrolmentCode> {
    const code = newEnrolmentCode();
    const expiresAt = this.x.iso(ttlMinutes * 60_000);
    return this.x.write(() => {
      const r = this.machineRow(machineId);
      if (!r) throw new Error(`no machine ${machineId}`);
      this.db.prepare('UPDATE machines SET enrolment_code_hash = ?, enrolment_expires_at = ?, enrolment_used = 0 WHERE id = ?').run(sha256(code), expiresAt, machineId);
      return { code, expiresAt, previousTokenActive: r.token_hash !== null };
    });
  }

  async enrol(code: string): Promise<EnrolResult> {
    const token = newSecret();
    return this.x.write((): EnrolResult => {
      const r = this.db.prepare('SELECT * FROM machines WHERE enrolment_code_hash = ?').get(sha256(code)) as MachineRow | undefined;
      if (!r) return { ok: false, reason: 'unknown' };
      if (r.enrolment_used) return { ok: false, reason: 'used' };
      const now = this.x.iso();
      if (!r.enrolment_expires_at || r.enrolment_expires_at <= now) return { ok: false, reason: 'expired' };
      this.db
        .prepare('UPDATE machines SET enrolment_used = 1, token_hash = ?, last_seen = ?, retired_at = NULL WHERE id = ?')
        .run(sha256(token), now, r.id);
      return { ok: true, token, machine: toMachine({ ...r, token_hash: 'x', enrolment_used: 1, last_seen: now }) };
    });
  }

  async retireMachine(associationId: string, id: string): Promise<MachineView | null> {
    const info = this.db
      .prepare(
        `UPDATE machines SET token_hash = NULL, enrolment_code_hash = NULL, enrolment_expires_at = NULL, enrolment_used = 0,
           retired_at = COALESCE(retired_at, ?) WHERE id = ? AND association_id = ?`,
      )
      .run(this.x.iso(), id, associationId);
    return info.changes === 1 ? this.getMachineView(associationId, id) : null;
  }

  async authenticateMachine(token: string): Promise<Machine | null> {
    const r = this.db.prepare('SELECT * FROM machines WHERE token_hash = ?').get(sha256(token)) as MachineRow | undefined;
    if (!r) return null;
    const now = this.x.iso();
    if (!r.last_seen || Date.parse(now) - Date.parse(r.last_seen) > LAST_SEEN_GRANULARITY_MS) {
      this.db.prepare('UPDATE machines SET last_seen = ? WHERE id = ?').run(now, r.id);
      r.last_seen = now;
    }
    return toMachine(r);
  }

  // ---- beneficiaries ---------------------------------------------------------------------------
  async listBeneficiaries(associationId: string): Promise<BeneficiaryView[]> {
    const rows = this.db.prepare(`${BENEFICIARY_SELECT} WHERE b.association_id = ? ORDER BY b.first_name, b.id`).all(associationId) as BeneficiaryRow[];
    return rows.map(toBeneficiary);
  }

  async getBeneficiary(associationId: string, id: string): Promise<BeneficiaryView | null> {
    const r = this.db.prepare(`${BENEFICIARY_SELECT} WHERE b.id = ? AND b.association_id = ?`).get(id, associationId) as BeneficiaryRow | undefined;
    return r ? toBeneficiary(r) : null;
  }

  async createBeneficiary(associationId: string, input: BeneficiaryInput): Promise<BeneficiaryView> {
    const id = randomUUID();
    this.db
      .prepare('INSERT INTO beneficiaries (id, association_id, first_name, phone, language, helper_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, associationId, input.firstName, input.phone, input.language, input.helperId ?? null, this.x.iso());
    return (await this.getBeneficiary(associationId, id)) as BeneficiaryView;
  }

  async updateBeneficiary(associationId: string, id: string, patch: Partial<BeneficiaryInput>): Promise<BeneficiaryView | null> {
    const r = this.db.prepare('SELECT first_name, phone, language, helper_id FROM beneficiaries WHERE id = ? AND association_id = ?').get(id, associationId) as
      | { first_name: string; phone: string; language: Language; helper_id: string | null }
      | undefined;
    if (!r) return null;
    this.db
      .prepare('UPDATE beneficiaries SET first_name = ?, phone = ?, language = ?, helper_id = ? WHERE id = ?')
      .run(patch.firstName ?? r.first_name, patch.phone ?? r.phone, patch.language ?? r.language, patch.helperId === undefined ? r.helper_id : patch.helperId, id);
    return this.getBeneficiary(associationId, id);
  }

  // ---- loans -------------------------------------------------------------------------------------
  async listLoans(associationId: string, opts: { activeOnly?: boolean } = {}): Promise<LoanView[]> {
    const rows = this.db
      .prepare(`${LOAN_SELECT} WHERE m.association_id = ? ${opts.activeOnly ? 'AND l.ended_at IS NULL' : ''} ORDER BY l.ended_at IS NOT NULL, l.started_at DESC`)
      .all(associationId) as LoanRow[];
    return rows.map(toLoan);
  }

  async createLoan(associationId: string, machineId: string, beneficiaryId: string): Promise<LoanResult> {
    return this.x.write((): LoanResult => {
      const machine = this.machineRow(machineId);
      if (!machine || machine.association_id !== associationId) return { ok: false, reason: 'machine_not_found' };
      if (machine.retired_at) return { ok: false, reason: 'machine_retired' };
      if (!this.db.prepare('SELECT 1 FROM beneficiaries WHERE id = ? AND association_id = ?').get(beneficiaryId, associationId)) {
        return { ok: false, reason: 'beneficiary_not_found' };
      }
      if (this.db.prepare('SELECT 1 FROM loans WHERE machine_id = ? AND ended_at IS NULL').get(machineId)) return { ok: false, reason: 'machine_on_loan' };
      if (this.db.prepare('SELECT 1 FROM loans WHERE beneficiary_id = ? AND ended_at IS NULL').get(beneficiaryId)) {
        return { ok: false, reason: 'beneficiary_has_loan' };
      }
      const id = randomUUID();
      this.db.prepare('INSERT INTO loans (id, machine_id, beneficiary_id, started_at) VALUES (?, ?, ?, ?)').run(id, machineId, beneficiaryId, this.x.iso());
      return { ok: true, loan: toLoan(this.db.prepare(`${LOAN_SELECT} WHERE l.id = ?`).get(id) as LoanRow) };
    });
  }

  async endLoan(associationId: string, loanId: string): Promise<LoanResult> {
    return this.x.write((): LoanResult => {
      const r = this.db.prepare(`${LOAN_SELECT} WHERE l.id = ? AND m.association_id = ?`).get(loanId, associationId) as LoanRow | undefined;
      if (!r) return { ok: false, reason: 'not_found' };
      if (r.ended_at) return { ok: false, reason: 'already_ended' };
      const now = this.x.iso();
      this.db.prepare('UPDATE loans SET ended_at = ? WHERE id = ?').run(now, loanId);
      return { ok: true, loan: toLoan({ ...r, ended_at: now }) };
    });
  }
}
