/** The route × tenant table's rows (tenancy.test.ts runs them): how each route of the hub is scoped, and A's data B must never see. */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readFolder, writeArchive } from '../../../lib/packs/archive.ts';
import { DEFAULT_LESSONS_DIR } from '../../../server/hub.ts';
import { helpSubmit } from '../helpers.ts';
import { healthReport, usageBatch } from '../reports-support.ts';
import { storyBody } from '../webzine-support.ts';

export interface World {
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
export type Call = { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; path: string; body?: unknown; headers?: Record<string, string>; raw?: Buffer };
export type Row =
  | { scope: 'association'; expect: 'notFound' | 'badInput' | 'forbidden' | 'noLeak'; call: (a: World) => Call }
  | { scope: 'machine'; expect: 'notFound' | 'conflict' | 'noLeak'; call: (a: World) => Call }
  | { scope: 'feed' }
  | { scope: 'public'; why: string };

export const A_PHONE = '06 11 11 11 11';
export const A_NOTE = 'Note privée de A';
export const A_HELPER_EMAIL = 'marie@a.test';
export const A_VISITOR = 'Zazie-de-A';
export const A_FOLLOWUP = 'Visite chez Jeanne de A';
export const B_PASSWORD = 'un mot de passe solide';
export const A_TILE = 'Site-de-A';
export const A_PLACE = 'Mairie-de-A';
export const aTiles = [{ kind: 'website', id: 'site-a', picture: 'euro', label: A_TILE, url: 'https://site-a.example/', domains: ['site-a.example'] }];
export const A_STORY = 'Histoire-de-A';
export const A_ISSUE = 'Numéro-de-A';

export const association = (expect: 'notFound' | 'badInput' | 'forbidden' | 'noLeak', call: (a: World) => Call): Row => ({ scope: 'association', expect, call });
export const machine = (expect: 'notFound' | 'conflict' | 'noLeak', call: (a: World) => Call): Row => ({ scope: 'machine', expect, call });
export const publicRoute = (why: string): Row => ({ scope: 'public', why });

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
  'PUT /api/v1/help-requests/:id/file': machine('notFound', (a) => ({
    method: 'PUT',
    path: `/help-requests/${a.request}/file`,
    headers: { 'content-type': 'application/pdf', 'x-file-name': 'B.pdf' },
    raw: Buffer.from('%PDF-1.4 B'),
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
  'GET /api/v1/console/help-requests/:id/files/:n': association('notFound', (a) => ({ path: `/console/help-requests/${a.request}/files/1` })),
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
export function packArchive(id: string, version: number): Buffer {
  const files = readFolder(join(DEFAULT_LESSONS_DIR, id)).map((f) =>
    f.path === 'lesson.yaml' ? { ...f, data: Buffer.from(f.data.toString('utf8').replace(/^version: \d+$/m, `version: ${version}`)) } : f,
  );
  return writeArchive(files);
}

/** A lesson progress report (issue 12) for a made-up attempt. */
export function progressReport() {
  const now = new Date().toISOString();
  return { id: randomUUID(), attemptId: randomUUID(), seq: 1, lessonId: 'souris-bouger', startedAt: now, at: now, finished: false, stepCount: 4, stepsDone: 1, seconds: 30, steps: [], helpRequests: 0 };
}
