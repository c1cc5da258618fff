import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HelpStatus } from '../../app/protocol/hub.ts';
import { sha256 } from '../../server/store/crypto.ts';
import { enrolDemo, enrolNewMachine, expectApiError, helpSubmit, makeHub, postHelp, removeTempDirs, type TestHub } from './helpers.ts';
import { countHelpRequests, helpEvents, helpRequest, sqlRows } from './inspect.ts';

let hub: TestHub;
beforeEach(async () => {
  hub = await makeHub();
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

describe('livez and fallbacks', () => {
  it('answers livez', async () => {
    const res = await hub.app.inject({ method: 'GET', url: '/livez' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('redirects / to the console, which says to build it when missing', async () => {
    const root = await hub.app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/console/');
    const consolePage = await hub.app.inject({ method: 'GET', url: '/console/' });
    expect(consolePage.statusCode).toBe(503);
    expect(consolePage.body).toContain('npm run build:console');
  });

  it('answers unknown routes with the error shape', async () => {
    expectApiError(await hub.app.inject({ method: 'GET', url: '/api/v1/nope' }), 404, 'not_found');
  });
});

describe('enrolment', () => {
  it('exchanges a code for a token and stores only its hash', async () => {
    const { code } = await hub.store.register.createEnrolmentCode(hub.seed.demoMachine.id, 60);
    // Technicians type codes with dashes, spaces or lower case.
    const typed = `${code.slice(0, 4).toLowerCase()}-${code.slice(4)}`;
    const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: typed, appVersion: '0.1.0' } });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { machineId: string; assetTag: string; token: string; mode: string; cohort: string };
    expect(body.machineId).toBe(hub.seed.demoMachine.id);
    expect(body.assetTag).toBe('DEMO-0001');
    expect(body.mode).toBe('home');
    expect(body.cohort).toBe('home');
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const [row] = await sqlRows<{ token_hash: string; enrolment_code_hash: string; enrolment_used: number | boolean }>(
      hub.store,
      'SELECT token_hash, enrolment_code_hash, enrolment_used FROM machines WHERE id = ?',
      body.machineId,
    );
    expect(row!.token_hash).toBe(sha256(body.token));
    expect(row!.enrolment_code_hash).toBe(sha256(code));
    expect(Boolean(row!.enrolment_used)).toBe(true);
    const dump = JSON.stringify(await sqlRows(hub.store, 'SELECT * FROM machines'));
    expect(dump).not.toContain(body.token);
    expect(dump).not.toContain(code);

    // The token works.
    const list = await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${body.token}` } });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([]);
  });

  it('refuses a reused code with 410 enrolment_code_used', async () => {
    const { code } = await hub.store.register.createEnrolmentCode(hub.seed.demoMachine.id, 60);
    expect((await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } })).statusCode).toBe(200);
    const again = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
    expect(expectApiError(again, 410, 'enrolment_code_used').message).toMatch(/already been used/);
  });

  it('refuses an expired code with 410 enrolment_code_expired', async () => {
    const { code } = await hub.store.register.createEnrolmentCode(hub.seed.demoMachine.id, 30);
    hub.clock.now = new Date(hub.clock.now.getTime() + 31 * 60_000);
    const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
    expect(expectApiError(res, 410, 'enrolment_code_expired').message).toMatch(/expired/);
    const m = await hub.store.register.getMachine(hub.seed.demoMachine.id);
    expect(m?.enrolled).toBe(false);
  });

  it('seed codes expire after 24 h by default', async () => {
    const code = hub.seed.demoMachine.enrolmentCode!;
    expect(Date.parse(code.expiresAt) - hub.clock.now.getTime()).toBe(24 * 3600_000);
  });

  it('refuses an unknown code with 403 and a bad format with 400', async () => {
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 'ABCDEFGH' } }), 403, 'enrolment_code_unknown');
    for (const code of ['ABC', 'ABCDEFGHI', 'ABCDEFG0', 'ABCDEFGI', 12345678]) {
      const err = expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } }), 400, 'invalid_input');
      expect(err.message).toMatch(/code/);
    }
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: {} }), 400, 'invalid_input');
  });

  it('a new code replaces the previous one', async () => {
    const first = await hub.store.register.createEnrolmentCode(hub.seed.demoMachine.id, 60);
    const second = await hub.store.register.createEnrolmentCode(hub.seed.demoMachine.id, 60);
    expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: first.code } }), 403, 'enrolment_code_unknown');
    expect((await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: second.code } })).statusCode).toBe(200);
  });

  it('rate-limits enrolment attempts per client', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 'ABCDEFGH' } });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 403)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});

describe('help requests from a machine', () => {
  it('creates a request (201) and is idempotent on its id (200, one row, one journal entry)', async () => {
    const { token, machineId } = await enrolDemo(hub);
    const payload = helpSubmit();
    const first = await postHelp(hub, token, payload);
    expect(first.statusCode).toBe(201);
    const status = HelpStatus.parse(first.json());
    expect(status).toMatchObject({ id: payload.id, state: 'new', helper: null });

    const again = await postHelp(hub, token, payload);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(await countHelpRequests(hub.store)).toBe(1);
    expect((await helpEvents(hub.store, payload.id as string)).map((e) => e.action)).toEqual(['submit']);

    const view = await helpRequest(hub.store, payload.id as string);
    expect(view).toMatchObject({ machineId, assetTag: 'DEMO-0001', state: 'new', context: payload.context });

    const list = await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${token}` } });
    expect((list.json() as { id: string }[]).map((s) => s.id)).toEqual([payload.id]);
  });

  it('refuses the same id from another machine with 409', async () => {
    const a = await enrolDemo(hub);
    const b = await enrolNewMachine(hub, 'PC-0002');
    const payload = helpSubmit();
    expect((await postHelp(hub, a.token, payload)).statusCode).toBe(201);
    expectApiError(await postHelp(hub, b.token, payload), 409, 'id_conflict');
    const view = await helpRequest(hub.store, payload.id as string);
    expect(view?.machineId).toBe(a.machineId);
  });

  it('cancels its own request, idempotently, and not one of another machine', async () => {
    const a = await enrolDemo(hub);
    const b = await enrolNewMachine(hub, 'PC-0002');
    const payload = helpSubmit();
    await postHelp(hub, a.token, payload);
    const url = `/api/v1/help-requests/${payload.id as string}/cancel`;
    expectApiError(await hub.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${b.token}` } }), 404, 'not_found');
    const res = await hub.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${a.token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: payload.id, state: 'cancelled' });
    const again = await hub.app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${a.token}` }, payload: { id: payload.id } });
    expect(again.statusCode).toBe(200);
    expect((await helpEvents(hub.store, payload.id as string)).map((e) => e.toState)).toEqual(['new', 'cancelled']);
    const list = await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${a.token}` } });
    expect(list.json()).toEqual([]);
  });

  describe('bad input changes nothing', () => {
    let token: string;
    beforeEach(async () => {
      token = (await enrolDemo(hub)).token;
    });
    afterEach(async () => {
      expect(await countHelpRequests(hub.store)).toBe(0);
    });

    const base = helpSubmit();
    const cases: [string, unknown, RegExp][] = [
      ['missing id', { createdAt: base.createdAt, context: base.context }, /id/],
      ['missing context', { id: randomUUID(), createdAt: base.createdAt }, /context/],
      ['missing screen', helpSubmit({ context: { lessonId: 'x' } }), /context\.screen/],
      ['id not a uuid', helpSubmit({ id: 'not-a-uuid' }), /id/],
      ['createdAt not a date', helpSubmit({ createdAt: 'yesterday' }), /createdAt/],
      ['stepIndex a string', helpSubmit({ context: { screen: 'home', stepIndex: '2' } }), /stepIndex.*number/],
      ['negative stuckSeconds', helpSubmit({ context: { screen: 'home', stuckSeconds: -1 } }), /stuckSeconds/],
      ['unknown language', helpSubmit({ context: { screen: 'home', language: 'de' } }), /language/],
      ['extra top-level field', helpSubmit({ name: 'Jeanne' }), /name/],
      ['array body', [helpSubmit()], /object/],
    ];
    for (const [name, payload, hint] of cases) {
      it(`${name} → 400`, async () => {
        const res = await postHelp(hub, token, payload);
        const err = expectApiError(res, 400, 'invalid_input');
        expect(err.message).toMatch(hint);
      });
    }

    it('huge body → 413', async () => {
      const payload = helpSubmit({ context: { screen: 'home', lessonId: 'x'.repeat(70_000) } });
      expectApiError(await postHelp(hub, token, payload), 413, 'body_too_large');
    });

    it('malformed JSON → 400', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/help-requests',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: '{"id": "x",',
      });
      expectApiError(res, 400, 'malformed_json');
    });

    it('empty JSON body → 400', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/help-requests',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: '',
      });
      expectApiError(res, 400);
    });

    it('wrong content type → 415', async () => {
      const res = await hub.app.inject({
        method: 'POST',
        url: '/api/v1/help-requests',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        payload: JSON.stringify(helpSubmit()),
      });
      expectApiError(res, 415, 'unsupported_media_type');
    });

    it('no token, malformed token, unknown token → 401', async () => {
      const payload = helpSubmit();
      expectApiError(await hub.app.inject({ method: 'POST', url: '/api/v1/help-requests', payload }), 401, 'unauthorized');
      for (const authorization of ['Basic abc', `Bearer`, `Bearer ${'A'.repeat(43)}`, token.slice(1)]) {
        const res = await hub.app.inject({ method: 'POST', url: '/api/v1/help-requests', headers: { authorization }, payload });
        expectApiError(res, 401, 'unauthorized');
      }
    });
  });
});
