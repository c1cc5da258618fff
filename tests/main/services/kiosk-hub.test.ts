/**
 * Kiosk mode and the animateur PIN travel from the hub's loan register to the machine: staff set
 * them in the console (real routes, roles and CSRF), the hub stores the PIN hashed and pushes mode
 * and hash on the machine's live feed (real WebSocket), the shell applies them and checks the PIN
 * itself. The PIN never leaves the hub in clear.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KioskHostAction, ShellServices } from '../../../main/shell.ts';
import { createShell } from '../../../main/shell.ts';
import { consoleCall, expectApiError, makeHub, removeTempDirs, sessionAs, type TestHub } from '../../server/helpers.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
let hub: TestHub;
let shell: ShellServices;
let dir: string;
let machineId: string;
const hostActions: KioskHostAction[] = [];

beforeAll(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (hub.app.server.address() as { port: number }).port;
  const machine = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'BORNE-0002', mode: 'home', cohort: 'kiosk-hopital' });
  machineId = machine.id;
  const { code } = await hub.store.register.createEnrolmentCode(machine.id, 60);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-kiosk-hub-'));
  shell = await createShell({ dataDir: dir, hubUrl: `http://127.0.0.1:${port}`, lessonsDir, appVersion: '0.0.0-test' });
  shell.kiosk.onHostAction((action) => hostActions.push(action));
  await shell.enrol(code);
});

afterAll(async () => {
  await shell.close();
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
  removeTempDirs();
});

describe('kiosk settings from the console to the machine', () => {
  it('turns the machine into a kiosk with an animateur PIN, live', async () => {
    const staff = await sessionAs(hub, 'Samia', 'staff');
    expect((await shell.handlers.getKioskState({})).mode).toBe('home');
    const res = await consoleCall(hub, staff, 'PATCH', `/console/machines/${machineId}`, { mode: 'kiosk', staffPin: '483920' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ mode: 'kiosk', staffPinSet: true });
    expect(JSON.stringify(res.json())).not.toContain('483920');
    await expect.poll(async () => (await shell.handlers.getKioskState({})).staffPinSet, { timeout: 5000 }).toBe(true);
    expect(await shell.handlers.getKioskState({})).toMatchObject({ mode: 'kiosk', staffPinSet: true });
    // The page both hosts serve says so too: the renderer waits for the bridge, never painting a loan's home.
    expect(shell.firstFrame().mode).toBe('kiosk');
    expect(hostActions).toContain('modeChanged');
    // The machine checks the PIN itself, from the hash.
    expect(await shell.handlers.checkStaffPin({ pin: '000000' })).toMatchObject({ ok: false, reason: 'wrong' });
    expect((await shell.handlers.checkStaffPin({ pin: '483920' })).ok).toBe(true);
  });

  it('keeps only a salted hash on the hub', async () => {
    const kiosk = await hub.store.register.getMachineKiosk(machineId);
    expect(kiosk?.staffPinHash).toMatch(/^scrypt\$/);
    expect(kiosk?.staffPinHash).not.toContain('483920');
  });

  it('a new PIN replaces the old one on the machine', async () => {
    const staff = await sessionAs(hub, 'Marc', 'staff');
    expect((await consoleCall(hub, staff, 'PATCH', `/console/machines/${machineId}`, { staffPin: '1357' })).statusCode).toBe(200);
    await expect.poll(async () => (await shell.handlers.checkStaffPin({ pin: '1357' })).ok, { timeout: 5000 }).toBe(true);
    expect((await shell.handlers.checkStaffPin({ pin: '483920' })).ok).toBe(false);
  });

  it('refuses a PIN that is not 4 to 8 digits, or a helper setting it, and changes nothing', async () => {
    const staff = await sessionAs(hub, 'Lea', 'staff');
    const before = await hub.store.register.getMachineKiosk(machineId);
    for (const staffPin of ['12', '12a4', '123456789', 1234]) {
      expectApiError(await consoleCall(hub, staff, 'PATCH', `/console/machines/${machineId}`, { staffPin }), 400);
    }
    const helper = await sessionAs(hub, 'Paul', 'accompagnant');
    expect((await consoleCall(hub, helper, 'PATCH', `/console/machines/${machineId}`, { staffPin: '9999' })).statusCode).toBe(403);
    expect(await hub.store.register.getMachineKiosk(machineId)).toEqual(before);
  });

  it('removing the PIN closes the staff menu; home mode ends the kiosk and its visit', async () => {
    const staff = await sessionAs(hub, 'Nora', 'staff');
    await shell.handlers.startVisit({});
    expect((await shell.handlers.getKioskState({})).visit).not.toBeNull();
    expect((await consoleCall(hub, staff, 'PATCH', `/console/machines/${machineId}`, { mode: 'home', staffPin: null })).json()).toMatchObject({ mode: 'home', staffPinSet: false });
    await expect.poll(async () => (await shell.handlers.getKioskState({})).mode, { timeout: 5000 }).toBe('home');
    expect(await shell.handlers.getKioskState({})).toMatchObject({ staffPinSet: false, visit: null });
    expect(await shell.handlers.checkStaffPin({ pin: '1357' })).toMatchObject({ ok: false, reason: 'no_pin' });
  });

  it('a machine that was off when staff changed them gets them in its feed hello', async () => {
    const staff = await sessionAs(hub, 'Ines', 'staff');
    await shell.close();
    await consoleCall(hub, staff, 'PATCH', `/console/machines/${machineId}`, { mode: 'kiosk', staffPin: '2468' });
    const port = (hub.app.server.address() as { port: number }).port;
    shell = await createShell({ dataDir: dir, hubUrl: `http://127.0.0.1:${port}`, lessonsDir, appVersion: '0.0.0-test' });
    await expect.poll(async () => (await shell.handlers.getKioskState({})).mode, { timeout: 5000 }).toBe('kiosk');
    expect((await shell.handlers.checkStaffPin({ pin: '2468' })).ok).toBe(true);
  });
});
