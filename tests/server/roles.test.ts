/**
 * Every console route × every role → the expected status. Anonymous callers get 401, a role below the
 * route's minimum 403 `forbidden`, a write without the CSRF header 403 `csrf`, and an allowed role the
 * route's success status with a valid request. A completeness check makes a new route without a row fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasRole, type Role } from '../../app/protocol/hub.ts';
import { createHash, randomUUID } from 'node:crypto';
import { healthReport } from './reports-support.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFolder, writeArchive } from '../../lib/packs/archive.ts';
import { DEFAULT_LESSONS_DIR } from '../../server/hub.ts';
import { enrolDemo, enrolMachineIn, expectApiError, helpSubmit, makeHub, postHelp, removeTempDirs, type TestHub } from './helpers.ts';
import { EDITED, postStory, storyBody } from './webzine-support.ts';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
interface Row {
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

let hub: TestHub;
let machineToken: string;
const accountIds: Record<Role, string> = { accompagnant: '', staff: '', admin: '' };
const passwords: Record<Role, string> = { accompagnant: 'mot de passe A1', staff: 'mot de passe S1', admin: 'mot de passe D1' };
let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`.toUpperCase();

const machineOfRequest = new Map<string, string>();
/** A request from a machine of its own (a machine has one open request at a time). */
async function newRequest(): Promise<string> {
  const { token, machineId } = await enrolMachineIn(hub, hub.seed.associationId, `R-${unique()}`);
  const payload = helpSubmit();
  expect((await postHelp(hub, token, payload)).statusCode).toBe(201);
  machineOfRequest.set(payload.id as string, machineId);
  return payload.id as string;
}
async function newMachine(): Promise<string> {
  return (await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: `T-${unique()}`, mode: 'home', cohort: 'home' })).id;
}
async function newBeneficiary(): Promise<string> {
  return (await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: '06 12 34 56 78', language: 'fr' })).id;
}
async function newVisitor(): Promise<string> {
  return (await hub.store.visitors.createVisitor(hub.seed.associationId, { name: 'Lulu', language: 'fr' }, accountIds.admin)).id;
}
async function newVoiceGoal(): Promise<{ person: string; goal: string }> {
  const person = await newBeneficiary();
  const goal = await hub.store.accompaniment.addGoal(hub.seed.associationId, person, { voice: { mimeType: 'audio/webm', durationMs: 900, bytes: Buffer.from('goal') } }, accountIds.admin);
  return { person, goal: goal.id };
}
/** Issue 12: following each person; every helper of the association may. */
const peopleRows: Row[] = [
  { method: 'GET', route: '/console/people', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/people' }) },
  { method: 'GET', route: '/console/people/:id', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/people/${await newBeneficiary()}` }) },
  {
    method: 'GET',
    route: '/console/people/:id/access-report',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/people/${await newVisitor()}/access-report` }),
  },
  {
    method: 'GET',
    route: '/console/people/:id/suggestions',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/people/${await newBeneficiary()}/suggestions` }),
  },
  {
    method: 'PUT',
    route: '/console/people/:id/path',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/people/${await newBeneficiary()}/path`, body: { lessons: ['souris-cliquer', 'souris-bouger'] } }),
  },
  {
    method: 'POST',
    route: '/console/people/:id/goals',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({ path: `/console/people/${await newBeneficiary()}/goals`, body: { text: 'écrire à ma petite-fille' } }),
  },
  {
    method: 'POST',
    route: '/console/people/:id/goals/voice',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({
      path: `/console/people/${await newBeneficiary()}/goals/voice`,
      body: Buffer.from('une note vocale'),
      headers: { 'content-type': 'audio/ogg', 'x-voice-duration-ms': '3000' },
    }),
  },
  {
    method: 'GET',
    route: '/console/people/:id/goals/:goalId/voice',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => {
      const { person, goal } = await newVoiceGoal();
      return { path: `/console/people/${person}/goals/${goal}/voice` };
    },
  },
  {
    method: 'DELETE',
    route: '/console/people/:id/goals/:goalId',
    min: 'accompagnant',
    ok: 204,
    prepare: async () => {
      const { person, goal } = await newVoiceGoal();
      return { path: `/console/people/${person}/goals/${goal}` };
    },
  },
  {
    method: 'POST',
    route: '/console/people/:id/notes',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({ path: `/console/people/${await newBeneficiary()}/notes`, body: { text: 'Aime les photos de famille.' } }),
  },
  {
    method: 'POST',
    route: '/console/people/:id/followups',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({
      path: `/console/people/${await newBeneficiary()}/followups`,
      body: { kind: 'phone', day: '2026-11-02', durationMinutes: 20, done: 'Appel pour la souris', nextStep: 'Visite', nextDay: '2026-11-09' },
    }),
  },
  {
    method: 'PUT',
    route: '/console/people/:id/consent',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => {
      const person = await newBeneficiary();
      const loan = await hub.store.register.createLoan(hub.seed.associationId, await newMachine(), person);
      if (!loan.ok) throw new Error(loan.reason);
      return { path: `/console/people/${person}/consent`, body: { granted: true } };
    },
  },
  { method: 'GET', route: '/console/followups/due', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/followups/due?today=2026-11-30' }) },
  {
    method: 'POST',
    route: '/console/visitors',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({ path: '/console/visitors', body: { name: 'Momo', language: 'ar' } }),
  },
  {
    method: 'PATCH',
    route: '/console/visitors/:id',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/visitors/${await newVisitor()}`, body: { language: 'en' } }),
  },
  { method: 'POST', route: '/console/visitors/:id/card', min: 'accompagnant', ok: 201, prepare: async () => ({ path: `/console/visitors/${await newVisitor()}/card` }) },
  { method: 'DELETE', route: '/console/visitors/:id', min: 'accompagnant', ok: 204, prepare: async () => ({ path: `/console/visitors/${await newVisitor()}` }) },
  { method: 'GET', route: '/console/path-lessons', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/path-lessons' }) },
  { method: 'GET', route: '/console/path-lessons/:id/picture', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/path-lessons/souris-cliquer/picture' }) },
];

/** Issue 17: a story waiting in the webzine's queue; with `ready`, transcribed and placed in an issue. */
async function newStory(ready = false): Promise<string> {
  const body = storyBody();
  expect((await postStory(hub, machineToken, body)).statusCode).toBe(201);
  if (ready) {
    const issue = await hub.store.webzine.createIssue(hub.seed.associationId, 'Numéro des rôles');
    const edited = await hub.store.webzine.editStory(hub.seed.associationId, body.id as string, { ...EDITED, issue: issue.number });
    expect(edited.ok).toBe(true);
  }
  return body.id as string;
}
const webzineRows: Row[] = [
  { method: 'GET', route: '/console/webzine/stories', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/webzine/stories?state=all' }) },
  { method: 'GET', route: '/console/webzine/stories/:id', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}` }) },
  {
    method: 'GET',
    route: '/console/webzine/stories/:id/media/:media',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}/media/photo` }),
  },
  {
    method: 'PATCH',
    route: '/console/webzine/stories/:id',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}`, body: { title: 'Le marché du samedi' } }),
  },
  { method: 'POST', route: '/console/webzine/stories/:id/publish', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/webzine/stories/${await newStory(true)}/publish` }) },
  {
    method: 'POST',
    route: '/console/webzine/stories/:id/decline',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}/decline`, body: { reason: 'hard_to_hear' } }),
  },
  { method: 'POST', route: '/console/webzine/stories/:id/withdraw', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/webzine/stories/${await newStory()}/withdraw` }) },
  { method: 'GET', route: '/console/webzine/issues', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/webzine/issues' }) },
  { method: 'POST', route: '/console/webzine/issues', min: 'accompagnant', ok: 201, prepare: async () => ({ path: '/console/webzine/issues', body: { title: 'Été' } }) },
  { method: 'POST', route: '/console/webzine/read-back', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/webzine/read-back', body: { text: 'Bonjour', language: 'fr' } }) },
];

/** A real lesson pack (souris-bouger) at a version not offered yet: each upload must be newer. */
let packVersion = 1;
function lessonUpload(): { body: Buffer; headers: Record<string, string> } {
  const files = readFolder(join(DEFAULT_LESSONS_DIR, 'souris-bouger')).map((f) =>
    f.path === 'lesson.yaml' ? { ...f, data: Buffer.from(f.data.toString('utf8').replace(/^version: \d+$/m, `version: ${++packVersion}`)) } : f,
  );
  return { body: writeArchive(files), headers: { 'content-type': 'application/gzip' } };
}

/** Issue 13: home-screen tiles; a person's tiles by any helper, the defaults and kiosk places by staff. */
const TILES = { tiles: [{ kind: 'lessons', id: 'lessons', picture: 'books' }] };
const tileRows: Row[] = [
  { method: 'GET', route: '/console/tiles', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/tiles' }) },
  { method: 'PUT', route: '/console/tiles/defaults', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/tiles/defaults', body: TILES }) },
  { method: 'PUT', route: '/console/tiles/people/:id', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/tiles/people/${await newBeneficiary()}`, body: TILES }) },
  { method: 'PUT', route: '/console/tiles/places/:cohort', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/tiles/places/Mairie%20du%2012e', body: TILES }) },
];
/** The recording studio (issue 14): a recording by the accompagnant, waiting for someone else's decision. */
let studioLesson: Promise<unknown> | null = null;
/** souris-cliquer as the association's own version, straight into the store (this hub bundles no lessons). */
function withStudioLesson(): Promise<unknown> {
  studioLesson ??= (async () => {
    const archive = writeArchive(readFolder(join(DEFAULT_LESSONS_DIR, 'souris-cliquer')));
    const input = { associationId: hub.seed.associationId, id: 'souris-cliquer', version: 50, sha256: createHash('sha256').update(archive).digest('hex'), size: archive.length, source: 'upload' as const, publishedBy: null };
    return hub.store.lessons.addPackVersion(input, archive);
  })();
  return studioLesson;
}
async function newRecording(): Promise<string> {
  await withStudioLesson();
  const audio = readFileSync(join(DEFAULT_LESSONS_DIR, 'souris-cliquer', 'audio/fr/click_star.ogg'));
  const input = { associationId: hub.seed.associationId, lessonId: 'souris-cliquer', language: 'fr' as const, key: 'click_star', text: 'Appuyez.', durationMs: 1200, flags: [], recordedBy: accountIds.accompagnant };
  return (await hub.store.studio.addRecording(input, audio)).id;
}
function recordingUpload(): { body: Buffer; headers: Record<string, string> } {
  // One second of 16 kHz mono 16-bit WAV (silence: flagged, but stored).
  const data = Buffer.alloc(32000);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8, 'latin1');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return { body: Buffer.concat([header, data]), headers: { 'content-type': 'audio/wav' } };
}

