/** The association's settings (staff): its name, the help phone number, escalation delay, retention. */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX, AssociationSettingsUpdate } from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

export function registerSettingsRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus, guards } = deps;

  app.get(`${API_PREFIX}/console/settings`, { onRequest: guards.read('staff') }, async (req) =>
    store.accounts.getSettings(authOf(req).account.associationId),
  );

  app.put(`${API_PREFIX}/console/settings`, { onRequest: guards.write('staff') }, async (req) => {
    const patch = parseOr400(AssociationSettingsUpdate, req.body);
    const associationId = authOf(req).account.associationId;
    const settings = await store.accounts.updateSettings(associationId, patch);
    if (!settings) throw new HttpError(404, 'not_found', 'Association inconnue.');
    bus.publish('settings.changed', { associationId, settings });
    return settings;
  });
}
