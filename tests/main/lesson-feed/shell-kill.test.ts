/**
 * The shell process killed with SIGKILL while its lesson feed switches a new version in: a real hub
 * publishes a version, a real shell (its own process) receives the push, fetches and starts switching,
 * and is killed within a few milliseconds of saying so. At the next start the lesson shows, complete,
 * at the old version or the new one — never half — and the feed then brings the new one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFolder, writeArchive } from '../../../lib/packs/archive.ts';
import { checkUnpackedPack } from '../../../main/lesson-feed/pack-check.ts';
import { lessonPacksDir, PackStore } from '../../../main/lesson-feed/pack-store.ts';
import { createShell } from '../../../main/shell.ts';
import { DEFAULT_LESSONS_DIR } from '../../../server/hub.ts';
import { makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from '../../server/helpers.ts';

const CHILD = path.join(import.meta.dirname, 'support/shell-child.ts');
const ID = 'souris-bouger';
const shipped = Number(/^version: (\d+)$/m.exec(fs.readFileSync(path.join(DEFAULT_LESSONS_DIR, ID, 'lesson.yaml'), 'utf8'))![1]);
let hub: TestHub;
let hubUrl: string;
let staff: ConsoleSession;
let dataDir: string;

beforeAll(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  hubUrl = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  staff = await sessionAs(hub, 'Sam', 'staff');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-shell-kill-'));
});
afterAll(async () => {
  await hub.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  removeTempDirs();
});

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

function startShell(code?: string): Promise<{ child: ChildProcess; log: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dataDir, hubUrl, DEFAULT_LESSONS_DIR, ...(code ? [code] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('READY') && resolve({ child, log: () => log }));
    child.once('exit', (status) => reject(new Error(`the shell ended (${status}): ${log}`)));
  });
}

const killed = (child: ChildProcess) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));

describe('the shell killed during a pack switch', () => {
  it('starts again with the lesson complete, old or new, and then gets the new one', async () => {
    const machine = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'PC-KILL-01', mode: 'home', cohort: 'home' });
    const { code } = await hub.store.register.createEnrolmentCode(machine.id, 60);
    let first = true;
    const seen: number[] = [];
    for (let round = 1; round <= 3; round++) {
      const version = shipped + round;
      const { child, log } = await startShell(first ? code : undefined);
      first = false;
      await publish(version);
      // Killed 0-20 ms after it says it is switching this version in.
      await expect.poll(log, { timeout: 20_000 }).toContain(`version ${version}: checking and switching in`);
      await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 20)));
      child.kill('SIGKILL');
      await killed(child);

      // The next start, in this process: the lesson is whole, at one version or the other.
      const store = new PackStore(lessonPacksDir(dataDir));
      const current = store.current(ID);
      const inUse = current?.version ?? shipped;
      expect([version - 1, version]).toContain(inUse);
      if (current) checkUnpackedPack(current.dir, { id: ID, version: current.version });
      seen.push(inUse);
      const shell = await createShell({ dataDir, hubUrl, lessonsDir: DEFAULT_LESSONS_DIR, appVersion: '0.0.0-kill' });
      try {
        const lesson = await shell.handlers.getLesson({ id: ID, language: 'fr' });
        expect([version - 1, version]).toContain(lesson.version);
        // The feed finishes what the crash interrupted.
        await expect.poll(async () => (await shell.syncLessons(), (await shell.handlers.getLesson({ id: ID, language: 'fr' })).version), { timeout: 20_000 }).toBe(version);
        expect(fs.readdirSync(path.join(lessonPacksDir(dataDir), ID)).filter((f) => f.startsWith('.incoming') || f.endsWith('.tmp'))).toEqual([]);
      } finally {
        await shell.close();
      }
    }
    console.log("versions in use after each kill (shipped " + shipped + "):", seen.join(", "));
    expect(seen).toHaveLength(3);
  }, 120_000);
});
