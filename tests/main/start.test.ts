/**
 * `npm start` runs the hub and the shell in two processes: killing one leaves the other running, and
 * the supervisor says which stopped and what still works. The shell left alone goes offline in the
 * usual way (hub unreachable, help requests kept in its outbox).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
let running: { supervisor: ChildProcess; dir: string } | null = null;

afterEach(async () => {
  if (!running) return;
  const { supervisor, dir } = running;
  running = null;
  if (supervisor.exitCode === null && supervisor.signalCode === null) {
    const exited = new Promise((resolve) => supervisor.once('exit', resolve));
    supervisor.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

type Started = { output: () => string; hubUrl: string; shellUrl: string; hubPid: number; shellPid: number; supervisor: ChildProcess };

async function waitFor<T>(what: string, probe: () => T | null | undefined | Promise<T | null | undefined>, timeoutMs = 60_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The supervisor's child processes, by the script they run. */
function childPid(supervisorPid: number, script: string): number | null {
  const lines = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(supervisorPid)], { encoding: 'utf8' }).trim().split('\n');
  const line = lines.find((l) => l.includes(`scripts/start/${script}`));
  return line ? Number(line.trim().split(/\s+/, 1)[0]) : null;
}

async function start(): Promise<Started> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-start-'));
  const supervisor = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/start.ts', '--hub-port', '0', '--shell-port', '0', '--no-browser', '--no-build', '--data', dir],
    { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DISPLAY: '', WAYLAND_DISPLAY: '' } },
  );
  running = { supervisor, dir };
  let text = '';
  supervisor.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  supervisor.stderr!.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await waitFor('the banner', () => (text.includes('Press Ctrl+C') ? true : supervisor.exitCode !== null ? Promise.reject(new Error(text)) : null));
  const hubUrl = /^Hub\s+(http:\S+)/m.exec(text)![1]!;
  const shellUrl = /^Shell\s+(http:\S+)/m.exec(text)![1]!;
  const hubPid = childPid(supervisor.pid!, 'hub.ts')!;
  const shellPid = childPid(supervisor.pid!, 'shell.ts')!;
  return { output: () => text, hubUrl, shellUrl, hubPid, shellPid, supervisor };
}

/** One bridge call over the web host's socket, as the page makes it. */
async function bridgeCall(shellUrl: string, call: string, payload: unknown = {}): Promise<{ ok: boolean; value?: Record<string, unknown> }> {
  const url = new URL(shellUrl);
  const ws = new WebSocket(`ws://${url.host}/bridge?token=${url.searchParams.get('token')}`, { origin: url.origin });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answer = await new Promise<{ ok: boolean; value?: Record<string, unknown> }>((resolve) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as { id?: number };
      if (frame.id === 1) resolve(frame as { ok: boolean; value?: Record<string, unknown> });
    });
    ws.send(JSON.stringify({ id: 1, call, payload }));
  });
  ws.close();
  return answer;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm start: the hub and the shell in separate processes', () => {
  it('the banner comes first, and a killed hub leaves the shell running offline, which the supervisor says', async () => {
    const started = await start();
    expect(started.output().trimStart().startsWith('Passerelle ')).toBe(true);
    expect(started.hubPid).not.toBe(started.shellPid);
    await waitFor('the shell to reach the hub', async () => ((await bridgeCall(started.shellUrl, 'getShellInfo')).value?.hubReachable === true ? true : null));

    process.kill(started.hubPid, 'SIGKILL');
    await waitFor('the supervisor to say so', () => (started.output().includes('The hub stopped') ? true : null));
    expect(started.output()).toMatch(/The shell keeps running offline/);
    expect(alive(started.shellPid)).toBe(true);
    // The shell's usual offline behaviour: the hub is unreachable, a help request is kept for later.
    await waitFor('the shell to notice', async () => ((await bridgeCall(started.shellUrl, 'getShellInfo')).value?.hubReachable === false ? true : null));
    const asked = await bridgeCall(started.shellUrl, 'requestHelp', { context: { screen: 'home', language: 'fr' } });
    expect(asked).toMatchObject({ ok: true, value: { delivered: false, state: 'new' } });
  }, 120_000);

  it('a killed shell leaves the hub answering, which the supervisor says', async () => {
    const started = await start();
    process.kill(started.shellPid, 'SIGKILL');
    await waitFor('the supervisor to say so', () => (started.output().includes('The shell stopped') ? true : null));
    expect(started.output()).toContain(`The hub keeps running at ${started.hubUrl}`);
    expect(alive(started.hubPid)).toBe(true);
    expect((await fetch(`${started.hubUrl}/api/v1/console/me`)).status).toBe(401);
  }, 120_000);
});
