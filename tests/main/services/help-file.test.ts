/**
 * "Envoyer à l'association" (issue 13) against a real hub: a photo from the person's Pictures goes with
 * their open help request through the outbox and the helper reads it on the hub; a second and a third go
 * with the same request (the hub keeps one open request per machine), a fourth is refused before
 * anything is queued; once the request is closed, a photo opens a new one; a file too big, or one
 * outside the person's places, never leaves the machine.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELP_FILE_MAX_BYTES } from '../../../app/protocol/hub.ts';
import { helpFileName } from '../../../main/services/help-file.ts';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { consoleCall, makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from '../../server/helpers.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
let hub: TestHub;
let marie: ConsoleSession;
let shell: ShellServices;
let root: string;
let home: string;

beforeAll(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  marie = await sessionAs(hub, 'Marie', 'accompagnant');
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-help-file-'));
  home = path.join(root, 'home');
  fs.mkdirSync(path.join(home, 'Pictures'), { recursive: true });
  // Four different pictures (bytes after the PNG's end differ): the same bytes twice count once.
  for (const [i, name] of ['Lettre CAF.png', 'Ordonnance.png', 'Verso.png', 'Encore.png'].entries()) {
    fs.writeFileSync(path.join(home, 'Pictures', name), Buffer.concat([PNG, Buffer.from(`#${i}`)]));
  }
  fs.writeFileSync(path.join(home, 'Pictures', 'Poster.png'), Buffer.concat([PNG, Buffer.alloc(HELP_FILE_MAX_BYTES)]));
  fs.writeFileSync(path.join(root, 'secret.png'), PNG);
  fs.symlinkSync(path.join(root, 'secret.png'), path.join(home, 'Pictures', 'lien.png'));
  fs.writeFileSync(path.join(root, 'mounts'), '');
  shell = await createShell({ dataDir: path.join(root, 'shell'), hubUrl: url, lessonsDir, appVersion: '0.0.0-test', myFiles: { home, mediaDir: path.join(root, 'media'), mountsFile: path.join(root, 'mounts') } });
  await shell.enrol(hub.seed.demoMachine.enrolmentCode!.code);
});
afterAll(async () => {
  await shell.close();
  await hub.close();
  fs.rmSync(root, { recursive: true, force: true });
  removeTempDirs();
});

const hubRequest = async (id: string) => (await consoleCall(hub, marie, 'GET', `/console/help-requests/${id}`)).json() as { request: { files: { n: number; name: string }[] } };
const send = (name: string) => shell.handlers.sendFileToHelp({ id: `pictures/${name}`, language: 'fr' });

describe('sending a photo to the association', () => {
  it('goes with the open request (up to three, the same one twice counts once), reaches the hub, and a fourth is refused', async () => {
    const asked = await shell.handlers.requestHelp({ context: { screen: 'home', language: 'fr' } });
    expect(await send('Lettre CAF.png')).toEqual({ queued: true, request: expect.objectContaining({ id: asked.id }) });
    await shell.syncIdle();
    await expect.poll(async () => (await hubRequest(asked.id)).request.files.map((f) => f.name), { timeout: 5000 }).toEqual(['Lettre CAF.png']);
    const got = await consoleCall(hub, marie, 'GET', `/console/help-requests/${asked.id}/files/1`);
    expect(got.rawPayload.equals(fs.readFileSync(path.join(home, 'Pictures', 'Lettre CAF.png')))).toBe(true);

    for (const name of ['Ordonnance.png', 'Lettre CAF.png', 'Verso.png']) {
      expect(await send(name), name).toEqual({ queued: true, request: expect.objectContaining({ id: asked.id }) });
    }
    const openBefore = (await shell.handlers.getOpenHelpRequests({})).length;
    expect(await send('Encore.png')).toEqual({ queued: false, reason: 'too_many' });
    expect((await shell.handlers.getOpenHelpRequests({})).length).toBe(openBefore);
    await shell.syncIdle();
    await expect
      .poll(async () => (await hubRequest(asked.id)).request.files.map((f) => f.name), { timeout: 5000 })
      .toEqual(['Lettre CAF.png', 'Ordonnance.png', 'Verso.png']);

    // Once the request is closed, a photo opens a new one.
    await shell.handlers.cancelHelp({ id: asked.id });
    const next = await send('Encore.png');
    if (!next.queued) throw new Error(`expected the photo queued, got ${next.reason}`);
    expect(next.request.id).not.toBe(asked.id);
    await shell.syncIdle();
    await expect.poll(async () => (await hubRequest(next.request.id)).request.files.map((f) => f.name), { timeout: 5000 }).toEqual(['Encore.png']);
  });

  it('never sends a file too big, or one outside the person’s places', async () => {
    const before = (await shell.handlers.getOpenHelpRequests({})).length;
    expect(await shell.handlers.sendFileToHelp({ id: 'pictures/Poster.png', language: 'fr' })).toEqual({ queued: false, reason: 'too_big' });
    expect(await shell.handlers.sendFileToHelp({ id: 'pictures/lien.png', language: 'fr' })).toEqual({ queued: false, reason: 'not_found' });
    expect(await shell.handlers.sendFileToHelp({ id: 'pictures/../secret.png', language: 'fr' })).toEqual({ queued: false, reason: 'not_found' });
    expect((await shell.handlers.getOpenHelpRequests({})).length).toBe(before);
  });

  it('gives the helper a name the hub accepts', () => {
    expect(helpFileName('Lettre CAF.png')).toBe('Lettre CAF.png');
    expect(helpFileName(`${'x'.repeat(200)}.jpeg`)).toBe(`${'x'.repeat(100)}.jpeg`);
  });
});
