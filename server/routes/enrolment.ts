/** Enrolment: a shell exchanges the one-time code staff gave the technician for its machine token. */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX, EnrolRequest, type EnrolResponse } from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import { limitRoute } from '../limits.ts';
import type { HubDeps } from './deps.ts';

export function registerEnrolmentRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store } = deps;

  // Per client address (guessing codes is what this limit stops).
  app.post(`${API_PREFIX}/enrol`, { config: limitRoute(deps.limits.enrolment) }, async (req, reply) => {
    const body = parseOr400(EnrolRequest, req.body);
    const result = await store.register.enrol(body.code);
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
    // The machine's previous token (a reinstall, or a copy on a stolen disk) stops here, feeds included.
    deps.bus.publish('access.revoked', { kind: 'machine', machineId: result.machine.id, reason: 'token_replaced' });
    const response: EnrolResponse = {
      machineId: result.machine.id,
      assetTag: result.machine.assetTag,
      token: result.token,
      mode: result.machine.mode,
      cohort: result.machine.cohort,
      helpPhone: (await store.accounts.getSettings(result.machine.associationId))?.helpPhone ?? null,
    };
    return reply.code(200).send(response);
  });
}
