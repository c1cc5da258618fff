/**
 * The shell names the helper by the first name of their profile (issue 11): the first-run admin,
 * seeded as "Admin", names themselves in the console, and the machine then hears that name.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { act, consoleCall, enrolDemo, expectApiError, firstAdminSession, helpSubmit, makeHub, postHelp, removeTempDirs, type TestHub } from './helpers.ts';

let hub: TestHub;
beforeEach(async () => {
  hub = await makeHub();
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

it('a helper sets their own first name, and the machine waiting for them is given that name, never "Admin"', async () => {
  const { token } = await enrolDemo(hub);
  const submit = helpSubmit();
  expect((await postHelp(hub, token, submit)).statusCode).toBe(201);
  const admin = await firstAdminSession(hub);
  expect((await consoleCall(hub, admin, 'GET', '/console/me')).json()).toMatchObject({ firstName: 'Admin' });

  const named = await consoleCall(hub, admin, 'PUT', '/console/me/first-name', { firstName: '  Sophie ' });
  expect(named.statusCode).toBe(200);
  expect(named.json()).toMatchObject({ firstName: 'Sophie' });
  expect((await act(hub, admin, submit.id as string, 'claim')).statusCode).toBe(200);

  const statuses = (await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${token}` } })).json() as {
    id: string;
    helper: { firstName: string } | null;
  }[];
  expect(statuses.find((s) => s.id === submit.id)?.helper?.firstName).toBe('Sophie');
});

it('an empty or too long first name is refused with what is accepted, and changes nothing', async () => {
  const admin = await firstAdminSession(hub);
  for (const firstName of ['', '   ', 'x'.repeat(61)]) {
    expect(expectApiError(await consoleCall(hub, admin, 'PUT', '/console/me/first-name', { firstName }), 400, 'invalid_input').message).toMatch(/firstName/);
  }
  expect((await consoleCall(hub, admin, 'GET', '/console/me')).json()).toMatchObject({ firstName: 'Admin' });
});

it("npm start's demo data: a beneficiary with the demo machine on loan, so the first help card says whom to call, at which number, in which language; made once", async () => {
  const { seedDemo, DEMO_BENEFICIARY } = await import('../../server/seed.ts');
  expect(await seedDemo(hub.store, hub.seed)).toEqual({ created: true });
  const { token } = await enrolDemo(hub);
  const submit = helpSubmit();
  const created = (await postHelp(hub, token, submit)).statusCode;
  expect(created).toBe(201);
  const admin = await firstAdminSession(hub);
  const [card] = (await consoleCall(hub, admin, 'GET', '/console/help-requests')).json() as { beneficiary: unknown; machineMode: string }[];
  expect(card).toMatchObject({ beneficiary: { firstName: DEMO_BENEFICIARY.firstName, phone: DEMO_BENEFICIARY.phone, language: 'fr' }, machineMode: 'home' });
  // A second start does not add another, nor bring back a loan ended by hand.
  expect(await seedDemo(hub.store, hub.seed)).toEqual({ created: false });
  const loans = await hub.store.register.listLoans(hub.seed.associationId);
  expect(loans).toHaveLength(1);
  await hub.store.register.endLoan(hub.seed.associationId, loans[0]!.id);
  expect(await seedDemo(hub.store, hub.seed)).toEqual({ created: false });
});
