/** Routes the web console calls: login, the help queue and its live feed. Authenticated by a session cookie. */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX, HelpActionRequest, LoginRequest, type ConsoleEvent, type Me } from '../../app/protocol/hub.ts';
import type { HelpState } from '../../app/help/states.ts';
import type { Account } from '../store/types.ts';
import { HttpError, LoginThrottle, parseOr400, TokenBuckets } from '../http.ts';
import type { HubDeps } from './deps.ts';
import { keepAlive, sendWhenReady } from './ws.ts';

export const SESSION_COOKIE = 'passerelle_session';
const SESSION_TTL_MINUTES = 12 * 60;

const STATE_FR: Record<HelpState, string> = {
  new: 'nouvelle',
  seen: 'vue',
  claimed: 'prise en charge',
  calling_back: 'rappel en cours',
  resolved: 'résolue',
  cancelled: 'annulée',
};

interface ConsoleAuth {
  account: Account;
  sessionId: string;
  csrfToken: string;
}
const auths = new WeakMap<FastifyRequest, ConsoleAuth>();

function authOf(req: FastifyRequest): ConsoleAuth {
  const a = auths.get(req);
  if (!a) throw new HttpError(401, 'unauthenticated', 'Session absente ou expirée : reconnectez-vous.');
  return a;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function meOf(auth: { account: Account; csrfToken: string }): Me {
  const { account } = auth;
  return { id: account.id, email: account.email, firstName: account.firstName, role: account.role, csrfToken: auth.csrfToken };
}

export function registerConsoleRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus } = deps;
  const throttle = new LoginThrottle(5, 15 * 60_000);
  // Per client address as well, so one client cannot spray many emails (memory only).
  const loginBuckets = new TokenBuckets(20, 1 / 3);

  async function loadSession(req: FastifyRequest): Promise<ConsoleAuth | null> {
    const sessionId = req.cookies[SESSION_COOKIE];
    if (!sessionId) return null;
    const session = await store.getSession(sessionId);
    if (!session) return null;
    const account = await store.getAccount(session.accountId);
    return account ? { account, sessionId, csrfToken: session.csrfToken } : null;
  }

  async function requireSession(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const auth = await loadSession(req);
    if (!auth) throw new HttpError(401, 'unauthenticated', 'Session absente ou expirée : reconnectez-vous.');
    auths.set(req, auth);
  }

  async function requireSessionAndCsrf(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    await requireSession(req, reply);
    const header = req.headers['x-csrf-token'];
    if (typeof header !== 'string' || !sameSecret(header, authOf(req).csrfToken)) {
      throw new HttpError(403, 'csrf', 'Jeton anti-falsification (x-csrf-token) absent ou incorrect : rechargez la page.');
    }
  }

  app.post(`${API_PREFIX}/console/login`, async (req, reply) => {
    const wait = loginBuckets.take(req.ip);
    if (wait > 0) {
      throw new HttpError(429, 'rate_limited', `Trop de tentatives de connexion : réessayez dans ${wait} s.`, { 'retry-after': String(wait) });
    }
    const body = parseOr400(LoginRequest, req.body);
    const email = body.email.trim().toLowerCase();
    const locked = throttle.lockedFor(email);
    if (locked > 0) {
      const minutes = Math.ceil(locked / 60_000);
      throw new HttpError(
        429,
        'locked',
        `Trop d'essais manqués pour ce compte : réessayez dans ${minutes} min.`,
        { 'retry-after': String(Math.ceil(locked / 1000)) },
      );
    }
    const account = await store.verifyPassword(email, body.password);
    if (!account) {
      throttle.fail(email);
      throw new HttpError(401, 'invalid_credentials', 'Adresse e-mail ou mot de passe incorrect.');
    }
    throttle.succeed(email);
    const session = await store.createSession(account.id, SESSION_TTL_MINUTES);
    reply.setCookie(SESSION_COOKIE, session.sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: req.protocol === 'https',
      maxAge: SESSION_TTL_MINUTES * 60,
    });
    return reply.code(200).send(meOf({ account, csrfToken: session.csrfToken }));
  });

  app.post(`${API_PREFIX}/console/logout`, { preValidation: requireSessionAndCsrf }, async (req, reply) => {
    await store.deleteSession(authOf(req).sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get(`${API_PREFIX}/console/me`, { preValidation: requireSession }, async (req) => meOf(authOf(req)));

  app.get(`${API_PREFIX}/console/help-requests`, { preValidation: requireSession }, async () => store.listOpenHelpRequests());

  app.post<{ Params: { id: string } }>(
    `${API_PREFIX}/console/help-requests/:id/actions`,
    { preValidation: requireSessionAndCsrf },
    async (req, reply) => {
      const { account } = authOf(req);
      const id = parseOr400(Uuid, req.params.id, 'help request id in the path');
      const { action } = parseOr400(HelpActionRequest, req.body);
      const result = await store.applyHelpAction(id, account.id, action);
      if (!result.ok) {
        switch (result.reason) {
          case 'not_found':
            throw new HttpError(404, 'not_found', "Cette demande d'aide n'existe pas (ou plus).");
          case 'already_claimed':
            throw new HttpError(409, 'already_claimed', `Déjà pris par ${result.claimedBy}`);
          case 'not_allowed':
            throw new HttpError(409, 'not_allowed', `Action impossible : la demande est « ${STATE_FR[result.state]} ».`);
        }
      }
      if (result.changed) bus.publish('help.changed', result.view);
      return reply.code(200).send(result.view);
    },
  );

  app.get(
    `${API_PREFIX}/console/feed`,
    {
      websocket: true,
      preValidation: async (req, reply) => {
        // Cross-site WebSocket hijacking: a browser always sends Origin; it must be this hub.
        const origin = req.headers.origin;
        if (origin !== undefined) {
          let host: string | null = null;
          try {
            host = new URL(origin).host;
          } catch {
            host = null;
          }
          if (host !== req.headers.host) throw new HttpError(403, 'bad_origin', 'Origine refusée.');
        }
        await requireSession(req, reply);
      },
    },
    (socket: WebSocket, req) => {
      authOf(req);
      const send = sendWhenReady<ConsoleEvent>(socket);
      const unsubscribe = bus.subscribe('help.changed', (request) => send.event({ type: 'help.upsert', request }));
      const stop = keepAlive(socket);
      socket.on('close', () => {
        unsubscribe();
        stop();
      });
      void store.listOpenHelpRequests().then(
        (queue) => send.hello({ type: 'hello', queue }),
        () => socket.close(1011, 'internal error'),
      );
    },
  );
}
