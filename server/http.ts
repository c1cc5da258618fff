/** Shared HTTP helpers: the `{error:{code,message}}` shape and zod parsing at the edge (limits are in limits.ts). */
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { Duplex } from 'node:stream';
import type { z } from 'zod';

export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** A wait of `ms` milliseconds as a Retry-After value: whole seconds, rounded up, at least one. */
export function secondsLeft(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** 429: the machine sent its day's worth of `what` (voice messages, files); it may again at `retryAt`. */
export function dailyQuotaError(code: string, what: string, retryAt: string, now: Date): HttpError {
  const seconds = secondsLeft(Date.parse(retryAt) - now.getTime());
  return new HttpError(429, code, `This machine sent its day's worth of ${what}; retry in ${seconds} s.`, { 'retry-after': String(seconds) });
}

export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { code, message } });
}

/** The keys an object schema accepts at `path` (through optional wrappers), or null. */
function acceptedKeys(schema: z.ZodType, path: readonly PropertyKey[]): string[] | null {
  type Walkable = { shape?: Record<string, Walkable>; unwrap?: () => Walkable };
  let s: Walkable | undefined = schema as unknown as Walkable;
  const unwrap = () => {
    while (s && !s.shape && typeof s.unwrap === 'function') s = s.unwrap();
  };
  for (const seg of path) {
    unwrap();
    s = s?.shape?.[String(seg)];
  }
  unwrap();
  return s?.shape ? Object.keys(s.shape) : null;
}

/** One readable sentence listing every problem: where it is, what is wrong, what is accepted. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], schema?: z.ZodType): string {
  return issues
    .slice(0, 10)
    .map((issue) => {
      const where = issue.path.length ? issue.path.map(String).join('.') : 'body';
      if (issue.code === 'unrecognized_keys') {
        const accepted = schema ? acceptedKeys(schema, issue.path) : null;
        const keys = issue.keys.map((k) => `"${k}"`).join(', ');
        return `${where}: unexpected field ${keys}${accepted ? ` (accepted fields: ${accepted.join(', ')})` : ''}`;
      }
      if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) {
        return `${where}: required field is missing (expected ${issue.expected})`;
      }
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}

/** Parses `value` with `schema` or throws a 400 `invalid_input` saying what is wrong. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  if (value === undefined || value === null) {
    throw new HttpError(400, 'invalid_input', `The ${what} is missing: send a JSON object (Content-Type: application/json).`);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new HttpError(400, 'invalid_input', `Invalid ${what}: ${describeIssues(result.error.issues, schema)}.`);
  }
  return result.data;
}

/**
 * A request Node's HTTP parser cannot read (a bad method, a NUL byte, headers over the limit, a
 * request too slow to arrive) never reaches Fastify: it is answered here, in the API's error shape,
 * and the connection is closed.
 */
export function answerClientError(err: Error & { code?: string }, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, reason, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are too large; nothing was done.']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive; nothing was done.']
        : [400, 'Bad Request', 'The request is not valid HTTP; nothing was done.'];
  const body = JSON.stringify({ error: { code: status === 400 ? 'bad_request' : status === 408 ? 'request_timeout' : 'headers_too_large', message } });
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** The largest JSON body a route accepts unless it sets its own limit (a report, a voice message). */
export const BODY_LIMIT_BYTES = 64 * 1024;

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'malformed_json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_content_length',
};

function fastifyErrorMessage(err: FastifyError): string {
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `The request body is too large: at most ${BODY_LIMIT_BYTES / 1024} KiB is accepted.`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'Unsupported Content-Type: send the body as JSON with Content-Type: application/json.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'The body is empty although Content-Type is application/json: send a JSON object.';
    default:
      if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        return `The body is not valid JSON (${err.message}); send a JSON object.`;
      }
      return err.message;
  }
}

/** Every refusal in the `{error:{code,message}}` shape; a 500 says only that the request may be retried. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof HttpError) {
      for (const [k, v] of Object.entries(err.headers)) reply.header(k, v);
      return sendError(reply, err.statusCode, err.code, err.message);
    }
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = FASTIFY_CODES[err.code] ?? (err instanceof SyntaxError ? 'malformed_json' : 'bad_request');
      return sendError(reply, status, code, fastifyErrorMessage(err));
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(reply, 500, 'internal', 'Internal error on the hub; the request may be retried.');
  });

  app.setNotFoundHandler((req, reply) => sendError(reply, 404, 'not_found', `No route ${req.method} ${req.url.split('?')[0]}.`));
}
