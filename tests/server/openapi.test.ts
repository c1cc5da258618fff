/**
 * The OpenAPI 3.1 description at /api/openapi.json: every route the hub registers is in it (a new
 * route without its line in server/openapi/routes.ts fails here), nothing stale is, and bodies are
 * the zod schemas the routes parse with.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openApiPath } from '../../server/openapi/document.ts';
import { ROUTE_DOCS } from '../../server/openapi/routes.ts';
import { makeHub, removeTempDirs, tempDir, type TestHub } from './helpers.ts';

type Operation = { summary: string; security: unknown[]; responses: Record<string, unknown>; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } };
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { securitySchemes: Record<string, unknown> } };

let hub: TestHub;
let doc: Doc;
beforeAll(async () => {
  const dir = tempDir();
  // --updates adds the release folder's route: the description must cover it too.
  hub = await makeHub(dir, { updatesDir: dir });
  const res = await hub.app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  doc = res.json() as Doc;
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

it('is OpenAPI 3.1 with the machine token, the session cookies, the CSRF header and the metrics token as security schemes', () => {
  expect(doc.openapi).toBe('3.1.0');
  expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['consoleSession', 'csrfHeader', 'machineToken', 'metricsToken', 'operatorSession']);
});

it('describes every registered route (add a line in server/openapi/routes.ts with a new route)', () => {
  expect(hub.routes.length).toBeGreaterThan(70); // the list comes from the real hub
  const missing = hub.routes.filter((r) => !doc.paths[openApiPath(r.url)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.url}`);
  expect(missing).toEqual([]);
  for (const r of hub.routes) {
    const op = doc.paths[openApiPath(r.url)]![r.method.toLowerCase()]!;
    expect(op.summary.length, `${r.method} ${r.url}`).toBeGreaterThan(5);
    expect(Object.keys(op.responses).length, `${r.method} ${r.url}`).toBeGreaterThan(0);
  }
});

it('has no line for a route the hub does not register', () => {
  const registered = new Set(hub.routes.map((r) => `${r.method} ${r.url}`));
  expect(Object.keys(ROUTE_DOCS).filter((k) => !registered.has(k))).toEqual([]);
});

it('takes request bodies from the routes’ zod schemas', () => {
  const enrol = doc.paths['/api/v1/enrol']!.post!;
  const schema = enrol.requestBody!.content['application/json']!.schema as { properties: Record<string, unknown>; required: string[] };
  expect(Object.keys(schema.properties)).toContain('code');
  expect(schema.required).toEqual(['code']);
  const help = doc.paths['/api/v1/help-requests']!.post!;
  expect(help.security).toEqual([{ machineToken: [] }]);
  expect(doc.paths['/api/v1/console/help-requests/{id}/actions']!.post!.security).toEqual([{ consoleSession: [], csrfHeader: [] }]);
});
