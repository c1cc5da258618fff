/**
 * The console's live feed: a WebSocket that says hello with the association's open requests and who is
 * on duty, then pushes every change to a request of that association and every change of presence.
 */
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { API_PREFIX, type ConsoleEvent } from '../../app/protocol/hub.ts';
import { HttpError } from '../http.ts';
import { sha256 } from '../store/crypto.ts';
import { authOf } from './console-guards.ts';
import type { ConsoleCallEvent } from '../../app/protocol/call.ts';
import { ConsoleCalls } from '../live/console-calls.ts';
import { onFeedMessage } from '../live/feed-messages.ts';
import type { HubDeps } from './deps.ts';
import { closeWhenRevoked } from './feed-access.ts';
import { keepAlive, sendWhenReady } from './ws.ts';

export function registerHelpFeedRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus, guards, presence, now, feedRecheckMs } = deps;
  const helper = guards.read('accompagnant');

  app.get(
    `${API_PREFIX}/console/feed`,
    {
      websocket: true,
      onRequest: async (req, reply) => {
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
      const { account, sessionId, expiresAt } = authOf(req);
      const { associationId } = account;
      const sessionHash = sha256(sessionId);
      const unwatch = closeWhenRevoked(
        socket,
        {
          matches: (r) => (r.kind === 'session' && r.sessionHash === sessionHash) || (r.kind === 'account' && r.accountId === account.id),
          recheck: async () => {
            if (!(await store.accounts.getSession(sessionId))) return Date.parse(expiresAt) <= now().getTime() ? 'session_expired' : 'logged_out';
            return (await store.accounts.getAccount(account.id))?.disabled === false ? null : 'account_disabled';
          },
          expiresAt,
        },
        { bus, now, recheckMs: feedRecheckMs },
      );
      const send = sendWhenReady<ConsoleEvent | ConsoleCallEvent>(socket);
      // Live calls (issue 11): signalling rides on this feed, both ways.
      const calls = new ConsoleCalls({ account, deps, send: (event) => send.event(event) });
      onFeedMessage(socket, (raw) => calls.handle(raw));
      const offHelp = bus.subscribe('help.changed', (change) => {
        if (change.associationId === associationId) send.event({ type: 'help.upsert', request: change.view });
      });
      const offPresence = bus.subscribe('presence.changed', (change) => {
        if (change.associationId === associationId) send.event({ type: 'presence', onDuty: change.onDuty });
      });
      // A person's page open in this console reloads when their path or progress changes (issue 12).
      const offPerson = bus.subscribe('person.changed', (change) => {
        if (change.associationId === associationId) send.event({ type: 'person.changed', personId: change.personId });
      });
      const leave = presence.connect(account);
      const stop = keepAlive(socket);
      socket.on('close', () => {
        offHelp();
        offPresence();
        offPerson();
        leave();
        calls.close();
        stop();
        unwatch();
      });
      void store.help.listOpen(associationId).then(
        (queue) => send.hello({ type: 'hello', queue, onDuty: presence.onDuty(associationId) }),
        () => socket.close(1011, 'internal error'),
      );
    },
  );
}
