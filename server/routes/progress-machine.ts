/**
 * Progress, the machine's side (issue 12): the person's consent answer, lesson progress reports (only
 * for a home loan whose beneficiary consented, or a kiosk visitor who resumed with their card), and
 * "J'ai une carte" on a kiosk. Authenticated by the machine's bearer token.
 */
import type { FastifyInstance } from 'fastify';
import { CardResume, MachineConsent, ProgressReport, type CardResumeAnswer, type ProgressAck } from '../../app/protocol/accompaniment.ts';
import { API_PREFIX } from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { ProgressOwner } from '../store/index.ts';
import type { HubDeps } from './deps.ts';
import { machineAuth, machineOf } from './machine-auth.ts';

export function registerProgressMachineRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, bus } = deps;
  const { accompaniment, visitors } = store;
  const authed = { onRequest: machineAuth(store) };

  app.post(`${API_PREFIX}/machine/consent`, authed, async (req) => {
    const machine = machineOf(req);
    const body = parseOr400(MachineConsent, req.body);
    const owner = await accompaniment.loanPersonOf(machine.id);
    if (!owner) throw new HttpError(409, 'no_loan', 'This machine is not on loan to anyone: there is no consent to record.');
    const result = await accompaniment.setConsent(owner.associationId, owner.personId, body.granted, null);
    if (!result.ok) throw new HttpError(409, 'no_loan', 'This machine is not on loan to anyone: there is no consent to record.');
    bus.publish('person.changed', { associationId: owner.associationId, personId: owner.personId, machineId: machine.id });
    return result.consent;
  });

  app.post(`${API_PREFIX}/machine/progress`, authed, async (req, reply) => {
    const machine = machineOf(req);
    const report = parseOr400(ProgressReport, req.body);
    let owner: ProgressOwner;
    if (report.visitToken !== undefined) {
      const visitor = await visitors.visitOwner(machine.id, report.visitToken);
      if (!visitor) throw new HttpError(409, 'visit_ended', "This visit token is unknown, expired or another machine's: the visitor's progress is not recorded.");
      owner = visitor;
    } else {
      const loan = await accompaniment.loanPersonOf(machine.id);
      if (!loan) throw new HttpError(409, 'no_loan', 'This machine is not on loan to anyone: progress is only recorded for a beneficiary who consented.');
      if (loan.consent !== 'granted') throw new HttpError(409, 'no_consent', 'The beneficiary has not consented to sending progress (or withdrew): nothing is recorded.');
      owner = loan;
    }
    const outcome = await accompaniment.recordProgress(owner, report);
    if (outcome === 'conflict') throw new HttpError(409, 'id_conflict', 'This attempt id belongs to another person; mint a new UUID.');
    if (outcome === 'stored') bus.publish('person.changed', { associationId: owner.associationId, personId: owner.personId, machineId: report.visitToken ? null : machine.id });
    const ack: ProgressAck = { id: report.id, status: outcome };
    return reply.code(outcome === 'stored' ? 201 : 200).send(ack);
  });

  /** "J'ai une carte": the 4 pictures touched on a kiosk of the association. */
  app.post(`${API_PREFIX}/machine/visitor-card`, authed, async (req, reply) => {
    const machine = machineOf(req);
    const { code } = parseOr400(CardResume, req.body);
    if (machine.mode !== 'kiosk') throw new HttpError(409, 'not_a_kiosk', 'Visitor cards are used on the kiosks of the association, not on a home loan.');
    const result = await visitors.resumeWithCard(machine, code);
    if (!result.ok) {
      if (result.reason === 'locked') {
        return reply
          .code(429)
          .header('retry-after', String(result.retryAfterSeconds))
          .send({ error: { code: 'card_locked', message: `Too many wrong codes on this kiosk: try again in ${result.retryAfterSeconds} s.` }, retryAfterSeconds: result.retryAfterSeconds });
      }
      return reply
        .code(404)
        .send({ error: { code: 'wrong_code', message: `No card of this association has these pictures; ${result.attemptsLeft} tries left on this kiosk.` }, attemptsLeft: result.attemptsLeft });
    }
    const person = await accompaniment.personForMachine(result.owner.associationId, result.owner.personId);
    if (!person) throw new HttpError(404, 'wrong_code', 'No card of this association has these pictures.');
    const answer: CardResumeAnswer = { visitToken: result.visitToken, expiresAt: result.expiresAt, person };
    return answer;
  });
}
