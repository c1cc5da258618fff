/**
 * The first admin and one-time passwords. The seeded admin is no longer the well-known
 * admin@passerelle.local: its email is given (asked on a terminal, or --admin-email) or made up and
 * printed. A password the hub makes up (first admin, new helper, reset) works once: the first sign-in
 * can only choose a new password, and the printed one stops working at that sign-in.
 * `npm run hub -- reset-password EMAIL` prints a new one for a locked-out admin.
 */
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Me } from '../../app/protocol/hub.ts';
import { buildHub } from '../../server/hub.ts';
import { seed } from '../../server/seed.ts';
import { consoleCall, expectApiError, makeHub, removeTempDirs, sessionAs, tempDir, type ConsoleSession, type TestHub } from './helpers.ts';
import { testStore } from './test-store.ts';

const repo = join(import.meta.dirname, '../..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const cli = join(repo, 'server', 'cli.ts');

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});
async function hub(): Promise<TestHub> {
  const h = await makeHub();
  hubs.push(h);
  return h;
}

async function signIn(h: TestHub, email: string, password: string) {
  const res = await h.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password } });
  const cookie = res.cookies.find((c) => c.name === 'passerelle_session');
  const session: ConsoleSession | null = cookie ? { cookie: `passerelle_session=${cookie.value}`, csrf: (res.json() as Me).csrfToken, sessionId: cookie.value } : null;
  return { res, session };
}

