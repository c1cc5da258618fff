/**
 * Kiosk visits and the staff menu through the shell's bridge handlers (the same ones both hosts
 * serve), on a real store in a temp folder. The hub is unreachable on purpose: what a visitor
 * sends stays in the outbox, which is exactly what must survive the wipe.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BridgeInputError, dispatchBridgeCall, type BridgeEventName } from '../../../app/bridge/contract.ts';
import { createShell, type KioskHostAction, type ShellServices } from '../../../main/shell.ts';
import { hashStaffPin } from '../../../main/services/kiosk.ts';
import { openShellDb, setSetting } from '../../../main/store/db.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
const open: Array<{ shell: ShellServices; dir: string }> = [];

afterEach(async () => {
  for (const { shell, dir } of open.splice(0)) {
    await shell.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

async function kioskShell(options: { mode?: 'home' | 'kiosk'; pin?: string; bootId?: string; idle?: { timeoutMs: number; warningMs: number }; dir?: string } = {}) {
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-kiosk-shell-'));
  const db = openShellDb(path.join(dir, 'shell.sqlite'));
  setSetting(db, 'mode', options.mode ?? 'kiosk');
  if (options.pin) setSetting(db, 'staffPinHash', await hashStaffPin(options.pin));
  db.close();
  const bootIdFile = path.join(dir, 'boot_id');
  fs.writeFileSync(bootIdFile, `${options.bootId ?? '0f0e0d0c-0b0a-4909-8807-060504030201'}\n`);
  const commands: string[] = [];
  const shell = await createShell({
    dataDir: dir,
    hubUrl: 'http://127.0.0.1:9',
    lessonsDir,
    appVersion: '0.0.0-test',
    kiosk: {
      bootIdFile,
      runCommand: async (command, args) => void commands.push(`${command} ${args.join(' ')}`),
      ...(options.idle ? { idlePolicy: options.idle } : {}),
    },
  });
  const events: Array<{ event: BridgeEventName; payload: unknown }> = [];
  shell.onEvent((event, payload) => events.push({ event, payload }));
  const hostActions: KioskHostAction[] = [];
  shell.kiosk.onHostAction((action) => hostActions.push(action));
  if (!options.dir) open.push({ shell, dir });
  return { shell, dir, events, hostActions, commands };
}

/** Reads the store as another process would, after the shell wrote it. */
function storeRows(dir: string) {
  const db = openShellDb(path.join(dir, 'shell.sqlite'));
  try {
    return {
      progress: db.prepare('SELECT COUNT(*) AS n FROM lesson_progress').get() as { n: number },
      adaptivity: db.prepare("SELECT person FROM lesson_adaptivity WHERE person LIKE 'visitor:%'").all(),
      help: db.prepare('SELECT COUNT(*) AS n FROM help_requests').get() as { n: number },
      outbox: db.prepare("SELECT kind FROM outbox WHERE kind LIKE 'help.%'").all(),
      usage: db.prepare('SELECT COUNT(*) AS n FROM usage_counts').get() as { n: number },
    };
  } finally {
    db.close();
  }
}

