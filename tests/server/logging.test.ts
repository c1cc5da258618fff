/**
 * The hub's log holds no machine token, no session cookie or CSRF token, no password and no phone
 * number: a hub logging to a stream is driven through enrolment, sign-in, a help request from a
 * machine on loan (the beneficiary's phone on the card), the association's help phone, a password
 * change, and errors whose text carries all of these; then the log output is searched for them.
 */
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { buildHub } from '../../server/hub.ts';
import { seed } from '../../server/seed.ts';
import { scrub } from '../../server/logging.ts';
import { consoleCall, enrolDemo, firstAdminSession, helpSubmit, postHelp, removeTempDirs, tempDir, type TestHub } from './helpers.ts';
import { testStore } from './test-store.ts';

afterEach(() => removeTempDirs());

const PHONE = '06 12 34 56 78';
const HELP_PHONE = '+33 1 45 67 89 10';

it('keeps tokens, cookies, passwords and phone numbers out of the log', async () => {
  const lines: string[] = [];
  const stream = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
  const dataDir = tempDir();
  const built = await buildHub({ dataDir, ...(await testStore(dataDir)), consoleDir: join(dataDir, 'none'), escalationIntervalMs: 0, purgeIntervalMs: 0, logger: true, logStream: stream });
  const hub: TestHub = Object.assign(built, { dataDir, seed: await seed(built.store), clock: { now: new Date() } });
  const secrets = [PHONE, PHONE.replace(/ /g, ''), HELP_PHONE, HELP_PHONE.replace(/ /g, ''), 'un mot de passe choisi'];
  if (hub.seed.admin.created) secrets.push(hub.seed.admin.oneTimePassword);
  try {
    const { token, machineId } = await enrolDemo(hub);
    const beneficiary = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: PHONE, language: 'fr' });
    await hub.store.register.createLoan(hub.seed.associationId, machineId, beneficiary.id);
    const admin = await firstAdminSession(hub, 'un mot de passe choisi');
    secrets.push(token, admin.sessionId, admin.csrf);
    expect((await consoleCall(hub, admin, 'PUT', '/console/settings', { helpPhone: HELP_PHONE })).statusCode).toBe(200);
    const p = helpSubmit();
    expect((await postHelp(hub, token, p)).statusCode).toBe(201);
    expect((await consoleCall(hub, admin, 'GET', `/console/help-requests/${p.id as string}`)).body).toContain(PHONE);
    // A token and a cookie in a URL, and refused requests carrying them.
    await hub.app.inject({ method: 'GET', url: `/api/v1/machine/help-requests?token=${token}`, headers: { authorization: `Bearer ${token}` } });
    await hub.app.inject({ method: 'GET', url: '/api/v1/console/me', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    // What the hub's own code logs on a failure: an error whose text carries everything, and fields.
    hub.app.log.error({ err: new Error(`call ${PHONE} failed; Bearer ${token}; ${admin.cookie}`), phone: PHONE, headers: { authorization: `Bearer ${token}`, cookie: admin.cookie } }, `no answer from ${PHONE}`);
    hub.app.log.warn({ detail: { helpPhone: HELP_PHONE, note: `rappeler le ${PHONE}`, password: 'un mot de passe choisi' } }, 'settings');
  } finally {
    await hub.close();
  }
  const log = lines.join('');
  // The log is there (requests and the errors above), and none of the secrets is in it.
  expect(log).toContain('/api/v1/console/help-requests');
  expect(log).toContain('no answer from');
  expect(secrets).toHaveLength(9);
  for (const s of secrets) expect(log, s).not.toContain(s);
  const tokens = [...log.matchAll(/Bearer ([^\s"',;]+)/g)].map((m) => m[1]);
  expect(tokens.every((t) => t === '[redacted]')).toBe(true);
});

it('masks phone numbers in their usual spellings, and leaves ordinary numbers alone', () => {
  for (const phone of ['06 12 34 56 78', '06.12.34.56.78', '0612345678', '06-12-34-56-78', '+33 6 12 34 56 78', '+33612345678', '0033 6 12 34 56 78']) {
    expect(scrub(`rappeler le ${phone} demain`)).toBe('rappeler le [redacted] demain');
  }
  for (const text of ['GET /api/v1/console/help-requests 200', 'took 1234 ms', '2026-11-30T17:12:00.000Z', 'version 1.2.3']) expect(scrub(text)).toBe(text);
});
