/**
 * The loan register and accounts as staff and admins use them: a machine created in the console gets a
 * one-time code that enrols the shell once; loans say whom to call back; histories per machine and per
 * beneficiary; admins create accounts and reset passwords.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AccountView,
  BeneficiaryView,
  EnrolResponse,
  HelpHistory,
  LoanView,
  MachineCreated,
  MachineView,
  TemporaryPassword,
} from '../../app/protocol/hub.ts';
import { consoleCall, expectApiError, helpSubmit, login, makeHub, postHelp, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { helpRequest } from './inspect.ts';

let hub: TestHub;
let staff: ConsoleSession & { id: string };
beforeEach(async () => {
  hub = await makeHub();
  staff = await sessionAs(hub, 'Sonia', 'staff');
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

const enrol = (code: string) => hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });

async function createMachine(assetTag: string, mode = 'home', cohort = 'home') {
  const res = await consoleCall(hub, staff, 'POST', '/console/machines', { assetTag, mode, cohort });
  expect(res.statusCode).toBe(201);
  return MachineCreated.parse(res.json());
}

async function createBeneficiary(firstName: string, phone = '06 12 34 56 78') {
  const res = await consoleCall(hub, staff, 'POST', '/console/beneficiaries', { firstName, phone, language: 'fr' });
  expect(res.statusCode).toBe(201);
  return BeneficiaryView.parse(res.json());
}

describe('machines and enrolment codes from the console', () => {
  it('creating a machine gives a one-time code that enrols once, with the association phone in the answer', async () => {
    await consoleCall(hub, staff, 'PUT', '/console/settings', { helpPhone: '01 23 45 67 89' });
    const created = await createMachine(' pc-0042 ', 'kiosk', 'EHPAD Les Tilleuls');
    expect(created.machine).toMatchObject({ assetTag: 'PC-0042', mode: 'kiosk', cohort: 'EHPAD Les Tilleuls', enrolled: false, loan: null });
    expect(created.enrolment.code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
    expect(created.machine.enrolmentExpiresAt).toBe(created.enrolment.expiresAt);

    // The technician types it with a dash and in lower case: still fine.
    const typed = `${created.enrolment.code.slice(0, 4)}-${created.enrolment.code.slice(4)}`.toLowerCase();
    const res = await enrol(typed);
    expect(res.statusCode).toBe(200);
    expect(EnrolResponse.parse(res.json())).toMatchObject({ assetTag: 'PC-0042', mode: 'kiosk', cohort: 'EHPAD Les Tilleuls', helpPhone: '01 23 45 67 89' });

    expectApiError(await enrol(created.enrolment.code), 410, 'enrolment_code_used');
    const list = (await consoleCall(hub, staff, 'GET', '/console/machines')).json() as unknown[];
    const listed = list.map((m) => MachineView.parse(m)).find((m) => m.assetTag === 'PC-0042');
    expect(listed).toMatchObject({ enrolled: true, enrolmentExpiresAt: null });
    // The code is never stored or shown again: only its hash.
    expect(JSON.stringify(list)).not.toContain(created.enrolment.code);
  });

  it('refuses an expired code, and a new code replaces an unused one', async () => {
    const created = await createMachine('PC-0043');
    hub.clock.now = new Date(hub.clock.now.getTime() + 24 * 3_600_000 + 1000);
    expectApiError(await enrol(created.enrolment.code), 410, 'enrolment_code_expired');
    staff = await sessionAs(hub, 'Samir', 'staff'); // the morning's session has expired too
    const fresh = await consoleCall(hub, staff, 'POST', `/console/machines/${created.machine.id}/enrolment-code`);
    expect(fresh.statusCode).toBe(201);
    const { code } = fresh.json() as { code: string };
    const again = await consoleCall(hub, staff, 'POST', `/console/machines/${created.machine.id}/enrolment-code`, {});
    expectApiError(await enrol(code), 403, 'enrolment_code_unknown');
    expect((await enrol((again.json() as { code: string }).code)).statusCode).toBe(200);
  });

  it('refuses a duplicate asset tag and bad machine fields, creating nothing', async () => {
    await createMachine('PC-0044');
    expectApiError(await consoleCall(hub, staff, 'POST', '/console/machines', { assetTag: 'pc-0044', mode: 'home', cohort: 'home' }), 409, 'asset_tag_taken');
    for (const body of [
      { assetTag: 'x', mode: 'home', cohort: 'home' },
      { assetTag: 'PC 1', mode: 'home', cohort: 'home' },
      { assetTag: 'PC-1', mode: 'office', cohort: 'home' },
      { assetTag: 'PC-1', mode: 'home', cohort: '' },
      { assetTag: 'PC-1', mode: 'home', cohort: '<script>' },
      { assetTag: 'PC-1', mode: 'home' },
      { assetTag: 'PC-1', mode: 'home', cohort: 'home', token: 'x' },
    ]) {
      expectApiError(await consoleCall(hub, staff, 'POST', '/console/machines', body), 400, 'invalid_input');
    }
    expect(((await consoleCall(hub, staff, 'GET', '/console/machines')).json() as unknown[]).length).toBe(2); // demo + PC-0044
  });

  it('edits a machine mode and cohort', async () => {
    const { machine } = await createMachine('PC-0045');
    const res = await consoleCall(hub, staff, 'PATCH', `/console/machines/${machine.id}`, { mode: 'kiosk', cohort: 'Hôpital Nord' });
    expect(MachineView.parse(res.json())).toMatchObject({ mode: 'kiosk', cohort: 'Hôpital Nord' });
    expectApiError(await consoleCall(hub, staff, 'PATCH', `/console/machines/${machine.id}`, {}), 400, 'invalid_input');
  });
});

describe('beneficiaries, loans and histories', () => {
  it('a help request names the beneficiary who had the machine then; histories follow machine and person', async () => {
    const { machine, enrolment } = await createMachine('PC-0100');
    const token = (await enrol(enrolment.code)).json().token as string;
    const jeanne = await createBeneficiary('Jeanne', '06 11 22 33 44');
    const louis = await createBeneficiary('Louis');

    const tick = () => (hub.clock.now = new Date(hub.clock.now.getTime() + 60_000));
    // Each request is closed (cancelled by the machine) before the next: one open request per machine.
    const close = async (id: unknown) =>
      expect((await hub.app.inject({ method: 'POST', url: `/api/v1/help-requests/${id as string}/cancel`, headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(200);
    const before = helpSubmit();
    await postHelp(hub, token, before);
    await close(before.id);
    tick();

    const loanRes = await consoleCall(hub, staff, 'POST', '/console/loans', { machineId: machine.id, beneficiaryId: jeanne.id });
    expect(loanRes.statusCode).toBe(201);
    const loan = LoanView.parse(loanRes.json());
    expect(loan).toMatchObject({ assetTag: 'PC-0100', firstName: 'Jeanne', endedAt: null });

    const during = helpSubmit();
    const res = await postHelp(hub, token, during);
    tick();
    expect(res.statusCode).toBe(201);
    expect(await helpRequest(hub.store, during.id as string)).toMatchObject({ beneficiary: { firstName: 'Jeanne', phone: '06 11 22 33 44' } });
    await close(during.id);

    // One loan at a time per machine and per person.
    expectApiError(await consoleCall(hub, staff, 'POST', '/console/loans', { machineId: machine.id, beneficiaryId: louis.id }), 409, 'machine_on_loan');
    const other = await createMachine('PC-0101');
    expectApiError(await consoleCall(hub, staff, 'POST', '/console/loans', { machineId: other.machine.id, beneficiaryId: jeanne.id }), 409, 'beneficiary_has_loan');

    expect((await consoleCall(hub, staff, 'POST', `/console/loans/${loan.id}/end`)).statusCode).toBe(200);
    expectApiError(await consoleCall(hub, staff, 'POST', `/console/loans/${loan.id}/end`), 409, 'already_ended');
    await consoleCall(hub, staff, 'POST', '/console/loans', { machineId: machine.id, beneficiaryId: louis.id });
    const after = helpSubmit();
    await postHelp(hub, token, after);

    const helper = await sessionAs(hub, 'Marie', 'accompagnant');
    const byMachine = HelpHistory.parse((await consoleCall(hub, helper, 'GET', `/console/machines/${machine.id}/history`)).json());
    expect(byMachine.requests.map((r) => r.id)).toEqual([after.id, during.id, before.id].filter(Boolean));
    const byJeanne = HelpHistory.parse((await consoleCall(hub, helper, 'GET', `/console/beneficiaries/${jeanne.id}/history`)).json());
    expect(byJeanne.requests.map((r) => r.id)).toEqual([during.id]);
    const byLouis = HelpHistory.parse((await consoleCall(hub, helper, 'GET', `/console/beneficiaries/${louis.id}/history`)).json());
    expect(byLouis.requests.map((r) => [r.id, r.beneficiary?.firstName])).toEqual([[after.id, 'Louis']]);

    const active = ((await consoleCall(hub, staff, 'GET', '/console/loans?active=true')).json() as unknown[]).map((l) => LoanView.parse(l));
    expect(active.map((l) => l.firstName)).toEqual(['Louis']);
    expect(((await consoleCall(hub, staff, 'GET', '/console/loans')).json() as unknown[]).length).toBe(2);
    expectApiError(await consoleCall(hub, staff, 'GET', '/console/loans?active=maybe'), 400, 'invalid_input');
  });

  it('assigns a helper to a beneficiary, refusing unknown or disabled helpers and bad phones', async () => {
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const jeanne = await createBeneficiary('Jeanne');
    const ok = await consoleCall(hub, staff, 'PATCH', `/console/beneficiaries/${jeanne.id}`, { helperId: marie.id, language: 'ar' });
    expect(BeneficiaryView.parse(ok.json())).toMatchObject({ helper: { firstName: 'Marie' }, language: 'ar' });
    await hub.store.accounts.updateAccount(hub.seed.associationId, marie.id, { disabled: true });
    const louis = await createBeneficiary('Louis');
    expectApiError(await consoleCall(hub, staff, 'PATCH', `/console/beneficiaries/${louis.id}`, { helperId: marie.id }), 400, 'invalid_input');
    for (const phone of ['', 'abc', '12', '06 12 34 56 78 90 12 34 56 78 90 12', '+33 (6) 12']) {
      expectApiError(await consoleCall(hub, staff, 'POST', '/console/beneficiaries', { firstName: 'Zoé', phone, language: 'fr' }), 400, 'invalid_input');
    }
    expectApiError(await consoleCall(hub, staff, 'POST', '/console/beneficiaries', { firstName: 'Zoé', phone: '0612345678', language: 'de' }), 400);
    expect(((await consoleCall(hub, staff, 'GET', '/console/beneficiaries')).json() as unknown[]).length).toBe(2);
  });
});

describe('accounts (admin)', () => {
  it('creates an account with a one-time password that signs in, and resets it (old password and sessions stop)', async () => {
    const admin = await sessionAs(hub, 'Ada', 'admin');
    const created = await consoleCall(hub, admin, 'POST', '/console/accounts', { email: 'Nina@Asso.test', firstName: 'Nina', role: 'accompagnant' });
    expect(created.statusCode).toBe(201);
    const { account, temporaryPassword } = TemporaryPassword.parse(created.json());
    expect(account).toMatchObject({ email: 'nina@asso.test', role: 'accompagnant', disabled: false });
    const nina = await login(hub, 'nina@asso.test', temporaryPassword);

    expectApiError(await consoleCall(hub, admin, 'POST', '/console/accounts', { email: 'nina@asso.test', firstName: 'N', role: 'staff' }), 409, 'email_taken');

    const reset = TemporaryPassword.parse((await consoleCall(hub, admin, 'POST', `/console/accounts/${account.id}/password-reset`)).json());
    expect(reset.temporaryPassword).not.toBe(temporaryPassword);
    expectApiError(await consoleCall(hub, nina, 'GET', '/console/me'), 401);
    expect(await hub.store.accounts.verifyPassword('nina@asso.test', temporaryPassword)).toBeNull();
    await login(hub, 'nina@asso.test', reset.temporaryPassword);

    const promoted = await consoleCall(hub, admin, 'PATCH', `/console/accounts/${account.id}`, { role: 'staff' });
    expect(AccountView.parse(promoted.json()).role).toBe('staff');
  });

  it('an admin cannot disable or demote themselves', async () => {
    const admin = await sessionAs(hub, 'Ada', 'admin');
    expectApiError(await consoleCall(hub, admin, 'PATCH', `/console/accounts/${admin.id}`, { disabled: true }), 409, 'self');
    expectApiError(await consoleCall(hub, admin, 'PATCH', `/console/accounts/${admin.id}`, { role: 'staff' }), 409, 'self');
    expect((await consoleCall(hub, admin, 'PATCH', `/console/accounts/${admin.id}`, { firstName: 'Adèle' })).statusCode).toBe(200);
  });

  it('lets a helper change their own password (too short refused; wrong current refused) and set a photo', async () => {
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    expectApiError(
      await consoleCall(hub, marie, 'POST', '/console/me/password', { currentPassword: 'un mot de passe solide', newPassword: 'court' }),
      400,
      'invalid_input',
    );
    expectApiError(
      await consoleCall(hub, marie, 'POST', '/console/me/password', { currentPassword: 'faux', newPassword: 'un nouveau mot de passe' }),
      400,
      'wrong_password',
    );
    const changed = await consoleCall(hub, marie, 'POST', '/console/me/password', {
      currentPassword: 'un mot de passe solide',
      newPassword: 'un nouveau mot de passe',
    });
    expect(changed.statusCode).toBe(200);
    // The session goes on with the new cookie and CSRF token; the old session id is dead.
    expectApiError(await consoleCall(hub, marie, 'GET', '/console/me'), 401);
    const cookie = changed.cookies.find((c) => c.name === 'passerelle_session')!;
    marie.cookie = `passerelle_session=${cookie.value}`;
    marie.csrf = (changed.json() as { csrfToken: string }).csrfToken;
    expect((await consoleCall(hub, marie, 'PUT', '/console/me/photo', { photo: 'data:image/jpeg;base64,/9j/4AAQ' })).statusCode).toBe(204);
    expect((await hub.store.accounts.getAccount(marie.id))?.hasPhoto).toBe(true);
    expectApiError(await consoleCall(hub, marie, 'PUT', '/console/me/photo', { photo: 'data:image/svg+xml;base64,PHN2Zz4=' }), 400, 'invalid_input');
    expectApiError(await consoleCall(hub, marie, 'PUT', '/console/me/photo', { photo: `data:image/png;base64,${'A'.repeat(60_000)}` }), 400);
  });
});
