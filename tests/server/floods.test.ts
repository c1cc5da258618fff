/**
 * Floods from one machine token. A machine has at most one open help request (a second press
 * updates it); help requests, voice uploads and other calls are limited per machine with 429 and
 * Retry-After; voice messages are limited in bytes per machine per day. The floods that once made
 * 14,927 requests in 20 s and grew the database by 671 MiB now create at most the limits.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HelpStatus, MachineEvent, VOICE_MAX_BYTES } from '../../app/protocol/hub.ts';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { act, consoleCall, enrolNewMachine, expectApiError, helpSubmit, postHelp, sessionAs, type TestHub, hubPerTest } from './helpers.ts';
import { countHelpRequests, helpEvents, openHelpRequests, sqlRows } from './inspect.ts';
import { storeUnderTest } from './test-store.ts';
import { openFeed } from './ws-client.ts';

let hub: TestHub;
let token: string;
hubPerTest((h, t) => {
  hub = h;
  token = t;
});

const auth = () => ({ authorization: `Bearer ${token}` });
const cancel = (id: string) => hub.app.inject({ method: 'POST', url: `/api/v1/help-requests/${id}/cancel`, headers: auth() });
const voice = (id: string, bytes: Buffer) =>
  hub.app.inject({ method: 'PUT', url: `/api/v1/help-requests/${id}/voice`, headers: { ...auth(), 'content-type': 'audio/webm', 'x-voice-duration-ms': '60000' }, payload: bytes });
/** The store's size on disk, in bytes: hub.sqlite and its WAL, or the test's PostgreSQL database. */
async function dbBytes(): Promise<number> {
  if (storeUnderTest === 'postgres') return Number((await sqlRows<{ n: string }>(hub.store, 'SELECT pg_database_size(current_database()) AS n'))[0]!.n);
  return ['hub.sqlite', 'hub.sqlite-wal'].reduce((n, f) => n + (statSync(join(hub.dataDir, f), { throwIfNoEntry: false })?.size ?? 0), 0);
}

function expectLimited(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown; body: string }, code = 'rate_limited'): number {
  expectApiError(res as never, 429, code);
  const wait = Number(res.headers['retry-after']);
  expect(wait).toBeGreaterThan(0);
  return wait;
}

describe('one open help request per machine', () => {
  it('a second press updates the open request: one card in the queue, the press journaled, the machine told under both ids', async () => {
    const first = helpSubmit();
    expect((await postHelp(hub, token, first)).statusCode).toBe(201);
    const feed = await (async () => {
      await hub.app.listen({ port: 0, host: '127.0.0.1' });
      const ws = await openFeed(`ws://127.0.0.1:${(hub.app.server.address() as { port: number }).port}/api/v1/machine/feed`, auth());
      expect(MachineEvent.parse(await ws.feed.next()).type).toBe('hello');
      return ws;
    })();
    const second = helpSubmit({ context: { screen: 'lesson', lessonId: 'clavier-1', stepIndex: 4, language: 'fr' } });
    const res = await postHelp(hub, token, second);
    expect(res.statusCode).toBe(200);
    expect(HelpStatus.parse(res.json())).toMatchObject({ id: second.id, state: 'new' });
    expect(await countHelpRequests(hub.store)).toBe(1);
    expect(await openHelpRequests(hub.store)).toMatchObject([{ id: first.id, context: { lessonId: 'clavier-1', stepIndex: 4 } }]);
    expect((await helpEvents(hub.store, first.id as string)).map((e) => e.action)).toEqual(['submit', 'press']);
    // The same press again (a retried delivery) changes nothing.
    expect((await postHelp(hub, token, second)).statusCode).toBe(200);
    expect(await helpEvents(hub.store, first.id as string)).toHaveLength(2);

    // A claim reaches the machine under both ids; its status poll lists both.
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    expect((await act(hub, marie, first.id as string, 'claim')).statusCode).toBe(200);
    const pushed = [MachineEvent.parse(await feed.feed.next()), MachineEvent.parse(await feed.feed.next())];
    pushed.push(MachineEvent.parse(await feed.feed.next()), MachineEvent.parse(await feed.feed.next()));
    const claimed = pushed.filter((e) => e.type === 'help.status' && e.status.state === 'claimed').map((e) => (e.type === 'help.status' ? e.status.id : ''));
    expect(claimed.sort()).toEqual([first.id, second.id].sort());
    const poll = await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: auth() });
    expect((poll.json() as HelpStatus[]).map((s) => [s.id, s.state])).toEqual([
      [first.id, 'claimed'],
      [second.id, 'claimed'],
    ]);
    // A voice message and a cancel under the second id act on the one request.
    expect((await voice(second.id as string, Buffer.from('voix'))).statusCode).toBe(201);
    expect((await openHelpRequests(hub.store))[0]?.voice).not.toBeNull();
    expect((await cancel(second.id as string)).json()).toMatchObject({ id: second.id, state: 'cancelled' });
    expect(await openHelpRequests(hub.store)).toEqual([]);
    // Closed: the next press opens a new request.
    expect((await postHelp(hub, token, helpSubmit())).statusCode).toBe(201);
    expect(await countHelpRequests(hub.store)).toBe(2);
    feed.close();
  });

  it("another machine's alias is not this machine's request", async () => {
    const first = helpSubmit();
    await postHelp(hub, token, first);
    const pressed = helpSubmit();
    await postHelp(hub, token, pressed);
    const staff = await sessionAs(hub, 'Sonia', 'staff');
    const other = (await consoleCall(hub, staff, 'POST', '/console/machines', { assetTag: 'PC-0002', mode: 'home', cohort: 'home' })).json() as {
      enrolment: { code: string };
    };
    const otherToken = ((await hub.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: other.enrolment.code } })).json() as { token: string }).token;
    expectApiError(await hub.app.inject({ method: 'POST', url: `/api/v1/help-requests/${pressed.id as string}/cancel`, headers: { authorization: `Bearer ${otherToken}` } }), 404);
    expectApiError(await postHelp(hub, otherToken, pressed), 409, 'id_conflict');
  });
});

