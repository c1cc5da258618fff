/**
 * Shared fixtures for the hub tests: a real store in a temp folder (SQLite, or PostgreSQL under
 * `npm run test:postgres`: see test-store.ts), seeded, plus small clients.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { afterEach, beforeEach, expect } from 'vitest';
import { buildHub, type BuildHubOptions, type Hub } from '../../server/hub.ts';
import { seed, type SeedResult } from '../../server/seed.ts';
import type { Role } from '../../app/protocol/hub.ts';
import { forgetTestDatabases, testStore } from './test-store.ts';

export interface TestHub extends Hub {
  dataDir: string;
  seed: SeedResult;
  /** Clock the hub reads; tests may move it. */
  clock: { now: Date };
}

const dirs: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'passerelle-hub-'));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  forgetTestDatabases(dirs);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function makeHub(dataDir = tempDir(), extra: Partial<BuildHubOptions> = {}): Promise<TestHub> {
  const clock = { now: new Date() };
  // Jobs run only when a test calls hub.jobs.escalate() / purge(), with the test's clock.
  const hub = await buildHub({
    dataDir,
    ...(await testStore(dataDir)),
    now: () => clock.now,
    consoleDir: join(dataDir, 'no-console'),
    escalationIntervalMs: 0,
    purgeIntervalMs: 0,
    ...extra,
  });
  const seeded = await seed(hub.store);
  return Object.assign(hub, { dataDir, seed: seeded, clock });
}

export function expectApiError(res: LightMyRequestResponse, status: number, code?: string): { code: string; message: string } {
  expect(res.statusCode).toBe(status);
  expect(res.headers['content-type']).toMatch(/application\/json/);
  const body = res.json() as { error: { code: string; message: string } };
  expect(typeof body.error.code).toBe('string');
  expect(body.error.message.length).toBeGreaterThan(10);
  if (code) expect(body.error.code).toBe(code);
  return body.error;
}

export async function enrolDemo(hub: TestHub): Promise<{ token: string; machineId: string }> {
  const { code } = await hub.store.register.createEnrolmentCode(hub.seed.demoMachine.id, 60);
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code } });
  expect(res.statusCode).toBe(200);
  const body = res.json() as { token: string; machineId: string };
  return { token: body.token, machineId: body.machineId };
}

export async function enrolNewMachine(hub: TestHub, assetTag: string): Promise<{ token: string; machineId: string }> {
  return enrolMachineIn(hub, hub.seed.associationId, assetTag);
}

let machineAddresses = 0;
/** A new machine of `associationId`, enrolled through the real route (from an address of its own, as real machines are). */
export async function enrolMachineIn(hub: TestHub, associationId: string, assetTag: string): Promise<{ token: string; machineId: string }> {
  const m = await hub.store.register.createMachine({ associationId, assetTag, mode: 'home', cohort: 'home' });
  const { code } = await hub.store.register.createEnrolmentCode(m.id, 60);
  const n = ++machineAddresses;
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code }, remoteAddress: `10.9.${(n >> 8) & 255}.${n & 255}` });
  expect(res.statusCode).toBe(200);
  return { token: (res.json() as { token: string }).token, machineId: m.id };
}

export function helpSubmit(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: randomUUID(),
    createdAt: new Date().toISOString(),
    context: { screen: 'lesson', lessonId: 'souris-1', stepIndex: 2, stuckSeconds: 45, language: 'fr' },
    ...overrides,
  };
}

export async function postHelp(hub: TestHub, token: string, payload: unknown) {
  return hub.app.inject({
    method: 'POST',
    url: '/api/v1/help-requests',
    headers: { authorization: `Bearer ${token}` },
    payload: payload as Record<string, unknown>,
  });
}

export async function addHelper(
  hub: TestHub,
  firstName: string,
  password = 'un mot de passe solide',
  role: Role = 'accompagnant',
): Promise<{ email: string; password: string; id: string }> {
  const email = `${firstName.toLowerCase()}@asso.test`;
  const account = await hub.store.accounts.createAccount({ associationId: hub.seed.associationId, email, firstName, role, password });
  return { email, password, id: account.id };
}

/** A signed-in console session for a new account with this role. */
export async function sessionAs(hub: TestHub, firstName: string, role: Role): Promise<ConsoleSession & { id: string }> {
  const { email, password, id } = await addHelper(hub, firstName, 'un mot de passe solide', role);
  return { ...(await login(hub, email, password)), id };
}

/** A console call with the session cookie and CSRF header. */
export async function consoleCall(
  hub: TestHub,
  s: ConsoleSession | null,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  payload?: unknown,
) {
  return hub.app.inject({
    method,
    url: `/api/v1${path}`,
    headers: s ? { cookie: s.cookie, 'x-csrf-token': s.csrf } : {},
    ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}),
  });
}

export interface ConsoleSession {
  cookie: string;
  csrf: string;
  sessionId: string;
}

export async function login(hub: TestHub, email: string, password: string): Promise<ConsoleSession> {
  const res = await hub.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password } });
  expect(res.statusCode).toBe(200);
  const setCookie = res.cookies.find((c) => c.name === 'passerelle_session');
  expect(setCookie).toBeDefined();
  const sessionId = setCookie!.value;
  return { cookie: `passerelle_session=${sessionId}`, csrf: (res.json() as { csrfToken: string }).csrfToken, sessionId };
}

/** The seeded first admin, signed in: the one-time password is used once, then a password is chosen. */
export async function firstAdminSession(hub: TestHub, password = 'un mot de passe choisi'): Promise<ConsoleSession> {
  if (!hub.seed.admin.created) throw new Error('the first admin was seeded by an earlier run: its one-time password is gone');
  const first = await login(hub, hub.seed.admin.email, hub.seed.admin.oneTimePassword);
  const res = await consoleCall(hub, first, 'POST', '/console/me/password', { newPassword: password });
  expect(res.statusCode).toBe(200);
  const sessionId = res.cookies.find((c) => c.name === 'passerelle_session')!.value;
  return { cookie: `passerelle_session=${sessionId}`, csrf: (res.json() as { csrfToken: string }).csrfToken, sessionId };
}

export async function act(hub: TestHub, s: ConsoleSession, requestId: string, action: string) {
  return hub.app.inject({
    method: 'POST',
    url: `/api/v1/console/help-requests/${requestId}/actions`,
    headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
    payload: { action },
  });
}

/**
 * A fresh hub for each test of the file, with the demo machine enrolled: `use` receives the hub and the
 * machine's token before each test; the hub is closed and its folders removed after it.
 */
export function hubPerTest(use: (hub: TestHub, token: string) => void): void {
  let current: TestHub | undefined;
  beforeEach(async () => {
    current = await makeHub();
    use(current, (await enrolDemo(current)).token);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
    removeTempDirs();
  });
}
