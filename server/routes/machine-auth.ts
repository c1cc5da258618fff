/**
 * The machine's bearer token, one check for every route a shell calls after enrolment (help, its feed,
 * reports): `Authorization: Bearer <token>`, looked up by hash in the register.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpError } from '../http.ts';
import type { HubStore, Machine } from '../store/index.ts';

const machines = new WeakMap<FastifyRequest, Machine>();

const BEARER = /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/;

/** The machine authenticated by the request's bearer token (set by the hook of `machineAuth`). */
export function machineOf(req: FastifyRequest): Machine {
  const m = machines.get(req);
  if (!m) throw new HttpError(401, 'unauthorized', 'This route needs the machine token: Authorization: Bearer <token>.');
  return m;
}

/** The bearer token of a request, when well formed. */
export function bearerToken(req: FastifyRequest): string | null {
  const header = req.headers.authorization;
  return (typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined) ?? null;
}

/** A hook that refuses a missing, malformed or unknown token with 401 and remembers the machine. */
export function machineAuth(store: HubStore) {
  return async function authenticateMachine(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const token = bearerToken(req);
    if (!token) throw new HttpError(401, 'unauthorized', 'Missing or malformed machine token: send Authorization: Bearer <token>.');
    const machine = await store.register.authenticateMachine(token);
    if (!machine) throw new HttpError(401, 'unauthorized', 'This machine token is not known (revoked or never issued); enrol the machine again.');
    machines.set(req, machine);
  };
}
