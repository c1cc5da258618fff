/**
 * Kiosk visitors, the console's side (issue 12): a helper registers a visitor (a first name or
 * pseudonym, nothing else), prints their card (a new picture code each time: the previous card stops
 * working), changes their name or language, or forgets them with everything held about them.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { VisitorCreate, VisitorUpdate } from '../../app/protocol/accompaniment.ts';
import { Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import { renderVisitorCard } from '../visitors/card-pdf.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

const NOT_FOUND = "Ce visiteur n'existe pas dans votre association.";

export function registerVisitorRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, guards, bus } = deps;
  const helperWrite = { onRequest: guards.write('accompagnant') };
  const associationOf = (req: FastifyRequest) => authOf(req).account.associationId;
  const visitorId = (req: FastifyRequest<{ Params: { id: string } }>) => parseOr400(Uuid, req.params.id, 'visitor id in the path');

  app.post(`${API_PREFIX}/console/visitors`, helperWrite, async (req, reply) => {
    const body = parseOr400(VisitorCreate, req.body);
    const visitor = await store.visitors.createVisitor(associationOf(req), body, authOf(req).account.id);
    const summary = (await store.accompaniment.listPeople(visitor.associationId)).find((p) => p.id === visitor.id);
    return reply.code(201).send(summary);
  });

  app.patch<{ Params: { id: string } }>(`${API_PREFIX}/console/visitors/:id`, helperWrite, async (req) => {
    const id = visitorId(req);
    const patch = parseOr400(VisitorUpdate, req.body);
    const visitor = await store.visitors.updateVisitor(associationOf(req), id, patch);
    if (!visitor) throw new HttpError(404, 'not_found', NOT_FOUND);
    bus.publish('person.changed', { associationId: visitor.associationId, personId: visitor.id, machineId: null });
    return (await store.accompaniment.listPeople(visitor.associationId)).find((p) => p.id === visitor.id);
  });

  /** A new card: a fresh picture code, as an A6 PDF to print. */
  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/visitors/:id/card`, helperWrite, async (req, reply) => {
    const id = visitorId(req);
    if (req.body !== undefined && req.body !== null && (typeof req.body !== 'object' || Object.keys(req.body).length > 0)) {
      throw new HttpError(400, 'invalid_input', 'This route takes no body (or an empty JSON object).');
    }
    const associationId = associationOf(req);
    const visitor = await store.accompaniment.getPerson(associationId, id);
    if (!visitor || visitor.kind !== 'visitor') throw new HttpError(404, 'not_found', NOT_FOUND);
    const card = await store.visitors.issueCard(associationId, id);
    if (!card) throw new HttpError(404, 'not_found', NOT_FOUND);
    const settings = await store.accounts.getSettings(associationId);
    const pdf = await renderVisitorCard({
      name: visitor.firstName,
      language: visitor.language,
      association: settings?.name ?? 'Passerelle',
      code: card.code,
      url: `${req.protocol}://${req.host}/console/#/people/${visitor.id}`,
      issuedAt: card.issuedAt,
    });
    bus.publish('person.changed', { associationId, personId: visitor.id, machineId: null });
    return reply
      .code(201)
      .type('application/pdf')
      .header('content-disposition', `inline; filename="carte-${visitor.id.slice(0, 8)}.pdf"`)
      .send(pdf);
  });

  app.delete<{ Params: { id: string } }>(`${API_PREFIX}/console/visitors/:id`, helperWrite, async (req, reply) => {
    const id = visitorId(req);
    if (!(await store.visitors.deleteVisitor(associationOf(req), id))) throw new HttpError(404, 'not_found', NOT_FOUND);
    return reply.code(204).send();
  });
}
