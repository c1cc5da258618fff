/**
 * Help, the machine's side: a shell sends a help request, cancels it, attaches a voice message (one per
 * request) or photos and documents (up to HELP_FILES_PER_REQUEST), each within a daily byte quota, and
 * asks how its open requests stand. Authenticated by the machine's bearer token.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX, HELP_FILE_MAX_BYTES, HELP_FILES_PER_REQUEST, HelpCancel, HelpFileMimeType, HelpFileName, HelpRequestSubmit, VOICE_MAX_BYTES, VOICE_MAX_SECONDS, VoiceMimeType } from '../../app/protocol/hub.ts';
import { sniffFileType } from '../../app/help/file-kinds.ts';
import { HttpError, dailyQuotaError, parseOr400 } from '../http.ts';
import { limitRoute } from '../limits.ts';
import { helpChange } from '../store/index.ts';
import type { HubDeps } from './deps.ts';
import { machineAuth, machineOf } from './machine-auth.ts';

const NOT_FOUND = 'No help request with this id from this machine.';
const requestId = (req: FastifyRequest<{ Params: { id: string } }>) => parseOr400(Uuid, req.params.id, 'help request id in the path');

export function registerHelpMachineRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus, limits } = deps;
  const help = store.help;
  // onRequest: a stranger is refused before the hub reads (or parses) a byte of the body; then the
  // machine's own limit (the limiter's hook runs after this one, keyed by the machine).
  const onRequest = machineAuth(store);
  const perMachine = (req: FastifyRequest) => machineOf(req).id;
  const authed = { onRequest, config: limitRoute(limits.helpMachineCalls, perMachine) };

  app.post(`${API_PREFIX}/help-requests`, { onRequest, config: limitRoute(limits.helpRequests, perMachine) }, async (req, reply) => {
    const machine = machineOf(req);
    const body = parseOr400(HelpRequestSubmit, req.body);
    const result = await help.submit(machine.id, body);
    if (!result.ok) throw new HttpError(409, 'id_conflict', 'This help request id is already used by another machine; mint a new UUID.');
    if (result.created || result.merged) bus.publish('help.changed', helpChange(result));
    // Answered under the id the machine sent, even when its press was merged into its open request.
    return reply.code(result.created ? 201 : 200).send({ ...result.status, id: body.id });
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/help-requests/:id/cancel`, authed, async (req, reply) => {
    const machine = machineOf(req);
    const id = requestId(req);
    if (req.body !== undefined && req.body !== null) {
      const body = parseOr400(HelpCancel, req.body);
      if (body.id !== id) throw new HttpError(400, 'invalid_input', 'The id in the body differs from the id in the path.');
    }
    const result = await help.cancelByMachine(machine.id, id);
    if (!result.ok) {
      if (result.reason === 'not_allowed') throw new HttpError(409, 'not_allowed', `This help request can no longer be cancelled (it is ${result.state}).`);
      throw new HttpError(404, 'not_found', NOT_FOUND);
    }
    if (result.changed) bus.publish('help.changed', helpChange(result));
    return reply.code(200).send({ ...result.status, id });
  });

  // The voice message: raw audio bytes, in a scope of its own so only this route parses audio bodies.
  void app.register(async (scope) => {
    scope.addContentTypeParser(['audio/webm', 'audio/ogg'], { parseAs: 'buffer', bodyLimit: VOICE_MAX_BYTES }, (_req, body, done) => done(null, body));
    scope.put<{ Params: { id: string } }>(`${API_PREFIX}/help-requests/:id/voice`, { ...authed, bodyLimit: VOICE_MAX_BYTES }, async (req, reply) => {
      const machine = machineOf(req);
      const id = requestId(req);
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
      const result = await help.attachVoice(machine.id, id, { mimeType: mime.data, durationMs, bytes: req.body }, { maxBytesPerDay: limits.voiceBytesPerDay });
      if (!result.ok) {
        switch (result.reason) {
          case 'not_found':
            throw new HttpError(404, 'not_found', NOT_FOUND);
          case 'closed':
            throw new HttpError(409, 'closed', 'This help request is already closed; the voice message is not needed any more.');
          case 'already_attached':
            throw new HttpError(409, 'already_attached', 'This help request already has another voice message.');
          case 'over_quota':
            throw dailyQuotaError('voice_quota', 'voice messages', result.retryAt, deps.now());
        }
      }
      if (result.created) bus.publish('help.changed', helpChange(result));
      return reply.code(result.created ? 201 : 200).send({ ...result.status, id });
    });
  });

  // A photo or document (issue 13): raw bytes, whose first bytes must be what their Content-Type says.
  void app.register(async (scope) => {
    scope.addContentTypeParser([...HelpFileMimeType.options], { parseAs: 'buffer', bodyLimit: HELP_FILE_MAX_BYTES }, (_req, body, done) => done(null, body));
    scope.put<{ Params: { id: string } }>(`${API_PREFIX}/help-requests/:id/file`, { ...authed, bodyLimit: HELP_FILE_MAX_BYTES }, async (req, reply) => {
      const machine = machineOf(req);
      const id = requestId(req);
      const mime = HelpFileMimeType.safeParse(String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase());
      if (!mime.success || !Buffer.isBuffer(req.body)) {
        throw new HttpError(415, 'unsupported_media_type', 'Send the file as its raw bytes with Content-Type image/jpeg, image/png, image/webp or application/pdf.');
      }
      if (sniffFileType(req.body.subarray(0, 16)) !== mime.data) throw new HttpError(400, 'invalid_input', `The file's bytes are not ${mime.data}: send a JPEG, PNG or WebP picture or a PDF with its own type.`);
      let rawName: string;
      try {
        rawName = decodeURIComponent(String(req.headers['x-file-name'] ?? ''));
      } catch {
        throw new HttpError(400, 'invalid_input', 'x-file-name: expected the file name, percent-encoded (UTF-8).');
      }
      const name = parseOr400(HelpFileName, rawName, 'x-file-name (the file name, percent-encoded)');
      const result = await help.attachFile(machine.id, id, { name, mimeType: mime.data, bytes: req.body }, { maxBytesPerDay: limits.fileBytesPerDay });
      if (!result.ok) {
        switch (result.reason) {
          case 'not_found':
            throw new HttpError(404, 'not_found', NOT_FOUND);
          case 'closed':
            throw new HttpError(409, 'closed', 'This help request is already closed; the file is not needed any more.');
          case 'too_many':
          case 'already_attached':
            throw new HttpError(409, 'too_many_files', `This help request already has ${HELP_FILES_PER_REQUEST} files, the most it takes; a helper will call back first.`);
          case 'over_quota':
            throw dailyQuotaError('file_quota', 'photos and documents', result.retryAt, deps.now());
        }
      }
      if (result.created) bus.publish('help.changed', helpChange(result));
      return reply.code(result.created ? 201 : 200).send({ ...result.status, id });
    });
  });

  app.get(`${API_PREFIX}/machine/help-requests`, authed, async (req) => help.listOpenStatuses(machineOf(req).id));
}
