/** The route × role rows of lessons, updates, home-screen tiles and the recording studio. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFolder, writeArchive } from '../../../lib/packs/archive.ts';
import { DEFAULT_LESSONS_DIR } from '../../../server/hub.ts';
import { accountIds, hub, newBeneficiary, type Row } from './support.ts';

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
export const tileRows: Row[] = [
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


/** Updates (issue 15): lessons and app updates; the recording studio (issue 14): every helper records; staff approve or reject (never their own). */
export const contentRows: Row[] = [
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