const rows: Row[] = [
  { method: 'GET', route: '/console/me', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/me' }) },
  { method: 'POST', route: '/console/logout', min: 'accompagnant', ok: 204, prepare: async () => ({ path: '/console/logout' }) },
  { method: 'PUT', route: '/console/me/duty', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/me/duty', body: { onDuty: true } }) },
  { method: 'PUT', route: '/console/me/first-name', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/me/first-name', body: { firstName: 'Marie' } }) },
  {
    method: 'PUT',
    route: '/console/me/photo',
    min: 'accompagnant',
    ok: 204,
    prepare: async () => ({ path: '/console/me/photo', body: { photo: 'data:image/png;base64,iVBORw0KGgo=' } }),
  },
  {
    method: 'POST',
    route: '/console/me/password',
    min: 'accompagnant',
    ok: 200,
    prepare: async (role) => {
      const next = `${passwords[role]}x`;
      const body = { currentPassword: passwords[role], newPassword: next };
      // Once the change succeeds, the next call must present the new password.
      return { path: '/console/me/password', body, onOk: () => (passwords[role] = next) };
    },
  },
  { method: 'GET', route: '/console/presence', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/presence' }) },
  { method: 'GET', route: '/console/helpers', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/helpers' }) },
  { method: 'GET', route: '/console/help-requests', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/help-requests' }) },
  { method: 'GET', route: '/console/help-requests/resolved', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/help-requests/resolved?days=7' }) },
  {
    method: 'GET',
    route: '/console/help-requests/:id',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/help-requests/${await newRequest()}` }),
  },
  {
    method: 'POST',
    route: '/console/help-requests/:id/actions',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/help-requests/${await newRequest()}/actions`, body: { action: 'claim' } }),
  },
  {
    method: 'POST',
    route: '/console/help-requests/:id/notes',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => ({ path: `/console/help-requests/${await newRequest()}/notes`, body: { text: 'Rappelée, tout va bien.' } }),
  },
  {
    method: 'GET',
    route: '/console/help-requests/:id/voice',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => {
      const id = await newRequest();
      const attached = await hub.store.help.attachVoice(machineOfRequest.get(id)!, id, { mimeType: 'audio/webm', durationMs: 1200, bytes: Buffer.from('voice') }, { maxBytesPerDay: 1e6 });
      expect(attached.ok).toBe(true);
      return { path: `/console/help-requests/${id}/voice` };
    },
  },
  { method: 'GET', route: '/console/accounts', min: 'admin', ok: 200, prepare: async () => ({ path: '/console/accounts' }) },
  {
    method: 'POST',
    route: '/console/accounts',
    min: 'admin',
    ok: 201,
    prepare: async () => ({ path: '/console/accounts', body: { email: `n${unique()}@asso.test`, firstName: 'Nina', role: 'accompagnant' } }),
  },
  {
    method: 'PATCH',
    route: '/console/accounts/:id',
    min: 'admin',
    ok: 200,
    prepare: async () => ({ path: `/console/accounts/${accountIds.accompagnant}`, body: { firstName: 'Aline' } }),
  },
  {
    method: 'POST',
    route: '/console/accounts/:id/password-reset',
    min: 'admin',
    ok: 200,
    prepare: async () => {
      const other = await hub.store.accounts.createAccount({
        associationId: hub.seed.associationId,
        email: `r${unique()}@asso.test`,
        firstName: 'Rémi',
        role: 'accompagnant',
        password: 'x'.repeat(12),
      });
      return { path: `/console/accounts/${other.id}/password-reset` };
    },
  },
  { method: 'GET', route: '/console/settings', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/settings' }) },
  { method: 'PUT', route: '/console/settings', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/settings', body: { helpPhone: '01 23 45 67 89' } }) },
  { method: 'GET', route: '/console/machines', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/machines' }) },
  {
    method: 'POST',
    route: '/console/machines',
    min: 'staff',
    ok: 201,
    prepare: async () => ({ path: '/console/machines', body: { assetTag: `PC-${unique()}`, mode: 'kiosk', cohort: 'EHPAD Les Tilleuls' } }),
  },
  {
    method: 'PATCH',
    route: '/console/machines/:id',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/machines/${await newMachine()}`, body: { cohort: 'home-2025' } }),
  },
  {
    method: 'POST',
    route: '/console/machines/:id/enrolment-code',
    min: 'staff',
    ok: 201,
    prepare: async () => ({ path: `/console/machines/${await newMachine()}/enrolment-code` }),
  },
  {
    method: 'POST',
    route: '/console/machines/:id/retire',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/machines/${await newMachine()}/retire` }),
  },
  {
    method: 'GET',
    route: '/console/machines/:id/history',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/machines/${hub.seed.demoMachine.id}/history` }),
  },
  { method: 'GET', route: '/console/beneficiaries', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/beneficiaries' }) },
  {
    method: 'POST',
    route: '/console/beneficiaries',
    min: 'staff',
    ok: 201,
    prepare: async () => ({ path: '/console/beneficiaries', body: { firstName: 'Odette', phone: '+33 6 11 22 33 44', language: 'fr' } }),
  },
  {
    method: 'PATCH',
    route: '/console/beneficiaries/:id',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/beneficiaries/${await newBeneficiary()}`, body: { language: 'ar' } }),
  },
  {
    method: 'GET',
    route: '/console/beneficiaries/:id/history',
    min: 'accompagnant',
    ok: 200,
    prepare: async () => ({ path: `/console/beneficiaries/${await newBeneficiary()}/history` }),
  },
  { method: 'GET', route: '/console/loans', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/loans?active=true' }) },
  {
    method: 'POST',
    route: '/console/loans',
    min: 'staff',
    ok: 201,
    prepare: async () => ({ path: '/console/loans', body: { machineId: await newMachine(), beneficiaryId: await newBeneficiary() } }),
  },
  { method: 'GET', route: '/console/fleet', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/fleet' }) },
  {
    method: 'GET',
    route: '/console/fleet/:id/history',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/fleet/${hub.seed.demoMachine.id}/history` }),
  },
  {
    method: 'GET',
    route: '/console/fleet/:id/glpi.json',
    min: 'staff',
    ok: 200,
    prepare: async () => ({ path: `/console/fleet/${hub.seed.demoMachine.id}/glpi.json` }),
  },
  { method: 'GET', route: '/console/fleet/glpi.zip', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/fleet/glpi.zip' }) },
  { method: 'GET', route: '/console/evaluation', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/evaluation' }) },
  { method: 'GET', route: '/console/evaluation.csv', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/evaluation.csv' }) },
  {
    method: 'POST',
    route: '/console/loans/:id/end',
    min: 'staff',
    ok: 200,
    prepare: async () => {
      const loan = await hub.store.register.createLoan(hub.seed.associationId, await newMachine(), await newBeneficiary());
      if (!loan.ok) throw new Error(loan.reason);
      return { path: `/console/loans/${loan.loan.id}/end` };
    },
  },
  // Updates (issue 15): lessons and app updates
  { method: 'GET', route: '/console/lessons', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/lessons' }) },
  { method: 'POST', route: '/console/lessons/packs', min: 'staff', ok: 201, prepare: async () => ({ path: '/console/lessons/packs', ...lessonUpload() }) },
  { method: 'GET', route: '/console/updates', min: 'staff', ok: 200, prepare: async () => ({ path: '/console/updates' }) },
  { method: 'PUT', route: '/console/updates/rollout', min: 'admin', ok: 200, prepare: async () => ({ path: '/console/updates/rollout', body: { paused: false } }) },
  // The recording studio (issue 14): every helper records; staff approve or reject (never their own)
  { method: 'GET', route: '/console/studio/lessons', min: 'accompagnant', ok: 200, prepare: async () => ({ path: '/console/studio/lessons' }) },
  { method: 'GET', route: '/console/studio/lessons/:id/:language', min: 'accompagnant', ok: 200, prepare: async () => (await withStudioLesson(), { path: '/console/studio/lessons/souris-cliquer/ar' }) },
  {
    method: 'POST',
    route: '/console/studio/lessons/:id/:language/:key/recordings',
    min: 'accompagnant',
    ok: 201,
    prepare: async () => (await withStudioLesson(), { path: '/console/studio/lessons/souris-cliquer/fr/click_star/recordings', ...recordingUpload() }),
  },
  { method: 'GET', route: '/console/studio/recordings/:id/audio', min: 'accompagnant', ok: 200, prepare: async () => ({ path: `/console/studio/recordings/${await newRecording()}/audio` }) },
  {
    method: 'POST',
    route: '/console/studio/recordings/:id/approve',
    min: 'staff',
    ok: 200,
    timeoutMs: 60_000,
    prepare: async () => ({ path: `/console/studio/recordings/${await newRecording()}/approve` }),
  },
  { method: 'POST', route: '/console/studio/recordings/:id/reject', min: 'staff', ok: 200, prepare: async () => ({ path: `/console/studio/recordings/${await newRecording()}/reject` }) },
];

beforeAll(async () => {
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
});
afterAll(async () => {
  await hub.close();
  removeTempDirs();
});

async function call(method: Method, path: string, body: unknown, headers: Record<string, string>, extra: Record<string, string> = {}) {
  return hub.app.inject({ method, url: `/api/v1${path}`, headers: { ...headers, ...extra }, ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}) });
}

async function freshSession(role: Role): Promise<{ cookie: string; csrf: string }> {
  const s = await hub.store.accounts.createSession(accountIds[role], 60);
  return { cookie: `passerelle_session=${s.sessionId}`, csrf: s.csrfToken };
}

describe('route × role table', () => {
  for (const row of [...rows, ...peopleRows, ...tileRows, ...webzineRows]) {
    const writes = row.method !== 'GET';
    it(`${row.method} ${row.route}: anonymous 401; ${row.min} and above ${row.ok}; below 403${writes ? '; no CSRF 403' : ''}`, async () => {
      const anon = await row.prepare('accompagnant');
      expectApiError(await call(row.method, anon.path, anon.body, {}, anon.headers), 401, 'unauthenticated');
      for (const role of ['accompagnant', 'staff', 'admin'] as const) {
        const s = await freshSession(role);
        if (writes) {
          const noCsrf = await row.prepare(role);
          expectApiError(await call(row.method, noCsrf.path, noCsrf.body, { cookie: s.cookie }, noCsrf.headers), 403, 'csrf');
        }
        const req = await row.prepare(role);
        const res = await call(row.method, req.path, req.body, { cookie: s.cookie, 'x-csrf-token': s.csrf }, req.headers);
        if (hasRole(role, row.min)) {
          expect(res.statusCode, `${role}: ${res.body}`).toBe(row.ok);
          req.onOk?.();
        } else {
          expectApiError(res, 403, 'forbidden');
        }
      }
    }, row.timeoutMs);
  }

  it('has a row for every console route (a new route without a role check fails here)', () => {
    const inTable = new Set([...rows, ...peopleRows, ...tileRows, ...webzineRows].map((r) => `${r.method} /api/v1${r.route}`));
    // Login takes no session by design; the feed is checked in feeds.test.ts (a WebSocket upgrade).
    const exempt = new Set(['POST /api/v1/console/login', 'GET /api/v1/console/feed']);
    const consoleRoutes = hub.routes.filter((r) => r.url.startsWith('/api/v1/console/')).map((r) => `${r.method} ${r.url}`);
    expect(consoleRoutes.length).toBeGreaterThan(30); // the list comes from the real hub, not from this file
    expect(consoleRoutes.filter((r) => !inTable.has(r) && !exempt.has(r))).toEqual([]);
  });

  it('a disabled account is refused everywhere at once, even with an open session', async () => {
    const victim = await hub.store.accounts.createAccount({
      associationId: hub.seed.associationId,
      email: `d${unique()}@asso.test`,
      firstName: 'Dora',
      role: 'staff',
      password: 'x'.repeat(12),
    });
    const s = await hub.store.accounts.createSession(victim.id, 60);
    const admin = await freshSession('admin');
    const off = await call('PATCH', `/console/accounts/${victim.id}`, { disabled: true }, { cookie: admin.cookie, 'x-csrf-token': admin.csrf });
    expect(off.statusCode).toBe(200);
    expectApiError(await call('GET', '/console/machines', undefined, { cookie: `passerelle_session=${s.sessionId}` }), 401);
    expect(await hub.store.accounts.verifyPassword(victim.email, 'x'.repeat(12))).toBeNull();
  });
});
