/**
 * The real programs for the kiosk end-to-end tests: a hub, a machine created in its loan register as
 * a kiosk, a shell enrolled with that machine's one-time code (through the real endpoint), and the
 * shell's web host. The idle policy is the test's (the default is 5 minutes).
 */
import { checkShellScreen } from './support/screens.ts';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHub, type StartedHub } from '../../server/hub.ts';
import { createShell, type ShellServices } from '../../main/shell.ts';
import type { IdlePolicy } from '../../main/services/visitor.ts';
import type { TileSet } from '../../app/tiles/model.ts';
import { startWebHost, type WebHost } from '../../main/webhost/server.ts';

export const KIOSK_ASSET_TAG = 'BORNE-0001';

const repo = path.resolve(import.meta.dirname, '../..');
const lessonsDir = path.join(repo, 'lessons');
const rendererDir = path.join(repo, 'dist', 'renderer');

export type KioskStack = { dir: string; shellDir: string; machineId: string; hub: StartedHub; shell: ShellServices; webHost: WebHost; close(): Promise<void> };

/**
 * A hub, a machine created in its loan register as a kiosk, a shell enrolled with its code, the web host.
 * `placeTiles`: the kiosk place's tiles, set by the association before the shell enrols.
 */
export async function startKioskStack(idlePolicy: IdlePolicy, placeTiles?: TileSet): Promise<KioskStack> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('run `npm run build` before the end-to-end tests');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-kiosk-e2e-'));
  const hub = await startHub({ port: 0, dataDir: path.join(dir, 'hub') });
  const machine = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: KIOSK_ASSET_TAG, mode: 'kiosk', cohort: 'kiosk-mediatheque' });
  const { code } = await hub.store.register.createEnrolmentCode(machine.id);
  if (placeTiles) {
    const admin = (await hub.store.accounts.listAccounts(hub.seed.associationId)).find((a) => a.role === 'admin')!;
    await hub.store.tiles.setTiles(hub.seed.associationId, { kind: 'place', cohort: machine.cohort }, placeTiles, admin.id);
  }
  const shellDir = path.join(dir, 'shell');
  const shell = await createShell({ dataDir: shellDir, hubUrl: hub.url, lessonsDir, appVersion: '0.0.0-test', kiosk: { idlePolicy } });
  await shell.enrol(code);
  // The machine's first-start question was answered by the technician.
  await shell.handlers.setUsageConsent({ granted: true });
  const webHost = await startWebHost({ shell, rendererDir, lessonsDir });
  return {
    dir,
    shellDir,
    machineId: machine.id,
    hub,
    shell,
    webHost,
    async close() {
      await webHost.close();
      await shell.close();
      await hub.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}


/** The shell's screen checks (screenshot, axe, target sizes, no file input, fits the screen). */
export const checkScreen = (page: Page, name: string) => checkShellScreen(page, name);