describe('the first admin', () => {
  it('is not a well-known address: made up when none is given, different on every hub', async () => {
    const [a, b] = [await hub(), await hub()];
    for (const h of [a, b]) expect(h.seed.admin).toMatchObject({ created: true, emailMadeUp: true, email: expect.stringMatching(/^admin-[0-9a-f]{10}@passerelle\.invalid$/) });
    expect(a.seed.admin.email).not.toBe(b.seed.admin.email);
    expect(a.seed.admin.email).not.toBe('admin@passerelle.local');
  });

  it('takes the email it is given, asked only when there is no admin yet', async () => {
    const dataDir = tempDir();
    const h = Object.assign(await buildHub({ dataDir, ...(await testStore(dataDir)), consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0 }), { dataDir });
    try {
      let asked = 0;
      const ask = async () => (asked++, 'Directrice@Asso.test');
      expect((await seed(h.store, { adminEmail: ask })).admin).toMatchObject({ created: true, email: 'directrice@asso.test', emailMadeUp: false });
      expect((await seed(h.store, { adminEmail: ask })).admin).toEqual({ created: false, email: 'directrice@asso.test' });
      expect(asked).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('npm run hub -- --admin-email sets it at first run, and without a terminal a made-up one is printed', async () => {
    const run = (args: string[]) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(tsx, [cli, '--port', '0', '--data', join(dir, 'hub'), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (c: Buffer) => {
          out += c.toString();
          if (out.includes('Demo machine')) child.kill('SIGTERM');
        });
        child.stderr.on('data', (c: Buffer) => (out += c.toString()));
        child.on('exit', () => resolve(out));
        child.on('error', reject);
      });
    const dir = tempDir();
    const given = await run(['--admin-email', 'Directrice@Asso.test']);
    expect(given).toMatch(/e-mail +: directrice@asso\.test\n/);
    expect(given).toMatch(/one-time password : [A-Za-z0-9_-]{16}/);
    expect(await run([])).toContain('Administrator directrice@asso.test');

    const other = tempDir();
    const made = await new Promise<string>((resolve) => {
      const child = spawn(tsx, [cli, '--port', '0', '--data', join(other, 'hub')], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('Demo machine')) child.kill('SIGTERM');
      });
      child.on('exit', () => resolve(out));
    });
    expect(made).toMatch(/e-mail +: admin-[0-9a-f]{10}@passerelle\.invalid\n +\(made up/);
    const bad = spawnSync(tsx, [cli, '--port', '0', '--data', join(other, 'x'), '--admin-email', 'not-an-email'], { cwd: repo, encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--admin-email must be an e-mail address');
  }, 120_000);

  it('on a terminal, npm run hub asks for the first admin’s email, again after a typo', async () => {
    const dir = tempDir();
    // util-linux's `script` gives the hub a real terminal; what is written to its stdin is typed there.
    const child = spawn('script', ['-qec', `${tsx} ${cli} --port 0 --data ${join(dir, 'hub')}`, '/dev/null'], {
      cwd: repo,
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true, // its own process group: the hub under the terminal stops with it
    });
    const exited = new Promise((r) => child.once('exit', r));
    let out = '';
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const deadline = Date.now() + 45_000; // a first start under a loaded CI machine
        const check = () => (out.includes(text) ? resolve() : Date.now() > deadline ? reject(new Error(`never saw "${text}" in: ${out}`)) : setTimeout(check, 50));
        check();
      });
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await seen('E-mail address of the first administrator');
      child.stdin.write('pas-un-email\r');
      await seen('is not an e-mail address');
      child.stdin.write('boss@asso.test\r');
      await seen('Demo machine');
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
    expect(out).toMatch(/e-mail +: boss@asso\.test/);
    expect(out).not.toContain('made up');
  }, 90_000);
});

describe('one-time passwords are one-time', () => {
  it("the first sign-in can only choose a new password; the printed one stops working at once", async () => {
    const h = await hub();
    if (!h.seed.admin.created) throw new Error('fresh hub expected');
    const { email, oneTimePassword } = h.seed.admin;
    const { res, session } = await signIn(h, email, oneTimePassword);
    expect(res.statusCode).toBe(200);
    expect(Me.parse(res.json())).toMatchObject({ mustChangePassword: true });
    // Burnt: the same password does not open a second session, even before a new one is chosen.
    expectApiError((await signIn(h, email, oneTimePassword)).res, 401, 'invalid_credentials');
    // The session sees who it is, and nothing else.
    expect((await consoleCall(h, session, 'GET', '/console/me')).json()).toMatchObject({ mustChangePassword: true });
    for (const path of ['/console/help-requests', '/console/accounts', '/console/machines']) {
      expectApiError(await consoleCall(h, session, 'GET', path), 403, 'password_change_required');
    }
    expectApiError(await consoleCall(h, session, 'PUT', '/console/me/duty', { onDuty: true }), 403, 'password_change_required');
    // Choosing the password needs no current one (it was just typed, and is burnt).
    expectApiError(await consoleCall(h, session, 'POST', '/console/me/password', { newPassword: 'court' }), 400, 'invalid_input');
    const chosen = await consoleCall(h, session, 'POST', '/console/me/password', { newPassword: 'mon vrai mot de passe' });
    expect(chosen.statusCode).toBe(200);
    expect(Me.parse(chosen.json()).mustChangePassword).toBeUndefined();
    expectApiError(await consoleCall(h, session, 'GET', '/console/me'), 401); // that session ended
    expectApiError((await signIn(h, email, oneTimePassword)).res, 401);
    const real = await signIn(h, email, 'mon vrai mot de passe');
    expect(real.res.json()).not.toHaveProperty('mustChangePassword');
    expect((await consoleCall(h, real.session, 'GET', '/console/accounts')).statusCode).toBe(200);
    // A normal session must give its current password to change it.
    expectApiError(await consoleCall(h, real.session, 'POST', '/console/me/password', { newPassword: 'encore un autre' }), 400, 'invalid_input');
  });

  it('a new helper’s and a reset password work once too; of two sign-ins racing with one, one wins', async () => {
    const h = await hub();
    const admin = await sessionAs(h, 'Agnes', 'admin');
    const created = (await consoleCall(h, admin, 'POST', '/console/accounts', { email: 'nina@asso.test', firstName: 'Nina', role: 'accompagnant' })).json() as {
      account: { id: string };
      temporaryPassword: string;
    };
    const race = await Promise.all([signIn(h, 'nina@asso.test', created.temporaryPassword), signIn(h, 'nina@asso.test', created.temporaryPassword)]);
    expect(race.map((r) => r.res.statusCode).sort()).toEqual([200, 401]);
    const reset = (await consoleCall(h, admin, 'POST', `/console/accounts/${created.account.id}/password-reset`)).json() as { temporaryPassword: string };
    const first = await signIn(h, 'nina@asso.test', reset.temporaryPassword);
    expect(first.res.json()).toMatchObject({ mustChangePassword: true });
    expectApiError((await signIn(h, 'nina@asso.test', reset.temporaryPassword)).res, 401);
  });

  it('npm run hub -- reset-password EMAIL prints a new one-time password for a locked-out admin and ends their sessions', async () => {
    const h = await hub();
    const admin = await sessionAs(h, 'Agnes', 'admin');
    await h.close();
    hubs.splice(hubs.indexOf(h), 1);
    // The store the hub ran on: the data folder's SQLite files, or its PostgreSQL database.
    const { store } = await testStore(h.dataDir);
    const where = ['--data', h.dataDir, ...(store ? ['--store', store] : [])];
    const out = spawnSync(tsx, [cli, 'reset-password', 'AGNES@asso.test', ...where], { cwd: repo, encoding: 'utf8' });
    expect(out.status).toBe(0);
    const otp = /New one-time password for agnes@asso\.test: ([A-Za-z0-9_-]{16})/.exec(out.stdout)?.[1];
    expect(otp).toBeDefined();
    const again = await makeHub(h.dataDir);
    hubs.push(again);
    expectApiError(await consoleCall(again, admin, 'GET', '/console/me'), 401); // the old session ended
    expectApiError((await signIn(again, 'agnes@asso.test', 'un mot de passe solide')).res, 401); // the old password too
    expect((await signIn(again, 'agnes@asso.test', otp!)).res.json()).toMatchObject({ mustChangePassword: true });
    const unknown = spawnSync(tsx, [cli, 'reset-password', 'nobody@asso.test', ...where], { cwd: repo, encoding: 'utf8' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No account nobody@asso.test');
  }, 90_000);
});
