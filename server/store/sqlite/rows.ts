/**
 * Row shapes of the SQLite store, the SELECTs that produce them, and their mapping to the wire views.
 * Kept apart from the store's logic so that each file stays about one idea. The PostgreSQL store
 * (../postgres/) shares them: the SELECTs are plain SQL both understand, and its pool returns values
 * in the same shapes (ISO strings for times, JSON as text, counts as numbers). Keep them so.
 */
import { randomUUID } from 'node:crypto';
import type { Language } from '../../../app/protocol/common.ts';
import { HelpState, isOpenHelpState, isUnclaimedHelpState } from '../../../app/help/states.ts';
import type {
  BeneficiaryView,
  HelpContext,
  HelpJournalEntry,
  HelpRequestView,
  HelpStatus,
  LoanView,
  MachineMode,
  MachineView,
  Role,
  VoiceMimeType,
  HelpFileMimeType,
  HelpFileInfo,
} from '../../../app/protocol/hub.ts';
import { HELP_FILES_PER_REQUEST } from '../../../app/protocol/hub.ts';
import { HelpOutcome } from '../../../app/help/outcome.ts';
import type { Account, NewAccount } from '../accounts.ts';
import { hashPassword } from '../crypto.ts';
import type { Machine } from '../register.ts';

export interface AccountRow {
  id: string;
  association_id: string;
  email: string;
  first_name: string;
  role: Role;
  password_hash: string;
  created_at: string;
  /** 0/1 in SQLite, a boolean in PostgreSQL (both stores share these mappings). */
  disabled: number | boolean;
  on_duty: number | boolean;
  photo: string | null;
  password_one_time: number | boolean;
}
export interface MachineRow {
  id: string;
  association_id: string;
  asset_tag: string;
  mode: MachineMode;
  cohort: string;
  token_hash: string | null;
  enrolment_code_hash: string | null;
  enrolment_expires_at: string | null;
  enrolment_used: number | boolean;
  last_seen: string | null;
  created_at: string;
  staff_pin_hash: string | null;
  retired_at: string | null;
}
export interface HelpRow {
  id: string;
  machine_id: string;
  association_id: string;
  asset_tag: string;
  state: HelpState;
  context: string;
  created_at: string;
  received_at: string;
  updated_at: string;
  claimed_by: string | null;
  claimer_first_name: string | null;
  escalated_at: string | null;
  voice_mime_type: VoiceMimeType | null;
  voice_duration_ms: number | null;
  voice_size_bytes: number | null;
  /** The request's files 1..HELP_FILES_PER_REQUEST (file1_name, file1_mime_type, file1_size_bytes, ...). */
  [fileColumn: `file${number}_${'name' | 'mime_type' | 'size_bytes'}`]: string | number | null;
  beneficiary_id: string | null;
  beneficiary_first_name: string | null;
  beneficiary_phone: string | null;
  beneficiary_language: Language | null;
  note_count: number;
  called_at: string | null;
  machine_mode: MachineMode;
  closed_at: string | null;
  /** The last resolution's outcome (the detail of the last `resolve`, or of the `outcome` line said after it). */
  outcome: string | null;
}

/** `('new', 'seen', …)` for SQL, from the predicates in app/help/states.ts (one definition of "open"). */
const sqlList = (states: readonly HelpState[]) => `(${states.map((s) => `'${s}'`).join(', ')})`;
export const OPEN_STATES = sqlList(HelpState.options.filter(isOpenHelpState));
export const UNCLAIMED_STATES = sqlList(HelpState.options.filter(isUnclaimedHelpState));

/** A request has a fixed, small number of file slots: one join each, the same SQL on SQLite and PostgreSQL. */
const FILE_SLOTS = Array.from({ length: HELP_FILES_PER_REQUEST }, (_, i) => i + 1);

/** The files of a help row, in order. */
function filesOf(r: HelpRow): HelpFileInfo[] {
  return FILE_SLOTS.flatMap((n) => {
    const name = r[`file${n}_name`];
    const mimeType = r[`file${n}_mime_type`];
    const size = r[`file${n}_size_bytes`];
    return typeof name === 'string' && typeof mimeType === 'string' && size !== null ? [{ n, name, mimeType: mimeType as HelpFileMimeType, sizeBytes: Number(size) }] : [];
  });
}