describe('kiosk visits through the bridge handlers', () => {
  it('on a home machine there is no visit: the person is the owner', async () => {
    const { shell } = await kioskShell({ mode: 'home' });
    expect(await shell.handlers.startVisit({})).toMatchObject({ mode: 'home', visit: null });
    expect((await shell.handlers.getShellInfo({})).mode).toBe('home');
  });

  it("a visitor's lesson progress, adaptivity, help request and downloads are gone after \"J'ai fini\"; the request stays in the outbox", async () => {
    const { shell, dir, events } = await kioskShell();
    await shell.handlers.setUsageConsent({ granted: true });
    const state = await shell.handlers.startVisit({});
    expect(state).toMatchObject({ mode: 'kiosk', visit: { idleWarning: null }, idleTimeoutSeconds: 300, staffPinSet: false });
    const visit = shell.kiosk.currentVisit()!;
    await shell.handlers.saveLessonProgress({ lessonId: 'souris-cliquer', stepIndex: 1, finished: false });
    const adaptivity = await shell.handlers.getLessonAdaptivity({});
    await shell.handlers.saveLessonAdaptivity({ ...adaptivity, targetScale: 1.6 });
    await shell.handlers.requestHelp({ context: { screen: 'lesson', lessonId: 'souris-cliquer' } });
    fs.writeFileSync(path.join(visit.downloadsDir, 'photo.jpg'), 'x');
    expect(storeRows(dir)).toMatchObject({ progress: { n: 1 }, adaptivity: [{ person: visit.personId }], help: { n: 1 } });

    const usageBefore = storeRows(dir).usage.n;
    expect(usageBefore).toBeGreaterThan(0);
    const after = await shell.handlers.endVisit({});
    expect(after.visit).toBeNull();
    expect(storeRows(dir)).toMatchObject({ progress: { n: 0 }, adaptivity: [], help: { n: 0 }, outbox: [{ kind: 'help.request' }] });
    // Anonymous usage counts are the kiosk's (its cohort), not the visitor's: they stay.
    expect(storeRows(dir).usage.n).toBe(usageBefore);
    expect(fs.existsSync(path.join(dir, 'visitors', visit.id))).toBe(false);
    expect(events.filter((e) => e.event === 'visitEnded')).toEqual([{ event: 'visitEnded', payload: { visitId: visit.id } }]);

    // The next visitor starts from nothing.
    await shell.handlers.startVisit({});
    expect((await shell.handlers.getLessonAdaptivity({})).targetScale).not.toBe(1.6);
    expect(await shell.handlers.getLessonProgress({ lessonId: 'souris-cliquer' })).toBeNull();
  });

  it('warns, then ends an idle visit by itself and wipes it', async () => {
    const { shell, dir, events } = await kioskShell({ idle: { timeoutMs: 600, warningMs: 300 } });
    await shell.handlers.startVisit({});
    await shell.handlers.saveLessonProgress({ lessonId: 'souris-cliquer', stepIndex: 1, finished: false });
    await expect.poll(() => events.some((e) => e.event === 'visitEnded'), { timeout: 5000 }).toBe(true);
    const kioskStates = events.filter((e) => e.event === 'kioskChanged').map((e) => (e.payload as { visit: { idleWarning: unknown } | null }).visit);
    expect(kioskStates).toContainEqual(expect.objectContaining({ idleWarning: { secondsLeft: 1 } }));
    expect(kioskStates.at(-1)).toBeNull();
    expect(storeRows(dir).progress).toEqual({ n: 0 });
  });

  it('sweeps a visit left by a crash when the shell starts again', async () => {
    const first = await kioskShell();
    await first.shell.handlers.startVisit({});
    await first.shell.handlers.saveLessonProgress({ lessonId: 'souris-cliquer', stepIndex: 1, finished: false });
    const adaptivity = await first.shell.handlers.getLessonAdaptivity({});
    await first.shell.handlers.saveLessonAdaptivity({ ...adaptivity, targetScale: 1.6 });
    const { dir } = open.pop()!;
    await first.shell.close(); // no endVisit: the power went off
    const second = await kioskShell({ dir });
    open.push({ shell: second.shell, dir });
    expect(storeRows(dir)).toMatchObject({ progress: { n: 0 }, adaptivity: [] });
    expect(fs.existsSync(path.join(dir, 'visitors'))).toBe(false);
  });
});

