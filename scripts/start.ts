/**
 * `npm start`: the hub and the shell, each in its own process, so that one crashing never takes the
 * other down; the one left says so. The shell runs in Electron when its binary is available,
 * otherwise through the web host (and Chromium in --app mode when one is installed and a display
 * is there). Builds run only when their sources changed, quietly. Ctrl+C stops everything.
 *
 * Options: --hub-port (PASSERELLE_HUB_PORT, 8600), --shell-port (PASSERELLE_SHELL_PORT, 8601),
 * --data (./data), --no-browser (PASSERELLE_NO_BROWSER=1), --no-build (use dist/ as it is).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildStale, type BuildStep } from './start/builds.ts';
import type { FromHub, FromShell, HubOptions, ShellOptions, ToHub, ToShell } from './start/messages.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: path.join(repo, 'data') },
    'hub-port': { type: 'string', default: process.env.PASSERELLE_HUB_PORT ?? '8600' },
    'shell-port': { type: 'string', default: process.env.PASSERELLE_SHELL_PORT ?? '8601' },
    'no-browser': { type: 'boolean', default: process.env.PASSERELLE_NO_BROWSER === '1' },
    'no-build': { type: 'boolean', default: false },
    'admin-email': { type: 'string' },
  },
});

function port(name: 'hub-port' | 'shell-port'): number {
  const value = Number(values[name]);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) {
    console.error(`--${name} must be a port number between 0 and 65535 (got ${values[name]})`);
    process.exit(2);
  }
  return value;
}
const hubPort = port('hub-port');
const shellPort = port('shell-port');
const appVersion = (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string }).version;
const dataDir = path.resolve(values.data);
const hubDataDir = path.join(dataDir, 'hub');
const shellDataDir = path.join(dataDir, 'shell');
const lessonsDir = path.join(repo, 'lessons');
const rendererDir = path.join(repo, 'dist', 'renderer');

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

const electron = electronBinary();
const vite = path.join(repo, 'node_modules', 'vite', 'bin', 'vite.js');
const shared = ['app', 'package-lock.json'];
const BUILDS: BuildStep[] = [
  { name: 'screens', inputs: ['renderer', 'main/policy', ...shared], output: 'dist/renderer', command: [process.execPath, vite, 'build', '--config', 'renderer/vite.config.ts'] },
  { name: 'console', inputs: ['server/console', ...shared], output: 'dist/console', command: [process.execPath, vite, 'build', '--config', 'server/console/vite.config.ts'] },
  ...(electron
    ? [{ name: 'Electron', inputs: ['main', ...shared], output: 'dist/electron', command: [process.execPath, '--import', 'tsx', 'scripts/build-electron.ts'] }]
    : []),
];

console.log(`Passerelle ${appVersion}: starting the hub and the shell…`);
if (!values['no-build']) {
  try {
    await buildStale(BUILDS, repo, (step) => console.log(`  building the ${step.name} (only when its sources changed)…`));
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

// ---- the two processes ------------------------------------------------------------------------
const children = new Set<ChildProcess>();
let stopping = false;

function child(file: string, options: HubOptions | ShellOptions, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const started = fork(path.join(repo, 'scripts', 'start', file), [JSON.stringify(options)], { execArgv: ['--import', 'tsx'], stdio: 'inherit', env });
  children.add(started);
  started.on('exit', () => children.delete(started));
  return started;
}

function next<T extends { type: string }>(process: ChildProcess, type: T['type']): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: T) => {
      if (message.type === type) done(() => resolve(message));
      else if (message.type === 'failed') done(() => reject(new Error((message as unknown as { message: string }).message)));
    };
    const onExit = (code: number | null) => done(() => reject(new Error(`stopped before it was ready (exit code ${code})`)));
    const done = (then: () => void) => {
      process.off('message', onMessage);
      process.off('exit', onExit);
      then();
    };
    process.on('message', onMessage);
    process.on('exit', onExit);
  });
}

async function fail(what: string, error: unknown): Promise<never> {
  console.error(`\nThe ${what} could not start: ${(error as Error).message}`);
  await stop(1);
  return process.exit(1);
}

const hub = child('hub.ts', { port: hubPort, dataDir: hubDataDir, ...(values['admin-email'] ? { adminEmail: values['admin-email'] } : {}) });
const hubReady = await next<Extract<FromHub, { type: 'ready' }>>(hub, 'ready').catch((error: unknown) => fail('hub', error));
// The shell asks for an enrolment code when it has none yet; the hub makes one.
const answerEnrolment = (shell: ChildProcess) =>
  shell.on('message', (message: FromShell) => {
    if (message.type !== 'need-enrolment-code') return;
    void next<Extract<FromHub, { type: 'enrolment-code' }>>(hub, 'enrolment-code').then(
      ({ code }) => shell.send({ type: 'enrolment-code', code } satisfies ToShell),
      (error: unknown) => void fail('shell', error),
    );
    hub.send({ type: 'enrolment-code' } satisfies ToHub);
  });
const shellOptions: ShellOptions = { lessonsDir, rendererDir, appVersion };
// Electron and the web host read these through the shell's one configuration reader (main/config.ts).
const shellEnv = { ...process.env, PASSERELLE_HUB_URL: hubReady.url, PASSERELLE_SHELL_DATA: shellDataDir, PASSERELLE_SHELL_PORT: String(shellPort) };

let shellProcess: ChildProcess;
let shellLine: string;
let assetTag: string | null;
if (electron) {
  // Enrolled first, then Electron runs its own copy of the shell services on the same data folder.
  const enrolling = child('shell.ts', { ...shellOptions, enrolOnly: true }, shellEnv);
  answerEnrolment(enrolling);
  ({ assetTag } = await next<Extract<FromShell, { type: 'ready' }>>(enrolling, 'ready').catch((error: unknown) => fail('shell', error)));
  shellProcess = spawn(electron, [repo], { stdio: 'inherit', env: shellEnv });
  children.add(shellProcess);
  shellLine = 'Shell               Electron window';
} else {
  shellProcess = child('shell.ts', shellOptions, shellEnv);
  answerEnrolment(shellProcess);
  const ready = await next<Extract<FromShell, { type: 'ready' }>>(shellProcess, 'ready').catch((error: unknown) => fail('shell', error));
  assetTag = ready.assetTag;
  shellLine = `Shell               ${ready.url}\n                    (web host: the Electron binary is not available here)`;
  const chromium = chromiumBinary();
  if (chromium && ready.url && !values['no-browser'] && (process.env.DISPLAY || process.env.WAYLAND_DISPLAY)) {
    // --auto-accept-this-tab-capture: when a helper asks to see the screen, the shell asks the person
    // itself (aloud, with pictures); Chromium's own "share this tab?" dialog would be a second, small, written question.
    const browser = spawn(chromium, [`--app=${ready.url}`, '--no-first-run', '--auto-accept-this-tab-capture', `--user-data-dir=${path.join(dataDir, 'chromium')}`], {
      stdio: 'ignore',
    });
    browser.on('error', () => undefined);
    children.add(browser);
  }
}

// ---- the banner -------------------------------------------------------------------------------
const { admin } = hubReady;
console.log(`
Passerelle is running.
Hub                 ${hubReady.url}   (data: ${hubDataDir})
Console             ${hubReady.url}/console/
Console admin       ${admin.email}${admin.oneTimePassword ? `\nOne-time password   ${admin.oneTimePassword}   (shown once: write it down)` : ' (password set on first run)'}
${shellLine}${assetTag ? `\nShell enrolled as   ${assetTag}` : ''}

Ports: --hub-port / PASSERELLE_HUB_PORT, --shell-port / PASSERELLE_SHELL_PORT. Press Ctrl+C to stop.`);

// ---- one process gone: the other keeps running and says so -------------------------------------
hub.on('exit', (code, signal) => {
  if (stopping) return;
  console.error(
    `\n[passerelle] The hub stopped (${signal ?? `exit code ${code}`}). The shell keeps running offline: ` +
      'what is asked waits in its outbox and leaves when a hub answers again. Restart npm start to bring the hub back.',
  );
  if (children.size === 0) void stop(1);
});
shellProcess.on('exit', (code, signal) => {
  if (stopping) return;
  if (electron && code === 0) return void stop(0); // the window was closed
  console.error(
    `\n[passerelle] The shell stopped (${signal ?? `exit code ${code}`}). The hub keeps running at ${hubReady.url} ` +
      `(console: ${hubReady.url}/console/). Restart npm start to bring the shell back.`,
  );
  if (hub.exitCode !== null || hub.signalCode !== null) void stop(1);
});

async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping Passerelle…');
  const exits = [...children].map((c) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve()))));
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(exits);
  console.log('Stopped: every acknowledged request is on disk.');
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
