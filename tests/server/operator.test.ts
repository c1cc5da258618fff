/**
 * The operator: above the associations' admins, made on the hub's machine (`npm run hub -- operator
 * EMAIL`), signs in on their own route, creates associations with their first admin (a one-time
 * password), sees each association's name and size — and nothing of its people, machines, requests
 * or reports. An operator session opens no console route; a console session opens no operator route.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AssociationCreated, AssociationSummary, OperatorMe } from '../../app/protocol/operator.ts';
import { consoleCall, enrolDemo, expectApiError, helpSubmit, login, makeHub, postHelp, removeTempDirs, sessionAs, type TestHub } from './helpers.ts';
import { testStore } from './test-store.ts';

const OPERATOR = { email: 'ops@federation.test', password: 'the operator passphrase' };
let hub: TestHub;
beforeEach(async () => {
  hub = await makeHub();
  await hub.store.operators.upsertOperator({ ...OPERATOR, firstName: 'Olga' });
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

interface OperatorSession {
  cookie: string;
  csrf: string;
}

async function operatorLogin(email = OPERATOR.email, password = OPERATOR.password): Promise<OperatorSession> {
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/operator/login', payload: { email, password } });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'passerelle_operator')!;
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/v1/operator' });
  return { cookie: `passerelle_operator=${cookie.value}`, csrf: OperatorMe.parse(res.json()).csrfToken };
}

const asOperator = (s: OperatorSession | null, method: 'GET' | 'POST', path: string, payload?: unknown, csrf = true) =>
  hub.app.inject({
    method,
    url: `/api/v1/operator${path}`,
    headers: s ? { cookie: s.cookie, ...(csrf ? { 'x-csrf-token': s.csrf } : {}) } : {},
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });

describe('the operator', () => {
  it('creates an association and its first admin, who signs in with the one-time password into an empty association', async () => {
    const ops = await operatorLogin();
    const res = await asOperator(ops, 'POST', '/associations', { name: 'Passerelle Lyon', adminEmail: 'Claire@Lyon.test', adminFirstName: 'Claire' });
    expect(res.statusCode).toBe(201);
    const created = AssociationCreated.parse(res.json());
    expect(created).toMatchObject({ association: { name: 'Passerelle Lyon', machines: 0, accounts: 1 }, admin: { email: 'claire@lyon.test', firstName: 'Claire' } });
    expect(created.temporaryPassword).toMatch(/^[A-Za-z0-9_-]{12}$/);

    // The password the operator passes on is one-time: its sign-in may only choose Claire's own.
    const first = await login(hub, 'claire@lyon.test', created.temporaryPassword);
    expectApiError(await consoleCall(hub, first, 'GET', '/console/settings'), 403, 'password_change_required');
    expect((await consoleCall(hub, first, 'POST', '/console/me/password', { newPassword: 'le mot de passe de Claire' })).statusCode).toBe(200);
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email: 'claire@lyon.test', password: created.temporaryPassword } }), 401);
    const claire = await login(hub, 'claire@lyon.test', 'le mot de passe de Claire');
    const me = await consoleCall(hub, claire, 'GET', '/console/me');
    expect(me.json()).toMatchObject({ role: 'admin', firstName: 'Claire' });
    expect((await consoleCall(hub, claire, 'GET', '/console/settings')).json()).toMatchObject({ name: 'Passerelle Lyon' });
    expect((await consoleCall(hub, claire, 'GET', '/console/help-requests')).json()).toEqual([]);
    expect((await consoleCall(hub, claire, 'GET', '/console/machines')).json()).toEqual([]);

    const list = AssociationSummary.array().parse((await asOperator(ops, 'GET', '/associations')).json());
    expect(list.map((a) => a.name)).toEqual(['Mon association', 'Passerelle Lyon']);
  });

  it('sees names and sizes only: nothing of an association’s people, machines, requests or settings', async () => {
    const { token, machineId } = await enrolDemo(hub);
    const p = helpSubmit();
    expect((await postHelp(hub, token, p)).statusCode).toBe(201);
    const beneficiary = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: '06 12 34 56 78', language: 'fr' });
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const ops = await operatorLogin();
    const body = (await asOperator(ops, 'GET', '/associations')).body;
    const [summary] = AssociationSummary.array().parse(JSON.parse(body));
    expect(summary).toMatchObject({ name: 'Mon association', machines: 1, accounts: 2 });
    for (const secret of [machineId, 'DEMO-0001', p.id as string, beneficiary.id, 'Jeanne', '06 12 34 56 78', 'Marie', 'marie@asso.test', hub.seed.admin.email]) {
      expect(body).not.toContain(secret);
    }
    // The operator's cookie is no console session.
    for (const path of ['/console/help-requests', '/console/machines', '/console/beneficiaries', '/console/accounts', '/console/fleet', '/console/evaluation']) {
      expectApiError(await hub.app.inject({ method: 'GET', url: `/api/v1${path}`, headers: { cookie: ops.cookie } }), 401);
    }
    // And a console admin's session is no operator session.
    const admin = await sessionAs(hub, 'Ada', 'admin');
    for (const [method, path] of [['GET', '/associations'], ['GET', '/me'], ['POST', '/associations']] as const) {
      expectApiError(await hub.app.inject({ method, url: `/api/v1/operator${path}`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: {} }), 401);
    }
    void marie;
  });

  it('refuses bad input, a taken email, a missing CSRF header and wrong passwords, and creates nothing', async () => {
    const ops = await operatorLogin();
    const before = (await asOperator(ops, 'GET', '/associations')).body;
    for (const bad of [{}, { name: 'X', adminEmail: 'a@b.test', adminFirstName: 'A' }, { name: 'Lyon', adminEmail: 'not-an-email', adminFirstName: 'A' }, { name: 'Lyon', adminEmail: 'a@b.test', adminFirstName: 'A', role: 'operator' }]) {
      const err = expectApiError(await asOperator(ops, 'POST', '/associations', bad), 400, 'invalid_input');
      expect(err.message).toMatch(/name|adminEmail|adminFirstName|role/);
    }
    expectApiError(await asOperator(ops, 'POST', '/associations', { name: 'Lyon', adminEmail: hub.seed.admin.email, adminFirstName: 'A' }), 409, 'email_taken');
    expectApiError(await asOperator(ops, 'POST', '/associations', { name: 'Lyon', adminEmail: 'new@lyon.test', adminFirstName: 'A' }, false), 403, 'csrf');
    expectApiError(await asOperator(null, 'GET', '/associations'), 401, 'unauthenticated');
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/operator/login', payload: { email: OPERATOR.email, password: 'wrong' } }), 401, 'invalid_credentials');
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/operator/login', payload: { email: hub.seed.admin.email, password: 'x' } }), 401, 'invalid_credentials');
    expect((await asOperator(ops, 'GET', '/associations')).body).toBe(before);
  });

  it('logs out: the session stops working at once', async () => {
    const ops = await operatorLogin();
    expect((await asOperator(ops, 'POST', '/logout')).statusCode).toBe(204);
    expectApiError(await asOperator(ops, 'GET', '/me'), 401);
  });

  it('npm run hub -- operator EMAIL makes an operator (or gives a new password) and prints its password once', { timeout: 60_000 }, async () => {
    const store = (await testStore(hub.dataDir)).store;
    const cli = spawnSync(join(import.meta.dirname, '../../node_modules/.bin/tsx'), ['server/cli.ts', 'operator', 'new-ops@federation.test', '--data', hub.dataDir, ...(store ? ['--store', store] : [])], {
      cwd: join(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const password = /password: (\S+)/.exec(cli.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
    await operatorLogin('new-ops@federation.test', password);
  });
});
