/**
 * The route × tenant table: every route of the hub, and what it gives a second association.
 *
 * Association A holds a machine with a help request (voice message, note, a beneficiary's phone
 * number from the loan register), helpers, a loan, health and usage reports. Association B's admin
 * and B's machine then call every route with A's ids. A row says how the route is scoped:
 *   - `association`: a console route; called as B's admin with A's ids, it answers 404 (`notFound`),
 *     400 when an id of A's is refused as input (`badInput`), or, for lists and B's own writes,
 *     a success that carries none of A's data (`noLeak`);
 *   - `machine`: a shell route; called with B's machine token and A's ids, same rule;
 *   - `feed`: a WebSocket whose hello and pushes carry nothing of A's (checked in its own test);
 *   - `public`: carries no tenant data at all (a reason is given).
 * After every call A's world, read back through A's own admin, must be unchanged. A registered route
 * without a row fails the completeness test: add the row with the route.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ConsoleEvent, MachineEvent } from '../../app/protocol/hub.ts';
import { consoleCall, enrolDemo, enrolMachineIn, helpSubmit, makeHub, postHelp, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { healthReport } from './reports-support.ts';
import { openFeed } from './ws-client.ts';
import { EDITED, postStory, storyBody } from './webzine-support.ts';
import { A_FOLLOWUP, A_HELPER_EMAIL, A_ISSUE, A_NOTE, A_PHONE, A_PLACE, A_STORY, A_TILE, A_VISITOR, B_PASSWORD, type Call, type World, aTiles, packArchive, tenantRows } from './tenancy/rows.ts';

let hub: TestHub;
let base: string;
let a: World;
let aAdmin: ConsoleSession;
let aToken: string;
let aMarkers: string[];
let bToken: string;
let bAdmin: string;

/** A's world as A's own admin sees it (what no call of B's may change). */
async function aSnapshot(): Promise<string> {
  const paths = [
    '/console/help-requests',
    '/console/help-requests/resolved',
    `/console/help-requests/${a.request}`,
    '/console/settings',
    '/console/machines',
    '/console/beneficiaries',
    '/console/loans',
    '/console/accounts',
    '/console/fleet',
    '/console/evaluation',
    '/console/lessons',
    '/console/updates',
    '/console/studio/lessons',
    `/console/studio/lessons/souris-cliquer/fr`,
    `/console/people/${a.beneficiary}`,
    `/console/people/${a.visitor}`,
    '/console/followups/due?today=2030-01-01',
    '/console/tiles',
    '/console/webzine/stories?state=all',
    '/console/webzine/issues',
  ];
  const parts: string[] = [];
  for (const path of paths) {
    const res = await consoleCall(hub, aAdmin, 'GET', path);
    expect(res.statusCode, path).toBe(200);
    parts.push(path, res.body);
  }
  return parts.join('\n');
}

/** A fresh session of B's admin for each call (logout and password rows end sessions). */
async function asB(): Promise<ConsoleSession> {
  const s = await hub.store.accounts.createSession(bAdmin, 60);
  return { cookie: `passerelle_session=${s.sessionId}`, csrf: s.csrfToken, sessionId: s.sessionId };
}

async function inject(call: Call, headers: Record<string, string>) {
  return hub.app.inject({
    method: call.method ?? 'GET',
    url: `/api/v1${call.path}`,
    headers: { ...headers, ...call.headers },
    ...(call.raw ? { payload: call.raw } : call.body !== undefined ? { payload: call.body as object } : {}),
  });
}

function expectNoLeak(what: string, body: string): void {
  for (const marker of aMarkers) expect(body.includes(marker), `${what} shows A's ${marker}`).toBe(false);
}

