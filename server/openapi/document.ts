/**
 * The hub's OpenAPI 3.1 description, served at GET /api/openapi.json. Each route's entry lives in
 * routes.ts (one line per route); request and response bodies come from the same zod schemas the
 * routes parse with (zod 4's toJSONSchema, JSON Schema 2020-12 as OpenAPI 3.1 uses). A route
 * registered without an entry makes tests/server/openapi.test.ts fail.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../app/protocol/common.ts';
import { ROUTE_DOCS, type Auth, type RouteDoc } from './routes.ts';

export const OPENAPI_PATH = '/api/openapi.json';

type Json = Record<string, unknown>;

function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  // Requests are described as a client sends them (before defaults and coercion), answers as sent.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
  return rest;
}

/** `/api/v1/x/:id` → `/api/v1/x/{id}`; a trailing `*` → `{path}`. */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');
}

const SECURITY: Record<Auth, Json[] | undefined> = {
  none: [],
  machine: [{ machineToken: [] }],
  session: [{ consoleSession: [] }],
  'session-write': [{ consoleSession: [], csrfHeader: [] }],
  operator: [{ operatorSession: [] }],
  'operator-write': [{ operatorSession: [], csrfHeader: [] }],
  metrics: [{ metricsToken: [] }],
};

const errorResponse = { description: 'Refused: `{error: {code, message}}` (see the message for what is accepted)', content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } } };

function operation(method: string, url: string, doc: RouteDoc): Json {
  const params = [...url.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  if (url.endsWith('*')) params.push({ name: 'path', in: 'path', required: true, schema: { type: 'string' } });
  const query = doc.query ? schemaOf(doc.query, 'input') : null;
  const queryParams = query && typeof query.properties === 'object' && query.properties
    ? Object.entries(query.properties as Record<string, Json>).map(([name, schema]) => ({ name, in: 'query', required: ((query.required as string[] | undefined) ?? []).includes(name), schema }))
    : [];
  const status = String(doc.status ?? (method === 'POST' ? 201 : 200));
  const ok: Json = { description: doc.responseText ?? 'Done' };
  if (doc.response) ok.content = { 'application/json': { schema: schemaOf(doc.response, 'output') } };
  else if (doc.contentType) ok.content = { [doc.contentType]: {} };
  return {
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.websocket ? { description: `A WebSocket: upgrade with GET. ${doc.description ?? ''}`.trim() } : doc.description ? { description: doc.description } : {}),
    security: SECURITY[doc.auth],
    ...(params.length + queryParams.length ? { parameters: [...params, ...queryParams] } : {}),
    ...(doc.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(doc.body, 'input') } } } } : {}),
    ...(doc.rawBody ? { requestBody: { required: true, content: { [doc.rawBody]: { schema: { type: 'string', format: 'binary' } } } } } : {}),
    responses: { [status]: ok, '4XX': errorResponse },
  };
}

export interface RouteKey {
  method: string;
  url: string;
}

/** The description of the given routes (every route registered on a hub). Routes without an entry are left out (the test names them). */
export function openApiDocument(routes: readonly RouteKey[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const { method, url } of routes) {
    const doc = ROUTE_DOCS[`${method} ${url}`];
    if (!doc) continue;
    (paths[openApiPath(url)] ??= {})[method.toLowerCase()] = operation(method, url, doc);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Passerelle hub',
      version: '1',
      description:
        "The association's server: the shells' side (machine token), the helpers' console (session cookie, and the x-csrf-token header on writes), anonymous reports, lesson and update feeds. Every refusal is `{error: {code, message}}` with a 4xx status; 429 and 503 carry Retry-After.",
    },
    paths,
    components: {
      schemas: { ApiError: schemaOf(ApiError, 'output') },
      securitySchemes: {
        machineToken: { type: 'http', scheme: 'bearer', description: 'The token a machine receives at enrolment.' },
        consoleSession: { type: 'apiKey', in: 'cookie', name: 'passerelle_session', description: 'Opened by POST /api/v1/console/login.' },
        operatorSession: { type: 'apiKey', in: 'cookie', name: 'passerelle_operator', description: 'Opened by POST /api/v1/operator/login.' },
        metricsToken: { type: 'http', scheme: 'bearer', description: 'The --metrics-token given to the hub.' },
        csrfHeader: { type: 'apiKey', in: 'header', name: 'x-csrf-token', description: "The session's csrfToken (from login or /console/me), on every write." },
      },
    },
  };
}

/** Serves the description of every route the hub registered (read once, when first asked: after every plugin loaded). */
export function registerOpenApi(app: FastifyInstance, routes: readonly RouteKey[]): void {
  let document: string | null = null;
  app.get(OPENAPI_PATH, async (_req, reply) => {
    document ??= JSON.stringify(openApiDocument(routes));
    return reply.type('application/json').send(document);
  });
}
