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
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { ConsoleEvent, MachineEvent } from '../../app/protocol/hub.ts';
import { readFolder, writeArchive } from '../../lib/packs/archive.ts';
import { DEFAULT_LESSONS_DIR } from '../../server/hub.ts';
import { consoleCall, enrolDemo, enrolMachineIn, helpSubmit, makeHub, postHelp, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { healthReport, usageBatch } from './reports-support.ts';
import { openFeed } from './ws-client.ts';
import { EDITED, postStory, storyBody } from './webzine-support.ts';

interface World {
  request: string;
  machine: string;
  otherMachine: string;
  beneficiary: string;
  loan: string;
  helper: string;
  healthReport: string;
  /** A's own version of a lesson pack (issue 15). */
  pack: { id: string; version: number; sha256: string };
  visitor: string;
  goal: string;
  /** A sentence of A's own lesson recorded by A's helper (issue 14). */
  recording: string;
  /** Issue 17: A's published story and one waiting in A's queue. */
  story: string;
  waitingStory: string;
}
type Call = { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: unknown; headers?: Record<string, string>; raw?: Buffer };
type Row =
  | { scope: 'association'; expect: 'notFound' | 'badInput' | 'forbidden' | 'noLeak'; call: (a: World) => Call }
  | { scope: 'machine'; expect: 'notFound' | 'conflict' | 'noLeak'; call: (a: World) => Call }
  | { scope: 'feed' }
  | { scope: 'public'; why: string };

const A_PHONE = '06 11 11 11 11';
const A_NOTE = 'Note privée de A';
const A_HELPER_EMAIL = 'marie@a.test';
const A_VISITOR = 'Zazie-de-A';
const A_FOLLOWUP = 'Visite chez Jeanne de A';
const B_PASSWORD = 'un mot de passe solide';
const A_TILE = 'Site-de-A';
const A_PLACE = 'Mairie-de-A';
const aTiles = [{ kind: 'website', id: 'site-a', picture: 'euro', label: A_TILE, url: 'https://site-a.example/', domains: ['site-a.example'] }];
const A_STORY = 'Histoire-de-A';
const A_ISSUE = 'Numéro-de-A';

const association = (expect: 'notFound' | 'badInput' | 'forbidden' | 'noLeak', call: (a: World) => Call): Row => ({ scope: 'association', expect, call });
const machine = (expect: 'notFound' | 'conflict' | 'noLeak', call: (a: World) => Call): Row => ({ scope: 'machine', expect, call });
const publicRoute = (why: string): Row => ({ scope: 'public', why });

export const tenantRows: Record<string, Row> = {
  'GET /livez': publicRoute('liveness only'),
  // The hub's operator: an operator session, no association's data (operator.test.ts proves both).
  'POST /api/v1/operator/login': publicRoute('an operator email and password; the operator session opens no association route'),
  'POST /api/v1/operator/logout': publicRoute('ends the operator session'),
  'GET /api/v1/operator/me': publicRoute('the operator themselves'),
  'GET /api/v1/operator/associations': publicRoute('names and sizes of associations only: no person, machine, request or report'),
  'POST /api/v1/operator/associations': publicRoute('a new association with its first admin; A is unchanged'),
  'GET /metrics': publicRoute('counts and timings for the whole hub, no association, machine or person in any label; behind its own token (metrics.test.ts)'),
  'GET /api/openapi.json': publicRoute('the API description, the same for every association'),
  'GET /': publicRoute('a redirect to the console'),
  'GET /console': publicRoute('the console files'),
  'GET /console/*': publicRoute('the console files'),
  'POST /api/v1/console/login': publicRoute('an email and a password; the session it opens is then scoped'),
  'POST /api/v1/enrol': publicRoute('a one-time code; the token it gives is then scoped'),

  // ---- the shell's side: B's machine with A's ids
  'POST /api/v1/help-requests': machine('conflict', (a) => ({ method: 'POST', path: '/help-requests', body: helpSubmit({ id: a.request }) })),
  'POST /api/v1/help-requests/:id/cancel': machine('notFound', (a) => ({ method: 'POST', path: `/help-requests/${a.request}/cancel` })),
  'PUT /api/v1/help-requests/:id/voice': machine('notFound', (a) => ({
    method: 'PUT',
    path: `/help-requests/${a.request}/voice`,
    headers: { 'content-type': 'audio/webm', 'x-voice-duration-ms': '1000' },
    raw: Buffer.from('B voice'),
  })),
  'GET /api/v1/machine/help-requests': machine('noLeak', () => ({ path: '/machine/help-requests' })),
  'POST /api/v1/reports/health': machine('conflict', (a) => ({ method: 'POST', path: '/reports/health', body: { id: a.healthReport, report: healthReport({ assetTag: 'B-0001' }) } })),
  'POST /api/v1/reports/usage': machine('noLeak', () => ({
    method: 'POST',
    path: '/reports/usage',
    body: usageBatch(new Date().toISOString().slice(0, 10), [{ metric: 'lesson.started', label: 'souris-1', value: 50 }]),
  })),
  'GET /api/v1/machine/feed': { scope: 'feed' },
  // Updates (issue 15): the hub's content key is the same for every association; the index and packs are the machine's own association's.
  'GET /api/v1/machine/content-key': machine('noLeak', () => ({ path: '/machine/content-key' })),
  'GET /api/v1/machine/lessons/index': machine('noLeak', () => ({ path: '/machine/lessons/index' })),
  'GET /api/v1/machine/lessons/packs/:id/:version': machine('notFound', (a) => ({ path: `/machine/lessons/packs/${a.pack.id}/${a.pack.version}` })),
  'POST /api/v1/machine/update-status': machine('noLeak', () => ({
    method: 'POST',
    path: '/machine/update-status',
    body: { id: randomUUID(), appVersion: '1.0.0', lessons: [], updater: null, lessonFeed: null, at: new Date().toISOString() },
  })),
  'GET /updates/*': publicRoute('the release folder: free software and a feed signed off the hub, the same for every association'),
  // Issue 12: B's machine is on loan to nobody and is no kiosk of A's.
  'POST /api/v1/machine/consent': machine('conflict', () => ({ method: 'POST', path: '/machine/consent', body: { id: randomUUID(), granted: false, at: new Date().toISOString() } })),
  'POST /api/v1/machine/progress': machine('conflict', () => ({ method: 'POST', path: '/machine/progress', body: progressReport() })),
  'POST /api/v1/machine/visitor-card': machine('conflict', () => ({ method: 'POST', path: '/machine/visitor-card', body: { code: [0, 1, 2, 3] } })),

  // ---- the console's side: B's admin with A's ids
  'POST /api/v1/console/logout': association('noLeak', () => ({ method: 'POST', path: '/console/logout' })),
  'GET /api/v1/console/me': association('noLeak', () => ({ path: '/console/me' })),
  'PUT /api/v1/console/me/duty': association('noLeak', () => ({ method: 'PUT', path: '/console/me/duty', body: { onDuty: true } })),
  'PUT /api/v1/console/me/first-name': association('noLeak', () => ({ method: 'PUT', path: '/console/me/first-name', body: { firstName: 'Bob' } })),
  'PUT /api/v1/console/me/photo': association('noLeak', () => ({ method: 'PUT', path: '/console/me/photo', body: { photo: null } })),
  'POST /api/v1/console/me/password': association('noLeak', () => ({
    method: 'POST',
    path: '/console/me/password',
    body: { currentPassword: B_PASSWORD, newPassword: B_PASSWORD },
  })),
  'GET /api/v1/console/presence': association('noLeak', () => ({ path: '/console/presence' })),
  'GET /api/v1/console/helpers': association('noLeak', () => ({ path: '/console/helpers' })),
  'GET /api/v1/console/help-requests': association('noLeak', () => ({ path: '/console/help-requests' })),
  'GET /api/v1/console/help-requests/resolved': association('noLeak', () => ({ path: '/console/help-requests/resolved' })),
  'GET /api/v1/console/help-requests/:id': association('notFound', (a) => ({ path: `/console/help-requests/${a.request}` })),
  'POST /api/v1/console/help-requests/:id/actions': association('notFound', (a) => ({
    method: 'POST',
    path: `/console/help-requests/${a.request}/actions`,
    body: { action: 'claim' },
  })),
  'POST /api/v1/console/help-requests/:id/notes': association('notFound', (a) => ({
    method: 'POST',
    path: `/console/help-requests/${a.request}/notes`,
    body: { text: 'Bob was here' },
  })),
  'GET /api/v1/console/help-requests/:id/voice': association('notFound', (a) => ({ path: `/console/help-requests/${a.request}/voice` })),
  'GET /api/v1/console/feed': { scope: 'feed' },
  'GET /api/v1/console/machines': association('noLeak', () => ({ path: '/console/machines' })),
  'POST /api/v1/console/machines': association('noLeak', () => ({
    method: 'POST',
    path: '/console/machines',
    body: { assetTag: `B-${randomUUID().slice(0, 8)}`, mode: 'home', cohort: 'home' },
  })),
  'PATCH /api/v1/console/machines/:id': association('notFound', (a) => ({ method: 'PATCH', path: `/console/machines/${a.machine}`, body: { mode: 'kiosk' } })),
  'POST /api/v1/console/machines/:id/enrolment-code': association('notFound', (a) => ({
    method: 'POST',
    path: `/console/machines/${a.otherMachine}/enrolment-code`,
  })),
  'POST /api/v1/console/machines/:id/retire': association('notFound', (a) => ({ method: 'POST', path: `/console/machines/${a.machine}/retire` })),
  'GET /api/v1/console/machines/:id/history': association('notFound', (a) => ({ path: `/console/machines/${a.machine}/history` })),
  'GET /api/v1/console/beneficiaries': association('noLeak', () => ({ path: '/console/beneficiaries' })),
  'POST /api/v1/console/beneficiaries': association('badInput', (a) => ({
    method: 'POST',
    path: '/console/beneficiaries',
    body: { firstName: 'Odile', phone: '06 22 22 22 22', language: 'fr', helperId: a.helper },
  })),
  'PATCH /api/v1/console/beneficiaries/:id': association('notFound', (a) => ({
    method: 'PATCH',
    path: `/console/beneficiaries/${a.beneficiary}`,
    body: { phone: '06 99 99 99 99' },
  })),
  'GET /api/v1/console/beneficiaries/:id/history': association('notFound', (a) => ({ path: `/console/beneficiaries/${a.beneficiary}/history` })),
  'GET /api/v1/console/loans': association('noLeak', () => ({ path: '/console/loans' })),
  'POST /api/v1/console/loans': association('notFound', (a) => ({
    method: 'POST',
    path: '/console/loans',
    body: { machineId: a.otherMachine, beneficiaryId: a.beneficiary },
  })),
  'POST /api/v1/console/loans/:id/end': association('notFound', (a) => ({ method: 'POST', path: `/console/loans/${a.loan}/end` })),
  'GET /api/v1/console/settings': association('noLeak', () => ({ path: '/console/settings' })),
  'PUT /api/v1/console/settings': association('noLeak', () => ({ method: 'PUT', path: '/console/settings', body: { helpPhone: '01 02 03 04 05' } })),
  'GET /api/v1/console/accounts': association('noLeak', () => ({ path: '/console/accounts' })),
  'POST /api/v1/console/accounts': association('noLeak', () => ({
    method: 'POST',
    path: '/console/accounts',
    body: { email: `n${randomUUID().slice(0, 8)}@b.test`, firstName: 'Nina', role: 'accompagnant' },
  })),
  'PATCH /api/v1/console/accounts/:id': association('notFound', (a) => ({ method: 'PATCH', path: `/console/accounts/${a.helper}`, body: { disabled: true } })),
  'POST /api/v1/console/accounts/:id/password-reset': association('notFound', (a) => ({
    method: 'POST',
    path: `/console/accounts/${a.helper}/password-reset`,
  })),
  'GET /api/v1/console/fleet': association('noLeak', () => ({ path: '/console/fleet' })),
  'GET /api/v1/console/fleet/:id/history': association('notFound', (a) => ({ path: `/console/fleet/${a.machine}/history` })),
  'GET /api/v1/console/fleet/:id/glpi.json': association('notFound', (a) => ({ path: `/console/fleet/${a.machine}/glpi.json` })),
  // B's machine sent no report: nothing to export (A's reports are not B's).
  'GET /api/v1/console/fleet/glpi.zip': association('notFound', () => ({ path: '/console/fleet/glpi.zip' })),
  'GET /api/v1/console/evaluation': association('noLeak', () => ({ path: '/console/evaluation' })),
  'GET /api/v1/console/evaluation.csv': association('noLeak', () => ({ path: '/console/evaluation.csv' })),
  // Updates (issue 15)
  'GET /api/v1/console/lessons': association('noLeak', () => ({ path: '/console/lessons' })),
  'POST /api/v1/console/lessons/packs': association('noLeak', () => ({
    method: 'POST',
    path: '/console/lessons/packs',
    headers: { 'content-type': 'application/gzip' },
    raw: packArchive('souris-bouger', 8),
  })),
  'GET /api/v1/console/updates': association('noLeak', () => ({ path: '/console/updates' })),
  // The release folder is the hub's: only the operating association (the first, A) pauses its rollout.
  'PUT /api/v1/console/updates/rollout': association('forbidden', () => ({ method: 'PUT', path: '/console/updates/rollout', body: { paused: true } })),

  // The recording studio (issue 14): B sees neither A's lessons nor A's recordings
  'GET /api/v1/console/studio/lessons': association('noLeak', () => ({ path: '/console/studio/lessons' })),
  'GET /api/v1/console/studio/lessons/:id/:language': association('notFound', () => ({ path: '/console/studio/lessons/souris-cliquer/fr' })),
  'POST /api/v1/console/studio/lessons/:id/:language/:key/recordings': association('notFound', () => ({
    method: 'POST',
    path: '/console/studio/lessons/souris-cliquer/fr/_goal/recordings',
    headers: { 'content-type': 'audio/wav' },
    raw: Buffer.concat([Buffer.from('RIFF\x24\x00\x00\x00WAVE', 'latin1'), Buffer.alloc(40)]),
  })),
  'GET /api/v1/console/studio/recordings/:id/audio': association('notFound', (a) => ({ path: `/console/studio/recordings/${a.recording}/audio` })),
  'POST /api/v1/console/studio/recordings/:id/approve': association('notFound', (a) => ({ method: 'POST', path: `/console/studio/recordings/${a.recording}/approve` })),
  'POST /api/v1/console/studio/recordings/:id/reject': association('notFound', (a) => ({ method: 'POST', path: `/console/studio/recordings/${a.recording}/reject` })),

  // ---- following each person (issue 12)
  'GET /api/v1/console/people': association('noLeak', () => ({ path: '/console/people' })),
  'GET /api/v1/console/people/:id': association('notFound', (a) => ({ path: `/console/people/${a.beneficiary}` })),
  'GET /api/v1/console/people/:id/access-report': association('notFound', (a) => ({ path: `/console/people/${a.visitor}/access-report` })),
  'GET /api/v1/console/people/:id/suggestions': association('notFound', (a) => ({ path: `/console/people/${a.beneficiary}/suggestions` })),
  'PUT /api/v1/console/people/:id/path': association('notFound', (a) => ({ method: 'PUT', path: `/console/people/${a.beneficiary}/path`, body: { lessons: [] } })),
  'POST /api/v1/console/people/:id/goals': association('notFound', (a) => ({ method: 'POST', path: `/console/people/${a.beneficiary}/goals`, body: { text: 'Bob' } })),
  'POST /api/v1/console/people/:id/goals/voice': association('notFound', (a) => ({
    method: 'POST',
    path: `/console/people/${a.beneficiary}/goals/voice`,
    headers: { 'content-type': 'audio/webm', 'x-voice-duration-ms': '1000' },
    raw: Buffer.from('B voice'),
  })),
  'GET /api/v1/console/people/:id/goals/:goalId/voice': association('notFound', (a) => ({ path: `/console/people/${a.beneficiary}/goals/${a.goal}/voice` })),
  'DELETE /api/v1/console/people/:id/goals/:goalId': association('notFound', (a) => ({ method: 'DELETE', path: `/console/people/${a.beneficiary}/goals/${a.goal}` })),
  'POST /api/v1/console/people/:id/notes': association('notFound', (a) => ({ method: 'POST', path: `/console/people/${a.beneficiary}/notes`, body: { text: 'Bob' } })),
  'POST /api/v1/console/people/:id/followups': association('notFound', (a) => ({
    method: 'POST',
    path: `/console/people/${a.beneficiary}/followups`,
    body: { kind: 'phone', day: '2026-11-02', durationMinutes: 5, done: 'Bob' },
  })),
  'PUT /api/v1/console/people/:id/consent': association('notFound', (a) => ({ method: 'PUT', path: `/console/people/${a.beneficiary}/consent`, body: { granted: false } })),
  'GET /api/v1/console/followups/due': association('noLeak', () => ({ path: '/console/followups/due?today=2030-01-01' })),
  'POST /api/v1/console/visitors': association('noLeak', () => ({ method: 'POST', path: '/console/visitors', body: { name: 'Bobette' } })),
  'PATCH /api/v1/console/visitors/:id': association('notFound', (a) => ({ method: 'PATCH', path: `/console/visitors/${a.visitor}`, body: { name: 'Bob' } })),
  'POST /api/v1/console/visitors/:id/card': association('notFound', (a) => ({ method: 'POST', path: `/console/visitors/${a.visitor}/card` })),
  'DELETE /api/v1/console/visitors/:id': association('notFound', (a) => ({ method: 'DELETE', path: `/console/visitors/${a.visitor}` })),

  // Issue 17: the webzine. B's machine cannot take, see or withdraw A's stories; B's helpers cannot moderate them.
  'POST /api/v1/machine/webzine/stories': machine('conflict', (a) => ({ method: 'POST', path: '/machine/webzine/stories', body: storyBody({ id: a.waitingStory }) })),
  'GET /api/v1/machine/webzine/stories': machine('noLeak', () => ({ path: '/machine/webzine/stories' })),
  'POST /api/v1/machine/webzine/stories/:id/withdraw': machine('notFound', (a) => ({ method: 'POST', path: `/machine/webzine/stories/${a.story}/withdraw` })),
  'GET /api/v1/machine/webzine/published': machine('noLeak', () => ({ path: '/machine/webzine/published' })),
  'GET /api/v1/console/webzine/stories': association('noLeak', () => ({ path: '/console/webzine/stories?state=all' })),
  'GET /api/v1/console/webzine/stories/:id': association('notFound', (a) => ({ path: `/console/webzine/stories/${a.waitingStory}` })),
  'GET /api/v1/console/webzine/stories/:id/media/:media': association('notFound', (a) => ({ path: `/console/webzine/stories/${a.waitingStory}/media/audio` })),
  'PATCH /api/v1/console/webzine/stories/:id': association('notFound', (a) => ({ method: 'PATCH', path: `/console/webzine/stories/${a.waitingStory}`, body: { title: 'Bob' } })),
  'POST /api/v1/console/webzine/stories/:id/publish': association('notFound', (a) => ({ method: 'POST', path: `/console/webzine/stories/${a.waitingStory}/publish` })),
  'POST /api/v1/console/webzine/stories/:id/decline': association('notFound', (a) => ({ method: 'POST', path: `/console/webzine/stories/${a.waitingStory}/decline`, body: { reason: 'other' } })),
  'POST /api/v1/console/webzine/stories/:id/withdraw': association('notFound', (a) => ({ method: 'POST', path: `/console/webzine/stories/${a.story}/withdraw` })),
  'GET /api/v1/console/webzine/issues': association('noLeak', () => ({ path: '/console/webzine/issues' })),
  'POST /api/v1/console/webzine/issues': association('noLeak', () => ({ method: 'POST', path: '/console/webzine/issues', body: { title: 'Numéro de B' } })),
  'POST /api/v1/console/webzine/read-back': association('noLeak', () => ({ method: 'POST', path: '/console/webzine/read-back', body: { text: 'Bonjour', language: 'fr' } })),
  'GET /webzine': publicRoute("a redirect to the hub's own association's journal"),
  'GET /webzine/': publicRoute("a redirect to the hub's own association's journal"),
  'GET /webzine/:association': publicRoute('a redirect to the same address with a slash'),
  'GET /webzine/:association/*': publicRoute("an association's published stories only; that B's journal never shows A's is checked in its own test"),
  'GET /api/v1/console/path-lessons': association('noLeak', () => ({ path: '/console/path-lessons' })),
  // Issue 13: home-screen tiles. B's writes are B's own sets; A's person is not B's to set.
  'GET /api/v1/console/tiles': association('noLeak', () => ({ path: '/console/tiles' })),
  'PUT /api/v1/console/tiles/defaults': association('noLeak', () => ({ method: 'PUT', path: '/console/tiles/defaults', body: { tiles: [{ kind: 'help', id: 'help', picture: 'phone' }] } })),
  'PUT /api/v1/console/tiles/people/:id': association('notFound', (a) => ({ method: 'PUT', path: `/console/tiles/people/${a.beneficiary}`, body: { tiles: null } })),
  'PUT /api/v1/console/tiles/places/:cohort': association('noLeak', () => ({ method: 'PUT', path: `/console/tiles/places/${encodeURIComponent(A_PLACE)}`, body: { tiles: null } })),
  'GET /api/v1/console/path-lessons/:id/picture': association('noLeak', () => ({ path: '/console/path-lessons/souris-bouger/picture' })),
};

/** A real lesson pack from lessons/ at another version, archived as an author uploads it. */
function packArchive(id: string, version: number): Buffer {
  const files = readFolder(join(DEFAULT_LESSONS_DIR, id)).map((f) =>
    f.path === 'lesson.yaml' ? { ...f, data: Buffer.from(f.data.toString('utf8').replace(/^version: \d+$/m, `version: ${version}`)) } : f,
  );
  return writeArchive(files);
}

/** A lesson progress report (issue 12) for a made-up attempt. */
function progressReport() {
  const now = new Date().toISOString();
  return { id: randomUUID(), attemptId: randomUUID(), seq: 1, lessonId: 'souris-bouger', startedAt: now, at: now, finished: false, stepCount: 4, stepsDone: 1, seconds: 30, steps: [], helpRequests: 0 };
}

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
