/**
 * Routes the shell calls: enrolment, help requests with their voice message, and its live feed.
 * Authenticated by a bearer token.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { Uuid } from '../../app/protocol/common.ts';
import {
  API_PREFIX,
  EnrolRequest,
  HelpCancel,
  HelpRequestSubmit,
  VOICE_MAX_BYTES,
  VOICE_MAX_SECONDS,
  VoiceMimeType,
  type EnrolResponse,
  type HelpAvailability,
  type HelpStatus,
  type MachineEvent,
} from '../../app/protocol/hub.ts';
import type { Machine } from '../store/types.ts';
import { HttpError, parseOr400, TokenBuckets } from '../http.ts';
import type { HubDeps } from './deps.ts';
import { keepAlive, sendWhenReady } from './ws.ts';

const machines = new WeakMap<FastifyRequest, Machine>();

/** The machine authenticated by the request's bearer token (set by the auth hook). */
function machineOf(req: FastifyRequest): Machine {
  const m = machines.get(req);
  if (!m) throw new HttpError(401, 'unauthorized', 'This route needs the machine token: Authorization: Bearer <token>.');
  return m;
}

export function registerMachineRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus, presence } = deps;

  async function serviceFor(associationId: string): Promise<HelpAvailability> {
    const settings = await store.getSettings(associationId);
    return { helpPhone: settings?.helpPhone ?? null, helpersOnDuty: presence.count(associationId) };
  }
  // 10 attempts at once, then one every 6 s, per client address (memory only).
  const enrolBuckets = new TokenBuckets(10, 1 / 6);

  app.post(`${API_PREFIX}/enrol`, async (req, reply) => {
    const wait = enrolBuckets.take(req.ip);
    if (wait > 0) {
      throw new HttpError(429, 'rate_limited', `Too many enrolment attempts; retry in ${wait} s.`, { 'retry-after': String(wait) });
    }
    const body = parseOr400(EnrolRequest, req.body);
    const result = await store.enrol(body.code);
    if (!result.ok) {
      switch (result.reason) {
        case 'used':
          throw new HttpError(410, 'enrolment_code_used', 'This enrolment code has already been used; ask the association for a new one.');
        case 'expired':
          throw new HttpError(410, 'enrolment_code_expired', 'This enrolment code has expired; ask the association for a new one.');
        default:
          throw new HttpError(403, 'enrolment_code_unknown', 'This enrolment code is not known; check the 8 characters or ask for a new code.');
      }
    }
    const response: EnrolResponse = {
      machineId: result.machine.id,
      assetTag: result.machine.assetTag,
      token: result.token,
      mode: result.machine.mode,
      cohort: result.machine.cohort,
      helpPhone: (await store.getSettings(result.machine.associationId))?.helpPhone ?? null,
    };
    return reply.code(200).send(response);
  });

  async function authenticate(req: FastifyRequest, _reply: FastifyReply): Promise<void> {
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+([A-Za-z0-9_-]{20,200})\s*$/.exec(header) : null;
    if (!match) throw new HttpError(401, 'unauthorized', 'Missing or malformed machine token: send Authorization: Bearer <token>.');
    const machine = await store.authenticateMachine(match[1] as string);
    if (!machine) throw new HttpError(401, 'unauthorized', 'This machine token is not known (revoked or never issued); enrol the machine again.');
    machines.set(req, machine);
  }

  const authed = { preValidation: authenticate };

  app.post(`${API_PREFIX}/help-requests`, authed, async (req, reply) => {
    const machine = machineOf(req);
    const body = parseOr400(HelpRequestSubmit, req.body);
    const result = await store.submitHelpRequest(machine.id, body);
    if (!result.ok) {
      throw new HttpError(409, 'id_conflict', 'This help request id is already used by another machine; mint a new UUID.');
    }
    if (result.created) bus.publish('help.changed', { view: result.view, status: result.status });
    const status: HelpStatus = result.status;
    return reply.code(result.created ? 201 : 200).send(status);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/help-requests/:id/cancel`, authed, async (req, reply) => {
    const machine = machineOf(req);
    const id = parseOr400(Uuid, req.params.id, 'help request id in the path');
    if (req.body !== undefined && req.body !== null) {
      const body = parseOr400(HelpCancel, req.body);
      if (body.id !== id) throw new HttpError(400, 'invalid_input', 'The id in the body differs from the id in the path.');
    }
    const result = await store.cancelHelpRequestByMachine(machine.id, id);
    if (!result.ok) {
      if (result.reason === 'not_allowed') {
        throw new HttpError(409, 'not_allowed', `This help request can no longer be cancelled (it is ${result.state}).`);
      }
      throw new HttpError(404, 'not_found', 'No help request with this id from this machine.');
    }
    if (result.changed) bus.publish('help.changed', { view: result.view, status: result.status });
    return reply.code(200).send(result.status);
  });

  // The voice message: raw audio bytes, in a scope of its own so only this route parses audio bodies.
  void app.register(async (scope) => {
    scope.addContentTypeParser(['audio/webm', 'audio/ogg'], { parseAs: 'buffer', bodyLimit: VOICE_MAX_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    scope.put<{ Params: { id: string } }>(
      `${API_PREFIX}/help-requests/:id/voice`,
      { ...authed, bodyLimit: VOICE_MAX_BYTES },
      async (req, reply) => {
        const machine = machineOf(req);
        const id = parseOr400(Uuid, req.params.id, 'help request id in the path');
        const mime = VoiceMimeType.safeParse(String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase());
        if (!mime.success || !Buffer.isBuffer(req.body)) {
          throw new HttpError(415, 'unsupported_media_type', 'Send the voice message as the raw bytes with Content-Type audio/webm or audio/ogg.');
        }
        if (req.body.length === 0) throw new HttpError(400, 'invalid_input', 'The voice message is empty.');
        const durationHeader = req.headers['x-voice-duration-ms'];
        const durationMs = typeof durationHeader === 'string' && /^\d{1,6}$/.test(durationHeader) ? Number(durationHeader) : NaN;
        if (!Number.isInteger(durationMs) || durationMs > (VOICE_MAX_SECONDS + 2) * 1000) {
          throw new HttpError(400, 'invalid_input', `x-voice-duration-ms: expected the duration in milliseconds, at most ${VOICE_MAX_SECONDS} s.`);
        }
        const result = await store.attachVoice(machine.id, id, { mimeType: mime.data, durationMs, bytes: req.body });
        if (!result.ok) {
          switch (result.reason) {
            case 'not_found':
              throw new HttpError(404, 'not_found', 'No help request with this id from this machine.');
            case 'closed':
              throw new HttpError(409, 'closed', 'This help request is already closed; the voice message is not needed any more.');
            case 'already_attached':
              throw new HttpError(409, 'already_attached', 'This help request already has another voice message.');
          }
        }
        if (result.created) bus.publish('help.changed', { view: result.view, status: result.status });
        return reply.code(result.created ? 201 : 200).send(result.status);
      },
    );
  });

  app.get(`${API_PREFIX}/machine/help-requests`, authed, async (req) => {
    return store.listOpenHelpStatuses(machineOf(req).id);
  });

  app.get(`${API_PREFIX}/machine/feed`, { websocket: true, ...authed }, (socket: WebSocket, req) => {
    const machine = machineOf(req);
    const send = sendWhenReady<MachineEvent>(socket);
    const offHelp = bus.subscribe('help.changed', ({ view, status }) => {
      if (view.machineId === machine.id) send.event({ type: 'help.status', status });
    });
    let lastService = '';
    const pushService = (service: HelpAvailability) => {
      const key = JSON.stringify(service);
      if (key === lastService) return;
      lastService = key;
      send.event({ type: 'service', service });
    };
    const offPresence = bus.subscribe('presence.changed', ({ associationId, onDuty }) => {
      if (associationId !== machine.associationId) return;
      void serviceFor(associationId).then((s) => pushService({ ...s, helpersOnDuty: onDuty.length }));
    });
    const offSettings = bus.subscribe('settings.changed', ({ associationId, settings }) => {
      if (associationId === machine.associationId) pushService({ helpPhone: settings.helpPhone, helpersOnDuty: presence.count(associationId) });
    });
    // Kiosk mode and the animateur PIN hash (issue 6), from the loan register.
    const offKiosk = bus.subscribe('machine.kiosk.changed', ({ machineId }) => {
      if (machineId !== machine.id) return;
      void store.getMachineKiosk(machine.id).then((kiosk) => kiosk && send.event({ type: 'kiosk', kiosk }));
    });
    const stop = keepAlive(socket);
    socket.on('close', () => {
      offHelp();
      offPresence();
      offSettings();
      offKiosk();
      stop();
    });
    void Promise.all([store.listOpenHelpStatuses(machine.id), serviceFor(machine.associationId), store.getMachineKiosk(machine.id)]).then(
      ([open, service, kiosk]) => {
        lastService = JSON.stringify(service);
        send.hello({ type: 'hello', open, service, ...(kiosk ? { kiosk } : {}) });
      },
      () => socket.close(1011, 'internal error'),
    );
  });
}
