/**
 * Following each person on the hub (issue 12): progress only with consent, withdrawal on the machine or
 * in the console deleting it, the path reaching the machine with who chose it, the follow-ups due, and
 * kiosk visitors resuming with their picture-code card (wrong codes limited per kiosk).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MachineEvent } from '../../app/protocol/hub.ts';
import type { PersonDetail } from '../../app/protocol/accompaniment.ts';
import { consoleCall, expectApiError, makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { openFeed } from './ws-client.ts';

let hub: TestHub;
let base: string;
let marie: ConsoleSession & { id: string };

beforeAll(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  base = `127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  marie = await sessionAs(hub, 'Marie', 'accompagnant');
  await hub.store.accounts.setPhoto(marie.id, 'data:image/png;base64,iVBORw0KGgo=');
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

let tags = 0;
/** A machine enrolled through the store (the enrol route is rate-limited; it has its own tests). */
async function enrolled(associationId: string, mode: 'home' | 'kiosk'): Promise<{ token: string; machineId: string }> {
  const m = await hub.store.register.createMachine({ associationId, assetTag: `${mode.toUpperCase()}-${++tags}`, mode, cohort: 'home' });
  const { code } = await hub.store.register.createEnrolmentCode(m.id, 60);
  const result = await hub.store.register.enrol(code);
  if (!result.ok) throw new Error(result.reason);
  return { token: result.token, machineId: m.id };
}
/** A beneficiary with a home machine lent to them. */
async function homeLoan(): Promise<{ token: string; machineId: string; person: string }> {
  const machine = await enrolled(hub.seed.associationId, 'home');
  const person = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: '0611223344', language: 'fr' });
  const loan = await consoleCall(hub, await sessionAs(hub, `Staff${tags}`, 'staff'), 'POST', '/console/loans', { machineId: machine.machineId, beneficiaryId: person.id });
  expect(loan.statusCode).toBe(201);
  return { ...machine, person: person.id };
}
const machinePost = (token: string, url: string, payload: unknown) =>
  hub.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload: payload as Record<string, unknown> });
function report(over: Record<string, unknown> = {}) {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    attemptId: randomUUID(),
    seq: 1,
    lessonId: 'souris-bouger',
    startedAt: now,
    at: now,
    finished: false,
    stepCount: 4,
    stepsDone: 1,
    seconds: 12,
    steps: [{ index: 0, hintLevel: 0, misses: 0, seconds: 12 }],
    helpRequests: 0,
    ...over,
  };
}
const page = async (person: string) => (await consoleCall(hub, marie, 'GET', `/console/people/${person}`)).json() as PersonDetail;

