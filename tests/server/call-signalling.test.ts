/**
 * Live-call signalling over the hub's two feeds, with real WebSockets on a listening hub: who may
 * call, what reaches whom, what ends a call, and what a bad message gets back.
 */
import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type WebSocket from 'ws';
import { parseCallEnd } from '../../app/help/call.ts';
import { ConsoleCallEvent, MachineCallEvent } from '../../app/protocol/call.ts';
import { act, addHelper, consoleCall, enrolDemo, enrolMachineIn, helpSubmit, login, makeHub, postHelp, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import { closed, openFeed } from './ws-client.ts';

const SECRET = 'a-secret-shared-with-coturn-0123456789';
const OFFER = { kind: 'description', description: { type: 'offer', sdp: 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\n' } } as const;
const ANSWER = { kind: 'description', description: { type: 'answer', sdp: 'v=0\r\no=- 3 4 IN IP4 127.0.0.1\r\n' } } as const;
const PHOTO = 'data:image/png;base64,iVBORw0KGgo=';

type Feed = WebSocket & { feed: { seen: unknown[]; next(timeoutMs?: number): Promise<unknown> } };

let hub: TestHub;
let base: string;
beforeEach(async () => {
  hub = await makeHub(undefined, { turn: { urls: ['turn:127.0.0.1:3478'], secret: SECRET, ttlSeconds: 3600 }, callTimings: { ringAckMs: 400, ringMaxMs: 800 } });
  await hub.app.listen({ port: 0, host: '127.0.0.1' });
  const addr = hub.app.server.address();
  if (!addr || typeof addr !== 'object') throw new Error('no address');
  base = `127.0.0.1:${addr.port}`;
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

/** The next message of `type` (others are skipped: help.upsert, help.status…). */
async function until<T extends { type: string }>(ws: Feed, type: T['type'], timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) throw new Error(`no ${type} within ${timeoutMs} ms`);
    const msg = (await ws.feed.next(left)) as T;
    if (msg.type === type) return msg;
  }
}

/** Nothing of these types arrives within `ms`. */
async function silent(ws: Feed, types: string[], ms = 300): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0) return;
    const msg = (await ws.feed.next(left).catch(() => null)) as { type: string } | null;
    if (msg && types.includes(msg.type)) throw new Error(`unexpected ${JSON.stringify(msg)}`);
  }
}

const consoleFeed = (s: ConsoleSession) => openFeed(`ws://${base}/api/v1/console/feed`, { cookie: s.cookie, origin: `http://${base}` }) as Promise<Feed>;
const machineFeed = (token: string) => openFeed(`ws://${base}/api/v1/machine/feed`, { authorization: `Bearer ${token}` }) as Promise<Feed>;
const say = (ws: WebSocket, message: unknown) => ws.send(typeof message === 'string' ? message : JSON.stringify(message));

/** A request from the demo machine, claimed by Marie (who has a photo), both feeds open. */
async function claimedCall() {
  const { token, machineId } = await enrolDemo(hub);
  const submit = helpSubmit();
  await postHelp(hub, token, submit);
  const requestId = submit.id as string;
  const marie = await addHelper(hub, 'Marie');
  await hub.store.accounts.setPhoto(marie.id, PHOTO);
  const session = await login(hub, marie.email, marie.password);
  expect((await act(hub, session, requestId, 'claim')).statusCode).toBe(200);
  const helper = await consoleFeed(session);
  const machine = await machineFeed(token);
  await until(helper, 'hello');
  await until(machine, 'hello');
  return { token, machineId, requestId, marie, session, helper, machine };
}

/** Marie calls and the shell rings; returns the call id. */
async function ring(c: Awaited<ReturnType<typeof claimedCall>>): Promise<string> {
  say(c.helper, { type: 'call.start', requestId: c.requestId });
  const ready = await until<Extract<ConsoleCallEvent, { type: 'call.ready' }>>(c.helper, 'call.ready');
  const rang = await until<Extract<MachineCallEvent, { type: 'call.ring' }>>(c.machine, 'call.ring');
  expect(rang.callId).toBe(ready.callId);
  say(c.machine, { type: 'call.ringing', callId: ready.callId });
  await until(c.helper, 'call.ringing');
  return ready.callId;
}

async function journalActions(requestId: string) {
  return ((await hub.store.help.journal(hub.seed.associationId, requestId)) ?? []).filter((e) => /^(call|screen)_/.test(e.action));
}

