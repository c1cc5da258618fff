/**
 * The person and their progress between the shell and the hub (issue 12), real services on both sides:
 * the loan tells the machine who it serves (path with the helper's name, language); progress leaves
 * the machine only after the person consents; withdrawing on the machine stops sending and deletes
 * what the hub held; a kiosk visitor's card resumes their path and their progress lives on the hub.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PersonDetail } from '../../../app/protocol/accompaniment.ts';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { consoleCall, makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from '../../server/helpers.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
let hub: TestHub;
let url: string;
let marie: ConsoleSession & { id: string };
const shells: ShellServices[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  marie = await sessionAs(hub, 'Marie', 'accompagnant');
});
afterAll(async () => {
  for (const s of shells) await s.close();
  await hub.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  removeTempDirs();
});

let tags = 0;
async function machineShell(mode: 'home' | 'kiosk'): Promise<{ shell: ShellServices; machineId: string }> {
  const machine = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: `P-${mode}-${++tags}`, mode, cohort: 'home' });
  const { code } = await hub.store.register.createEnrolmentCode(machine.id, 60);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-progress-'));
  dirs.push(dir);
  const shell = await createShell({ dataDir: dir, hubUrl: url, lessonsDir, appVersion: '0.0.0-test' });
  shells.push(shell);
  await shell.enrol(code);
  return { shell, machineId: machine.id };
}
const page = async (person: string) => (await consoleCall(hub, marie, 'GET', `/console/people/${person}`)).json() as PersonDetail;
/** The shell plays a lesson through its bridge, as the lesson player does. */
async function playLesson(shell: ShellServices, lessonId: string, steps: number, hints = 0) {
  await shell.handlers.saveLessonProgress({ lessonId, stepIndex: 0, finished: false });
  for (let i = 0; i < steps; i++) {
    const last = i === steps - 1;
    await shell.handlers.saveLessonProgress({
      lessonId,
      stepIndex: last ? i : i + 1,
      finished: last,
      completedStep: { index: i, kind: 'click', misses: hints * 2, hintLevel: hints as 0, seconds: 4 },
    });
  }
}

describe('a home loan', () => {
  it('learns whom it serves, asks, and sends progress only after a yes; a withdrawal deletes it on the hub', async () => {
    const { shell, machineId } = await machineShell('home');
    const person = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: '0611223344', language: 'fr' });
    await consoleCall(hub, marie, 'PUT', `/console/people/${person.id}/path`, { lessons: ['souris-cliquer'] });
    const staff = await sessionAs(hub, 'Sam', 'staff');
    expect((await consoleCall(hub, staff, 'POST', '/console/loans', { machineId, beneficiaryId: person.id })).statusCode).toBe(201);

    await expect.poll(async () => (await shell.handlers.getPerson({})).person?.firstName, { timeout: 5000 }).toBe('Jeanne');
    expect((await shell.handlers.getPerson({})).consent).toEqual({ state: 'unasked', needsAsking: true });
    expect(await shell.handlers.getNextLesson({})).toMatchObject({ lessonId: 'souris-cliquer', reason: 'path', chosenBy: { firstName: 'Marie' } });

    // Before any answer, nothing leaves the machine.
    await playLesson(shell, 'souris-bouger', 3);
    await shell.syncIdle();
    expect((await page(person.id)).attempts).toEqual([]);

    expect(await shell.handlers.setProgressConsent({ granted: true })).toEqual({ state: 'granted', needsAsking: false });
    await playLesson(shell, 'souris-cliquer', 3);
    await shell.syncIdle();
    await expect.poll(async () => (await page(person.id)).attempts.map((a) => [a.lessonId, a.finishedAt !== null]), { timeout: 5000 }).toEqual([['souris-cliquer', true]]);
    expect((await page(person.id)).consent).toMatchObject({ state: 'granted', source: 'machine' });

    // Withdrawn on the machine: the hub forgets, and nothing more is sent.
    await shell.handlers.setProgressConsent({ granted: false });
    await shell.syncIdle();
    await expect.poll(async () => (await page(person.id)).attempts, { timeout: 5000 }).toEqual([]);
    await playLesson(shell, 'souris-double-clic', 3);
    await shell.syncIdle();
    expect((await page(person.id)).attempts).toEqual([]);
    expect((await page(person.id)).consent.state).toBe('withdrawn');
  });

  it('switches to the language set in the console', async () => {
    const { shell, machineId } = await machineShell('home');
    const person = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Karim', phone: '0611223344', language: 'fr' });
    const staff = await sessionAs(hub, 'Sam2', 'staff');
    await consoleCall(hub, staff, 'POST', '/console/loans', { machineId, beneficiaryId: person.id });
    await expect.poll(async () => (await shell.handlers.getShellInfo({})).language, { timeout: 5000 }).toBe('fr');
    await consoleCall(hub, staff, 'PATCH', `/console/beneficiaries/${person.id}`, { language: 'ar' });
    await expect.poll(async () => (await shell.handlers.getShellInfo({})).language, { timeout: 5000 }).toBe('ar');
    // The person may still choose on the shell.
    expect(await shell.handlers.setLanguage({ language: 'en' })).toEqual({ language: 'en' });
  });
});

describe('a kiosk visitor with a card', () => {
  it('resumes their path in their language; their progress reaches the hub; the visit’s end forgets them', async () => {
    const { shell } = await machineShell('kiosk');
    await expect.poll(async () => (await shell.handlers.getKioskState({})).mode, { timeout: 5000 }).toBe('kiosk');
    const visitor = await hub.store.visitors.createVisitor(hub.seed.associationId, { name: 'Lulu', language: 'ar' }, marie.id);
    await consoleCall(hub, marie, 'PUT', `/console/people/${visitor.id}/path`, { lessons: ['souris-glisser'] });
    const card = await hub.store.visitors.issueCard(hub.seed.associationId, visitor.id);
    await shell.handlers.startVisit({});
    const wrong = card!.code.map((c) => (c + 1) % 16);
    expect(await shell.handlers.resumeWithCard({ code: wrong })).toEqual({ ok: false, reason: 'wrong', attemptsLeft: 4 });
    expect(await shell.handlers.resumeWithCard({ code: card!.code })).toEqual({ ok: true, firstName: 'Lulu', language: 'ar' });
    expect((await shell.handlers.getShellInfo({})).language).toBe('ar');
    expect(await shell.handlers.getNextLesson({})).toMatchObject({ lessonId: 'souris-glisser', reason: 'path' });
    await playLesson(shell, 'souris-glisser', 2);
    await shell.syncIdle();
    await expect.poll(async () => (await page(visitor.id)).attempts.map((a) => a.lessonId), { timeout: 5000 }).toEqual(['souris-glisser']);
    await shell.handlers.endVisit({});
    expect((await shell.handlers.getPerson({})).person).toBeNull();
    expect((await shell.handlers.getShellInfo({})).language).toBe('fr');
  });
});
