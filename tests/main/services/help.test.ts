/**
 * The shell's help service against a real hub (Fastify + SQLite on a free port): the voice message
 * queued behind its request and delivered once (also across an outage), cancel reaching the hub, the
 * association's phone and the helpers on duty arriving from the hub, the helper's photo with the
 * status, and the enrolment screen's call with each refusal named.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeEventName, LocalHelpRequest } from '../../../app/bridge/contract.ts';
import { createShell, type ShellServices } from '../../../main/shell.ts';
import { startHub, type StartedHub } from '../../../server/hub.ts';
import { countHelpRequests, helpEvents, helpRequest } from '../../server/inspect.ts';
import { firstSignIn } from '../../server/first-sign-in.ts';

const lessonsDir = path.resolve(import.meta.dirname, '../../../lessons');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Setup = { dir: string; hub: StartedHub; shell: ShellServices; events: { event: BridgeEventName; payload: unknown }[]; restartHub(): Promise<void>; stopHub(): Promise<void> };

async function setup(opts: { enrol?: boolean } = {}): Promise<Setup> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'help-service-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const state = { hub: await startHub({ port: 0, dataDir: path.join(dir, 'hub') }), running: true };
  const port = state.hub.port;
  cleanups.push(async () => {
    if (state.running) await state.hub.close();
  });
  const shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: state.hub.url, lessonsDir, appVersion: '2.0.0' });
  cleanups.push(() => shell.close());
  const events: Setup['events'] = [];
  shell.onEvent((event, payload) => events.push({ event, payload }));
  if (opts.enrol !== false) await shell.enrol(state.hub.seed.demoMachine.enrolmentCode!.code);
  return {
    dir,
    get hub() {
      return state.hub;
    },
    shell,
    events,
    async stopHub() {
      state.running = false;
      await state.hub.close();
    },
    async restartHub() {
      state.hub = await startHub({ port, dataDir: path.join(dir, 'hub') });
      state.running = true;
    },
  };
}

async function until<T>(probe: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out; last value ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function adminCall(hub: StartedHub) {
  if (!hub.seed.admin.created) throw new Error('fresh hub expected');
  const { cookie, csrfToken } = await firstSignIn(hub.url, hub.seed.admin.email, hub.seed.admin.oneTimePassword);
  const id = (await hub.store.accounts.findAccountByEmail(hub.seed.admin.email))!.id;
  const call = (method: string, route: string, body?: unknown) =>
    fetch(`${hub.url}/api/v1${route}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  return { call, adminId: id };
}

const fakeOpus = Buffer.from('OggS fake opus payload '.repeat(40)).toString('base64');

describe('voice messages from the shell', () => {
  it('queues the voice behind its request and delivers both to the hub, once', async () => {
    const { hub, shell } = await setup();
    const created = await shell.handlers.requestHelp({ context: { screen: 'home' } });
    expect(await shell.handlers.attachHelpVoice({ id: created.id, mimeType: 'audio/webm', durationMs: 3200, audio: fakeOpus })).toEqual({ queued: true });
    // A second message for the same request is not queued (the first one stands).
    expect(await shell.handlers.attachHelpVoice({ id: created.id, mimeType: 'audio/webm', durationMs: 1000, audio: fakeOpus })).toEqual({ queued: false });
    const view = await until(() => helpRequest(hub.store, created.id), (v) => v?.voice !== null && v !== null);
    expect(view!.voice).toEqual({ mimeType: 'audio/webm', durationMs: 3200, sizeBytes: Buffer.from(fakeOpus, 'base64').length });
    const stored = await hub.store.help.getVoice(hub.seed.associationId, created.id);
    expect(stored!.bytes.equals(Buffer.from(fakeOpus, 'base64'))).toBe(true);
    await shell.syncIdle();
    expect((await helpEvents(hub.store, created.id)).filter((e) => e.action === 'voice')).toHaveLength(1);
  });

  it('keeps request and voice while the hub is down and delivers each exactly once when it is back', async () => {
    const env = await setup();
    await env.stopHub();
    const created = await env.shell.handlers.requestHelp({ context: { screen: 'lesson', lessonId: 'souris-cliquer', stepIndex: 1 } });
    expect((await env.shell.handlers.attachHelpVoice({ id: created.id, mimeType: 'audio/ogg', durationMs: 800, audio: fakeOpus })).queued).toBe(true);
    await env.shell.syncIdle();
    const db = (await import('better-sqlite3')).default;
    const local = new db(path.join(env.dir, 'shell', 'shell.sqlite'), { readonly: true });
    expect(local.prepare("SELECT kind FROM outbox WHERE kind LIKE 'help.%' ORDER BY seq").all()).toEqual([{ kind: 'help.request' }, { kind: 'help.voice' }]);
    local.close();

    await env.restartHub();
    // The machine feed reconnects with backoff (up to 30 s in production): allow for it under load.
    await until(() => helpRequest(env.hub.store, created.id), (v) => v?.voice?.mimeType === 'audio/ogg', 35_000);
    await env.shell.syncIdle();
    expect(await countHelpRequests(env.hub.store)).toBe(1);
    expect((await helpEvents(env.hub.store, created.id)).map((e) => e.action)).toEqual(['submit', 'voice']);
    const open = await env.shell.handlers.getOpenHelpRequests({});
    expect(open[0]).toMatchObject({ id: created.id, delivered: true });
  }, 60_000);

  it('refuses a voice for an unknown or closed request, and bad payloads at the bridge edge', async () => {
    const { shell } = await setup();
    const created = await shell.handlers.requestHelp({ context: { screen: 'home' } });
    await shell.handlers.cancelHelp({ id: created.id });
    expect((await shell.handlers.attachHelpVoice({ id: created.id, mimeType: 'audio/webm', durationMs: 500, audio: fakeOpus })).queued).toBe(false);
    const { HelpVoiceInput } = await import('../../../app/bridge/contract.ts');
    for (const bad of [
      { id: created.id, mimeType: 'audio/mpeg', durationMs: 500, audio: fakeOpus },
      { id: created.id, mimeType: 'audio/webm', durationMs: 120_000, audio: fakeOpus },
      { id: created.id, mimeType: 'audio/webm', durationMs: 500, audio: 'not base64 !' },
      { id: created.id, mimeType: 'audio/webm', durationMs: 500, audio: 'A'.repeat(300_000) },
      { id: 'nope', mimeType: 'audio/webm', durationMs: 500, audio: fakeOpus },
    ]) {
      expect(HelpVoiceInput.safeParse(bad).success).toBe(false);
    }
  });
});

describe('status, cancel and availability', () => {
  it('a cancel from the shell reaches the hub and is journaled as the machine', async () => {
    const { hub, shell } = await setup();
    const created = await shell.handlers.requestHelp({ context: { screen: 'home' } });
    await until(() => shell.handlers.getOpenHelpRequests({}), (open) => open[0]?.delivered === true);
    await shell.handlers.cancelHelp({ id: created.id });
    const view = await until(() => helpRequest(hub.store, created.id), (v) => v?.state === 'cancelled');
    expect(view?.state).toBe('cancelled');
    const events = await helpEvents(hub.store, created.id);
    expect(events.at(-1)).toMatchObject({ action: 'cancel', actor: expect.stringMatching(/^machine:/) });
  });

  it("carries the claiming helper's first name and photo to the shell", async () => {
    const { hub, shell, events } = await setup();
    const { call, adminId } = await adminCall(hub);
    await hub.store.accounts.setPhoto(adminId, 'data:image/jpeg;base64,/9j/4AAQSkZJRg==');
    const created = await shell.handlers.requestHelp({ context: { screen: 'home' } });
    await until(() => shell.handlers.getOpenHelpRequests({}), (open) => open[0]?.delivered === true);
    expect((await call('POST', `/console/help-requests/${created.id}/actions`, { action: 'claim' })).status).toBe(200);
    const changed = await until(
      () => events.filter((e) => e.event === 'helpChanged').map((e) => e.payload as LocalHelpRequest),
      (list) => list.some((r) => r.state === 'claimed'),
    );
    expect(changed.find((r) => r.state === 'claimed')).toMatchObject({ helperFirstName: 'Admin', helperPhoto: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' });
    expect((await shell.handlers.getOpenHelpRequests({}))[0]).toMatchObject({ helperFirstName: 'Admin', helperPhoto: 'data:image/jpeg;base64,/9j/4AAQSkZJRg==' });
  });

  it('learns the association phone and the helpers on duty from the hub, and keeps the phone across a restart', async () => {
    const env = await setup();
    await until(() => env.shell.handlers.getShellInfo({}), (i) => i.helpersOnDuty === 0);
    const { call } = await adminCall(env.hub);
    expect((await call('PUT', '/console/settings', { helpPhone: '05 56 00 00 00' })).status).toBe(200);
    await until(
      () => env.events.filter((e) => e.event === 'helpAvailabilityChanged').map((e) => e.payload),
      (list) => list.some((p) => (p as { helpPhone: string | null }).helpPhone === '05 56 00 00 00'),
    );
    expect(await env.shell.handlers.getShellInfo({})).toMatchObject({ helpPhone: '05 56 00 00 00', helpersOnDuty: 0 });
    await env.shell.close();
    const again = await createShell({ dataDir: path.join(env.dir, 'shell'), hubUrl: 'http://127.0.0.1:9', lessonsDir, appVersion: '2.0.0' });
    cleanups.push(() => again.close());
    expect(await again.handlers.getShellInfo({})).toMatchObject({ helpPhone: '05 56 00 00 00', helpersOnDuty: null, hubReachable: false });
  });
});

describe('enrolment from the shell screen', () => {
  it('names each refusal and enrols with a good code once', async () => {
    const { hub, shell } = await setup({ enrol: false });
    expect(await shell.handlers.enrol({ code: 'AB' })).toEqual({ ok: false, reason: 'bad_format' });
    expect(await shell.handlers.enrol({ code: 'ZZZZ-ZZZZ' })).toEqual({ ok: false, reason: 'unknown' });
    const machine = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'PC-0007', mode: 'kiosk', cohort: 'Mairie' });
    const expired = await hub.store.register.createEnrolmentCode(machine.id, -1);
    expect(await shell.handlers.enrol({ code: expired.code })).toEqual({ ok: false, reason: 'expired' });
    const fresh = await hub.store.register.createEnrolmentCode(machine.id, 60);
    expect(await shell.handlers.enrol({ code: fresh.code.toLowerCase() })).toEqual({ ok: true, assetTag: 'PC-0007' });
    expect(await shell.handlers.getShellInfo({})).toMatchObject({ enrolled: true, assetTag: 'PC-0007', mode: 'kiosk' });
    expect(await shell.handlers.enrol({ code: fresh.code })).toEqual({ ok: false, reason: 'already_enrolled' });
  });

  it('says "used" for a code another machine already took, and "unreachable" when the hub is down', async () => {
    const env = await setup({ enrol: false });
    const code = env.hub.seed.demoMachine.enrolmentCode!.code;
    const first = await createShell({ dataDir: path.join(env.dir, 'first'), hubUrl: env.hub.url, lessonsDir, appVersion: '1' });
    cleanups.push(() => first.close());
    expect(await first.handlers.enrol({ code })).toMatchObject({ ok: true });
    expect(await env.shell.handlers.enrol({ code })).toEqual({ ok: false, reason: 'used' });
    await env.stopHub();
    expect(await env.shell.handlers.enrol({ code: 'ABCD-EFGH' })).toEqual({ ok: false, reason: 'unreachable' });
    expect(env.shell.isEnrolled()).toBe(false);
  });
});