beforeAll(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  base = `127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  // ---- association A (the seeded one)
  aToken = (await enrolDemo(hub)).token;
  aAdmin = await sessionAs(hub, 'Agnes', 'admin');
  const helper = await hub.store.accounts.createAccount({
    associationId: hub.seed.associationId,
    email: A_HELPER_EMAIL,
    firstName: 'Marie',
    role: 'accompagnant',
    password: 'un mot de passe solide',
  });
  const beneficiary = (await consoleCall(hub, aAdmin, 'POST', '/console/beneficiaries', { firstName: 'Jeanne', phone: A_PHONE, language: 'fr' })).json() as { id: string };
  const loan = (await consoleCall(hub, aAdmin, 'POST', '/console/loans', { machineId: hub.seed.demoMachine.id, beneficiaryId: beneficiary.id })).json() as { id: string };
  const other = (await consoleCall(hub, aAdmin, 'POST', '/console/machines', { assetTag: 'A-SPARE-01', mode: 'home', cohort: 'home' })).json() as {
    machine: { id: string };
  };
  // A resolved request first (the "Résolues" view, issue 11): it names A's beneficiary and asset tag. Resolved before
  // the open one is made: a machine has one open request at a time.
  const resolved = helpSubmit();
  expect((await postHelp(hub, aToken, resolved)).statusCode).toBe(201);
  expect((await consoleCall(hub, aAdmin, 'POST', `/console/help-requests/${resolved.id as string}/actions`, { action: 'resolve', outcome: 'phone' })).statusCode).toBe(200);
  const request = helpSubmit();
  expect((await postHelp(hub, aToken, request)).statusCode).toBe(201);
  const voice = await hub.app.inject({
    method: 'PUT',
    url: `/api/v1/help-requests/${request.id as string}/voice`,
    headers: { authorization: `Bearer ${aToken}`, 'content-type': 'audio/webm', 'x-voice-duration-ms': '2000' },
    payload: Buffer.from('A voice bytes'),
  });
  expect(voice.statusCode).toBe(201);
  const file = await hub.app.inject({
    method: 'PUT',
    url: `/api/v1/help-requests/${request.id as string}/file`,
    headers: { authorization: `Bearer ${aToken}`, 'content-type': 'application/pdf', 'x-file-name': 'A%20facture.pdf' },
    payload: Buffer.from('%PDF-1.4 A file bytes'),
  });
  expect(file.statusCode).toBe(201);
  expect((await consoleCall(hub, aAdmin, 'POST', `/console/help-requests/${request.id as string}/notes`, { text: A_NOTE })).statusCode).toBe(201);
  const health = { id: randomUUID(), report: healthReport() };
  const sent = await hub.app.inject({ method: 'POST', url: '/api/v1/reports/health', headers: { authorization: `Bearer ${aToken}` }, payload: health });
  expect(sent.statusCode).toBe(201);
  // A's own lesson version, and A's machine's update status (issue 15).
  // Straight into the store: the checks a console upload runs are tested in lesson-routes.test.ts.
  const ownPack = packArchive('souris-bouger', 7);
  const added = await hub.store.lessons.addPackVersion(
    { associationId: hub.seed.associationId, id: 'souris-bouger', version: 7, sha256: createHash('sha256').update(ownPack).digest('hex'), size: ownPack.length, source: 'upload', publishedBy: helper.id },
    ownPack,
  );
  if (!added.ok) throw new Error(added.reason);
  const published = added.version;
  const aStatus = { id: randomUUID(), appVersion: '9.9.9-a', lessons: [{ id: 'souris-bouger', version: 7, source: 'received' }], updater: null, lessonFeed: null, at: new Date().toISOString() };
  expect((await hub.app.inject({ method: 'POST', url: '/api/v1/machine/update-status', headers: { authorization: `Bearer ${aToken}` }, payload: aStatus })).statusCode).toBe(200);
  // Issue 12: A's beneficiary has a path, a voice goal, a note and a suivi; A registered a visitor with a card.
  const aHelper = (await consoleCall(hub, aAdmin, 'GET', '/console/me')).json() as { id: string };
  expect((await consoleCall(hub, aAdmin, 'PUT', `/console/people/${beneficiary.id}/path`, { lessons: ['souris-bouger'] })).statusCode).toBe(200);
  const goal = await hub.store.accompaniment.addGoal(hub.seed.associationId, beneficiary.id, { voice: { mimeType: 'audio/webm', durationMs: 800, bytes: Buffer.from('A goal') } }, aHelper.id);
  expect((await consoleCall(hub, aAdmin, 'POST', `/console/people/${beneficiary.id}/notes`, { text: A_NOTE })).statusCode).toBe(201);
  const followup = { kind: 'home_visit', day: '2026-11-01', durationMinutes: 60, done: A_FOLLOWUP, nextStep: 'Revenir', nextDay: '2026-11-08' };
  expect((await consoleCall(hub, aAdmin, 'POST', `/console/people/${beneficiary.id}/followups`, followup)).statusCode).toBe(201);
  const visitor = (await consoleCall(hub, aAdmin, 'POST', '/console/visitors', { name: A_VISITOR })).json() as { id: string };
  expect((await consoleCall(hub, aAdmin, 'POST', `/console/visitors/${visitor.id}/card`)).statusCode).toBe(201);
  // Issue 13: A's tiles for its defaults, its beneficiary and a kiosk place.
  for (const path of ['/console/tiles/defaults', `/console/tiles/people/${beneficiary.id}`, `/console/tiles/places/${A_PLACE}`]) {
    expect((await consoleCall(hub, aAdmin, 'PUT', path, { tiles: aTiles })).statusCode, path).toBe(200);
  }
  // A's own version of a second lesson, only A's (B uploads its own souris-bouger in its row), with a recording.
  const studioPack = packArchive('souris-cliquer', 7);
  const studioAdded = await hub.store.lessons.addPackVersion(
    { associationId: hub.seed.associationId, id: 'souris-cliquer', version: 7, sha256: createHash('sha256').update(studioPack).digest('hex'), size: studioPack.length, source: 'upload', publishedBy: helper.id },
    studioPack,
  );
  if (!studioAdded.ok) throw new Error(studioAdded.reason);
  const recording = await hub.store.studio.addRecording(
    { associationId: hub.seed.associationId, lessonId: 'souris-cliquer', language: 'fr', key: '_goal', text: 'A', durationMs: 900, flags: [], recordedBy: helper.id },
    Buffer.from('A recording'),
  );
  // Issue 17: one story of A's published, another waiting in A's queue.
  const issue = (await consoleCall(hub, aAdmin, 'POST', '/console/webzine/issues', { title: A_ISSUE })).json() as { number: number };
  const story = storyBody();
  const waitingStory = storyBody();
  expect((await postStory(hub, aToken, story)).statusCode).toBe(201);
  expect((await postStory(hub, aToken, waitingStory)).statusCode).toBe(201);
  expect((await consoleCall(hub, aAdmin, 'PATCH', `/console/webzine/stories/${story.id as string}`, { ...EDITED, title: A_STORY, issue: issue.number })).statusCode).toBe(200);
  expect((await consoleCall(hub, aAdmin, 'POST', `/console/webzine/stories/${story.id as string}/publish`)).statusCode).toBe(200);
  a = {
    recording: recording.id,
    story: story.id as string,
    waitingStory: waitingStory.id as string,
    pack: { id: published.id, version: published.version, sha256: published.sha256 },
    visitor: visitor.id,
    goal: goal.id,
    request: request.id as string,
    machine: hub.seed.demoMachine.id,
    otherMachine: other.machine.id,
    beneficiary: beneficiary.id,
    loan: loan.id,
    helper: helper.id,
    healthReport: health.id,
  };
  aMarkers = [a.pack.sha256, '9.9.9-a', a.request, a.machine, a.otherMachine, a.beneficiary, a.loan, a.helper, A_PHONE, A_NOTE, A_HELPER_EMAIL, 'DEMO-0001', 'A-SPARE-01', 'Jeanne', 'Agnes'];
  aMarkers.push(a.visitor, a.goal, A_VISITOR, A_FOLLOWUP, A_TILE, 'site-a.example', A_PLACE, a.recording);
  aMarkers.push(a.story, a.waitingStory, A_STORY, A_ISSUE);
  // ---- association B
  const b = await hub.store.accounts.createAssociation('Association B');
  bAdmin = (await hub.store.accounts.createAccount({ associationId: b.id, email: 'bob@b.test', firstName: 'Bob', role: 'admin', password: B_PASSWORD })).id;
  bToken = (await enrolMachineIn(hub, b.id, 'B-0001')).token;
}, 60_000); // many accounts, two associations and an upload: a loaded CI machine needs more than the 10 s default
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

describe('route × tenant table', () => {
  it('has a row for every registered route (a new route without a tenant rule fails here)', () => {
    const missing = hub.routes.map((r) => `${r.method} ${r.url}`).filter((key) => !(key in tenantRows));
    expect(missing).toEqual([]);
  });

  for (const [key, row] of Object.entries(tenantRows)) {
    if (row.scope === 'public' || row.scope === 'feed') continue;
    it(`${key}: ${row.scope === 'machine' ? "B's machine" : "B's admin"} with A's ids ${row.expect === 'noLeak' ? 'sees nothing of A' : `gets ${{ notFound: 404, badInput: 400, conflict: 409, forbidden: 403 }[row.expect]}`} and changes nothing of A`, async () => {
      const before = await aSnapshot();
      const headers: Record<string, string> =
        row.scope === 'machine' ? { authorization: `Bearer ${bToken}` } : await asB().then((s) => ({ cookie: s.cookie, 'x-csrf-token': s.csrf }));
      const res = await inject(row.call(a), headers);
      if (row.expect === 'notFound') expect(res.statusCode, res.body).toBe(404);
      else if (row.expect === 'badInput') expect(res.statusCode, res.body).toBe(400);
      else if (row.expect === 'conflict') expect(res.statusCode, res.body).toBe(409);
      else if (row.expect === 'forbidden') expect(res.statusCode, res.body).toBe(403);
      else expect(res.statusCode, res.body).toBeLessThan(400);
      expectNoLeak(key, res.body);
      expect(await aSnapshot()).toBe(before);
    });
  }

  it("GET /webzine/:association/*: B's journal (site, feed, media) never shows A's stories, and A's files are not under B's address", async () => {
    const bId = (await hub.store.accounts.getAccount(bAdmin))!.associationId;
    const aSite = (await hub.app.inject({ method: 'GET', url: `/webzine/${hub.seed.associationId}/` })).body;
    expect(aSite).toContain(A_STORY); // A's journal does show it: the check below is not vacuous
    for (const path of ['', 'feed.xml', 'style.css', `media/${a.story}.mp3`, `media/${a.story}.jpg`, 'numero-1/']) {
      const res = await hub.app.inject({ method: 'GET', url: `/webzine/${bId}/${path}` });
      if (path.startsWith('media/') || path.startsWith('numero-')) expect(res.statusCode, path).toBe(404);
      else expect(res.statusCode, path).toBe(200);
      expectNoLeak(`B's journal ${path}`, res.body);
    }
  });

  it("GET /webzine/: B's signed-in helper is sent to B's journal (the console's link), anyone else to the hub's own", async () => {
    const bId = (await hub.store.accounts.getAccount(bAdmin))!.associationId;
    const s = await asB();
    const asHelper = await hub.app.inject({ method: 'GET', url: '/webzine/', headers: { cookie: s.cookie } });
    expect(asHelper.headers.location).toBe(`/webzine/${bId}/`);
    const asA = await hub.app.inject({ method: 'GET', url: '/webzine/', headers: { cookie: aAdmin.cookie, 'accept-language': 'ar' } });
    expect(asA.headers.location).toBe(`/webzine/${hub.seed.associationId}/ar/`);
    const anonymous = await hub.app.inject({ method: 'GET', url: '/webzine/', headers: { cookie: 'passerelle_session=not-a-session' } });
    expect(anonymous.headers.location).toBe(`/webzine/${hub.seed.associationId}/`);
  });

  it("GET /api/v1/console/feed: B's console feed says hello without A's queue and receives none of A's changes", async () => {
    const s = await asB();
    const b = await openFeed(`ws://${base}/api/v1/console/feed`, { cookie: s.cookie, origin: `http://${base}` });
    const aFeed = await openFeed(`ws://${base}/api/v1/console/feed`, { cookie: aAdmin.cookie, origin: `http://${base}` });
    const hello = ConsoleEvent.parse(await b.feed.next());
    expect(hello).toMatchObject({ type: 'hello', queue: [] });
    expect(ConsoleEvent.parse(await aFeed.feed.next()).type).toBe('hello');
    expect((await consoleCall(hub, aAdmin, 'POST', `/console/help-requests/${a.request}/notes`, { text: 'encore' })).statusCode).toBe(201);
    // A's own feed gets the change: it was published; B's gets nothing.
    expect(ConsoleEvent.parse(await aFeed.feed.next())).toMatchObject({ type: 'help.upsert', request: { id: a.request } });
    await new Promise((r) => setTimeout(r, 200));
    // B's own presence may be pushed (B's admin is on duty); nothing about A's requests.
    expect(b.feed.seen.map((e) => ConsoleEvent.parse(e).type)).not.toContain('help.upsert');
    expectNoLeak('console feed', JSON.stringify(b.feed.seen));
    closeAll(b, aFeed);
  });

  it("GET /api/v1/machine/feed: B's machine feed says hello without A's requests and receives none of A's changes", async () => {
    const b = await openFeed(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${bToken}` });
    const aFeed = await openFeed(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${aToken}` });
    const hello = MachineEvent.parse(await b.feed.next());
    expect(hello).toMatchObject({ type: 'hello', open: [] });
    expectNoLeak('machine hello', JSON.stringify(hello));
    expect(MachineEvent.parse(await aFeed.feed.next()).type).toBe('hello');
    expect((await consoleCall(hub, aAdmin, 'PUT', '/console/settings', { helpPhone: '01 11 11 11 11' })).statusCode).toBe(200);
    expect(MachineEvent.parse(await aFeed.feed.next())).toMatchObject({ type: 'service', service: { helpPhone: '01 11 11 11 11' } });
    await new Promise((r) => setTimeout(r, 200));
    // B's own service may change (B's helpers come and go); A's phone number never reaches B.
    expect(JSON.stringify(b.feed.seen)).not.toContain('01 11 11 11 11');
    expectNoLeak('machine feed', JSON.stringify(b.feed.seen));
    closeAll(b, aFeed);
  });
});

function closeAll(...sockets: WebSocket[]): void {
  for (const s of sockets) s.close();
}