describe('progress with consent', () => {
  it('is refused until the person consents on the machine, then stored once, newest state kept', async () => {
    const { token, person } = await homeLoan();
    expectApiError(await machinePost(token, '/machine/progress', report()), 409, 'no_consent');
    const consent = await machinePost(token, '/machine/consent', { id: randomUUID(), granted: true, at: new Date().toISOString() });
    expect(consent.statusCode).toBe(200);
    expect(consent.json()).toMatchObject({ state: 'granted', source: 'machine', by: null });

    const first = report();
    expect((await machinePost(token, '/machine/progress', first)).statusCode).toBe(201);
    expect((await machinePost(token, '/machine/progress', first)).json()).toEqual({ id: first.id, status: 'duplicate' });
    const finished = report({ attemptId: first.attemptId, seq: 3, finished: true, stepsDone: 4, seconds: 95 });
    expect((await machinePost(token, '/machine/progress', finished)).statusCode).toBe(201);
    // An older report arriving late changes nothing.
    const late = report({ attemptId: first.attemptId, seq: 2, stepsDone: 2 });
    expect((await machinePost(token, '/machine/progress', late)).json()).toEqual({ id: late.id, status: 'duplicate' });

    const detail = await page(person);
    expect(detail.consent.state).toBe('granted');
    expect(detail.attempts).toHaveLength(1);
    expect(detail.attempts[0]).toMatchObject({ lessonId: 'souris-bouger', stepsDone: 4, seconds: 95 });
    expect(detail.attempts[0]!.finishedAt).not.toBeNull();
  });

  it('withdrawn in the console: the person’s progress is deleted on the hub and no more is accepted', async () => {
    const { token, person } = await homeLoan();
    await machinePost(token, '/machine/consent', { id: randomUUID(), granted: true, at: new Date().toISOString() });
    expect((await machinePost(token, '/machine/progress', report())).statusCode).toBe(201);
    expect((await page(person)).attempts).toHaveLength(1);
    const off = await consoleCall(hub, marie, 'PUT', `/console/people/${person}/consent`, { granted: false });
    expect(off.json()).toMatchObject({ state: 'withdrawn', source: 'console', by: { firstName: 'Marie' } });
    expect((await page(person)).attempts).toEqual([]);
    expectApiError(await machinePost(token, '/machine/progress', report()), 409, 'no_consent');
  });

  it('withdrawn on the machine: the same', async () => {
    const { token, person } = await homeLoan();
    await machinePost(token, '/machine/consent', { id: randomUUID(), granted: true, at: new Date().toISOString() });
    expect((await machinePost(token, '/machine/progress', report({ finished: true, stepsDone: 4 }))).statusCode).toBe(201);
    const off = await machinePost(token, '/machine/consent', { id: randomUUID(), granted: false, at: new Date().toISOString() });
    expect(off.json()).toMatchObject({ state: 'withdrawn', source: 'machine' });
    expect((await page(person)).attempts).toEqual([]);
    expectApiError(await machinePost(token, '/machine/progress', report()), 409, 'no_consent');
  });

  it('an attempt id of another person is refused, not merged', async () => {
    const a = await homeLoan();
    const b = await homeLoan();
    for (const m of [a, b]) await machinePost(m.token, '/machine/consent', { id: randomUUID(), granted: true, at: new Date().toISOString() });
    const r = report();
    expect((await machinePost(a.token, '/machine/progress', r)).statusCode).toBe(201);
    expectApiError(await machinePost(b.token, '/machine/progress', report({ attemptId: r.attemptId, seq: 5 })), 409, 'id_conflict');
    expect((await page(b.person)).attempts).toEqual([]);
  });
});

