/**
 * The loan register (staff): machines with their one-time enrolment codes, beneficiaries, loans; and
 * the help history of a machine or a beneficiary (every helper). Scoped to the caller's association.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Uuid } from '../../app/protocol/common.ts';
import {
  API_PREFIX,
  BeneficiaryCreate,
  BeneficiaryUpdate,
  LoanCreate,
  MachineCreate,
  MachineUpdate,
} from '../../app/protocol/hub.ts';
import { HttpError, parseOr400 } from '../http.ts';
import { hashPassword } from '../store/crypto.ts';
import { DEFAULT_ENROLMENT_TTL_MINUTES, type LoanResult } from '../store/index.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

const LOAN_ERRORS: Record<Exclude<LoanResult, { ok: true }>['reason'], [number, string]> = {
  machine_not_found: [404, "Cet ordinateur n'existe pas dans le registre."],
  machine_retired: [409, 'Cet ordinateur est retiré : inscrivez-le à nouveau avant de le prêter.'],
  beneficiary_not_found: [404, "Ce bénéficiaire n'existe pas dans le registre."],
  machine_on_loan: [409, 'Cet ordinateur est déjà prêté : terminez le prêt en cours d’abord.'],
  beneficiary_has_loan: [409, 'Ce bénéficiaire a déjà un ordinateur : terminez le prêt en cours d’abord.'],
  not_found: [404, "Ce prêt n'existe pas."],
  already_ended: [409, 'Ce prêt est déjà terminé.'],
};

function loanOr4xx(result: LoanResult) {
  if (result.ok) return result.loan;
  const [status, message] = LOAN_ERRORS[result.reason];
  throw new HttpError(status, result.reason, message);
}

function noBody(req: FastifyRequest): void {
  if (req.body !== undefined && req.body !== null && (typeof req.body !== 'object' || Object.keys(req.body).length > 0)) {
    throw new HttpError(400, 'invalid_input', 'This route takes no body (or an empty JSON object).');
  }
}

export function registerRegisterRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { bus, guards } = deps;
  const { register, help, accounts } = deps.store;
  const helper = guards.read('accompagnant');
  const staff = guards.read('staff');
  const staffWrite = guards.write('staff');
  const associationOf = (req: FastifyRequest) => authOf(req).account.associationId;

  async function machineOr404(req: FastifyRequest<{ Params: { id: string } }>) {
    const id = parseOr400(Uuid, req.params.id, 'machine id in the path');
    const machine = await register.getMachineView(associationOf(req), id);
    if (!machine) throw new HttpError(404, 'not_found', "Cet ordinateur n'existe pas dans le registre.");
    return machine;
  }

  async function beneficiaryOr404(req: FastifyRequest<{ Params: { id: string } }>) {
    const id = parseOr400(Uuid, req.params.id, 'beneficiary id in the path');
    const found = await register.getBeneficiary(associationOf(req), id);
    if (!found) throw new HttpError(404, 'not_found', "Ce bénéficiaire n'existe pas dans le registre.");
    return found;
  }

  async function checkHelper(req: FastifyRequest, helperId: string | null | undefined): Promise<void> {
    if (!helperId) return;
    const account = await accounts.getAccount(helperId);
    if (!account || account.disabled || account.associationId !== associationOf(req)) {
      throw new HttpError(400, 'invalid_input', 'helperId: this account does not exist or is disabled; choose an active helper.');
    }
  }

  // ---- machines ------------------------------------------------------------------------------
  app.get(`${API_PREFIX}/console/machines`, { onRequest: staff }, async (req) => register.listMachines(associationOf(req)));

  app.post(`${API_PREFIX}/console/machines`, { onRequest: staffWrite }, async (req, reply) => {
    const body = parseOr400(MachineCreate, req.body);
    if (await register.findMachineByAssetTag(body.assetTag)) {
      throw new HttpError(409, 'asset_tag_taken', `L'étiquette ${body.assetTag} est déjà utilisée par un autre ordinateur.`);
    }
    const associationId = associationOf(req);
    const machine = await register.createMachine({ associationId, ...body });
    const enrolment = await register.createEnrolmentCode(machine.id, DEFAULT_ENROLMENT_TTL_MINUTES);
    return reply.code(201).send({ machine: await register.getMachineView(associationId, machine.id), enrolment });
  });

  app.patch<{ Params: { id: string } }>(`${API_PREFIX}/console/machines/:id`, { onRequest: staffWrite }, async (req) => {
    const machine = await machineOr404(req);
    const { staffPin, ...patch } = parseOr400(MachineUpdate, req.body);
    const associationId = associationOf(req);
    let view = Object.keys(patch).length > 0 ? await register.updateMachine(associationId, machine.id, patch) : null;
    // The kiosk's animateur PIN (issue 6): hashed like a password, sent to the machine as the hash.
    if (staffPin !== undefined) {
      view = await register.setMachineStaffPinHash(associationId, machine.id, staffPin === null ? null : await hashPassword(staffPin));
    }
    if (patch.mode !== undefined || patch.cohort !== undefined || staffPin !== undefined) bus.publish('machine.kiosk.changed', { machineId: machine.id });
    return view;
  });

  /** A fresh one-time code (the previous unused one stops working): to enrol again after a reinstall. */
  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/machines/:id/enrolment-code`, { onRequest: staffWrite }, async (req, reply) => {
    const machine = await machineOr404(req);
    noBody(req);
    return reply.code(201).send(await register.createEnrolmentCode(machine.id, DEFAULT_ENROLMENT_TTL_MINUTES));
  });

  /** Lost, stolen or scrapped: its token is refused everywhere (401) and its feed closes at once. */
  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/machines/:id/retire`, { onRequest: staffWrite }, async (req) => {
    const machine = await machineOr404(req);
    noBody(req);
    const retired = await register.retireMachine(associationOf(req), machine.id);
    bus.publish('access.revoked', { kind: 'machine', machineId: machine.id, reason: 'machine_retired' });
    return retired;
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/machines/:id/history`, { onRequest: helper }, async (req) => {
    const machine = await machineOr404(req);
    return { machine, requests: await help.machineHistory(associationOf(req), machine.id) };
  });

  // ---- beneficiaries ---------------------------------------------------------------------------
  app.get(`${API_PREFIX}/console/beneficiaries`, { onRequest: staff }, async (req) => register.listBeneficiaries(associationOf(req)));

  app.post(`${API_PREFIX}/console/beneficiaries`, { onRequest: staffWrite }, async (req, reply) => {
    const body = parseOr400(BeneficiaryCreate, req.body);
    await checkHelper(req, body.helperId);
    return reply.code(201).send(await register.createBeneficiary(associationOf(req), body));
  });

  app.patch<{ Params: { id: string } }>(`${API_PREFIX}/console/beneficiaries/:id`, { onRequest: staffWrite }, async (req) => {
    const beneficiary = await beneficiaryOr404(req);
    const patch = parseOr400(BeneficiaryUpdate, req.body);
    await checkHelper(req, patch.helperId);
    const updated = await register.updateBeneficiary(associationOf(req), beneficiary.id, patch);
    // The machine lent to the person switches to their language (issue 12).
    if (updated) bus.publish('person.changed', { associationId: associationOf(req), personId: updated.id, machineId: updated.loan?.machineId ?? null });
    return updated;
  });

  app.get<{ Params: { id: string } }>(`${API_PREFIX}/console/beneficiaries/:id/history`, { onRequest: helper }, async (req) => {
    const beneficiary = await beneficiaryOr404(req);
    return { beneficiary, requests: await help.beneficiaryHistory(associationOf(req), beneficiary.id) };
  });

  // ---- loans -------------------------------------------------------------------------------------
  app.get<{ Querystring: { active?: string } }>(`${API_PREFIX}/console/loans`, { onRequest: staff }, async (req) => {
    const active = req.query.active;
    if (active !== undefined && active !== 'true' && active !== 'false') {
      throw new HttpError(400, 'invalid_input', 'active: expected true or false.');
    }
    return register.listLoans(associationOf(req), { activeOnly: active === 'true' });
  });

  app.post(`${API_PREFIX}/console/loans`, { onRequest: staffWrite }, async (req, reply) => {
    const body = parseOr400(LoanCreate, req.body);
    const loan = loanOr4xx(await register.createLoan(associationOf(req), body.machineId, body.beneficiaryId));
    // The machine learns whom it is lent to (issue 12): their language, path, and the consent question.
    bus.publish('person.changed', { associationId: associationOf(req), personId: loan.beneficiaryId, machineId: loan.machineId });
    return reply.code(201).send(loan);
  });

  app.post<{ Params: { id: string } }>(`${API_PREFIX}/console/loans/:id/end`, { onRequest: staffWrite }, async (req) => {
    const id = parseOr400(Uuid, req.params.id, 'loan id in the path');
    const loan = loanOr4xx(await register.endLoan(associationOf(req), id));
    bus.publish('person.changed', { associationId: associationOf(req), personId: loan.beneficiaryId, machineId: loan.machineId });
    return loan;
  });
}
