/**
 * The help queue as the console works it: the association's open requests, one request with its
 * journal, the helpers' actions (see, claim, call, release, hand over, resolve, cancel), notes and
 * the voice message. Every route is scoped to the helper's association.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX, HELP_FILES_PER_REQUEST, HelpActionRequest, HelpNoteRequest, type HelpRequestDetail } from '../../app/protocol/hub.ts';
import type { HelpState } from '../../app/help/states.ts';
import { RESOLVE_UNDO_MS, RESOLVED_VIEW_DAYS, RESOLVED_VIEW_MAX_DAYS } from '../../app/help/outcome.ts';
import { z } from 'zod';
import { HttpError, parseOr400 } from '../http.ts';
import { helpChange, type ActionResult, type HelpActor } from '../store/index.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

const STATE_FR: Record<HelpState, string> = {
  new: 'nouvelle',
  seen: 'vue',
  claimed: 'prise en charge',
  calling_back: 'rappel en cours',
  resolved: 'résolue',
  cancelled: 'annulée',
};

const NOT_FOUND = "Cette demande d'aide n'existe pas (ou plus).";

export const ResolvedQuery = z
  .object({ days: z.coerce.number().int().min(1).max(RESOLVED_VIEW_MAX_DAYS).default(RESOLVED_VIEW_DAYS) })
  .strict();
/** A week of an association's resolutions fits well under this; the view says when the list is cut. */
export const RESOLVED_LIST_LIMIT = 500;

/** Turns a refused action into the HTTP answer the console shows as is. */
export function throwActionFailure(result: Exclude<ActionResult, { ok: true }>): never {
  switch (result.reason) {
    case 'not_found':
      throw new HttpError(404, 'not_found', NOT_FOUND);
    case 'already_claimed':
      throw new HttpError(409, 'already_claimed', `Déjà pris par ${result.claimedBy}`);
    case 'not_holder':
      throw new HttpError(403, 'not_holder', `Cette demande est suivie par ${result.claimedBy} : seul·e ${result.claimedBy} (ou l'équipe) peut agir.`);
    case 'bad_target':
      throw new HttpError(400, 'bad_target', 'Choisissez un·e autre accompagnant·e actif·ve pour lui confier la demande.');
    case 'not_allowed':
      throw new HttpError(409, 'not_allowed', `Action impossible : la demande est « ${STATE_FR[result.state]} ».`);
    case 'undo_refused':
      throw result.why === 'too_late'
        ? new HttpError(409, 'undo_too_late', `Trop tard pour annuler : une résolution s'annule dans les ${RESOLVE_UNDO_MS / 1000} s.`)
        : new HttpError(403, 'not_resolver', "Seule la personne qui a résolu la demande (ou l'équipe) peut annuler la résolution ou dire comment elle s'est terminée.");
  }
}

function actorOf(req: FastifyRequest): HelpActor {
  const { account } = authOf(req);
  return { accountId: account.id, role: account.role, associationId: account.associationId };
}

const requestId = (req: FastifyRequest<{ Params: { id: string } }>) => parseOr400(Uuid, req.params.id, 'help request id in the path');

export function registerHelpQueueRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus, guards } = deps;
  const help = store.help;
  const helper = guards.read('accompagnant');
  const helperWrite = guards.write('accompagnant');

  app.get(`${API_PREFIX}/console/help-requests`, { onRequest: helper }, async (req) => help.listOpen(authOf(req).account.associationId));

  /** The "Résolues" view: what was resolved in the last `days` days (default 7), newest first, with each outcome. */
  app.get(`${API_PREFIX}/console/help-requests/resolved`, { onRequest: helper }, async (req) => {
    const { days } = parseOr400(ResolvedQuery, req.query, 'query');
    const since = new Date(deps.now().getTime() - days * 86_400_000).toISOString();
    return help.listResolved(authOf(req).account.associationId, since, RESOLVED_LIST_LIMIT);
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/help-requests/:id`, { onRequest: helper }, async (req) => {
    const id = requestId(req);
    const associationId = authOf(req).account.associationId;
    const [request, journal] = await Promise.all([help.get(associationId, id), help.journal(associationId, id)]);
    if (!request || !journal) throw new HttpError(404, 'not_found', NOT_FOUND);
    const detail: HelpRequestDetail = { request, journal };
    return detail;
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/help-requests/:id/actions`, { onRequest: helperWrite }, async (req, reply) => {
    const id = requestId(req);
    const { action, toAccountId, outcome } = parseOr400(HelpActionRequest, req.body);
    const result = await help.act(actorOf(req), id, action, { toAccountId, outcome });
    if (!result.ok) throwActionFailure(result);
    if (result.changed) bus.publish('help.changed', helpChange(result));
    return reply.code(200).send(result.view);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/help-requests/:id/notes`, { onRequest: helperWrite }, async (req, reply) => {
    const id = requestId(req);
    const { text } = parseOr400(HelpNoteRequest, req.body);
    const result = await help.addNote(actorOf(req), id, text);
    if (!result.ok) throwActionFailure(result);
    bus.publish('help.changed', helpChange(result));
    return reply.code(201).send(result.view);
  });

  // The photo or document sent with it: a picture shown in the card; a PDF downloaded, never run in the console's origin.
  app.get<{ Params: { id: string; n: string } }>(`${API_PREFIX}/console/help-requests/:id/files/:n`, { onRequest: helper }, async (req, reply) => {
    const n = /^[1-9]$/.test(req.params.n) ? Number(req.params.n) : 0;
    if (n < 1 || n > HELP_FILES_PER_REQUEST) throw new HttpError(400, 'invalid_input', `The file number is 1 to ${HELP_FILES_PER_REQUEST}.`);
    const file = await help.getFile(authOf(req).account.associationId, requestId(req), n);
    if (!file) throw new HttpError(404, 'not_found', "Cette demande n'a pas (ou plus) de photo ni de document.");
    const disposition = file.mimeType === 'application/pdf' ? 'attachment' : 'inline';
    return reply
      .code(200)
      .type(file.mimeType)
      .header('content-disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(file.name)}`)
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('x-content-type-options', 'nosniff')
      .send(file.bytes);
  });
  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/help-requests/:id/voice`, { onRequest: helper }, async (req, reply) => {
    const voice = await help.getVoice(authOf(req).account.associationId, requestId(req));
    if (!voice) throw new HttpError(404, 'not_found', "Cette demande n'a pas (ou plus) de message vocal.");
    return reply.code(200).type(voice.mimeType).header('content-disposition', 'inline').send(voice.bytes);
  });
}
