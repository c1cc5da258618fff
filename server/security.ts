/**
 * Security headers (@fastify/helmet) on every answer: a strict Content-Security-Policy for the
 * console, no framing, no sniffing, no referrer; `no-store` on the API (answers carry personal data);
 * HSTS only when the request came over HTTPS (from a trusted proxy, see proxy.ts) — sent over plain
 * HTTP it would mean nothing, and on a LAN hub without TLS it must not stick in browsers.
 */
import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/** One year, as browsers' preload lists expect. */
const HSTS = 'max-age=31536000; includeSubDomains';

export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      // No defaults: helmet's would add upgrade-insecure-requests, which breaks a hub served over plain HTTP.
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.url.startsWith('/api/')) reply.header('cache-control', 'no-store');
    if (req.protocol === 'https') reply.header('strict-transport-security', HSTS);
    return payload;
  });
}
