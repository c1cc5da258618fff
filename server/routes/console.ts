/**
 * Routes the console calls for the help queue: login, the signed-in helper (duty, photo, password),
 * presence, the queue with its actions, notes, journal and voice messages, and the live feed.
 * Accounts, settings and the loan register are in their own files; every route goes through a guard.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { Uuid } from '../../app/protocol/common.ts';
import {
  API_PREFIX,
  DutyRequest,
  HelpActionRequest,
  HelpNoteRequest,
  LoginRequest,
  PasswordChange,
  PhotoChange,
  type ConsoleEvent,
  type HelpRequestDetail,
} from '../../app/protocol/hub.ts';
import type { HelpState } from '../../app/help/states.ts';
import { HttpError, LoginThrottle, parseOr400, TokenBuckets } from '../http.ts';
import type { ActionResult } from '../store/types.ts';
import { authOf, meOf, SESSION_COOKIE } from './console-auth.ts';
import type { HubDeps } from './deps.ts';
import { keepAlive, sendWhenReady } from './ws.ts';

export { SESSION_COOKIE } from './console-auth.ts';
const SESSION_TTL_MINUTES = 12 * 60;

const STATE_FR: Record<HelpState, string> = {
  new: 'nouvelle',
  seen: 'vue',
  claimed: 'prise en charge',
  calling_back: 'rappel en cours',
  resolved: 'résolue',
  cancelled: 'annulée',
};

/** Turns a refused action into the HTTP answer the console shows as is. */
export function throwActionFailure(result: Exclude<ActionResult, { ok: true }>): never {
  switch (result.reason) {
    case 'not_found':
      throw new HttpError(404, 'not_found', "Cette demande d'aide n'existe pas (ou plus).");
    case 'already_claimed':
      throw new HttpError(409, 'already_claimed', `Déjà pris par ${result.claimedBy}`);
    case 'not_holder':
      throw new HttpError(403, 'not_holder', `Cette demande est suivie par ${result.claimedBy} : seul·e ${result.claimedBy} (ou l'équipe) peut agir.`);
    case 'bad_target':
      throw new HttpError(400, 'bad_target', 'Choisissez un·e autre accompagnant·e actif·ve pour lui confier la demande.');
    case 'not_allowed':
      throw new HttpError(409, 'not_allowed', `Action impossible : la demande est « ${STATE_FR[result.state]} ».`);
  }
}