export const HELP_SELECT = `
  SELECT h.id, h.machine_id, m.association_id, m.asset_tag, m.mode AS machine_mode, h.closed_at, h.state, h.context, h.created_at, h.received_at, h.updated_at,
         h.claimed_by, a.first_name AS claimer_first_name, h.escalated_at,
         v.mime_type AS voice_mime_type, v.duration_ms AS voice_duration_ms, v.size_bytes AS voice_size_bytes,
         ${FILE_SLOTS.map((n) => `f${n}.name AS file${n}_name, f${n}.mime_type AS file${n}_mime_type, f${n}.size_bytes AS file${n}_size_bytes`).join(', ')},
         b.id AS beneficiary_id, b.first_name AS beneficiary_first_name, b.phone AS beneficiary_phone, b.language AS beneficiary_language,
         (SELECT e.detail FROM help_events e WHERE e.request_id = h.id AND e.action IN ('resolve', 'outcome') ORDER BY e.seq DESC LIMIT 1) AS outcome,
         (SELECT COUNT(*) FROM help_events e WHERE e.request_id = h.id AND e.action = 'note') AS note_count,
         (SELECT MIN(e.at) FROM help_events e WHERE e.request_id = h.id AND e.action = 'call_answer') AS called_at
  FROM help_requests h
  JOIN machines m ON m.id = h.machine_id
  LEFT JOIN accounts a ON a.id = h.claimed_by
  LEFT JOIN help_voice v ON v.request_id = h.id
  ${FILE_SLOTS.map((n) => `LEFT JOIN help_files f${n} ON f${n}.request_id = h.id AND f${n}.seq = ${n}`).join('\n  ')}
  LEFT JOIN beneficiaries b ON b.id = h.beneficiary_id`;

export interface BeneficiaryRow {
  id: string;
  first_name: string;
  phone: string;
  language: Language;
  helper_id: string | null;
  helper_first_name: string | null;
  created_at: string;
  loan_id: string | null;
  loan_machine_id: string | null;
  loan_asset_tag: string | null;
  loan_since: string | null;
}
export const BENEFICIARY_SELECT = `
  SELECT b.id, b.first_name, b.phone, b.language, b.helper_id, a.first_name AS helper_first_name, b.created_at,
         l.id AS loan_id, l.machine_id AS loan_machine_id, m.asset_tag AS loan_asset_tag, l.started_at AS loan_since
  FROM beneficiaries b
  LEFT JOIN accounts a ON a.id = b.helper_id
  LEFT JOIN loans l ON l.beneficiary_id = b.id AND l.ended_at IS NULL
  LEFT JOIN machines m ON m.id = l.machine_id`;

export interface MachineViewRow extends MachineRow {
  loan_id: string | null;
  loan_beneficiary_id: string | null;
  loan_first_name: string | null;
  loan_since: string | null;
}
export const MACHINE_VIEW_SELECT = `
  SELECT m.*, l.id AS loan_id, l.beneficiary_id AS loan_beneficiary_id, b.first_name AS loan_first_name, l.started_at AS loan_since
  FROM machines m
  LEFT JOIN loans l ON l.machine_id = m.id AND l.ended_at IS NULL
  LEFT JOIN beneficiaries b ON b.id = l.beneficiary_id`;

export interface LoanRow {
  id: string;
  machine_id: string;
  asset_tag: string;
  beneficiary_id: string;
  first_name: string;
  started_at: string;
  ended_at: string | null;
}
export const LOAN_SELECT = `
  SELECT l.id, l.machine_id, m.asset_tag, l.beneficiary_id, b.first_name, l.started_at, l.ended_at
  FROM loans l JOIN machines m ON m.id = l.machine_id JOIN beneficiaries b ON b.id = l.beneficiary_id`;

