/**
 * Bad input on every route added for following each person (issue 12): each gets a 4xx with the error
 * shape and a sentence naming what is accepted, and the database is byte-for-byte the same afterwards.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleCall, enrolMachineIn, enrolNewMachine, expectApiError, makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { storeSnapshot } from './inspect.ts';

let hub: TestHub;
let helper: ConsoleSession & { id: string };
let homeToken: string;
let kioskToken: string;
let ids: { person: string; visitor: string; goal: string };

beforeAll(async () => {
  hub = await makeHub();
  helper = await sessionAs(hub, 'Marie', 'accompagnant');
  const home = await enrolNewMachine(hub, 'PC-HOME-1');
  homeToken = home.token;
  kioskToken = (await enrolMachineIn(hub, hub.seed.associationId, 'KIOSK-1')).token;
  const kiosk = await hub.store.register.findMachineByAssetTag('KIOSK-1');
  await hub.store.register.updateMachine(hub.seed.associationId, kiosk!.id, { mode: 'kiosk' });
  const person = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: '0611223344', language: 'fr' });
  const loan = await hub.store.register.createLoan(hub.seed.associationId, home.machineId, person.id);
  if (!loan.ok) throw new Error(loan.reason);
  const visitor = await hub.store.visitors.createVisitor(hub.seed.associationId, { name: 'Lulu', language: 'fr' }, helper.id);
  const goal = await hub.store.accompaniment.addGoal(hub.seed.associationId, person.id, { text: 'écrire à ma petite-fille' }, helper.id);
  ids = { person: person.id, visitor: visitor.id, goal: goal.id };
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

const snapshot = () => storeSnapshot(hub.store);

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const notJson = Symbol('malformed JSON');
const followup = { kind: 'phone', day: '2026-11-02', durationMinutes: 20, done: 'Appel' };
const consoleCases: [Method, () => string, unknown[]][] = [
  ['GET', () => '/console/people/not-a-uuid', [undefined]],
  ['GET', () => `/console/people/${randomUUID()}`, [undefined]],
  ['GET', () => '/console/people/nope/access-report', [undefined]],
  ['GET', () => '/console/people/nope/suggestions', [undefined]],
  [
    'PUT',
    () => `/console/people/${ids.person}/path`,
    [{}, { lessons: 'souris-bouger' }, { lessons: ['souris-bouger', 'souris-bouger'] }, { lessons: ['pas-une-lecon'] }, { lessons: ['Souris!'] }, { lessons: [], extra: 1 }, notJson],
  ],
  ['PUT', () => `/console/people/${ids.person}/path`, [{ lessons: Array.from({ length: 21 }, (_, i) => `l${i}`) }]],
  ['POST', () => `/console/people/${ids.person}/goals`, [{}, { text: '' }, { text: '   ' }, { text: 'x'.repeat(301) }, { text: 'ok', voice: 'x' }, notJson]],
  ['GET', () => `/console/people/${ids.person}/goals/${ids.goal}/voice`, [undefined]],
  ['GET', () => `/console/people/${ids.person}/goals/nope/voice`, [undefined]],
  ['DELETE', () => `/console/people/${ids.person}/goals/nope`, [undefined]],
  ['DELETE', () => `/console/people/${ids.person}/goals/${randomUUID()}`, [undefined]],
  ['POST', () => `/console/people/${ids.person}/notes`, [{}, { text: '' }, { text: 'x'.repeat(2001) }, notJson]],
  [
    'POST',
    () => `/console/people/${ids.person}/followups`,
    [
      {},
      { ...followup, kind: 'coffee' },
      { ...followup, day: '2026-02-30' },
      { ...followup, durationMinutes: 0 },
      { ...followup, durationMinutes: 601 },
      { ...followup, done: '' },
      { ...followup, nextDay: '2026-11-01' },
      { ...followup, nextDay: 'tomorrow' },
      { ...followup, where: 'home' },
      notJson,
    ],
  ],
  ['PUT', () => `/console/people/${ids.person}/consent`, [{}, { granted: 'yes' }, { granted: true, by: 'me' }, notJson]],
  ['PUT', () => `/console/people/${ids.visitor}/consent`, [{ granted: false }]],
  ['GET', () => '/console/followups/due?today=30/11/2026', [undefined]],
  ['POST', () => '/console/visitors', [{}, { name: '' }, { name: 'x'.repeat(41) }, { name: '<script>' }, { name: 'Lulu', phone: '0611' }, { name: 'Lulu', language: 'de' }, notJson]],
  ['PATCH', () => `/console/visitors/${ids.visitor}`, [{}, { name: '' }, { language: 'xx' }, { age: 3 }, notJson]],
  ['PATCH', () => `/console/visitors/${ids.person}`, [{ name: 'Pas un visiteur' }]],
  ['POST', () => `/console/visitors/${ids.visitor}/card`, [{ code: [1, 2, 3, 4] }, 'x']],
  ['POST', () => `/console/visitors/${ids.person}/card`, [undefined]],
  ['DELETE', () => `/console/visitors/${ids.person}`, [undefined]],
  ['DELETE', () => '/console/visitors/nope', [undefined]],
  ['GET', () => '/console/path-lessons/..%2Fpasswd/picture', [undefined]],
  ['GET', () => '/console/path-lessons/pas-une-lecon/picture', [undefined]],
];

async function expect4xx(res: Awaited<ReturnType<typeof consoleCall>>, what: string) {
  expect(res.statusCode, `${what} → ${res.body}`).toBeGreaterThanOrEqual(400);
  expect(res.statusCode).toBeLessThan(500);
  expectApiError(res, res.statusCode);
}

describe('bad input on every console route of issue 12 gets a 4xx and changes nothing', () => {
  for (const [method, path, payloads] of consoleCases) {
    const label = path.toString().replace(/^\(\) => /, '').replace(/\$\{ids\.(\w+)\}/g, ':$1').replace(/\$\{randomUUID\(\)\}/g, ':unknown').replace(/["`]/g, '');
    it(`${method} ${label}`, async () => {
      const before = snapshot();
      for (const payload of payloads) {
        const res =
          payload === notJson
            ? await hub.app.inject({
                method,
                url: `/api/v1${path()}`,
                headers: { cookie: helper.cookie, 'x-csrf-token': helper.csrf, 'content-type': 'application/json' },
                payload: '{"oops": ',
              })
            : await consoleCall(hub, helper, method as 'GET', path(), payload);
        await expect4xx(res, JSON.stringify(payload));
      }
      expect(snapshot()).toBe(before);
    });
  }

  it('POST /console/people/:id/goals/voice: wrong type, empty, no or bad duration, too long', async () => {
    const before = snapshot();
    const send = (headers: Record<string, string>, payload: Buffer) =>
      hub.app.inject({ method: 'POST', url: `/api/v1/console/people/${ids.person}/goals/voice`, headers: { cookie: helper.cookie, 'x-csrf-token': helper.csrf, ...headers }, payload });
    await expect4xx(await send({ 'content-type': 'audio/mpeg', 'x-voice-duration-ms': '1000' }, Buffer.from('x')), 'mpeg');
    await expect4xx(await send({ 'content-type': 'audio/webm', 'x-voice-duration-ms': '1000' }, Buffer.alloc(0)), 'empty');
    await expect4xx(await send({ 'content-type': 'audio/webm' }, Buffer.from('x')), 'no duration');
    await expect4xx(await send({ 'content-type': 'audio/webm', 'x-voice-duration-ms': 'long' }, Buffer.from('x')), 'bad duration');
    await expect4xx(await send({ 'content-type': 'audio/webm', 'x-voice-duration-ms': '999999' }, Buffer.from('x')), 'too long');
    await expect4xx(await send({ 'content-type': 'audio/webm', 'x-voice-duration-ms': '1000' }, Buffer.alloc(300 * 1024, 1)), 'too big');
    expect(snapshot()).toBe(before);
  });
});

describe('bad input on the machine routes of issue 12 gets a 4xx and changes nothing', () => {
  const machineCall = (token: string, url: string, payload: unknown) =>
    hub.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload: payload as Record<string, unknown> });
  const now = new Date().toISOString();
  const report = { id: randomUUID(), attemptId: randomUUID(), seq: 1, lessonId: 'souris-bouger', startedAt: now, at: now, finished: false, stepCount: 4, stepsDone: 1, seconds: 3, steps: [], helpRequests: 0 };

  it('POST /machine/consent, /machine/progress and /machine/visitor-card', async () => {
    const before = snapshot();
    for (const body of [{}, { id: 'x', granted: true, at: now }, { id: randomUUID(), granted: 'yes', at: now }, { id: randomUUID(), granted: true, at: 'now' }, { id: randomUUID(), granted: true, at: now, who: 1 }]) {
      expectApiError(await machineCall(homeToken, '/machine/consent', body), 400, 'invalid_input');
    }
    for (const body of [
      {},
      { ...report, lessonId: 'Pas Une Leçon' },
      { ...report, stepsDone: 5 },
      { ...report, seq: -1 },
      { ...report, steps: [{ index: 0, hintLevel: 9, misses: 0, seconds: 1 }] },
      { ...report, visitToken: 'short' },
      { ...report, person: 'Jeanne' },
    ]) {
      expectApiError(await machineCall(homeToken, '/machine/progress', body), 400, 'invalid_input');
    }
    for (const body of [{}, { code: [1, 2, 3] }, { code: [1, 2, 3, 16] }, { code: ['sun', 'moon', 'tree', 'cat'] }, { code: [1, 2, 3, 4], name: 'Lulu' }]) {
      expectApiError(await machineCall(kioskToken, '/machine/visitor-card', body), 400, 'invalid_input');
    }
    // Without consent (never asked) the home loan's progress is refused; a visit token never given is refused.
    expectApiError(await machineCall(homeToken, '/machine/progress', report), 409, 'no_consent');
    expectApiError(await machineCall(kioskToken, '/machine/progress', { ...report, visitToken: 'x'.repeat(43) }), 409, 'visit_ended');
    expect(snapshot()).toBe(before);
  });
});
