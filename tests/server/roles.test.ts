/**
 * Every console route × every role → the expected status. Anonymous callers get 401, a role below the
 * route's minimum 403 `forbidden`, a write without the CSRF header 403 `csrf`, and an allowed role the
 * route's success status with a valid request. A completeness check makes a new route without a row fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRole } from '../../app/protocol/hub.ts';
import { expectApiError } from './helpers.ts';
import { consoleRows } from './roles/console-rows.ts';
import { contentRows, tileRows } from './roles/content-rows.ts';
import { peopleRows } from './roles/people-rows.ts';
import { call, freshSession, hub, startHub, stopHub, unique } from './roles/support.ts';
import { webzineRows } from './roles/webzine-rows.ts';

const tables = [...consoleRows, ...peopleRows, ...tileRows, ...contentRows, ...webzineRows];

beforeAll(startHub);
afterAll(stopHub);

describe('route × role table', () => {
  for (const row of tables) {
    const writes = row.method !== 'GET';
    it(`${row.method} ${row.route}: anonymous 401; ${row.min} and above ${row.ok}; below 403${writes ? '; no CSRF 403' : ''}`, async () => {
      const anon = await row.prepare('accompagnant');
      expectApiError(await call(row.method, anon.path, anon.body, {}, anon.headers), 401, 'unauthenticated');
      for (const role of ['accompagnant', 'staff', 'admin'] as const) {
        const s = await freshSession(role);
        if (writes) {
          const noCsrf = await row.prepare(role);
          expectApiError(await call(row.method, noCsrf.path, noCsrf.body, { cookie: s.cookie }, noCsrf.headers), 403, 'csrf');
        }
        const req = await row.prepare(role);
        const res = await call(row.method, req.path, req.body, { cookie: s.cookie, 'x-csrf-token': s.csrf }, req.headers);
        if (hasRole(role, row.min)) {
          expect(res.statusCode, `${role}: ${res.body}`).toBe(row.ok);
          req.onOk?.();
        } else {
          expectApiError(res, 403, 'forbidden');
        }
      }
    }, row.timeoutMs);
  }

  it('has a row for every console route (a new route without a role check fails here)', () => {
    const inTable = new Set(tables.map((r) => `${r.method} /api/v1${r.route}`));
    // Login takes no session by design; the feed is checked in feeds.test.ts (a WebSocket upgrade).
    const exempt = new Set(['POST /api/v1/console/login', 'GET /api/v1/console/feed']);
    const consoleRoutes = hub.routes.filter((r) => r.url.startsWith('/api/v1/console/')).map((r) => `${r.method} ${r.url}`);
    expect(consoleRoutes.length).toBeGreaterThan(30); // the list comes from the real hub, not from this file
    expect(consoleRoutes.filter((r) => !inTable.has(r) && !exempt.has(r))).toEqual([]);
  });

  it('a disabled account is refused everywhere at once, even with an open session', async () => {
    const victim = await hub.store.accounts.createAccount({
      associationId: hub.seed.associationId,
      email: `d${unique()}@asso.test`,
      firstName: 'Dora',
      role: 'staff',
      password: 'x'.repeat(12),
    });
    const s = await hub.store.accounts.createSession(victim.id, 60);
    const admin = await freshSession('admin');
    const off = await call('PATCH', `/console/accounts/${victim.id}`, { disabled: true }, { cookie: admin.cookie, 'x-csrf-token': admin.csrf });
    expect(off.statusCode).toBe(200);
    expectApiError(await call('GET', '/console/machines', undefined, { cookie: `passerelle_session=${s.sessionId}` }), 401);
    expect(await hub.store.accounts.verifyPassword(victim.email, 'x'.repeat(12))).toBeNull();
  });
});