describe('the path and the machine feed', () => {
  it('the machine lent to the person hears their path, who chose each lesson (with photo), their language and consent', async () => {
    const { token, person } = await homeLoan();
    const feed = await openFeed(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` });
    const hello = MachineEvent.parse(await feed.feed.next());
    expect(hello).toMatchObject({ type: 'hello', person: { firstName: 'Jeanne', language: 'fr', consent: 'unasked', path: [] } });

    expect((await consoleCall(hub, marie, 'PUT', `/console/people/${person}/path`, { lessons: ['souris-cliquer', 'souris-bouger'] })).statusCode).toBe(200);
    const pushed = MachineEvent.parse(await feed.feed.next());
    expect(pushed).toMatchObject({
      type: 'person',
      person: { path: [{ lessonId: 'souris-cliquer', chosenBy: { firstName: 'Marie', photo: 'data:image/png;base64,iVBORw0KGgo=' } }, { lessonId: 'souris-bouger' }] },
    });

    // The staff change the person's language in the register: the machine switches.
    const staff = await sessionAs(hub, 'Sam', 'staff');
    expect((await consoleCall(hub, staff, 'PATCH', `/console/beneficiaries/${person}`, { language: 'ar' })).statusCode).toBe(200);
    expect(MachineEvent.parse(await feed.feed.next())).toMatchObject({ type: 'person', person: { language: 'ar' } });
    feed.close();
  });

  it('reordering keeps who chose a lesson; suggestions leave out the path and start at the map’s beginning', async () => {
    const { person } = await homeLoan();
    const other = await sessionAs(hub, 'Paul', 'accompagnant');
    await consoleCall(hub, marie, 'PUT', `/console/people/${person}/path`, { lessons: ['souris-bouger'] });
    const path = (await consoleCall(hub, other, 'PUT', `/console/people/${person}/path`, { lessons: ['clavier-lettres', 'souris-bouger'] })).json() as {
      lessonId: string;
      chosenBy: { firstName: string };
    }[];
    expect(path.map((p) => [p.lessonId, p.chosenBy.firstName])).toEqual([
      ['clavier-lettres', 'Paul'],
      ['souris-bouger', 'Marie'],
    ]);
    const suggestions = (await consoleCall(hub, marie, 'GET', `/console/people/${person}/suggestions`)).json() as { lessonId: string }[];
    expect(suggestions.map((s) => s.lessonId)).not.toContain('souris-bouger');
  });
});

describe('the suivi log', () => {
  it('lists each person’s latest contact due today or overdue, not the future ones', async () => {
    const due = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Odette', phone: '0611223344', language: 'fr' });
    const later = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Paulette', phone: '0611223344', language: 'fr' });
    const add = (person: string, day: string, nextDay: string | null, nextStep = 'Rappeler') =>
      consoleCall(hub, marie, 'POST', `/console/people/${person}/followups`, { kind: 'phone', day, durationMinutes: 10, done: 'Appel', nextStep, nextDay });
    expect((await add(due.id, '2026-10-01', '2026-10-15', 'Visite à domicile')).statusCode).toBe(201);
    // Paulette's newer contact moved her next date to the future: her older overdue date no longer counts.
    await add(later.id, '2026-10-01', '2026-10-10');
    await add(later.id, '2026-11-20', '2026-12-15');
    const list = (await consoleCall(hub, marie, 'GET', '/console/followups/due?today=2026-11-30')).json() as { firstName: string; overdue: boolean; nextStep: string }[];
    expect(list.filter((d) => ['Odette', 'Paulette'].includes(d.firstName))).toEqual([expect.objectContaining({ firstName: 'Odette', overdue: true, nextStep: 'Visite à domicile' })]);
    const today = (await consoleCall(hub, marie, 'GET', '/console/followups/due?today=2026-10-15')).json() as { firstName: string; overdue: boolean }[];
    expect(today).toContainEqual(expect.objectContaining({ firstName: 'Odette', overdue: false }));
  });
});

describe('kiosk visitors and their card', () => {
  const kiosk = (associationId = hub.seed.associationId) => enrolled(associationId, 'kiosk');

  it('a card code resumes the visitor’s path on any kiosk of the association; their progress lives on the hub', async () => {
    const visitor = await hub.store.visitors.createVisitor(hub.seed.associationId, { name: 'Lulu', language: 'ar' }, marie.id);
    await consoleCall(hub, marie, 'PUT', `/console/people/${visitor.id}/path`, { lessons: ['souris-cliquer'] });
    const card = await hub.store.visitors.issueCard(hub.seed.associationId, visitor.id);
    const { token } = await kiosk();
    const resumed = await machinePost(token, '/machine/visitor-card', { code: card!.code });
    expect(resumed.statusCode, resumed.body).toBe(200);
    const answer = resumed.json() as { visitToken: string; person: { firstName: string; language: string; path: { lessonId: string }[] } };
    expect(answer.person).toMatchObject({ kind: 'visitor', firstName: 'Lulu', language: 'ar', consent: 'granted', path: [{ lessonId: 'souris-cliquer' }] });
    const r = report({ visitToken: answer.visitToken, lessonId: 'souris-cliquer', finished: true, stepsDone: 4 });
    expect((await machinePost(token, '/machine/progress', r)).statusCode).toBe(201);
    expect((await page(visitor.id)).attempts).toHaveLength(1);
    // The token is this kiosk's: another kiosk cannot write with it.
    const other = await kiosk();
    expectApiError(await machinePost(other.token, '/machine/progress', report({ visitToken: answer.visitToken })), 409, 'visit_ended');
    // Back on another kiosk with the card: the lesson is finished.
    const again = (await machinePost(other.token, '/machine/visitor-card', { code: card!.code })).json() as { person: { finished: string[] } };
    expect(again.person.finished).toEqual(['souris-cliquer']);
  });

  it('wrong codes are limited per kiosk: 5 tries, then a wait that doubles; a right code then still waits', async () => {
    const visitor = await hub.store.visitors.createVisitor(hub.seed.associationId, { name: 'Momo', language: 'fr' }, marie.id);
    const card = await hub.store.visitors.issueCard(hub.seed.associationId, visitor.id);
    const wrong = [0, 1, 2, 3].map((i) => (card!.code[0]! + 1 + i) % 16);
    const { token } = await kiosk();
    const lefts: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await machinePost(token, '/machine/visitor-card', { code: wrong });
      expectApiError(res, 404, 'wrong_code');
      lefts.push((res.json() as { attemptsLeft: number }).attemptsLeft);
    }
    expect(lefts).toEqual([4, 3, 2, 1]);
    const locked = await machinePost(token, '/machine/visitor-card', { code: wrong });
    expectApiError(locked, 429, 'card_locked');
    expect(locked.headers['retry-after']).toBe('300');
    expectApiError(await machinePost(token, '/machine/visitor-card', { code: card!.code }), 429, 'card_locked');
    // Another kiosk is not locked by this one's tries.
    const other = await kiosk();
    const otherRes = await machinePost(other.token, '/machine/visitor-card', { code: card!.code });
    expect(otherRes.statusCode, otherRes.body).toBe(200);
    // After the wait, the next five wrong codes lock twice as long.
    hub.clock.now = new Date(hub.clock.now.getTime() + 301_000);
    for (let i = 0; i < 4; i++) expectApiError(await machinePost(token, '/machine/visitor-card', { code: wrong }), 404, 'wrong_code');
    const longer = await machinePost(token, '/machine/visitor-card', { code: wrong });
    expect(longer.headers['retry-after']).toBe('600');
    hub.clock.now = new Date(hub.clock.now.getTime() + 601_000);
    expect((await machinePost(token, '/machine/visitor-card', { code: card!.code })).statusCode).toBe(200);
  });

  it('a new card replaces the old one; another association’s kiosk never finds the visitor; a home machine is refused', async () => {
    const visitor = await hub.store.visitors.createVisitor(hub.seed.associationId, { name: 'Zoé', language: 'fr' }, marie.id);
    const first = await hub.store.visitors.issueCard(hub.seed.associationId, visitor.id);
    const second = await hub.store.visitors.issueCard(hub.seed.associationId, visitor.id);
    const { token } = await kiosk();
    if (first!.code.join() !== second!.code.join()) expectApiError(await machinePost(token, '/machine/visitor-card', { code: first!.code }), 404, 'wrong_code');
    const secondRes = await machinePost(token, '/machine/visitor-card', { code: second!.code });
    expect(secondRes.statusCode, secondRes.body).toBe(200);
    const b = await hub.store.accounts.createAssociation('Association B');
    const bKiosk = await kiosk(b.id);
    expectApiError(await machinePost(bKiosk.token, '/machine/visitor-card', { code: second!.code }), 404, 'wrong_code');
    const { token: home } = await homeLoan();
    expectApiError(await machinePost(home, '/machine/visitor-card', { code: second!.code }), 409, 'not_a_kiosk');
  });

  it('forgetting a visitor deletes everything held about them', async () => {
    const visitor = (await consoleCall(hub, marie, 'POST', '/console/visitors', { name: 'Sacha' })).json() as { id: string };
    await consoleCall(hub, marie, 'POST', `/console/people/${visitor.id}/notes`, { text: 'Aime les cartes postales' });
    await consoleCall(hub, marie, 'PUT', `/console/people/${visitor.id}/path`, { lessons: ['souris-bouger'] });
    expect((await consoleCall(hub, marie, 'DELETE', `/console/visitors/${visitor.id}`)).statusCode).toBe(204);
    expectApiError(await consoleCall(hub, marie, 'GET', `/console/people/${visitor.id}`), 404, 'not_found');
    expect(await hub.store.accompaniment.listNotes(hub.seed.associationId, visitor.id)).toEqual([]);
    expect(await hub.store.accompaniment.getPath(hub.seed.associationId, visitor.id)).toEqual([]);
  });
});
