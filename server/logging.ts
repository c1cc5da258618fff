/**
 * The hub's log: pino, Fastify's own logger, told what it must never write. A hub log ends up in
 * journald, in a support ticket, on a volunteer's screen: it holds no machine token, no session
 * cookie or CSRF token, no password and no phone number — neither as fields (pino's redaction of
 * known paths) nor inside text (an error message, a URL), where the patterns below are masked.
 * Requests are logged by method, path and status only: no client address, no headers.
 */
import type { FastifyServerOptions } from 'fastify';

const MASK = '[redacted]';

const PATTERNS: [RegExp, string][] = [
  // Authorization header values, wherever they are quoted.
  [/\b(Bearer|Basic)\s+[^\s"',;]+/gi, `$1 ${MASK}`],
  // The hub's cookies (console and operator sessions).
  [/\b(passerelle_[a-z_]+)=[^\s;"',]+/gi, `$1=${MASK}`],
  // Secrets in a query string.
  [/([?&](?:token|code|key|secret|password|csrf)=)[^&\s"']+/gi, `$1${MASK}`],
  // Phone numbers: French (06 12 34 56 78, 06.12.34.56.78, 0612345678) and international (+33 6 12…).
  [/(?:\+|\b00)\d{1,3}(?:[\s.-]?\d){8,12}\b/g, MASK],
  [/\b0\d(?:[\s.-]?\d{2}){4}\b/g, MASK],
];

/** `text` with every token, cookie, secret parameter and phone number masked. */
export function scrub(text: string): string {
  return PATTERNS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

/** Fields never logged whatever their value, at any depth. */
const SECRET_KEYS = new Set(['authorization', 'cookie', 'set-cookie', 'token', 'password', 'newpassword', 'currentpassword', 'csrftoken', 'x-csrf-token', 'phone', 'helpphone', 'code']);

/**
 * Strings masked and secret fields dropped in plain objects and arrays. Other objects (an Error,
 * Fastify's request and reply) are left to their serializers, which pino applies after this.
 */
function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEYS.has(k.toLowerCase()) ? MASK : scrubDeep(v, depth + 1);
  return out;
}

/** An error as pino's own serializer gives it (type, message, stack, code), its text masked. */
function serializeError(err: Error & { code?: unknown; statusCode?: unknown }): { type: string; message: string; stack: string; [key: string]: unknown } {
  return { type: err.name, message: scrub(String(err.message)), stack: scrub(err.stack ?? ''), code: err.code, statusCode: err.statusCode };
}

/** Fastify's `logger` option: off, or pino with these rules (to `stream`, default stdout). */
export function loggerOptions(enabled: boolean | undefined, stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  if (!enabled) return false;
  return {
    ...(stream ? { stream } : {}),
    // Known paths first (fast, exact); anything else goes through scrubDeep.
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', 'headers.authorization', 'headers.cookie'],
      censor: MASK,
    },
    serializers: {
      req: (req: { method: string; url: string }) => ({ method: req.method, url: scrub(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: serializeError,
    },
    formatters: { log: (object: Record<string, unknown>) => scrubDeep(object) as Record<string, unknown> },
    hooks: {
      // The message itself ("failed for 06 12 …"), and printf-style arguments.
      logMethod(args: unknown[], method: (...a: unknown[]) => void) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? scrub(a) : a)));
      },
    },
  };
}