export function toAccount(r: AccountRow): Account {
  return {
    id: r.id,
    associationId: r.association_id,
    email: r.email,
    firstName: r.first_name,
    role: r.role,
    createdAt: r.created_at,
    disabled: Boolean(r.disabled),
    onDuty: Boolean(r.on_duty),
    hasPhoto: r.photo !== null,
  };
}
/** A new account's row, the same in both stores: a new id, the email trimmed and lowercased, the password hashed, off duty. */
export async function newAccountRow(input: NewAccount, createdAt: string): Promise<AccountRow> {
  return {
    id: randomUUID(),
    association_id: input.associationId,
    email: input.email.trim().toLowerCase(),
    first_name: input.firstName,
    role: input.role,
    password_hash: await hashPassword(input.password),
    password_one_time: input.oneTime ? 1 : 0,
    created_at: createdAt,
    disabled: 0,
    on_duty: 0,
    photo: null,
  };
}
export function toBeneficiary(r: BeneficiaryRow): BeneficiaryView {
  return {
    id: r.id,
    firstName: r.first_name,
    phone: r.phone,
    language: r.language,
    helper: r.helper_id && r.helper_first_name !== null ? { id: r.helper_id, firstName: r.helper_first_name } : null,
    createdAt: r.created_at,
    loan:
      r.loan_id && r.loan_machine_id && r.loan_asset_tag && r.loan_since
        ? { id: r.loan_id, machineId: r.loan_machine_id, assetTag: r.loan_asset_tag, since: r.loan_since }
        : null,
  };
}
/** What a machine is, for the hub's checks and for the console alike. */
function machineFacts(r: MachineRow) {
  return {
    id: r.id,
    assetTag: r.asset_tag,
    mode: r.mode,
    cohort: r.cohort,
    enrolled: r.token_hash !== null,
    lastSeen: r.last_seen,
    createdAt: r.created_at,
  };
}
export function toMachineView(r: MachineViewRow): MachineView {
  return {
    ...machineFacts(r),
    enrolmentExpiresAt: r.enrolment_code_hash && !r.enrolment_used ? r.enrolment_expires_at : null,
    loan:
      r.loan_id && r.loan_beneficiary_id && r.loan_first_name !== null && r.loan_since
        ? { id: r.loan_id, beneficiaryId: r.loan_beneficiary_id, firstName: r.loan_first_name, since: r.loan_since }
        : null,
    staffPinSet: r.staff_pin_hash !== null,
    retiredAt: r.retired_at,
  };
}
export function toLoan(r: LoanRow): LoanView {
  return {
    id: r.id,
    machineId: r.machine_id,
    assetTag: r.asset_tag,
    beneficiaryId: r.beneficiary_id,
    firstName: r.first_name,
    startedAt: r.started_at,
    endedAt: r.ended_at,
  };
}
export function toMachine(r: MachineRow): Machine {
  return { ...machineFacts(r), associationId: r.association_id };
}
export function toView(r: HelpRow): HelpRequestView {
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
    escalatedAt: r.escalated_at,
    voice:
      r.voice_mime_type && r.voice_duration_ms !== null && r.voice_size_bytes !== null
        ? { mimeType: r.voice_mime_type, durationMs: r.voice_duration_ms, sizeBytes: r.voice_size_bytes }
        : null,
    files: filesOf(r),
    beneficiary:
      r.beneficiary_id && r.beneficiary_first_name !== null && r.beneficiary_phone !== null
        ? { id: r.beneficiary_id, firstName: r.beneficiary_first_name, phone: r.beneficiary_phone, ...(r.beneficiary_language ? { language: r.beneficiary_language } : {}) }
        : null,
    noteCount: r.note_count,
    calledAt: r.called_at,
    machineMode: r.machine_mode,
    resolution: r.state === 'resolved' && r.closed_at ? { outcome: HelpOutcome.safeParse(r.outcome).data ?? null, at: r.closed_at } : null,
  };
}
export function statusOf(v: HelpRequestView): HelpStatus {
  return { id: v.id, state: v.state, helper: v.claimedBy ? { firstName: v.claimedBy.firstName } : null, updatedAt: v.updatedAt, calledAt: v.calledAt };
}

/** A help request's journal line as both stores read it (`journalSelect`), and as the console gets it. */
export type JournalRow = {
  actor: string;
  action: string;
  from_state: HelpState | null;
  to_state: HelpState;
  at: string;
  detail: string | null;
  account_name: string | null;
  machine_tag: string | null;
};

/** The journal of one request, oldest first; `param` is the store's placeholder for its id. */
export const journalSelect = (param: '?' | '$1') => `
  SELECT e.actor, e.action, e.from_state, e.to_state, e.at, e.detail, a.first_name AS account_name, m.asset_tag AS machine_tag
  FROM help_events e
  LEFT JOIN accounts a ON e.actor = 'account:' || a.id
  LEFT JOIN machines m ON e.actor = 'machine:' || m.id
  WHERE e.request_id = ${param} ORDER BY e.seq`;

export function toJournalEntry(r: JournalRow): HelpJournalEntry {
  return {
    at: r.at,
    actor: r.actor.startsWith('machine:')
      ? { kind: 'machine', name: r.machine_tag ?? '?' }
      : r.actor.startsWith('account:')
        ? { kind: 'account', name: r.account_name ?? '?' }
        : { kind: 'system', name: r.actor },
    action: r.action,
    fromState: r.from_state,
    toState: r.to_state,
    detail: r.detail,
  };
}
