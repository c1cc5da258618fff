/**
 * `npm start`'s shell process (when Electron is not available): the shell's services and the web
 * host. A hub that goes away is the shell's ordinary offline case: the outbox keeps what is asked
 * and the screens say the hub cannot be reached. Started by scripts/start.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveShellConfig } from '../../main/config.ts';
import { shellLog } from '../../main/log.ts';
import { createShell } from '../../main/shell.ts';
import { startWebHost } from '../../main/webhost/server.ts';
import { tell, type FromShell, type ShellOptions, type ToShell } from './messages.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ShellOptions;
// The same configuration reader as Electron's (environment, then <data>/config.json).
const dataDir = path.resolve(process.env.PASSERELLE_SHELL_DATA ?? 'data/shell');
const configFile = path.join(dataDir, 'config.json');
const config = resolveShellConfig({ env: process.env, configFileText: fs.existsSync(configFile) ? fs.readFileSync(configFile, 'utf8') : null, isPackaged: false });
for (const warning of config.warnings) shellLog(warning);

function enrolmentCode(): Promise<string> {
  return new Promise((resolve) => {
    const listener = (message: ToShell) => {
      if (message.type !== 'enrolment-code') return;
      process.off('message', listener);
      resolve(message.code);
    };
    process.on('message', listener);
    tell<FromShell>({ type: 'need-enrolment-code' });
  });
}

try {
  const shell = await createShell({ dataDir: config.machineDataDir ?? dataDir, hubUrl: config.hubUrl, lessonsDir: options.lessonsDir, appVersion: options.appVersion });
  let enrolledNow = false;
  let assetTag: string | null = null;
  if (!shell.isEnrolled()) {
    // Enrolled as the demo machine through the hub's real enrolment endpoint.
    assetTag = (await shell.enrol(await enrolmentCode())).assetTag;
    enrolledNow = true;
  }
  if (options.enrolOnly) {
    await shell.close();
    tell<FromShell>({ type: 'ready', url: null, assetTag, enrolledNow });
    process.exit(0);
  }
  const webHost = await startWebHost({ shell, rendererDir: options.rendererDir, lessonsDir: options.lessonsDir, port: config.webHostPort });
  tell<FromShell>({ type: 'ready', url: webHost.url, assetTag, enrolledNow });
  const stop = () =>
    void (async () => {
      await webHost.close();
      await shell.close(); // every acknowledged request is on disk
      process.exit(0);
    })();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
} catch (error) {
  tell<FromShell>({ type: 'failed', message: (error as Error).message });
  process.exit(1);
}
