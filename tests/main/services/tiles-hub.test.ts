/**
 * The shell's tiles against a real hub (issue 13): the set a helper saves reaches the machine on its
 * feed, is kept for offline use across a restart, and a tile pressed is counted by its category only.
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_TILES } from '../../../app/tiles/model.ts';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { consoleCall, makeHub, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from '../../server/helpers.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
let hub: TestHub;
let url: string;
let staff: ConsoleSession;
const dirs: string[] = [];

beforeAll(async () => {
  hub = await makeHub();
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(hub.app.server.address() as { port: number }).port}`;
  staff = await sessionAs(hub, 'Sophie', 'staff');
});
afterAll(async () => {
  await hub.close();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  removeTempDirs();
});

const ameli = { kind: 'website', id: 'ameli', picture: 'hospital', label: 'Ameli', url: 'https://www.ameli.fr/', domains: ['ameli.fr', 'www.ameli.fr'], loginProviders: ['franceconnect'] };
const help = { kind: 'help', id: 'help', picture: 'phone' };

describe('tiles on the machine', () => {
  it('get the hub’s set on the feed, keep it offline across a restart, and count a press by category only', async () => {
    const machine = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'TILES-1', mode: 'home', cohort: 'home' });
    const { code } = await hub.store.register.createEnrolmentCode(machine.id, 60);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-tiles-'));
    dirs.push(dir);
    let shell: ShellServices = await createShell({ dataDir: dir, hubUrl: url, lessonsDir, appVersion: '0.0.0-test' });
    expect(await shell.handlers.getTiles({})).toEqual({ tiles: BUILTIN_TILES, source: 'builtin' });
    await shell.enrol(code);
    await shell.handlers.setUsageConsent({ granted: true });
    const events: string[] = [];
    shell.onEvent((event) => events.push(event));

    expect((await consoleCall(hub, staff, 'PUT', '/console/tiles/defaults', { tiles: [ameli, help] })).statusCode).toBe(200);
    await expect.poll(async () => (await shell.handlers.getTiles({})).source, { timeout: 5000 }).toBe('association');
    expect((await shell.handlers.getTiles({})).tiles).toEqual([ameli, help]);
    expect(events).toContain('tilesChanged');

    expect(await shell.handlers.openTile({ id: 'ameli' })).toEqual({ opened: true });
    expect(await shell.handlers.openTile({ id: 'ameli' })).toEqual({ opened: true });
    expect(await shell.handlers.openTile({ id: 'not-mine' })).toEqual({ opened: false });
    // Read straight from the shell's store: which category, how many — never which site.
    const db = new Database(path.join(dir, 'shell.sqlite'), { readonly: true });
    const rows = db.prepare("SELECT metric, label, value FROM usage_counts WHERE metric = 'tile.opened'").all();
    db.close();
    expect(rows).toEqual([{ metric: 'tile.opened', label: 'website', value: 2 }]);

    // Offline after a restart: the same tiles, from the shell's own store.
    await shell.close();
    shell = await createShell({ dataDir: dir, hubUrl: 'http://127.0.0.1:9', lessonsDir, appVersion: '0.0.0-test' });
    expect(await shell.handlers.getTiles({})).toEqual({ tiles: [ameli, help], source: 'association' });
    await shell.close();
  });
});
