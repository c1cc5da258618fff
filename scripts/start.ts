/**
 * `npm start`: the hub with its embedded SQLite store, then the shell enrolled against it —
 * in Electron when its binary is available, otherwise through the web host (and Chromium in
 * --app mode when one is installed). Ctrl+C stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startHub } from '../server/hub.ts';
import { createShell } from '../main/shell.ts';
import { startWebHost } from '../main/webhost/server.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.join(repo, 'data') },
    'hub-port': { type: 'string', default: process.env.PASSERELLE_HUB_PORT ?? '8600' },
    'shell-port': { type: 'string', default: process.env.PASSERELLE_SHELL_PORT ?? '8601' },
    'no-browser': { type: 'boolean', default: process.env.PASSERELLE_NO_BROWSER === '1' },
  },
});
const appVersion = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const dataDir = path.resolve(values.data);
const shellDataDir = path.join(dataDir, 'shell');
const lessonsDir = path.join(repo, 'lessons');

/** The Electron binary, when one is installed or pointed to; null here where its download is blocked. */
function electronBinary(): string | null {
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = fs.existsSync(override) && fs.statSync(override).isDirectory() ? path.join(override, 'electron') : override;
    return fs.existsSync(candidate) ? candidate : null;
  }
  try {
    const pkgDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const rel = fs.readFileSync(path.join(pkgDir, 'path.txt'), 'utf8').trim();
    const binary = path.join(pkgDir, 'dist', rel);
    return fs.existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

function chromiumBinary(): string | null {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((c): c is string => !!c && fs.existsSync(c)) ?? null;
}

const hub = await startHub({ port: Number(values['hub-port']), dataDir: path.join(dataDir, 'hub') });
const consoleUrl = `${hub.url}/console/`;
console.log(`\nPasserelle hub      ${hub.url}   (data: ${path.join(dataDir, 'hub')})`);
if (hub.seed.admin.created) {
  console.log(`Console admin       ${hub.seed.admin.email}`);
  console.log(`One-time password   ${hub.seed.admin.oneTimePassword}   (shown once: write it down)`);
} else console.log(`Console admin       ${hub.seed.admin.email} (password set on first run)`);

// Enrol the local shell as the demo machine, through the real enrolment endpoint.
const shell = await createShell({ dataDir: shellDataDir, hubUrl: hub.url, lessonsDir, appVersion });
if (!shell.isEnrolled()) {
  const code = hub.seed.demoMachine.enrolmentCode?.code ?? (await hub.store.createEnrolmentCode(hub.seed.demoMachine.id)).code;
  const { assetTag } = await shell.enrol(code);
  console.log(`Shell enrolled as   ${assetTag}`);
}

const children: ChildProcess[] = [];
let webHost: Awaited<ReturnType<typeof startWebHost>> | null = null;
const electron = electronBinary();

if (electron) {
  // Electron runs its own copy of the shell services on the same data folder.
  await shell.close();
  const child = spawn(electron, [repo], {
    stdio: 'inherit',
    env: { ...process.env, PASSERELLE_HUB_URL: hub.url, PASSERELLE_SHELL_DATA: shellDataDir },
  });
  children.push(child);
  child.on('exit', () => void stop(0));
  console.log('Shell               Electron window');
} else {
  webHost = await startWebHost({ shell, rendererDir: path.join(repo, 'dist', 'renderer'), lessonsDir, port: Number(values['shell-port']) });
  console.log('Shell               web host (the Electron binary is not available on this machine)');
  console.log(`Shell URL           ${webHost.url}`);
  const chromium = chromiumBinary();
  if (chromium && !values['no-browser'] && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    const child = spawn(chromium, [`--app=${webHost.url}`, '--no-first-run', `--user-data-dir=${path.join(dataDir, 'chromium')}`], { stdio: 'ignore' });
    child.on('error', () => undefined);
    children.push(child);
  }
}
console.log(`Console URL         ${consoleUrl}\n\nPress Ctrl+C to stop.`);

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Passerelle…');
  for (const child of children) child.kill('SIGTERM');
  await webHost?.close();
  if (!electron) await shell.close();
  await hub.close();
  console.log('Stopped: every acknowledged request is on disk.');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
