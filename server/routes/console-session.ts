/**
 * The console session: login and logout, the signed-in helper (who am I, duty, photo, password), and
 * the association's helpers (who is on duty, who can take a request over).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PREFIX, DutyRequest, FirstNameChange, LoginRequest, PasswordChange, PhotoChange } from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import { limitRoute, loginFailures } from '../limits.ts';
import { sha256 } from '../store/crypto.ts';
import { authOf, meOf, SESSION_COOKIE } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

export const SESSION_TTL_MINUTES = 12 * 60;
/** Long enough to choose a password, short enough not to leave a half-open door. */
export const ONE_TIME_SESSION_MINUTES = 30;

function setSessionCookie(req: FastifyRequest, reply: FastifyReply, sessionId: string): void {
  reply.setCookie(SESSION_COOKIE, sessionId, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: req.protocol === 'https',
    maxAge: SESSION_TTL_MINUTES * 60,
  });
}

export function registerConsoleSessionRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus, guards, presence, limits } = deps;
  const accounts = store.accounts;
  const helper = guards.read('accompagnant');
  const helperWrite = guards.write('accompagnant');
  // Who am I, choose a password, sign out: also open right after a sign-in with a one-time password.
  const self = guards.read('accompagnant', { duringPasswordChange: true });
  const selfWrite = guards.write('accompagnant', { duringPasswordChange: true });

  const failures = loginFailures(app, limits.loginFailures, 'console-login');

  // Every attempt counts per address too, so one client cannot spray many emails.
  app.post(`${API_PREFIX}/console/login`, { config: limitRoute(limits.loginPerAddress) }, async (req, reply) => {
    const body = parseOr400(LoginRequest, req.body);
    const email = body.email.trim().toLowerCase();
    await failures.check(req, email, (minutes) => `Trop d'essais manqués pour ce compte depuis cet endroit : réessayez dans ${minutes} min.`);
    const signedIn = await accounts.signIn(email, body.password);
    if (!signedIn) {
      await failures.fail(req);
      throw new HttpError(401, 'invalid_credentials', 'Adresse e-mail ou mot de passe incorrect.');
    }
    // A one-time password is burnt now; its session can only choose the helper's own password.
    const { account, oneTime } = signedIn;
    const session = await accounts.createSession(account.id, oneTime ? ONE_TIME_SESSION_MINUTES : SESSION_TTL_MINUTES, { passwordChangeOnly: oneTime });
    setSessionCookie(req, reply, session.sessionId);
    return reply.code(200).send(meOf({ account, csrfToken: session.csrfToken, passwordChangeOnly: oneTime }, await accounts.getPhoto(account.id)));
  });

  app.post(`${API_PREFIX}/console/logout`, { onRequest: selfWrite }, async (req, reply) => {
    const { sessionId } = authOf(req);
    await accounts.deleteSession(sessionId);
    bus.publish('access.revoked', { kind: 'session', sessionHash: sha256(sessionId), reason: 'logged_out' });
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get(`${API_PREFIX}/console/me`, { onRequest: self }, async (req) => {
    const auth = authOf(req);
    return meOf(auth, await accounts.getPhoto(auth.account.id));
  });

  app.put(`${API_PREFIX}/console/me/duty`, { onRequest: helperWrite }, async (req) => {
    const auth = authOf(req);
    const { onDuty } = parseOr400(DutyRequest, req.body);
    await accounts.setOnDuty(auth.account.id, onDuty);
    const account = { ...auth.account, onDuty };
    presence.setDuty(account, onDuty);
    return meOf({ account, csrfToken: auth.csrfToken }, await accounts.getPhoto(account.id));
  });

  app.put(`${API_PREFIX}/console/me/photo`, { onRequest: helperWrite }, async (req, reply) => {
    const { photo } = parseOr400(PhotoChange, req.body);
    await accounts.setPhoto(authOf(req).account.id, photo);
    return reply.code(204).send();
  });

  // Every helper names themselves (the first-run admin starts as "Admin"): the shell says this name.
  app.put(`${API_PREFIX}/console/me/first-name`, { onRequest: helperWrite }, async (req) => {
    const auth = authOf(req);
    const { firstName } = parseOr400(FirstNameChange, req.body);
    const account = await accounts.updateAccount(auth.account.associationId, auth.account.id, { firstName });
    if (!account) throw new HttpError(404, 'not_found', "Ce compte n'existe pas.");
    presence.update(account);
    return meOf({ account, csrfToken: auth.csrfToken }, await accounts.getPhoto(account.id));
  });

  app.post(`${API_PREFIX}/console/me/password`, { onRequest: selfWrite }, async (req, reply) => {
    const auth = authOf(req);
    const body = parseOr400(PasswordChange, req.body);
    // Right after a one-time password the session is the proof (the password is burnt); otherwise the current one.
    if (!auth.passwordChangeOnly) {
      if (body.currentPassword === undefined) throw new HttpError(400, 'invalid_input', 'Invalid request body: currentPassword: required field is missing (expected string).');
      if (!(await accounts.verifyPassword(auth.account.email, body.currentPassword))) {
        throw new HttpError(400, 'wrong_password', 'Le mot de passe actuel est incorrect.');
      }
    }
    // Every session ends (a stolen session does not survive a password change), feeds included; this
    // browser gets a new session at once and its console reconnects.
    await accounts.setPassword(auth.account.id, body.newPassword, { endSessions: true, oneTime: false });
    bus.publish('access.revoked', { kind: 'account', accountId: auth.account.id, reason: 'password_changed' });
    const session = await accounts.createSession(auth.account.id, SESSION_TTL_MINUTES);
    setSessionCookie(req, reply, session.sessionId);
    return reply.code(200).send(meOf({ account: auth.account, csrfToken: session.csrfToken }, await accounts.getPhoto(auth.account.id)));
  });

  app.get(`${API_PREFIX}/console/presence`, { onRequest: helper }, async (req) => presence.onDuty(authOf(req).account.associationId));

  /** Active helpers, for handing a request over or assigning a beneficiary's helper. */
  app.get(`${API_PREFIX}/console/helpers`, { onRequest: helper }, async (req) => {
    const list = await accounts.listAccounts(authOf(req).account.associationId);
    return list.filter((a) => !a.disabled).map((a) => ({ id: a.id, firstName: a.firstName, role: a.role }));
  });
}
