/**
 * Console authentication and role checks, one place for every console route (the reports routes
 * use the same guards): a session cookie, the CSRF header on every write, and a minimum role.
 *
 *   app.get(url, { onRequest: guards.read('staff') }, handler)
 *   app.post(url, { onRequest: guards.write('staff') }, handler)   // also checks x-csrf-token
 *
 * They run on request, before the body is read: a stranger gets 401 whatever they send.
 *
 * Roles nest: admin ⊇ staff ⊇ accompagnant. A missing session is 401, a missing or wrong CSRF token
 * 403 `csrf`, a role too low 403 `forbidden`.
 */
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { hasRole, type Me, type Role } from '../../app/protocol/hub.ts';
import { HttpError } from '../http.ts';
import { sameSecret } from '../store/crypto.ts';
import type { Account, HubStore } from '../store/index.ts';

export const SESSION_COOKIE = 'passerelle_session';

export interface ConsoleAuth {
  account: Account;
  sessionId: string;
  csrfToken: string;
  expiresAt: string;
  /** Opened with a one-time password: only choosing a new password is allowed. */
  passwordChangeOnly: boolean;
}

const auths = new WeakMap<FastifyRequest, ConsoleAuth>();

/** The signed-in account of a request that passed a guard. */
export function authOf(req: FastifyRequest): ConsoleAuth {
  const a = auths.get(req);
  if (!a) throw new HttpError(401, 'unauthenticated', 'Session absente ou expirée : reconnectez-vous.');
  return a;
}

const ROLE_FR: Record<Role, string> = { accompagnant: 'accompagnant·e', staff: 'équipe salariée', admin: 'administrateur·rice' };

export function meOf(auth: { account: Account; csrfToken: string; passwordChangeOnly?: boolean }, photo?: string | null): Me {
  const { account } = auth;
  return {
    id: account.id,
    email: account.email,
    firstName: account.firstName,
    role: account.role,
    csrfToken: auth.csrfToken,
    onDuty: account.onDuty,
    ...(photo !== undefined ? { photo } : {}),
    ...(auth.passwordChangeOnly ? { mustChangePassword: true } : {}),
  };
}

export interface GuardOptions {
  /** Also open to a session that may only choose a new password (me, the password change, logout). */
  duringPasswordChange?: boolean;
}

export interface ConsoleGuards {
  /** Session and at least `role`. */
  read(role: Role, opts?: GuardOptions): onRequestAsyncHookHandler;
  /** Session, CSRF header, and at least `role`. */
  write(role: Role, opts?: GuardOptions): onRequestAsyncHookHandler;
  /** The session behind a request, or null (no error): for the feed and `me`. */
  load(req: FastifyRequest): Promise<ConsoleAuth | null>;
}

export function createConsoleGuards(store: HubStore): ConsoleGuards {
  async function load(req: FastifyRequest): Promise<ConsoleAuth | null> {
    const sessionId = req.cookies[SESSION_COOKIE];
    if (!sessionId) return null;
    const session = await store.accounts.getSession(sessionId);
    if (!session) return null;
    const account = await store.accounts.getAccount(session.accountId);
    return account && !account.disabled
      ? { account, sessionId, csrfToken: session.csrfToken, expiresAt: session.expiresAt, passwordChangeOnly: session.passwordChangeOnly }
      : null;
  }

  function guard(role: Role, csrf: boolean, opts: GuardOptions = {}): onRequestAsyncHookHandler {
    return async function (req: FastifyRequest, _reply: FastifyReply): Promise<void> {
      const auth = await load(req);
      if (!auth) throw new HttpError(401, 'unauthenticated', 'Session absente ou expirée : reconnectez-vous.');
      auths.set(req, auth);
      if (csrf) {
        const header = req.headers['x-csrf-token'];
        if (typeof header !== 'string' || !sameSecret(header, auth.csrfToken)) {
          throw new HttpError(403, 'csrf', 'Jeton anti-falsification (x-csrf-token) absent ou incorrect : rechargez la page.');
        }
      }
      if (auth.passwordChangeOnly && !opts.duringPasswordChange) {
        throw new HttpError(403, 'password_change_required', 'Choisissez d’abord votre mot de passe : le mot de passe provisoire ne sert qu’une fois.');
      }
      if (!hasRole(auth.account.role, role)) {
        throw new HttpError(403, 'forbidden', `Cette page est réservée au rôle « ${ROLE_FR[role]} » ou au-dessus.`);
      }
    };
  }

  return { read: (role, opts) => guard(role, false, opts), write: (role, opts) => guard(role, true, opts), load };
}
