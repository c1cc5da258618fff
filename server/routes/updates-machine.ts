/**
 * Updates, the machine's side (machine token): the shell reports its app and lesson versions and the
 * last results of the root updater and of the lesson feed (an outbox message, idempotent on its id).
 */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import { MachineUpdateStatus, type UpdateStatusAck } from '../../app/protocol/updates.ts';
import { parseOr400 } from '../http.ts';
import type { HubDeps } from './deps.ts';
import { machineAuth, machineOf } from './machine-auth.ts';

export function registerUpdateMachineRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store } = deps;
  app.post(`${API_PREFIX}/machine/update-status`, { onRequest: machineAuth(store) }, async (req): Promise<UpdateStatusAck> => {
    const status = parseOr400(MachineUpdateStatus, req.body);
    return { id: status.id, status: await store.updates.recordStatus(machineOf(req).id, status) };
  });
}
