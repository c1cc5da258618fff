/**
 * The register area of the hub's store: machines and their enrolment, beneficiaries, loans.
 * Console reads and changes are scoped to the caller's association: an id from another association
 * is answered as if it did not exist.
 */
import type { Language } from '../../app/protocol/common.ts';
import type { BeneficiaryView, LoanView, MachineKiosk, MachineMode, MachineView } from '../../app/protocol/hub.ts';

export interface Machine {
  id: string;
  associationId: string;
  assetTag: string;
  mode: MachineMode;
  cohort: string;
  enrolled: boolean;
  lastSeen: string | null;
  createdAt: string;
}

/** Why an enrolment code was refused. */
export type EnrolFailure = 'unknown' | 'used' | 'expired';

export type EnrolResult = { ok: true; machine: Machine; token: string } | { ok: false; reason: EnrolFailure };

export type LoanResult =
  | { ok: true; loan: LoanView }
  | {
      ok: false;
      reason: 'machine_not_found' | 'machine_retired' | 'beneficiary_not_found' | 'machine_on_loan' | 'beneficiary_has_loan' | 'not_found' | 'already_ended';
    };

export interface NewEnrolmentCode {
  code: string;
  expiresAt: string;
  /** The machine still has a valid token, which the code's use will replace. */
  previousTokenActive: boolean;
}

export interface NewMachine {
  associationId: string;
  assetTag: string;
  mode: MachineMode;
  cohort: string;
}

export interface MachinePatch {
  mode?: MachineMode | undefined;
  cohort?: string | undefined;
}

export interface BeneficiaryInput {
  firstName: string;
  phone: string;
  language: Language;
  helperId?: string | null | undefined;
}

export const DEFAULT_ENROLMENT_TTL_MINUTES = 24 * 60;

export interface RegisterStore {
  // ---- machines
  createMachine(input: NewMachine): Promise<Machine>;
  /** By id, whatever the association: for a machine's own token and feed. */
  getMachine(id: string): Promise<Machine | null>;
  findMachineByAssetTag(assetTag: string): Promise<Machine | null>;
  listMachines(associationId: string): Promise<MachineView[]>;
  getMachineView(associationId: string, id: string): Promise<MachineView | null>;
  updateMachine(associationId: string, id: string, patch: MachinePatch): Promise<MachineView | null>;
  /** The kiosk's animateur PIN hash (issue 6); null removes it. */
  setMachineStaffPinHash(associationId: string, id: string, hash: string | null): Promise<MachineView | null>;
  /** What the machine's feed sends it about kiosk mode. */
  getMachineKiosk(id: string): Promise<MachineKiosk | null>;

  // ---- enrolment and machine tokens
  /** A fresh single-use enrolment code for the machine; older unused codes of that machine stop working. */
  createEnrolmentCode(machineId: string, ttlMinutes?: number): Promise<NewEnrolmentCode>;
  /** Exchanges a (normalised) code for a new machine token, replacing any previous one; the code is burnt. */
  enrol(code: string): Promise<EnrolResult>;
  /** Lost, stolen or scrapped: the token and any waiting code stop working at once. Null when not in this association. */
  retireMachine(associationId: string, id: string): Promise<MachineView | null>;
  /** The machine owning this bearer token, or null. Touches last_seen (coarsely). */
  authenticateMachine(token: string): Promise<Machine | null>;

  // ---- beneficiaries
  listBeneficiaries(associationId: string): Promise<BeneficiaryView[]>;
  getBeneficiary(associationId: string, id: string): Promise<BeneficiaryView | null>;
  createBeneficiary(associationId: string, input: BeneficiaryInput): Promise<BeneficiaryView>;
  updateBeneficiary(associationId: string, id: string, patch: Partial<BeneficiaryInput>): Promise<BeneficiaryView | null>;

  // ---- loans
  listLoans(associationId: string, opts?: { activeOnly?: boolean }): Promise<LoanView[]>;
  createLoan(associationId: string, machineId: string, beneficiaryId: string): Promise<LoanResult>;
  endLoan(associationId: string, loanId: string): Promise<LoanResult>;
}
