/**
 * The lesson feed, the machine's side (machine token): the hub's content public key (pinned by the
 * shell), the signed lesson index of the machine's association (ETag; an unchanged index is a 304
 * with no body), and the archive of one pack version.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import type { ContentKeyView } from '../../app/protocol/updates.ts';
import { PACK_ID } from '../../lib/packs/pack-index.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { HubDeps } from './deps.ts';
import { machineAuth, machineOf } from './machine-auth.ts';

const PackParams = z.object({
  id: z.string().regex(PACK_ID, 'a lesson id: lower-case words joined by dashes').max(64),
  version: z.coerce.number().int('a whole version number').min(1).max(1_000_000),
});

/** True when the request's If-None-Match names this ETag (or is *). */
export function notModified(req: FastifyRequest, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((tag) => {
    const t = tag.trim().replace(/^W\//, '');
    return t === etag || t === '*';
  });
}

function sendNotModified(reply: FastifyReply, etag: string): FastifyReply {
  return reply.code(304).header('etag', etag).send();
}

export function registerLessonMachineRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, lessons } = deps;
  const authed = { onRequest: machineAuth(store) };

  app.get(`${API_PREFIX}/machine/content-key`, authed, async (): Promise<ContentKeyView> => ({ algorithm: 'ed25519', publicKey: lessons.publicKeyPem }));

  app.get(`${API_PREFIX}/machine/lessons/index`, authed, async (req, reply) => {
    const signed = await lessons.index(machineOf(req).associationId);
    if (notModified(req, signed.etag)) return sendNotModified(reply, signed.etag);
    return reply.header('etag', signed.etag).type('application/json; charset=utf-8').send(signed.text);
  });

  app.get<{ Params: { id: string; version: string } }>(`${API_PREFIX}/machine/lessons/packs/:id/:version`, authed, async (req, reply) => {
    const { id, version } = parseOr400(PackParams, req.params, 'lesson and version in the path');
    const archive = await lessons.archive(machineOf(req).associationId, id, version);
    if (!archive) throw new HttpError(404, 'not_found', `No version ${version} of lesson ${id} is offered to this machine.`);
    const etag = `"${lessons.archiveTag(archive)}"`;
    if (notModified(req, etag)) return sendNotModified(reply, etag);
    return reply.header('etag', etag).type('application/gzip').send(archive);
  });
}
