/**
 * Updates between a real hub and a real shell: a lesson version published in the console reaches the
 * shell on its own (the hub's push on the live feed, the signed index, the pack), the map and the
 * lesson then read the new version's files from /packs/, and a lesson opened before the switch keeps
 * its files; the machine's update status (app and lesson versions, the root updater's last result)
 * reaches the console's "Mises à jour" and "Leçons" views.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UpdaterResult } from '../../../app/protocol/updates.ts';
import { readFolder, writeArchive } from '../../../lib/packs/archive.ts';
import { resolveServedFile } from '../../../main/files/resolve.ts';
import { APP_ORIGIN } from '../../../main/policy/app-origin.ts';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { DEFAULT_LESSONS_DIR } from '../../../server/hub.ts';
import { makeHub, removeTempDirs, sessionAs, tempDir, type ConsoleSession, type TestHub } from '../../server/helpers.ts';

const ID = 'souris-bouger';
const shippedVersion = Number(/^version: (\d+)$/m.exec(fs.readFileSync(path.join(DEFAULT_LESSONS_DIR, ID, 'lesson.yaml'), 'utf8'))![1]);
let hub: TestHub;
let shell: ShellServices;
let dir: string;
let staff: ConsoleSession;
let machineId: string;
let resultFile: string;

beforeAll(async () => {
  const bundled = tempDir();
  fs.cpSync(path.join(DEFAULT_LESSONS_DIR, ID), path.join(bundled, ID), { recursive: true });
  hub = await makeHub(tempDir(), { lessonsDir: bundled });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (hub.app.server.address() as { port: number }).port;
  const machine = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'PC-MAJ-01', mode: 'home', cohort: 'home' });
  machineId = machine.id;
  const { code } = await hub.store.register.createEnrolmentCode(machine.id, 60);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-updates-hub-'));
  resultFile = path.join(dir, 'update-result.json');
  shell = await createShell({ dataDir: dir, hubUrl: `http://127.0.0.1:${port}`, lessonsDir: DEFAULT_LESSONS_DIR, appVersion: '0.4.0-test', updaterResultFile: resultFile });
  await shell.enrol(code);
  staff = await sessionAs(hub, 'Sam', 'staff');
});
afterAll(async () => {
  await shell.close();
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
  removeTempDirs();
});

/** Uploads the lesson at `version` through the console, as staff do. */
async function publish(version: number): Promise<void> {
  const files = readFolder(path.join(DEFAULT_LESSONS_DIR, ID)).map((f) =>
    f.path === 'lesson.yaml' ? { ...f, data: Buffer.from(f.data.toString('utf8').replace(/^version: \d+$/m, `version: ${version}`)) } : f,
  );
  const res = await hub.app.inject({
    method: 'POST',
    url: '/api/v1/console/lessons/packs',
    headers: { cookie: staff.cookie, 'x-csrf-token': staff.csrf, 'content-type': 'application/gzip' },
    payload: writeArchive(files),
  });
  expect(res.statusCode, res.body).toBe(201);
}

/** The file a page URL of the shell resolves to, as both hosts resolve it. */
const served = (url: string) => resolveServedFile(`${APP_ORIGIN}/${url}`, { rendererDir: tempDir(), lessonsDir: DEFAULT_LESSONS_DIR, packsDir: shell.packsDir });

/** Where the lesson's own picture comes from, as the page is told. */
async function lessonPicture(): Promise<string> {
  return (await shell.handlers.getLesson({ id: ID, language: 'fr' })).picture;
}