describe('a call from the helper who holds the request', () => {
  it('rings the shell with her first name, photo and ICE servers with TURN REST credentials; signals and the answer go both ways; hanging up ends it on both sides, journaled', async () => {
    const c = await claimedCall();
    const before = Math.floor(hub.clock.now.getTime() / 1000);
    say(c.helper, { type: 'call.start', requestId: c.requestId });
    const ready = ConsoleCallEvent.parse(await until(c.helper, 'call.ready'));
    const rang = MachineCallEvent.parse(await until(c.machine, 'call.ring'));
    if (ready.type !== 'call.ready' || rang.type !== 'call.ring') throw new Error('unreachable');
    expect(rang).toMatchObject({ callId: ready.callId, requestId: c.requestId, helper: { firstName: 'Marie', photo: PHOTO } });

    // TURN REST: username "expiry:opaque user", password base64(HMAC-SHA1(secret, username)), an hour ahead.
    for (const [ice, user] of [
      [ready.ice, `account-${c.marie.id}`],
      [rang.ice, `machine-${c.machineId}`],
    ] as const) {
      expect(ice.iceTransportPolicy).toBe('all');
      const [server] = ice.iceServers;
      expect(server!.urls).toEqual(['turn:127.0.0.1:3478']);
      const [expiry, who] = server!.username!.split(':');
      expect(who).toBe(user);
      expect(Number(expiry)).toBe(before + 3600);
      expect(server!.credential).toBe(createHmac('sha1', SECRET).update(server!.username!).digest('base64'));
    }

    const callId = ready.callId;
    say(c.machine, { type: 'call.ringing', callId });
    await until(c.helper, 'call.ringing');
    say(c.helper, { type: 'call.signal', callId, signal: OFFER });
    expect(await until(c.machine, 'call.signal')).toEqual({ type: 'call.signal', callId, signal: OFFER });
    say(c.machine, { type: 'call.answer', callId });
    await until(c.helper, 'call.answered');
    say(c.machine, { type: 'call.signal', callId, signal: ANSWER });
    expect(await until(c.helper, 'call.signal')).toEqual({ type: 'call.signal', callId, signal: ANSWER });
    // The shell learns that a call happened on its request (the help status ticks "Appel").
    // (An earlier status, the claim's, may still be on its way first: the bus delivers in order, not at once.)
    let status = (await until<{ type: string; status: { calledAt: string | null } }>(c.machine, 'help.status')).status;
    while (status.calledAt === null) status = (await until<{ type: string; status: { calledAt: string | null } }>(c.machine, 'help.status')).status;
    expect(status.calledAt).not.toBeNull();

    say(c.helper, { type: 'pointer', callId, x: 0.25, y: 0.75 });
    expect(await until(c.machine, 'pointer')).toEqual({ type: 'pointer', callId, x: 0.25, y: 0.75 });
    say(c.helper, { type: 'screen.ask', callId });
    await until(c.machine, 'screen.ask');
    say(c.machine, { type: 'screen.answer', callId, consent: true, surface: 'browser' });
    expect(await until(c.helper, 'screen.answer')).toEqual({ type: 'screen.answer', callId, consent: true, surface: 'browser' });
    say(c.machine, { type: 'screen.stop', callId });
    await until(c.helper, 'screen.stopped');

    say(c.helper, { type: 'call.hangup', callId });
    expect(await until(c.machine, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'hangup_helper' });
    expect(await until(c.helper, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'hangup_helper' });
    await vi.waitFor(async () => expect((await journalActions(c.requestId)).at(-1)?.action).toBe('call_end'), { timeout: 15_000 });
    const journal = await journalActions(c.requestId);
    expect(journal.map((e) => [e.action, e.actor.kind])).toEqual([
      ['call_start', 'account'],
      ['call_answer', 'machine'],
      ['screen_consent', 'machine'],
      ['screen_stop', 'machine'],
      ['call_end', 'account'],
    ]);
    expect(journal[2]!.detail).toBe('browser');
    expect(parseCallEnd(journal[4]!.detail)?.reason).toBe('hangup_helper');
    c.helper.close();
    c.machine.close();
  });

  it('the person declines ("Plus tard"): the helper is told why, journaled with no duration', async () => {
    const c = await claimedCall();
    const callId = await ring(c);
    say(c.machine, { type: 'call.hangup', callId, reason: 'declined' });
    expect(await until(c.helper, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'declined' });
    // The journal is written after the helper is told: wait for the entry rather than for a fixed time.
    await vi.waitFor(async () => expect((await journalActions(c.requestId)).at(-1)?.action).toBe('call_end'), { timeout: 15_000 });
    expect(parseCallEnd((await journalActions(c.requestId)).at(-1)!.detail)).toEqual({ seconds: 0, reason: 'declined' });
    expect((await hub.store.help.get(hub.seed.associationId, c.requestId))!.calledAt).toBeNull();
  });

  it('the journal reads start then end even when the person declines while "call_start" is still being written', async () => {
    const c = await claimedCall();
    // A slow write of the first line (a busy database): the decline overtakes it.
    const recordCall = hub.store.help.recordCall.bind(hub.store.help);
    hub.store.help.recordCall = async (associationId, requestId, entry) => {
      if (entry.action === 'call_start') await new Promise((r) => setTimeout(r, 300));
      return recordCall(associationId, requestId, entry);
    };
    const callId = await ring(c);
    say(c.machine, { type: 'call.hangup', callId, reason: 'declined' });
    await until(c.helper, 'call.ended');
    await vi.waitFor(async () => expect((await journalActions(c.requestId)).filter((a) => a.action.startsWith('call_'))).toHaveLength(2), { timeout: 15_000 });
    expect((await journalActions(c.requestId)).map((a) => a.action).filter((a) => a.startsWith('call_'))).toEqual(['call_start', 'call_end']);
  });

  it('a shell that never rings is taken as not connected, and an unanswered ring ends as no answer', async () => {
    const c = await claimedCall();
    c.machine.close();
    say(c.helper, { type: 'call.start', requestId: c.requestId });
    const { callId } = await until<{ type: string; callId: string }>(c.helper, 'call.ready');
    expect(await until(c.helper, 'call.ended', 3000)).toEqual({ type: 'call.ended', callId, reason: 'offline' });

    const machine = await machineFeed(c.token);
    const second = await ring({ ...c, machine });
    expect(await until(c.helper, 'call.ended', 3000)).toEqual({ type: 'call.ended', callId: second, reason: 'no_answer' });
    expect(await until(machine, 'call.ended')).toEqual({ type: 'call.ended', callId: second, reason: 'no_answer' });
  });
});

