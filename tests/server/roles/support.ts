/** The route × role table's hub, its accounts and the objects its rows act on (roles.test.ts runs the table). */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Role } from '../../../app/protocol/hub.ts';
import { enrolDemo, enrolMachineIn, helpSubmit, makeHub, postHelp, removeTempDirs, type TestHub } from '../helpers.ts';
import { healthReport } from '../reports-support.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export interface Row {
  method: Method;
  /** The route as registered (with :params). */
  route: string;
  min: Role;
  ok: number;
  /** Builds a valid request for this role (fresh objects when the call changes them). */
  prepare(role: Role): Promise<{ path: string; body?: unknown; headers?: Record<string, string>; onOk?: () => void }>;
  /** For a route whose success runs lessons:check in a child process (publishing a pack). */
  timeoutMs?: number;
}

export let hub: TestHub;
export let machineToken: string;
export const accountIds: Record<Role, string> = { accompagnant: '', staff: '', admin: '' };
export const passwords: Record<Role, string> = { accompagnant: 'mot de passe A1', staff: 'mot de passe S1', admin: 'mot de passe D1' };
let counter = 0;
export const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();

export const machineOfRequest = new Map<string, string>();
/** A request from a machine of its own (a machine has one open request at a time). */
export async function newRequest(): Promise<string> {
  const { token, machineId } = await enrolMachineIn(hub, hub.seed.associationId, `R-${unique()}`);
  const payload = helpSubmit();
  expect((await postHelp(hub, token, payload)).statusCode).toBe(201);
  machineOfRequest.set(payload.id as string, machineId);
  return payload.id as string;
}
export async function newMachine(): Promise<string> {
  return (await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: `T-${unique()}`, mode: 'home', cohort: 'home' })).id;
}
export async function newBeneficiary(): Promise<string> {
  return (await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: '06 12 34 56 78', language: 'fr' })).id;
}
export async function newVisitor(): Promise<string> {
  return (await hub.store.visitors.createVisitor(hub.seed.associationId, { name: 'Lulu', language: 'fr' }, accountIds.admin)).id;
}
export async function newVoiceGoal(): Promise<{ person: string; goal: string }> {
  const person = await newBeneficiary();
  const goal = await hub.store.accompaniment.addGoal(hub.seed.associationId, person, { voice: { mimeType: 'audio/webm', durationMs: 900, bytes: Buffer.from('goal') } }, accountIds.admin);
  return { person, goal: goal.id };
}
/** The hub of the table: the demo machine with a health report, one account per role. */
export async function startHub(): Promise<void> {
  hub = await makeHub();
  machineToken = (await enrolDemo(hub)).token;
  // A health report, so that the GLPI exports have something to export.
  const report = await hub.app.inject({
    method: 'POST',
    url: '/api/v1/reports/health',
    headers: { authorization: `Bearer ${machineToken}` },
    payload: { id: randomUUID(), report: healthReport() },
  });
  expect(report.statusCode).toBe(201);
  for (const role of ['accompagnant', 'staff', 'admin'] as const) {
    const account = await hub.store.accounts.createAccount({
      associationId: hub.seed.associationId,
      email: `${role}@asso.test`,
      firstName: role,
      role,
      password: passwords[role],
    });
    accountIds[role] = account.id;
  }
}
export async function stopHub(): Promise<void> {
  await hub.close();
  removeTempDirs();
}

export async function call(method: Method, path: string, body: unknown, headers: Record<string, string>, extra: Record<string, string> = {}) {
  return hub.app.inject({ method, url: `/api/v1${path}`, headers: { ...headers, ...extra }, ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}) });
}

export async function freshSession(role: Role): Promise<{ cookie: string; csrf: string }> {
  const s = await hub.store.accounts.createSession(accountIds[role], 60);
  return { cookie: `passerelle_session=${s.sessionId}`, csrf: s.csrfToken };
}
