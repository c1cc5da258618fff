/**
 * The operator's routes (a hub serving several associations): sign in, see the associations' names
 * and sizes, create an association with its first admin (a one-time password, shown once, that the
 * operator passes on). The operator's own session cookie, scoped to these routes, with a CSRF header
 * on every write; a console session opens none of them, and an operator session opens no console
 * route: an operator sees no association's people, machines, requests or reports.
 * Operators are made on the hub's machine: `npm run hub -- operator EMAIL`.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AssociationCreate, OPERATOR_PREFIX, OperatorLogin, type AssociationCreated, type OperatorMe } from '../../app/protocol/operator.ts';
import { HttpError, parseOr400 } from '../http.ts';
import { limitRoute, loginFailures } from '../limits.ts';
import { sameSecret } from '../store/crypto.ts';
import type { Operator } from '../store/operators.ts';
import type { HubDeps } from './deps.ts';

export const OPERATOR_COOKIE = 'passerelle_operator';
const SESSION_TTL_MINUTES = 8 * 60;

interface OperatorAuth {
  operator: Operator;
  sessionId: string;
  csrfToken: string;
}
const auths = new WeakMap<FastifyRequest, OperatorAuth>();

function authOf(req: FastifyRequest): OperatorAuth {
  const a = auths.get(req);
  if (!a) throw new HttpError(401, 'unauthenticated', 'Operator session missing or expired: sign in again.');
  return a;
}

/** 12 characters of base64url (72 bits), typed once by the new admin. */
function temporaryPassword(): string {
  return randomBytes(9).toString('base64url');
}

export function registerOperatorRoutes(app: FastifyInstance, deps: HubDeps): void {
  const operators = deps.store.operators;
  const failures = loginFailures(app, deps.limits.loginFailures, 'operator-login');

  function guard(csrf: boolean) {
    return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
      const sessionId = req.cookies[OPERATOR_COOKIE];
      const session = sessionId ? await operators.getOperatorSession(sessionId) : null;
      const operator = session ? await operators.getOperator(session.operatorId) : null;
      if (!sessionId || !session || !operator) throw new HttpError(401, 'unauthenticated', 'Operator session missing or expired: sign in again.');
      if (csrf) {
        const header = req.headers['x-csrf-token'];
        if (typeof header !== 'string' || !sameSecret(header, session.csrfToken)) {
          throw new HttpError(403, 'csrf', 'Anti-forgery token (x-csrf-token) missing or wrong: reload the page.');
        }
      }
      auths.set(req, { operator, sessionId, csrfToken: session.csrfToken });
    };
  }
  const read = { onRequest: guard(false) };
  const write = { onRequest: guard(true) };
  const me = (a: OperatorAuth): OperatorMe => ({ id: a.operator.id, email: a.operator.email, firstName: a.operator.firstName, csrfToken: a.csrfToken });

  // Every attempt counts per address, failures per (email, address): limits.ts, as the console's login.
  app.post(`${OPERATOR_PREFIX}/login`, { config: limitRoute(deps.limits.loginPerAddress) }, async (req, reply) => {
    const body = parseOr400(OperatorLogin, req.body);
    await failures.check(req, body.email, (minutes) => `Too many failed attempts: retry in ${minutes} min.`);
    const operator = await operators.verifyOperatorPassword(body.email, body.password);
    if (!operator) {
      await failures.fail(req);
      throw new HttpError(401, 'invalid_credentials', 'Wrong email or password.');
    }
    const session = await operators.createOperatorSession(operator.id, SESSION_TTL_MINUTES);
    reply.setCookie(OPERATOR_COOKIE, session.sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      path: OPERATOR_PREFIX,
      secure: req.protocol === 'https',
      maxAge: SESSION_TTL_MINUTES * 60,
    });
    return me({ operator, sessionId: session.sessionId, csrfToken: session.csrfToken });
  });

  app.post(`${OPERATOR_PREFIX}/logout`, write, async (req, reply) => {
    await operators.deleteOperatorSession(authOf(req).sessionId);
    reply.clearCookie(OPERATOR_COOKIE, { path: OPERATOR_PREFIX });
    return reply.code(204).send();
  });

  app.get(`${OPERATOR_PREFIX}/me`, read, async (req) => me(authOf(req)));

  app.get(`${OPERATOR_PREFIX}/associations`, read, async () => operators.listAssociations());

  app.post(`${OPERATOR_PREFIX}/associations`, write, async (req, reply) => {
    const body = parseOr400(AssociationCreate, req.body);
    const password = temporaryPassword();
    const result = await operators.createAssociationWithAdmin({ name: body.name, adminEmail: body.adminEmail, adminFirstName: body.adminFirstName, password });
    if (!result.ok) throw new HttpError(409, 'email_taken', `An account already exists for ${body.adminEmail.trim().toLowerCase()}: choose another email for the first admin.`);
    const created: AssociationCreated = {
      association: { id: result.association.id, name: result.association.name, createdAt: result.association.createdAt, machines: 0, accounts: 1 },
      admin: { email: result.admin.email, firstName: result.admin.firstName },
      temporaryPassword: password,
    };
    return reply.code(201).send(created);
  });
}
