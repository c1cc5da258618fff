import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HelpRequestView, Me } from '../../app/protocol/hub.ts';
import { act, addHelper, enrolDemo, enrolNewMachine, expectApiError, helpSubmit, login, makeHub, postHelp, removeTempDirs, type TestHub } from './helpers.ts';
import { helpEvents, helpRequest } from './inspect.ts';

let hub: TestHub;
beforeEach(async () => {
  hub = await makeHub();
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

async function submitOne(): Promise<string> {
  const { token } = await enrolDemo(hub);
  const payload = helpSubmit();
  expect((await postHelp(hub, token, payload)).statusCode).toBe(201);
  return payload.id as string;
}

describe('console login', () => {
  it('logs the seeded admin in with the one-time password (any letter case) and sets a strict session cookie', async () => {
    if (!hub.seed.admin.created) throw new Error('the admin should be created on first run');
    const res = await hub.app.inject({
      method: 'POST',
      url: '/api/v1/console/login',
      payload: { email: hub.seed.admin.email.toUpperCase(), password: hub.seed.admin.oneTimePassword },
    });
    expect(res.statusCode).toBe(200);
    const me = Me.parse(res.json());
    expect(me).toMatchObject({ email: hub.seed.admin.email, firstName: 'Admin', role: 'admin', mustChangePassword: true });
    const cookie = res.cookies.find((c) => c.name === 'passerelle_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookie?.secure).toBeFalsy(); // plain http here; Secure is set behind https

    const meRes = await hub.app.inject({ method: 'GET', url: '/api/v1/console/me', headers: { cookie: `passerelle_session=${cookie!.value}` } });
    expect(meRes.statusCode).toBe(200);
    expect(meRes.json()).toEqual(me);
  });

  it('refuses a wrong password or unknown email with the same 401', async () => {
    const { email } = await addHelper(hub, 'Marie');
    const wrong = expectApiError(
      await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password: 'nope' } }),
      401,
      'invalid_credentials',
    );
    const unknown = expectApiError(
      await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email: 'qui@asso.test', password: 'nope' } }),
      401,
      'invalid_credentials',
    );
    expect(wrong.message).toBe(unknown.message);
  });

  it('validates the login body', async () => {
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email: 'pas-un-email', password: 'x' } }), 400, 'invalid_input');
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email: 'a@b.fr' } }), 400, 'invalid_input');
  });

  it('after 5 failures from one address, that address is refused for a while, even with the right password', async () => {
    const { email, password } = await addHelper(hub, 'Marie');
    for (let i = 0; i < 5; i++) {
      expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password: `faux-${i}` } }), 401);
    }
    const locked = await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password } });
    expect(expectApiError(locked, 429, 'locked').message).toMatch(/réessayez dans \d+ min/);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    // Other accounts are unaffected.
    const other = await addHelper(hub, 'Paul');
    await login(hub, other.email, other.password);
  });

  it('nobody can lock a helper out: five wrong passwords from one place, the right one from another still works', async () => {
    const { email, password } = await addHelper(hub, 'Marie');
    const from = (remoteAddress: string, pw: string) => hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password: pw }, remoteAddress });
    for (let i = 0; i < 6; i++) expect((await from('203.0.113.66', `faux-${i}`)).statusCode).toBeGreaterThanOrEqual(400);
    expectApiError(await from('203.0.113.66', password), 429, 'locked');
    expect((await from('198.51.100.7', password)).statusCode).toBe(200);
    // A failure from the office does not add to the stranger's count either: the office is not locked after one.
    expectApiError(await from('198.51.100.7', 'oups'), 401, 'invalid_credentials');
    expect((await from('198.51.100.7', password)).statusCode).toBe(200);
  });

  it('one address trying many emails is slowed down (per address), other addresses are not', async () => {
    // A hub whose per-address limit is 5, so that the test does not hash 30 passwords.
    const max = 5;
    const hub = await makeHub(undefined, { limits: { loginPerAddress: { max, windowMs: 600_000 } } });
    try {
      for (let i = 0; i < max; i++) {
        const res = await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email: `x${i}@spray.test`, password: 'x' }, remoteAddress: '203.0.113.9' });
        expectApiError(res, 401, 'invalid_credentials');
      }
      const limited = await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email: 'y@spray.test', password: 'x' }, remoteAddress: '203.0.113.9' });
      expectApiError(limited, 429, 'rate_limited');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      const { email, password } = await addHelper(hub, 'Marie');
      expect((await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password }, remoteAddress: '198.51.100.7' })).statusCode).toBe(200);
    } finally {
      await hub.close();
    }
  });

  it('logout ends the session', async () => {
    const { email, password } = await addHelper(hub, 'Marie');
    const s = await login(hub, email, password);
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/console/logout', headers: { cookie: s.cookie } }), 403, 'csrf');
    const out = await hub.app.inject({ method: 'POST', url: '/api/v1/console/logout', headers: { cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(out.statusCode).toBe(204);
    expectApiError(await hub.app.inject({ method: 'GET', url: '/api/v1/console/me', headers: { cookie: s.cookie } }), 401, 'unauthenticated');
  });

  it('refuses console routes without a session', async () => {
    expectApiError(await hub.app.inject({ method: 'GET', url: '/api/v1/console/help-requests' }), 401, 'unauthenticated');
    expectApiError(
      await hub.app.inject({ method: 'GET', url: '/api/v1/console/help-requests', headers: { cookie: 'passerelle_session=forged' } }),
      401,
      'unauthenticated',
    );
  });
});

describe('the help queue', () => {
  it('lists open requests oldest first', async () => {
    // Three machines: a machine has one open request at a time.
    const tokens = [(await enrolDemo(hub)).token, (await enrolNewMachine(hub, 'PC-0002')).token, (await enrolNewMachine(hub, 'PC-0003')).token];
    const ids: string[] = [];
    for (const token of tokens) {
      const p = helpSubmit();
      ids.push(p.id as string);
      hub.clock.now = new Date(hub.clock.now.getTime() + 1000);
      await postHelp(hub, token, p);
    }
    const { email, password } = await addHelper(hub, 'Marie');
    const s = await login(hub, email, password);
    await act(hub, s, ids[1]!, 'resolve');
    const res = await hub.app.inject({ method: 'GET', url: '/api/v1/console/help-requests', headers: { cookie: s.cookie } });
    expect(res.statusCode).toBe(200);
    const queue = (res.json() as unknown[]).map((v) => HelpRequestView.parse(v));
    expect(queue.map((v) => v.id)).toEqual([ids[0], ids[2]]);
    expect(queue[0]).toMatchObject({ assetTag: 'DEMO-0001', state: 'new', claimedBy: null, context: { screen: 'lesson', lessonId: 'souris-1' } });
  });

  it('requires the CSRF token on actions and changes nothing without it', async () => {
    const id = await submitOne();
    const { email, password } = await addHelper(hub, 'Marie');
    const s = await login(hub, email, password);
    const url = `/api/v1/console/help-requests/${id}/actions`;
    expectApiError(await hub.app.inject({ method: 'POST', url, headers: { cookie: s.cookie }, payload: { action: 'claim' } }), 403, 'csrf');
    expectApiError(
      await hub.app.inject({ method: 'POST', url, headers: { cookie: s.cookie, 'x-csrf-token': 'wrong' }, payload: { action: 'claim' } }),
      403,
      'csrf',
    );
    expect((await helpRequest(hub.store, id))?.state).toBe('new');
    expect(await helpEvents(hub.store, id)).toHaveLength(1);
  });

  it('walks the state machine and journals every transition', async () => {
    const id = await submitOne();
    const { email, password } = await addHelper(hub, 'Marie');
    const s = await login(hub, email, password);
    const claim = await act(hub, s, id, 'claim');
    expect(claim.statusCode).toBe(200);
    expect(HelpRequestView.parse(claim.json())).toMatchObject({ state: 'claimed', claimedBy: { firstName: 'Marie' } });
    expect((await act(hub, s, id, 'call')).json()).toMatchObject({ state: 'calling_back' });
    expect((await act(hub, s, id, 'release')).json()).toMatchObject({ state: 'seen', claimedBy: null });
    expect((await act(hub, s, id, 'resolve')).json()).toMatchObject({ state: 'resolved' });
    const err = expectApiError(await act(hub, s, id, 'claim'), 409, 'not_allowed');
    expect(err.message).toContain('résolue');
    const events = await helpEvents(hub.store, id);
    expect(events.map((e) => [e.action, e.fromState, e.toState])).toEqual([
      ['submit', null, 'new'],
      ['claim', 'new', 'claimed'],
      ['call', 'claimed', 'calling_back'],
      ['release', 'calling_back', 'seen'],
      ['resolve', 'seen', 'resolved'],
    ]);
    expect(events[1]!.actor).toMatch(/^account:/);
  });

  it('rejects bad actions and unknown ids', async () => {
    const id = await submitOne();
    const { email, password } = await addHelper(hub, 'Marie');
    const s = await login(hub, email, password);
    expectApiError(await act(hub, s, id, 'explode'), 400, 'invalid_input');
    expectApiError(await act(hub, s, 'not-a-uuid', 'claim'), 400, 'invalid_input');
    expectApiError(await act(hub, s, randomUUID(), 'claim'), 404, 'not_found');
    expect((await helpRequest(hub.store, id))?.state).toBe('new');
  });

  it('first claim wins: two helpers claiming at once get exactly one 200 and one 409 naming the winner', async () => {
    const id = await submitOne();
    const marie = await addHelper(hub, 'Marie');
    const paul = await addHelper(hub, 'Paul');
    const [sm, sp] = await Promise.all([login(hub, marie.email, marie.password), login(hub, paul.email, paul.password)]);
    const results = await Promise.all([act(hub, sm, id, 'claim'), act(hub, sp, id, 'claim')]);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([200, 409]);
    const winner = results.find((r) => r.statusCode === 200)!.json() as { claimedBy: { firstName: string } };
    const loser = results.find((r) => r.statusCode === 409)!;
    expect(expectApiError(loser, 409, 'already_claimed').message).toBe(`Déjà pris par ${winner.claimedBy.firstName}`);
    const claims = (await helpEvents(hub.store, id)).filter((e) => e.action === 'claim');
    expect(claims).toHaveLength(1);
  });
});
