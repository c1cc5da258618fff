/**
 * Bad input on every console endpoint: each gets a 4xx with the error shape and a sentence, and the
 * database is byte-for-byte the same afterwards (every table compared). Machine endpoints are covered
 * the same way in machine-api.test.ts and help-hub.test.ts.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCall, enrolDemo, expectApiError, helpSubmit, makeHub, postHelp, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { sqlRows, tableNames } from './inspect.ts';

let hub: TestHub;
let admin: ConsoleSession & { id: string };
let machineToken: string;
let ids: { request: string; machine: string; beneficiary: string; loan: string; account: string };

beforeAll(async () => {
  hub = await makeHub();
  const { token } = await enrolDemo(hub);
  machineToken = token;
  const p = helpSubmit();
  await postHelp(hub, token, p);
  admin = await sessionAs(hub, 'Ada', 'admin');
  const other = await sessionAs(hub, 'Marie', 'accompagnant');
  const machine = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'PC-0001', mode: 'home', cohort: 'home' });
  const beneficiary = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: '0611223344', language: 'fr' });
  const loan = await hub.store.register.createLoan(hub.seed.associationId, machine.id, beneficiary.id);
  if (!loan.ok) throw new Error(loan.reason);
  ids = { request: p.id as string, machine: machine.id, beneficiary: beneficiary.id, loan: loan.loan.id, account: other.id };
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

/** Every table's rows, hashed (machines.last_seen aside: reading with a token may touch it). */
async function snapshot(): Promise<string> {
  const hash = createHash('sha256');
  for (const t of await tableNames(hub.store)) {
    const rows = await sqlRows(hub.store, `SELECT * FROM "${t}"`);
    // Sorted: PostgreSQL returns rows in no particular order.
    const lines = rows.map((r) => {
      if (t === 'machines') delete r.last_seen;
      return `${t}:${JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('base64') : v))}\n`;
    });
    for (const line of lines.sort()) hash.update(line);
  }
  return hash.digest('hex');
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';
const notJson = Symbol('malformed JSON');
const cases: [Method, () => string, unknown[]][] = [
  ['PUT', () => '/console/me/duty', [{}, { onDuty: 'yes' }, { onDuty: true, extra: 1 }, [], 'on', notJson]],
  ['PUT', () => '/console/me/first-name', [{}, { firstName: '' }, { firstName: '   ' }, { firstName: 'x'.repeat(61) }, { firstName: 'Marie', role: 'admin' }, { firstName: 7 }, notJson]],
  ['PUT', () => '/console/me/photo', [{}, { photo: 'http://evil.example/x.png' }, { photo: 'data:text/html;base64,PGI+' }, { photo: 42 }, notJson]],
  ['POST', () => '/console/me/password', [{}, { currentPassword: '' }, { currentPassword: 'x', newPassword: 'short' }, { newPassword: 'x'.repeat(300), currentPassword: 'a' }, notJson]],
  ['GET', () => '/console/help-requests/not-a-uuid', [undefined]],
  ['GET', () => '/console/help-requests/resolved?days=0', [undefined]],
  ['GET', () => '/console/help-requests/resolved?days=365', [undefined]],
  ['GET', () => '/console/help-requests/resolved?since=yesterday', [undefined]],
  ['POST', () => `/console/help-requests/${ids.request}/actions`, [{}, { action: 'delete' }, { action: 'claim', by: 'me' }, { action: 'handover', toAccountId: 'x' }, { action: 'resolve', outcome: 'fixed' }, { action: 'claim', outcome: 'phone' }, notJson]],
  ['POST', () => '/console/help-requests/123/actions', [{ action: 'claim' }]],
  ['POST', () => `/console/help-requests/${ids.request}/notes`, [{}, { text: '' }, { text: 'x'.repeat(2001) }, { text: ['a'] }, notJson]],
  ['GET', () => '/console/help-requests/../voice', [undefined]],
  ['POST', () => '/console/accounts', [{}, { email: 'not-an-email', firstName: 'A', role: 'staff' }, { email: 'a@b.fr', firstName: '', role: 'staff' }, { email: 'a@b.fr', firstName: 'A', role: 'root' }, { email: 'a@b.fr', firstName: 'A', role: 'staff', password: 'x' }, notJson]],
  ['PATCH', () => `/console/accounts/${ids.account}`, [{}, { role: 'root' }, { disabled: 'yes' }, { email: 'x@y.fr' }, notJson]],
  ['PATCH', () => '/console/accounts/nope', [{ firstName: 'A' }]],
  ['POST', () => '/console/accounts/nope/password-reset', [undefined]],
  ['PUT', () => '/console/settings', [{}, { helpPhone: 'call me' }, { escalationMinutes: 0 }, { escalationMinutes: 1.5 }, { retentionDays: 5000 }, { name: '' }, { theme: 'dark' }, notJson]],
  ['POST', () => '/console/machines', [{}, { assetTag: '!', mode: 'home', cohort: 'home' }, { assetTag: 'PC-9', mode: 'car', cohort: 'home' }, notJson]],
  ['PATCH', () => `/console/machines/${ids.machine}`, [{}, { mode: 'car' }, { assetTag: 'PC-X' }, notJson]],
  ['POST', () => `/console/machines/${ids.machine}/enrolment-code`, [{ ttl: 5 }, 'x']],
  ['GET', () => '/console/machines/nope/history', [undefined]],
  ['POST', () => `/console/machines/${ids.machine}/retire`, [{ reason: 'lost' }, 'x']],
  ['POST', () => '/console/machines/nope/retire', [undefined]],
  ['POST', () => '/console/beneficiaries', [{}, { firstName: 'A', phone: 'x', language: 'fr' }, { firstName: 'A', phone: '0611223344', language: 'xx' }, { firstName: 'A', phone: '0611223344', language: 'fr', helperId: 'me' }, notJson]],
  ['PATCH', () => `/console/beneficiaries/${ids.beneficiary}`, [{}, { phone: '1' }, { helperId: randomUUID() }, { age: 80 }, notJson]],
  ['GET', () => '/console/beneficiaries/nope/history', [undefined]],
  ['POST', () => '/console/loans', [{}, { machineId: 'x', beneficiaryId: randomUUID() }, { machineId: randomUUID() }, notJson]],
  ['POST', () => '/console/loans/nope/end', [undefined]],
  ['GET', () => '/console/loans?active=1', [undefined]],
  ['PUT', () => '/console/updates/rollout', [{}, { paused: 'yes' }, { paused: true, until: 'tomorrow' }, [], notJson]],
  ['POST', () => '/console/lessons/packs', [{}, { pack: 'souris-bouger' }, 'x', notJson]],
];

describe('bad input on every console endpoint gets a 4xx and changes nothing', () => {
  for (const [method, path, payloads] of cases) {
    const label = path.toString().replace(/^\(\) => /, '').replace(/\$\{ids\.(\w+)\}/g, ':$1').replace(/["`]/g, '');
    it(`${method} ${label}`, async () => {
      const before = await snapshot();
      for (const payload of payloads) {
        const res =
          payload === notJson
            ? await hub.app.inject({
                method,
                url: `/api/v1${path()}`,
                headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': 'application/json' },
                payload: '{"oops": ',
              })
            : await consoleCall(hub, admin, method, path(), payload);
        expect(res.statusCode, `${JSON.stringify(payload)} → ${res.body}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode).toBeLessThan(500);
        expectApiError(res, res.statusCode);
      }
      expect(await snapshot()).toBe(before);
    });
  }
});

describe('bad input on the machine endpoints added for help gets a 4xx and changes nothing', () => {
  it('cancel: bad id, a body naming another id, a body with extra fields', async () => {
    const before = await snapshot();
    const cancel = (id: string, payload?: unknown) =>
      hub.app.inject({
        method: 'POST',
        url: `/api/v1/help-requests/${id}/cancel`,
        headers: { authorization: `Bearer ${machineToken}` },
        ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
      });
    expectApiError(await cancel('nope'), 400, 'invalid_input');
    expectApiError(await cancel(ids.request, { id: randomUUID() }), 400, 'invalid_input');
    expectApiError(await cancel(ids.request, { id: ids.request, reason: 'bored' }), 400, 'invalid_input');
    expect(await snapshot()).toBe(before);
  });
});
