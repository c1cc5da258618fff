/**
 * First-run data: the association, its first admin account, and one demo machine with an enrolment
 * code. The first admin's email is the one the operator gave (asked on a terminal or `--admin-email`)
 * or, failing that, one made up here and printed: never a well-known address someone could guess.
 * Its password is one-time: the first sign-in must choose another.
 */
import { randomBytes } from 'node:crypto';
import { FIRST_RUN_ADMIN_NAME } from '../app/protocol/hub.ts';
import type { HubStore } from './store/index.ts';
import { PgHubStore } from './store/postgres/index.ts';

export const DEMO_ASSET_TAG = 'DEMO-0001';

export interface SeedOptions {
  /** The first admin's email, only used when the association has no admin yet. */
  adminEmail?: (() => Promise<string | null>) | string | null;
}

export interface SeedResult {
  associationId: string;
  admin:
    | { created: true; email: string; oneTimePassword: string; emailMadeUp: boolean }
    | { created: false; email: string };
  demoMachine: {
    id: string;
    assetTag: string;
    /** A fresh enrolment code while the demo machine is not enrolled yet (each run issues a new one). */
    enrolmentCode: { code: string; expiresAt: string } | null;
  };
}

/** An address nobody can guess, in the `.invalid` domain reserved for names that are not real (RFC 2606). */
export function madeUpAdminEmail(): string {
  return `admin-${randomBytes(5).toString('hex')}@passerelle.invalid`;
}

/**
 * Hub instances sharing one PostgreSQL database may start at the same moment on an empty one: the
 * first-run data is made by one at a time, so there is one association and one admin, not one each.
 */
function oneInstanceAtATime<T>(store: HubStore, name: string, work: () => Promise<T>): Promise<T> {
  return store instanceof PgHubStore ? store.exclusive(name, work) : work();
}

/** Idempotent: creates only what is missing. */
export function seed(store: HubStore, opts: SeedOptions = {}): Promise<SeedResult> {
  return oneInstanceAtATime(store, 'seed', () => seedOnce(store, opts));
}

async function seedOnce(store: HubStore, opts: SeedOptions): Promise<SeedResult> {
  const { accounts, register } = store;
  const association = (await accounts.defaultAssociation()) ?? (await accounts.createAssociation('Mon association'));

  let admin: SeedResult['admin'];
  const existing = (await accounts.listAccounts(association.id)).find((a) => a.role === 'admin');
  if (existing) {
    admin = { created: false, email: existing.email };
  } else {
    const given = typeof opts.adminEmail === 'function' ? await opts.adminEmail() : opts.adminEmail;
    const email = given?.trim() || madeUpAdminEmail();
    const oneTimePassword = randomBytes(12).toString('base64url');
    await accounts.createAccount({ associationId: association.id, email, firstName: FIRST_RUN_ADMIN_NAME, role: 'admin', password: oneTimePassword, oneTime: true });
    admin = { created: true, email: email.toLowerCase(), oneTimePassword, emailMadeUp: !given?.trim() };
  }

  let machine = await register.findMachineByAssetTag(DEMO_ASSET_TAG);
  let enrolmentCode: SeedResult['demoMachine']['enrolmentCode'] = null;
  if (!machine) {
    machine = await register.createMachine({ associationId: association.id, assetTag: DEMO_ASSET_TAG, mode: 'home', cohort: 'home' });
  }
  if (!machine.enrolled) {
    const { code, expiresAt } = await register.createEnrolmentCode(machine.id);
    enrolmentCode = { code, expiresAt };
  }
  return { associationId: association.id, admin, demoMachine: { id: machine.id, assetTag: machine.assetTag, enrolmentCode } };
}

/** The demo loan's beneficiary: a newcomer's first help card says whom to call, at which number, in which language. */
export const DEMO_BENEFICIARY = { firstName: 'Jeanne', phone: '06 12 34 56 78', language: 'fr' } as const;

/**
 * `npm start`'s demo data (and `hub --demo`): a beneficiary with the demo machine on loan. Only on a
 * register that never had a loan of the demo machine, so a demo ended or changed by hand stays so.
 */
export function seedDemo(store: HubStore, seeded: SeedResult): Promise<{ created: boolean }> {
  return oneInstanceAtATime(store, 'seed', () => seedDemoOnce(store, seeded));
}

async function seedDemoOnce(store: HubStore, seeded: SeedResult): Promise<{ created: boolean }> {
  const { register } = store;
  const loans = await register.listLoans(seeded.associationId);
  if (loans.some((l) => l.machineId === seeded.demoMachine.id)) return { created: false };
  const beneficiary = await register.createBeneficiary(seeded.associationId, { ...DEMO_BENEFICIARY, helperId: null });
  const loan = await register.createLoan(seeded.associationId, seeded.demoMachine.id, beneficiary.id);
  return { created: loan.ok };
}