describe('the animateur PIN and the staff menu', () => {
  it('without a PIN from the console, the menu cannot open', async () => {
    const { shell } = await kioskShell();
    expect(await shell.handlers.checkStaffPin({ pin: '1234' })).toMatchObject({ ok: false, reason: 'no_pin' });
  });

  it('a wrong PIN is refused with the attempts left; a malformed one is a bad input that changes nothing', async () => {
    const { shell } = await kioskShell({ pin: '2580' });
    expect(await shell.handlers.checkStaffPin({ pin: '0000' })).toEqual({ ok: false, reason: 'wrong', retryInSeconds: 0, attemptsLeft: 4 });
    await expect(dispatchBridgeCall(shell.handlers, 'checkStaffPin', { pin: '25a0' })).rejects.toBeInstanceOf(BridgeInputError);
    await expect(dispatchBridgeCall(shell.handlers, 'staffAction', { staffToken: 'x'.repeat(32), action: { type: 'format-disk' } })).rejects.toBeInstanceOf(BridgeInputError);
    expect(await shell.handlers.checkStaffPin({ pin: '0000' })).toMatchObject({ attemptsLeft: 3 });
  });

  it('staff actions need the token the PIN opened', async () => {
    const { shell, commands } = await kioskShell({ pin: '2580' });
    expect(await shell.handlers.staffAction({ staffToken: 'y'.repeat(32), action: { type: 'volume', level: 40 } })).toMatchObject({ done: false, state: { volume: null } });
    expect(commands).toEqual([]);
  });

  it('volume, language, end all sessions, close', async () => {
    const { shell, commands, dir } = await kioskShell({ pin: '2580' });
    const answer = await shell.handlers.checkStaffPin({ pin: '2580' });
    if (!answer.ok) throw new Error('PIN refused');
    const act = (action: Parameters<typeof shell.handlers.staffAction>[0]['action']) => shell.handlers.staffAction({ staffToken: answer.staffToken, action });
    expect(await act({ type: 'volume', level: 35 })).toMatchObject({ done: true, state: { volume: 35 } });
    expect(commands).toEqual(['pactl set-sink-volume @DEFAULT_SINK@ 35%']);
    await act({ type: 'language', language: 'ar' });
    expect((await shell.handlers.getShellInfo({})).language).toBe('ar');
    await shell.handlers.startVisit({});
    await shell.handlers.saveLessonProgress({ lessonId: 'souris-cliquer', stepIndex: 1, finished: false });
    expect((await act({ type: 'endAllSessions' })).state.visit).toBeNull();
    expect(storeRows(dir).progress).toEqual({ n: 0 });
    await act({ type: 'close' });
    expect((await act({ type: 'volume', level: 80 })).done).toBe(false);
  });

  it('restart ends the visit and asks the host to restart', async () => {
    const { shell, hostActions } = await kioskShell({ pin: '2580' });
    const answer = await shell.handlers.checkStaffPin({ pin: '2580' });
    if (!answer.ok) throw new Error('PIN refused');
    await shell.handlers.startVisit({});
    expect((await shell.handlers.staffAction({ staffToken: answer.staffToken, action: { type: 'restart' } })).state.visit).toBeNull();
    expect(hostActions).toEqual(['restart']);
  });

  it('"leave kiosk mode until next boot": home mode for this boot, kiosk again after a reboot', async () => {
    const first = await kioskShell({ pin: '2580', bootId: 'aaaaaaaa-0000-4000-8000-000000000001' });
    const answer = await first.shell.handlers.checkStaffPin({ pin: '2580' });
    if (!answer.ok) throw new Error('PIN refused');
    const left = await first.shell.handlers.staffAction({ staffToken: answer.staffToken, action: { type: 'leaveKioskUntilReboot' } });
    expect(left).toMatchObject({ done: true, state: { mode: 'home', visit: null } });
    expect(first.hostActions).toEqual(['leaveKiosk']);
    const { dir } = open.pop()!;
    await first.shell.close();

    const sameBoot = await kioskShell({ dir, bootId: 'aaaaaaaa-0000-4000-8000-000000000001' });
    expect((await sameBoot.shell.handlers.getKioskState({})).mode).toBe('home');
    await sameBoot.shell.close();
    const nextBoot = await kioskShell({ dir, bootId: 'bbbbbbbb-0000-4000-8000-000000000002' });
    open.push({ shell: nextBoot.shell, dir });
    expect((await nextBoot.shell.handlers.getKioskState({})).mode).toBe('kiosk');
  });
});