describe('who may not call, join or speak into a call', () => {
  it('refuses a second helper (naming the holder), another association and a resolved request; their messages never reach the shell', async () => {
    const c = await claimedCall();
    const callId = await ring(c);
    say(c.machine, { type: 'call.answer', callId });
    await until(c.helper, 'call.answered');

    const paul = await addHelper(hub, 'Paul');
    const paulFeed = await consoleFeed(await login(hub, paul.email, paul.password));
    await until(paulFeed, 'hello');
    say(paulFeed, { type: 'call.start', requestId: c.requestId });
    expect(await until(paulFeed, 'call.refused')).toEqual({ type: 'call.refused', requestId: c.requestId, reason: 'not_holder', holder: 'Marie' });
    // Paul knows the call id (say it leaked): he still cannot join, see or point.
    for (const message of [
      { type: 'call.signal', callId, signal: OFFER },
      { type: 'screen.ask', callId },
      { type: 'pointer', callId, x: 0.5, y: 0.5 },
      { type: 'call.hangup', callId },
    ]) {
      say(paulFeed, message);
      expect(await until(paulFeed, 'call.error')).toMatchObject({ code: 'unknown_call' });
    }
    // Staff do not take over a call either: only the holder calls.
    const staff = await consoleFeed(await sessionAs(hub, 'Sophie', 'staff'));
    await until(staff, 'hello');
    say(staff, { type: 'call.start', requestId: c.requestId });
    expect(await until(staff, 'call.refused')).toMatchObject({ reason: 'not_holder' });
    await silent(c.machine, ['call.signal', 'screen.ask', 'pointer', 'call.ended', 'call.ring']);

    // Another association's admin, with A's request id.
    const other = await hub.store.accounts.createAssociation('Autre association');
    await hub.store.accounts.createAccount({ associationId: other.id, email: 'bob@b.test', firstName: 'Bob', role: 'admin', password: 'un mot de passe solide' });
    const bob = await consoleFeed(await login(hub, 'bob@b.test', 'un mot de passe solide'));
    await until(bob, 'hello');
    say(bob, { type: 'call.start', requestId: c.requestId });
    expect(await until(bob, 'call.refused')).toMatchObject({ reason: 'not_found' });

    // A machine of the other association cannot speak into A's call.
    const { token: otherToken } = await enrolMachineIn(hub, other.id, 'B-0001');
    const otherMachine = await machineFeed(otherToken);
    await until(otherMachine, 'hello');
    say(otherMachine, { type: 'call.answer', callId });
    expect(await until(otherMachine, 'call.error')).toMatchObject({ code: 'unknown_call' });
    await silent(c.helper, ['call.answered']);

    // Resolved: the call ends (reason closed), and a new call is refused.
    expect((await act(hub, c.session, c.requestId, 'resolve')).statusCode).toBe(200);
    expect(await until(c.machine, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'closed' });
    expect(await until(c.helper, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'closed' });
    say(c.helper, { type: 'call.start', requestId: c.requestId });
    expect(await until(c.helper, 'call.refused')).toMatchObject({ reason: 'closed' });
  });

  it('a handover or a release ends the call; so does the helper signing out (her feed closes at once)', async () => {
    const c = await claimedCall();
    const paul = await addHelper(hub, 'Paul');
    let callId = await ring(c);
    const handover = await consoleCall(hub, c.session, 'POST', `/console/help-requests/${c.requestId}/actions`, { action: 'handover', toAccountId: paul.id });
    expect(handover.statusCode).toBe(200);
    expect(await until(c.machine, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'holder_changed' });

    const paulSession = await login(hub, paul.email, paul.password);
    const paulFeed = await consoleFeed(paulSession);
    await until(paulFeed, 'hello');
    callId = await ring({ ...c, helper: paulFeed });
    expect((await act(hub, paulSession, c.requestId, 'release')).statusCode).toBe(200);
    expect(await until(c.machine, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'holder_changed' });

    expect((await act(hub, paulSession, c.requestId, 'claim')).statusCode).toBe(200);
    callId = await ring({ ...c, helper: paulFeed });
    const gone = closed(paulFeed, 2000);
    expect((await consoleCall(hub, paulSession, 'POST', '/console/logout')).statusCode).toBeLessThan(300);
    await gone;
    expect(await until(c.machine, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'helper_gone' });
  });

  it("an admin disabling the helper's account ends her call at once", async () => {
    const c = await claimedCall();
    const admin = await sessionAs(hub, 'Agnes', 'admin');
    const callId = await ring(c);
    say(c.machine, { type: 'call.answer', callId });
    await until(c.helper, 'call.answered');
    const gone = closed(c.helper, 2000);
    expect((await consoleCall(hub, admin, 'PATCH', `/console/accounts/${c.marie.id}`, { disabled: true })).statusCode).toBe(200);
    await gone;
    expect(await until(c.machine, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'helper_gone' });
  });

  it('the computer going offline ends the call for the helper', async () => {
    const c = await claimedCall();
    const callId = await ring(c);
    c.machine.close();
    expect(await until(c.helper, 'call.ended')).toEqual({ type: 'call.ended', callId, reason: 'offline' });
  });
});