export function registerConsoleRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus, guards, presence } = deps;
  const throttle = new LoginThrottle(5, 15 * 60_000);
  // Per client address as well, so one client cannot spray many emails (memory only).
  const loginBuckets = new TokenBuckets(20, 1 / 3);
  const helper = guards.read('accompagnant');
  const helperWrite = guards.write('accompagnant');

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
    return reply.code(200).send(meOf({ account, csrfToken: session.csrfToken }, await store.getPhoto(account.id)));
  });

  app.post(`${API_PREFIX}/console/logout`, { preValidation: helperWrite }, async (req, reply) => {
    await store.deleteSession(authOf(req).sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get(`${API_PREFIX}/console/me`, { preValidation: helper }, async (req) => {
    const auth = authOf(req);
    return meOf(auth, await store.getPhoto(auth.account.id));
  });

  // ---- the signed-in helper ------------------------------------------------------------------
  app.put(`${API_PREFIX}/console/me/duty`, { preValidation: helperWrite }, async (req) => {
    const auth = authOf(req);
    const { onDuty } = parseOr400(DutyRequest, req.body);
    await store.setOnDuty(auth.account.id, onDuty);
    const account = { ...auth.account, onDuty };
    presence.setDuty(account, onDuty);
    return meOf({ account, csrfToken: auth.csrfToken }, await store.getPhoto(account.id));
  });

  app.put(`${API_PREFIX}/console/me/photo`, { preValidation: helperWrite }, async (req, reply) => {
    const { photo } = parseOr400(PhotoChange, req.body);
    await store.setPhoto(authOf(req).account.id, photo);
    return reply.code(204).send();
  });

  app.post(`${API_PREFIX}/console/me/password`, { preValidation: helperWrite }, async (req, reply) => {
    const auth = authOf(req);
    const body = parseOr400(PasswordChange, req.body);
    if (!(await store.verifyPassword(auth.account.email, body.currentPassword))) {
      throw new HttpError(400, 'wrong_password', 'Le mot de passe actuel est incorrect.');
    }
    // Other sessions end (a stolen session does not survive a password change); this one stays.
    await store.setPassword(auth.account.id, body.newPassword, true);
    const session = await store.createSession(auth.account.id, SESSION_TTL_MINUTES);
    reply.setCookie(SESSION_COOKIE, session.sessionId, {
      httpOnly: true,
      sameSite: 'strict',
      path: '/',
      secure: req.protocol === 'https',
      maxAge: SESSION_TTL_MINUTES * 60,
    });
    return reply.code(200).send(meOf({ account: auth.account, csrfToken: session.csrfToken }, await store.getPhoto(auth.account.id)));
  });

  app.get(`${API_PREFIX}/console/presence`, { preValidation: helper }, async (req) => presence.onDuty(authOf(req).account.associationId));

  /** Active helpers, for handing a request over or assigning a beneficiary's helper. */
  app.get(`${API_PREFIX}/console/helpers`, { preValidation: helper }, async (req) => {
    const accounts = await store.listAccounts(authOf(req).account.associationId);
    return accounts.filter((a) => !a.disabled).map((a) => ({ id: a.id, firstName: a.firstName, role: a.role }));
  });

  // ---- the help queue ----------------------------------------------------------------------
  app.get(`${API_PREFIX}/console/help-requests`, { preValidation: helper }, async () => store.listOpenHelpRequests());

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/help-requests/:id`, { preValidation: helper }, async (req) => {
    const id = parseOr400(Uuid, req.params.id, 'help request id in the path');
    const request = await store.getHelpRequest(id);
    if (!request) throw new HttpError(404, 'not_found', "Cette demande d'aide n'existe pas (ou plus).");
    const detail: HelpRequestDetail = { request, journal: await store.helpJournal(id) };
    return detail;
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/help-requests/:id/actions`, { preValidation: helperWrite }, async (req, reply) => {
    const { account } = authOf(req);
    const id = parseOr400(Uuid, req.params.id, 'help request id in the path');
    const { action, toAccountId } = parseOr400(HelpActionRequest, req.body);
    const result = await store.applyHelpAction(id, { accountId: account.id, role: account.role }, action, { toAccountId });
    if (!result.ok) throwActionFailure(result);
    if (result.changed) bus.publish('help.changed', { view: result.view, status: result.status });
    return reply.code(200).send(result.view);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/help-requests/:id/notes`, { preValidation: helperWrite }, async (req, reply) => {
    const { account } = authOf(req);
    const id = parseOr400(Uuid, req.params.id, 'help request id in the path');
    const { text } = parseOr400(HelpNoteRequest, req.body);
    const result = await store.addHelpNote(id, account.id, text);
    if (!result.ok) throwActionFailure(result);
    bus.publish('help.changed', { view: result.view, status: result.status });
    return reply.code(201).send(result.view);
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/help-requests/:id/voice`, { preValidation: helper }, async (req, reply) => {
    const id = parseOr400(Uuid, req.params.id, 'help request id in the path');
    const voice = await store.getVoice(id);
    if (!voice) throw new HttpError(404, 'not_found', "Cette demande n'a pas (ou plus) de message vocal.");
    return reply.code(200).type(voice.mimeType).header('content-disposition', 'inline').send(voice.bytes);
  });

  // ---- live feed -----------------------------------------------------------------------------
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
        await helper.call(app, req, reply);
      },
    },
    (socket: WebSocket, req) => {
      const { account } = authOf(req);
      const send = sendWhenReady<ConsoleEvent>(socket);
      const offHelp = bus.subscribe('help.changed', ({ view }) => send.event({ type: 'help.upsert', request: view }));
      const offPresence = bus.subscribe('presence.changed', ({ associationId, onDuty }) => {
        if (associationId === account.associationId) send.event({ type: 'presence', onDuty });
      });
      const leave = presence.connect(account);
      const stop = keepAlive(socket);
      socket.on('close', () => {
        offHelp();
        offPresence();
        leave();
        stop();
      });
      void store.listOpenHelpRequests().then(
        (queue) => send.hello({ type: 'hello', queue, onDuty: presence.onDuty(account.associationId) }),
        () => socket.close(1011, 'internal error'),
      );
    },
  );
}
