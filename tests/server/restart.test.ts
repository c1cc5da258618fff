/** Acknowledged writes survive a restart of the hub on the same data folder. */
import { afterEach, expect, it } from 'vitest';
import { act, addHelper, enrolDemo, enrolNewMachine, helpSubmit, login, makeHub, postHelp, removeTempDirs, tempDir } from './helpers.ts';
import { schemaVersion } from '../../lib/sqlite/open.ts';
import { SCHEMA_VERSION, SqliteHubStore } from '../../server/store/sqlite/index.ts';
import { countHelpRequests, helpRequest, openHelpRequests } from './inspect.ts';

afterEach(() => removeTempDirs());

it('keeps every acknowledged request, the machine token and the accounts across a restart', async () => {
  const dataDir = tempDir();
  const first = await makeHub(dataDir);
  if (!first.seed.admin.created) throw new Error('first run should create the admin');
  const adminPassword = first.seed.admin.oneTimePassword;
  const { token } = await enrolDemo(first);
  // One open request per machine: the demo machine's, and nineteen other machines'.
  const tokens = [token];
  for (let i = 1; i < 20; i++) tokens.push((await enrolNewMachine(first, `PC-${1000 + i}`)).token);
  const acknowledged: string[] = [];
  for (const t of tokens) {
    const p = helpSubmit();
    const res = await postHelp(first, t, p);
    expect(res.statusCode).toBe(201);
    acknowledged.push(p.id as string);
  }
  const marie = await addHelper(first, 'Marie');
  const s = await login(first, marie.email, marie.password);
  expect((await act(first, s, acknowledged[0]!, 'claim')).statusCode).toBe(200);
  await first.close();

  const second = await makeHub(dataDir);
  try {
    expect(second.seed.admin.created).toBe(false);
    expect(second.seed.demoMachine.id).toBe(first.seed.demoMachine.id);
    expect(second.seed.demoMachine.enrolmentCode).toBeNull(); // already enrolled
    expect(await countHelpRequests(second.store)).toBe(20);
    const open = await second.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${token}` } });
    expect(open.statusCode).toBe(200);
    expect((open.json() as { id: string }[]).map((r) => r.id)).toEqual([acknowledged[0]]);
    expect((await openHelpRequests(second.store)).map((r) => r.id).sort()).toEqual([...acknowledged].sort());
    expect(await helpRequest(second.store, acknowledged[0]!)).toMatchObject({ state: 'claimed', claimedBy: { firstName: 'Marie' } });
    // Resubmitting after the restart is still idempotent.
    const again = await postHelp(second, tokens[5]!, helpSubmit({ id: acknowledged[5] }));
    expect(again.statusCode).toBe(200);
    expect(await countHelpRequests(second.store)).toBe(20);
    // The session survives too, and the admin's one-time password still works.
    const me = await second.app.inject({ method: 'GET', url: '/api/v1/console/me', headers: { cookie: s.cookie } });
    expect(me.statusCode).toBe(200);
    // The admin's one-time password, never used, still opens the "choose your password" session.
    const otp = await second.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email: first.seed.admin.email, password: adminPassword } });
    expect(otp.json()).toMatchObject({ mustChangePassword: true });
  } finally {
    await second.close();
  }
});

it('records the schema version and refuses a database from a newer hub', async () => {
  const dataDir = tempDir();
  const store = new SqliteHubStore({ dataDir });
  expect(schemaVersion(store.db)).toBe(SCHEMA_VERSION);
  expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
  expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
  expect(store.db.pragma('synchronous', { simple: true })).toBe(2); // FULL
  store.db.pragma('user_version = 99');
  await store.close();
  expect(() => new SqliteHubStore({ dataDir })).toThrow(/newer than this hub/);
});