describe('a lesson version published in the console', () => {
  it('reaches the shell by itself: the lesson reads the new version from /packs/', async () => {
    expect(await lessonPicture()).toMatch(new RegExp(`^lessons/${ID}/`));
    await publish(shippedVersion + 1);
    // No call from the test: the hub pushes 'lessons' on the machine's feed and the shell fetches.
    await expect.poll(lessonPicture, { timeout: 15_000 }).toMatch(new RegExp(`^packs/${ID}/v${shippedVersion + 1}-[0-9a-f]{12}/`));
    const lesson = await shell.handlers.getLesson({ id: ID, language: 'fr' });
    expect(lesson.version).toBe(shippedVersion + 1);
    expect((await shell.handlers.listLessons({ language: 'fr' })).find((l) => l.id === ID)).toBeDefined();
    for (const url of [lesson.picture, ...lesson.steps.map((s) => s.picture), ...lesson.steps.flatMap((s) => (s.say.audio ? [s.say.audio] : []))]) {
      expect(await served(url), url).toMatch(new RegExp(`${shell.packsDir}/${ID}/v${shippedVersion + 1}-`));
    }
  });

  it('never interrupts a lesson already open: its files stay while the next version is switched in', async () => {
    const open = await shell.handlers.getLesson({ id: ID, language: 'fr' });
    await shell.handlers.saveLessonProgress({ lessonId: ID, stepIndex: 1, finished: false });
    await publish(shippedVersion + 2);
    await expect.poll(async () => (await shell.handlers.getLesson({ id: ID, language: 'fr' })).version, { timeout: 15_000 }).toBe(shippedVersion + 2);
    // The lesson in progress still finds every picture and sound it was given.
    for (const url of [open.picture, ...open.steps.map((s) => s.picture)]) expect(await served(url), url).not.toBeNull();
    // And its progress goes on being saved.
    await shell.handlers.saveLessonProgress({ lessonId: ID, stepIndex: 2, finished: false });
    expect(await shell.handlers.getLessonProgress({ lessonId: ID })).toMatchObject({ stepIndex: 2 });
  });
});

describe("the machine's update status", () => {
  it("reaches the console: app version, lesson versions and the root updater's last result, sent again only when it changes", async () => {
    const refused: UpdaterResult = { result: 'refused', reason: 'signature', version: '0.5.0', installed: '0.4.0', at: '2025-06-01T10:00:00Z', message: 'the feed signature is not the release key' };
    fs.writeFileSync(resultFile, JSON.stringify(refused));
    await shell.syncLessons();
    await shell.syncIdle();
    const machineRow = async () => {
      const res = await hub.app.inject({ method: 'GET', url: '/api/v1/console/updates', headers: { cookie: staff.cookie } });
      return (res.json() as { machines: Array<{ machineId: string; appVersion: string | null; lessonsBehind: number; updater: UpdaterResult | null }> }).machines.find((m) => m.machineId === machineId)!;
    };
    expect(await machineRow()).toMatchObject({ appVersion: '0.4.0-test', lessonsBehind: 0, updater: { result: 'refused', reason: 'signature' } });
    const lessonsView = (await hub.app.inject({ method: 'GET', url: '/api/v1/console/lessons', headers: { cookie: staff.cookie } })).json() as {
      packs: Array<{ id: string; versions: Array<{ version: number; machines: number; machineTags: string[] }> }>;
    };
    expect(lessonsView.packs.find((p) => p.id === ID)!.versions.find((v) => v.version === shippedVersion + 2)).toMatchObject({ machines: 1, machineTags: ['PC-MAJ-01'] });

    const before = (await hub.store.updates.listStatuses(hub.seed.associationId)).find((s) => s.machineId === machineId)!.status!.id;
    await shell.syncLessons();
    await shell.syncIdle();
    expect((await hub.store.updates.listStatuses(hub.seed.associationId)).find((s) => s.machineId === machineId)!.status!.id).toBe(before);

    fs.writeFileSync(resultFile, JSON.stringify({ ...refused, result: 'installed', reason: 'installed', installed: '0.5.0', at: '2025-06-02T10:00:00Z' }));
    await shell.syncLessons();
    await shell.syncIdle();
    expect(await machineRow()).toMatchObject({ updater: { result: 'installed', installed: '0.5.0' } });
  });
});
