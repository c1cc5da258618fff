/**
 * The real programs for an end-to-end test: the hub on a free port with its SQLite files in a
 * temp folder, a shell enrolled against it through the real endpoint, and the shell's web host.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHub, type StartHubOptions, type StartedHub } from '../../../server/hub.ts';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { startWebHost, type WebHost } from '../../../main/webhost/server.ts';
import type { MyFilesOptions } from '../../../main/services/my-files.ts';
import { firstSignIn } from '../../server/first-sign-in.ts';

export const repo = path.resolve(import.meta.dirname, '../../..');
export const lessonsDir = path.join(repo, 'lessons');
export const rendererDir = path.join(repo, 'dist', 'renderer');

export type Stack = {
  dir: string;
  hub: StartedHub;
  hubPort: number;
  shell: ShellServices;
  webHost: WebHost;
  adminEmail: string;
  adminPassword: string;
  /** Stop the hub only (the shell keeps running offline). */
  stopHub(): Promise<void>;
  /** Start the hub again on the same port and data folder. */
  restartHub(): Promise<void>;
  close(): Promise<void>;
};

/**
 * `askUsageConsent: true` leaves the first-start consent question unanswered (the consent screen shows);
 * by default the stack answers it (no) so that other specs start on the home screen.
 */
export async function startStack(
  options: {
    askUsageConsent?: boolean;
    /** More hub options (a TURN relay for the live-call specs), and where it listens (default 127.0.0.1). */
    hub?: Omit<StartHubOptions, 'port' | 'dataDir'>;
    /** Where the shell's web host listens (default 127.0.0.1). */
    webHostHost?: string;
    /** The person's home, USB mount folder and mount table for "Photos et documents" (default: this user's). */
    myFiles?: MyFilesOptions;
  } = {},
): Promise<Stack> {
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) throw new Error('run `npm run build` before the end-to-end tests');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-e2e-'));
  const hubDir = path.join(dir, 'hub');
  let hub = await startHub({ ...options.hub, port: 0, dataDir: hubDir });
  const hubPort = hub.port;
  if (!hub.seed.admin.created) throw new Error('expected a fresh hub');
  // The seeded admin's password is one-time: choose the admin's real one, as a first sign-in does.
  const adminPassword = (await firstSignIn(hub.url, hub.seed.admin.email, hub.seed.admin.oneTimePassword)).password;
  const shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: hub.url, lessonsDir, appVersion: '0.0.0-test', ...(options.myFiles ? { myFiles: options.myFiles } : {}) });
  await shell.enrol(hub.seed.demoMachine.enrolmentCode!.code);
  if (!options.askUsageConsent) await shell.handlers.setUsageConsent({ granted: false });
  const webHost = await startWebHost({ shell, rendererDir, lessonsDir, ...(options.webHostHost ? { host: options.webHostHost } : {}) });
  let hubRunning = true;
  const stack: Stack = {
    dir,
    get hub() {
      return hub;
    },
    hubPort,
    shell,
    webHost,
    adminEmail: hub.seed.admin.email,
    adminPassword,
    async stopHub() {
      if (!hubRunning) return;
      hubRunning = false;
      await hub.close();
    },
    async restartHub() {
      hub = await startHub({ ...options.hub, port: hubPort, dataDir: hubDir });
      hubRunning = true;
    },
    async close() {
      await webHost.close();
      await shell.close();
      if (hubRunning) await hub.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return stack;
}