describe('bad call messages', () => {
  it('answers a clear error naming what is accepted, and relays nothing', async () => {
    const c = await claimedCall();
    const callId = await ring(c);
    for (const bad of [
      'not json',
      { type: 'call.dance', callId },
      { type: 'pointer', callId, x: 1.5, y: 0.2 },
      { type: 'pointer', callId, x: 0.5 },
      { type: 'call.signal', callId, signal: { kind: 'description', description: { type: 'offer', sdp: 'x'.repeat(30_000) } } },
      { type: 'call.start', requestId: 'not-a-uuid' },
      { type: 'call.hangup', callId, extra: true },
    ]) {
      say(c.helper, bad);
      const error = await until<{ type: string; code: string; message: string }>(c.helper, 'call.error');
      expect(error.code).toBe('bad_message');
      expect(error.message).toContain('call.start, call.signal, call.hangup, screen.ask, screen.stop, pointer');
    }
    say(c.machine, { type: 'call.hangup', callId, reason: 'hangup_helper' });
    expect(await until(c.machine, 'call.error')).toMatchObject({ code: 'bad_message' });
    say(c.machine, 'not json');
    expect(await until(c.machine, 'call.error')).toMatchObject({ code: 'bad_message' });
    // Before the answer, the screen and the pointer are refused.
    say(c.helper, { type: 'pointer', callId, x: 0.5, y: 0.5 });
    expect(await until(c.helper, 'call.error')).toMatchObject({ code: 'not_answered' });
    await silent(c.machine, ['pointer', 'call.signal']);
    await silent(c.helper, ['call.ended']);
  });

  it('drops a flood of messages beyond the budget', async () => {
    const c = await claimedCall();
    const callId = await ring(c);
    for (let i = 0; i < 150; i++) say(c.helper, { type: 'call.signal', callId, signal: { kind: 'candidate', candidate: null } });
    const errors: unknown[] = [];
    let relayed = 0;
    const deadline = Date.now() + 1500;
    while (Date.now() < deadline) {
      const msg = (await c.machine.feed.next(Math.max(1, deadline - Date.now())).catch(() => null)) as { type: string } | null;
      if (msg?.type === 'call.signal') relayed += 1;
    }
    for (const m of c.helper.feed.seen) if ((m as { code?: string }).code === 'too_many') errors.push(m);
    expect(relayed).toBeGreaterThanOrEqual(90);
    expect(relayed).toBeLessThan(150);
    expect(errors.length).toBeGreaterThan(0);
  });
});
