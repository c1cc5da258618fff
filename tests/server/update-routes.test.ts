/**
 * App updates through a real hub: the hub serves a signed release folder (`--updates`) with range
 * requests and 304s and nothing outside it; the root updater (build/bin/passerelle-update, run for
 * real with stand-in apt-get and dpkg-query) installs from it, and waits while the association's
 * admin has paused the rollout in the console; machines report their update status, which the
 * console's "Mises à jour" view shows. Bad input gets a 4xx and changes nothing.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MachineUpdateStatus } from '../../app/protocol/updates.ts';
import { buildDeb, has, makeMachine, makeReleaseKey, publishRelease, runUpdate, type FeedServer, type ReleaseKey } from '../build/support/update-fixture.ts';
import { consoleCall, enrolDemo, expectApiError, makeHub, removeTempDirs, sessionAs, tempDir, type ConsoleSession, type TestHub } from './helpers.ts';
import { sqlRows } from './inspect.ts';

const canRunUpdater = has('dpkg-deb') && has('curl') && has('openssl', ['version']);
if (!canRunUpdater) console.warn('SKIPPED part of tests/server/update-routes.test.ts: dpkg-deb, curl or openssl is missing');

let hub: TestHub;
let base: string;
let updatesDir: string;
let token: string;
let machineId: string;
let admin: ConsoleSession;
let staff: ConsoleSession;
let key: ReleaseKey;
let deb: Buffer;

beforeAll(async () => {
  updatesDir = tempDir();
  key = await makeReleaseKey(tempDir(), 'release');
  hub = await makeHub(tempDir(), { updatesDir });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  // The release folder as the association copies it to the hub after `npm run release:sign`.
  const folder: FeedServer = { root: updatesDir, base: `${base}/updates`, headers: new Map(), close: async () => {} };
  if (canRunUpdater) {
    deb = await buildDeb(tempDir(), 'passerelle', '1.2.0');
    await publishRelease(folder, '.', { version: '1.2.0', deb, key });
  } else {
    writeFileSync(join(updatesDir, 'latest-linux.yml'), "version: 1.2.0\nfiles: []\nsignedAt: '2025-06-01T10:00:00.000Z'\n");
  }
  ({ token, machineId } = await enrolDemo(hub));
  admin = await sessionAs(hub, 'Ada', 'admin');
  staff = await sessionAs(hub, 'Sam', 'staff');
}, 60_000); // builds a .deb with dpkg-deb and signs a release: more than the 10 s default on a loaded machine
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

const feedUrl = () => `${base}/updates/latest-linux.yml`;
const update = async (installed: string) => runUpdate({ feedUrl: feedUrl(), installed, machine: await makeMachine(tempDir()), publicKeyFile: key.publicFile });

function status(overrides: Partial<MachineUpdateStatus> = {}): MachineUpdateStatus {
  return {
    id: randomUUID(),
    appVersion: '1.1.0',
    lessons: [{ id: 'souris-bouger', version: 1, source: 'shipped' }],
    updater: { result: 'refused', reason: 'signature', version: '1.2.0', installed: '1.1.0', at: '2025-06-01T10:00:00Z', message: 'the feed signature is not the release key' },
    lessonFeed: { index: 'accepted', refused: [], at: '2025-06-01T10:00:00.000Z' },
    at: new Date().toISOString(),
    ...overrides,
  };
}
const postStatus = (body: unknown, bearer: string | null = token) =>
  hub.app.inject({ method: 'POST', url: '/api/v1/machine/update-status', headers: bearer ? { authorization: `Bearer ${bearer}` } : {}, payload: body as Record<string, unknown> });

async function tableRows(): Promise<string> {
  const parts: string[] = [];
  for (const t of ['machine_update_status', 'rollout']) parts.push(JSON.stringify((await sqlRows(hub.store, `SELECT * FROM ${t}`)).map((r) => JSON.stringify(r)).sort()));
  return parts.join('\n');
}

describe('the release folder at /updates/', () => {
  it('serves files with range requests, ETag and 304, Last-Modified', async () => {
    // inject rather than fetch: fetch turns a conditional request into a "no-cache" one (Fetch standard).
    const get = (headers: Record<string, string> = {}) => hub.app.inject({ method: 'GET', url: '/updates/latest-linux.yml', headers });
    const whole = await get();
    expect(whole.statusCode).toBe(200);
    const etag = String(whole.headers.etag);
    expect(etag).toMatch(/"/);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.headers['last-modified']).toBeTruthy();
    expect(whole.headers['cache-control']).toBe('no-cache');
    const part = await get({ range: 'bytes=0-9' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-9/${whole.rawPayload.length}`);
    expect(part.body).toBe(whole.body.slice(0, 10));
    expect((await get({ 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get({ 'if-modified-since': String(whole.headers['last-modified']) })).statusCode).toBe(304);
    expect((await get({ range: 'bytes=99999-' })).statusCode).toBe(416);
  });

  it('lists nothing, hides dot files, and follows no link out of the folder', async () => {
    writeFileSync(join(updatesDir, '.secret'), 'hidden');
    symlinkSync('/etc/passwd', join(updatesDir, 'passwd'));
    mkdirSync(join(updatesDir, 'sub'), { recursive: true });
    for (const path of ['/updates/', '/updates/sub/', '/updates/.secret', '/updates/passwd', '/updates/..%2F..%2Fetc%2Fpasswd', '/updates/%2e%2e/hub.sqlite']) {
      const res = await fetch(`${base}${path}`);
      expect([403, 404], path).toContain(res.status);
      expect(await res.text(), path).not.toMatch(/root:|hidden/);
    }
  });
});

describe.skipIf(!canRunUpdater)('the root updater against the hub', () => {
  it('installs the signed release the hub serves', async () => {
    const r = await update('1.1.0');
    expect(r.stderr).toMatch(/installed passerelle 1.2.0/);
    expect(r.result).toMatchObject({ result: 'installed', version: '1.2.0' });
  });

  it("waits while the operating association's admin has paused the rollout, then installs once resumed", async () => {
    const paused = await consoleCall(hub, admin, 'PUT', '/console/updates/rollout', { paused: true });
    expect(paused.statusCode).toBe(200);
    expect(paused.json()).toMatchObject({ paused: true, changedBy: 'Ada', canChange: true });
    expect((await fetch(feedUrl())).headers.get('passerelle-rollout')).toBe('paused');
    const waits = await update('1.1.0');
    expect(waits.result).toMatchObject({ result: 'waiting', reason: 'paused' });
    expect(waits.apt).toEqual([]);
    expect((await consoleCall(hub, admin, 'PUT', '/console/updates/rollout', { paused: false })).json()).toMatchObject({ paused: false });
    expect((await fetch(feedUrl())).headers.get('passerelle-rollout')).toBeNull();
    expect((await update('1.1.0')).result).toMatchObject({ result: 'installed' });
  });
});

describe('pausing the rollout', () => {
  it("is refused to staff, to another association's admin, and with a bad body; nothing changes", async () => {
    const before = await tableRows();
    expectApiError(await consoleCall(hub, staff, 'PUT', '/console/updates/rollout', { paused: true }), 403, 'forbidden');
    const other = await hub.store.accounts.createAssociation('Autre association');
    await hub.store.accounts.createAccount({ associationId: other.id, email: 'autre@asso.test', firstName: 'Olga', role: 'admin', password: 'un mot de passe solide' });
    const login = await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email: 'autre@asso.test', password: 'un mot de passe solide' } });
    const otherAdmin = { cookie: `passerelle_session=${login.cookies.find((c) => c.name === 'passerelle_session')!.value}`, csrf: (login.json() as { csrfToken: string }).csrfToken, sessionId: '' };
    expect(expectApiError(await consoleCall(hub, otherAdmin, 'PUT', '/console/updates/rollout', { paused: true }), 403, 'forbidden').message).toMatch(/operates this hub/);
    expect(((await consoleCall(hub, otherAdmin, 'GET', '/console/updates')).json() as { rollout: { canChange: boolean } }).rollout.canChange).toBe(false);
    for (const body of [{}, { paused: 'yes' }, { paused: true, until: 'tomorrow' }, []]) {
      expectApiError(await consoleCall(hub, admin, 'PUT', '/console/updates/rollout', body), 400, 'invalid_input');
    }
    expect(await tableRows()).toBe(before);
  });
});

describe('the association that operates the hub', () => {
  it('is the first one created, even when others were created in the same millisecond', async () => {
    const fresh = await makeHub();
    for (let i = 0; i < 20; i++) await fresh.store.accounts.createAssociation(`Association ${i}`);
    expect((await fresh.store.accounts.defaultAssociation())?.id).toBe(fresh.seed.associationId);
    await fresh.close();
  });
});

describe('machine update statuses', () => {
  it('keeps the latest status of each machine: a resend is a duplicate, an older one is ignored', async () => {
    const first = status();
    expect((await postStatus(first)).json()).toEqual({ id: first.id, status: 'stored' });
    expect((await postStatus(first)).json()).toEqual({ id: first.id, status: 'duplicate' });
    const older = status({ at: new Date(Date.parse(first.at) - 60_000).toISOString(), appVersion: '0.1.0' });
    expect((await postStatus(older)).json()).toEqual({ id: older.id, status: 'older' });
    const view = await consoleCall(hub, staff, 'GET', '/console/updates');
    expect(view.statusCode).toBe(200);
    const body = view.json() as { release: { version: string; signed: boolean } | null; machines: Array<{ machineId: string; appVersion: string | null; updater: { reason: string } | null }> };
    expect(body.release).toMatchObject({ version: '1.2.0', signed: canRunUpdater });
    expect(body.machines.find((m) => m.machineId === machineId)).toMatchObject({ appVersion: '1.1.0', updater: { reason: 'signature' } });
  });

  it('refuses a bad status with 400 naming the problem, and an unknown machine with 401; nothing changes', async () => {
    const before = await tableRows();
    const bad: unknown[] = [
      {},
      { ...status(), id: 'not-a-uuid' },
      { ...status(), extra: true },
      { ...status(), updater: { ...status().updater, reason: 'because' } },
      { ...status(), lessons: [{ id: 'x', version: 0, source: 'shipped' }] },
      { ...status(), lessons: Array.from({ length: 501 }, (_, i) => ({ id: `l${i}`, version: 1, source: 'shipped' })) },
      { ...status(), appVersion: 'x'.repeat(41) },
    ];
    for (const body of bad) expect(expectApiError(await postStatus(body), 400, 'invalid_input').message.length).toBeGreaterThan(10);
    expectApiError(await postStatus(status(), null), 401, 'unauthorized');
    expectApiError(await postStatus(status(), 'y'.repeat(40)), 401, 'unauthorized');
    expect(await tableRows()).toBe(before);
  });
});