describe('floods from one machine token', () => {
  it('a burst of 300 help requests: one request, at most the limit of presses, then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter = 0;
    for (let i = 0; i < 300; i++) {
      const res = await postHelp(hub, token, helpSubmit());
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = expectLimited(res);
    }
    const { max, windowMs } = DEFAULT_LIMITS.helpRequests;
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(max - 1);
    expect(statuses.filter((s) => s === 429)).toHaveLength(300 - max);
    expect(retryAfter).toBeLessThanOrEqual(windowMs / 1000);
    expect(await countHelpRequests(hub.store)).toBe(1);
  });

  it('cancel-and-press loops with a 256 KiB voice message each: at most the limits are stored, the database grows by a few MB', async () => {
    const before = await dbBytes();
    const audio = Buffer.alloc(VOICE_MAX_BYTES, 7);
    const outcomes = { requests: 0, voices: 0, limited: 0, quota: 0 };
    for (let i = 0; i < 100; i++) {
      const p = helpSubmit();
      const res = await postHelp(hub, token, p);
      if (res.statusCode === 429) {
        expectLimited(res);
        outcomes.limited += 1;
        continue;
      }
      outcomes.requests += 1;
      const v = await voice(p.id as string, audio);
      if (v.statusCode === 201) outcomes.voices += 1;
      else if (v.statusCode === 429 && v.json().error.code === 'voice_quota') {
        expect(expectLimited(v, 'voice_quota')).toBeGreaterThan(23 * 3600);
        outcomes.quota += 1;
      } else throw new Error(`unexpected ${v.statusCode} ${v.body}`);
      await cancel(p.id as string);
    }
    const [row] = await sqlRows<{ n: number | string; bytes: number | string }>(hub.store, 'SELECT COUNT(*) AS n, COALESCE(SUM(size_bytes), 0) AS bytes FROM help_voice');
    const stored = { n: Number(row!.n), bytes: Number(row!.bytes) };
    expect(outcomes.requests).toBe(DEFAULT_LIMITS.helpRequests.max);
    expect(stored.n).toBe(Math.floor(DEFAULT_LIMITS.voiceBytesPerDay / VOICE_MAX_BYTES));
    expect(stored.bytes).toBeLessThanOrEqual(DEFAULT_LIMITS.voiceBytesPerDay);
    expect(outcomes.quota).toBe(outcomes.requests - stored.n);
    expect((await dbBytes()) - before).toBeLessThan(4 * 1024 * 1024);
  });

  it('the day after, voice messages fit again', async () => {
    const audio = Buffer.alloc(VOICE_MAX_BYTES, 7);
    const send = async () => {
      const p = helpSubmit();
      expect((await postHelp(hub, token, p)).statusCode).toBe(201);
      const v = await voice(p.id as string, audio);
      await cancel(p.id as string);
      return v.statusCode;
    };
    const perDay = Math.floor(DEFAULT_LIMITS.voiceBytesPerDay / VOICE_MAX_BYTES);
    for (let i = 0; i < perDay; i++) expect(await send()).toBe(201);
    expect(await send()).toBe(429);
    hub.clock.now = new Date(hub.clock.now.getTime() + 24 * 3600_000 + 1000);
    expect(await send()).toBe(201);
  });

  it('a poll flood: the status poll answers 429 with Retry-After past the per-machine limit', async () => {
    const { max } = DEFAULT_LIMITS.helpMachineCalls;
    for (let i = 0; i < max; i++) expect((await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: auth() })).statusCode).toBe(200);
    expectLimited(await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: auth() }));
    // Another machine is not affected.
    const other = await enrolNewMachine(hub, 'PC-0002');
    expect((await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${other.token}` } })).statusCode).toBe(200);
  });
});
