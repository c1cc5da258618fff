/**
 * Machine and console routes authenticate before they read a body: a stranger gets 401 whatever they send
 * (malformed JSON, a wrong media type, a body over the limit), never a parser's 400, 413 or 415 that
 * would show the route is reachable and spend the hub's work on them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectApiError, makeHub, removeTempDirs, type TestHub } from './helpers.ts';

let hub: TestHub;
beforeAll(async () => {
  hub = await makeHub();
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

/** Every route a shell calls with its token: under /api/v1, not the console's nor the operator's, not enrolment (which has no token yet). */
function machineRoutes() {
  return hub.routes.filter(
    (r) => r.url.startsWith('/api/v1/') && !r.url.startsWith('/api/v1/console/') && !r.url.startsWith('/api/v1/operator/') && r.url !== '/api/v1/enrol' && !r.websocket,
  );
}

const bodies: [string, Record<string, string>, string | Buffer][] = [
  ['malformed JSON', { 'content-type': 'application/json' }, '{"id": '],
  ['a wrong media type', { 'content-type': 'text/html' }, '<b>hello</b>'],
  ['a body over every limit', { 'content-type': 'application/json' }, Buffer.alloc(600 * 1024, 0x20)],
];

describe('machine routes authenticate before parsing', () => {
  it('knows the machine routes (from the real hub)', () => {
    expect(machineRoutes().map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['POST /api/v1/help-requests', 'PUT /api/v1/help-requests/:id/voice', 'POST /api/v1/reports/health', 'POST /api/v1/reports/usage']),
    );
  });

  for (const [what, headers, payload] of bodies) {
    it(`answers 401 to a stranger sending ${what}, with or without a bad token`, async () => {
      for (const route of machineRoutes()) {
        const url = route.url.replace(':id', '3f0c4a52-1d5e-4b8e-9a61-0c2f1e7d9b10');
        for (const auth of [{}, { authorization: `Bearer ${'x'.repeat(43)}` }]) {
          const res = await hub.app.inject({ method: route.method as 'POST', url, headers: { ...headers, ...auth }, payload });
          expectApiError(res, 401, 'unauthorized');
        }
      }
    });
  }
});

describe('console routes authenticate before parsing', () => {
  it('answers 401 to a stranger sending malformed JSON, a wrong media type or a huge body to any console route', async () => {
    const consoleRoutes = hub.routes.filter((r) => r.url.startsWith('/api/v1/console/') && r.url !== '/api/v1/console/login');
    expect(consoleRoutes.length).toBeGreaterThan(30);
    for (const [, headers, payload] of bodies) {
      for (const route of consoleRoutes) {
        const url = route.url.replace(':id', '3f0c4a52-1d5e-4b8e-9a61-0c2f1e7d9b10');
        const res = await hub.app.inject({ method: route.method as 'POST', url, headers: { ...headers, cookie: 'passerelle_session=forged' }, payload });
        expectApiError(res, 401, 'unauthenticated');
      }
    }
  });
});
