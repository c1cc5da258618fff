/**
 * The shell's services against a real hub (Fastify + SQLite on a free port): delivery, status
 * pushes, cancellation, and the offline path with exactly-once delivery.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createShell, type ShellServices } from '../../main/shell.ts';
import { startHub, type StartedHub } from '../../server/hub.ts';
import type { LocalHelpRequest } from '../../app/bridge/contract.ts';
import { helpRequest, openHelpRequests } from '../server/inspect.ts';
import { firstSignIn } from '../server/first-sign-in.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../lessons');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ dir: string; hub: StartedHub; shell: ShellServices; events: LocalHelpRequest[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shell-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const hub = await startHub({ port: 0, dataDir: path.join(dir, 'hub') });
  const state = { hub };
  cleanups.push(() => state.hub.close());
  const shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: hub.url, lessonsDir, appVersion: '1.2.3' });
  cleanups.push(() => shell.close());
  const events: LocalHelpRequest[] = [];
  shell.onEvent((event, payload) => {
    if (event === 'helpChanged') events.push(payload as LocalHelpRequest);
  });
  await shell.enrol(hub.seed.demoMachine.enrolmentCode!.code);
  return { dir, hub, shell, events };
}

async function until<T>(probe: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('shell services with a real hub', () => {
  it('refuses to enrol twice with the same code', async () => {
    const { dir, hub } = await setup();
    const other = await createShell({ dataDir: path.join(dir, 'other'), hubUrl: hub.url, lessonsDir, appVersion: '1' });
    cleanups.push(() => other.close());
    await expect(other.enrol(hub.seed.demoMachine.enrolmentCode!.code)).rejects.toThrow();
    expect(other.isEnrolled()).toBe(false);
  });

  it('delivers a help request and mirrors the status the hub pushes', async () => {
    const { hub, shell, events } = await setup();
    const created = await shell.handlers.requestHelp({ context: { screen: 'lesson', lessonId: 'souris-cliquer', stepIndex: 2 } });
    expect(created).toMatchObject({ state: 'new', delivered: false });
    await until(() => shell.handlers.getOpenHelpRequests({}), (open) => open[0]?.delivered === true);

    const [view] = await openHelpRequests(hub.store);
    expect(view).toMatchObject({ id: created.id, assetTag: 'DEMO-0001', context: { lessonId: 'souris-cliquer', stepIndex: 2, appVersion: '1.2.3' } });

    // A helper claims it through the console API; the hub pushes the new status to this machine.
    if (!hub.seed.admin.created) throw new Error('fresh hub expected');
    const { cookie, csrfToken } = await firstSignIn(hub.url, hub.seed.admin.email, hub.seed.admin.oneTimePassword);
    const claim = await fetch(`${hub.url}/api/v1/console/help-requests/${created.id}/actions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ action: 'claim' }),
    });
    expect(claim.status).toBe(200);
    const claimed = await until(
      () => events.at(-1),
      (e) => e?.state === 'claimed',
    );
    expect(claimed).toMatchObject({ id: created.id, helperFirstName: 'Admin', delivered: true });
  });

  it('keeps a request in the outbox while the hub is down and delivers it exactly once when it is back', async () => {
    const { dir, hub, shell } = await setup();
    const port = hub.port;
    await hub.close();
    const created = await shell.handlers.requestHelp({ context: { screen: 'home' } });
    await shell.syncIdle();
    expect((await shell.handlers.getShellInfo({})).hubReachable).toBe(false);
    expect((await shell.handlers.getOpenHelpRequests({}))[0]).toMatchObject({ id: created.id, delivered: false });

    const again = await startHub({ port, dataDir: path.join(dir, 'hub') });
    cleanups.push(() => again.close());
    await until(() => shell.handlers.getOpenHelpRequests({}), (open) => open[0]?.delivered === true, 35_000);
    await shell.syncIdle();
    const open = await openHelpRequests(again.store);
    expect(open.map((r) => r.id)).toEqual([created.id]);
  }, 60_000);

  it('cancels a request locally at once and on the hub when delivered', async () => {
    const { hub, shell } = await setup();
    const created = await shell.handlers.requestHelp({ context: { screen: 'home' } });
    const cancelled = await shell.handlers.cancelHelp({ id: created.id });
    expect(cancelled.state).toBe('cancelled');
    // The hub must end up holding the request as cancelled (an empty open list alone would also
    // be true before the request arrives).
    const onHub = await until(() => helpRequest(hub.store, created.id), (view) => view?.state === 'cancelled');
    expect(onHub).toMatchObject({ id: created.id, state: 'cancelled' });
    await shell.syncIdle();
    expect(await shell.handlers.getOpenHelpRequests({})).toEqual([]);
  });

  it('serves the lesson pack in French, English and Arabic, and remembers progress', async () => {
    const { shell } = await setup();
    const summary = (await shell.handlers.listLessons({ language: 'fr' })).find((l) => l.id === 'souris-cliquer');
    expect(summary).toMatchObject({ id: 'souris-cliquer', title: 'Cliquer avec la souris', completed: false });
    const ar = await shell.handlers.getLesson({ id: 'souris-cliquer', language: 'ar' });
    expect(ar.title).toBe('النقر بالفأرة');
    expect(ar.steps[0]!.picture).toBe('lessons/souris-cliquer/pictures/souris-bouton-gauche.svg');
    await shell.handlers.saveLessonProgress({ lessonId: 'souris-cliquer', stepIndex: 3, finished: true });
    await shell.handlers.saveLessonProgress({ lessonId: 'souris-cliquer', stepIndex: 0, finished: false });
    expect(await shell.handlers.getLessonProgress({ lessonId: 'souris-cliquer' })).toEqual({ stepIndex: 0, finished: true });
  });
});
