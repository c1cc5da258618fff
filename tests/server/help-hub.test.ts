/**
 * The help queue on the hub beyond the skeleton: who may act on a held request, handover, notes and the
 * readable journal, idempotent "seen", escalation of unclaimed requests, and voice messages.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HelpRequestDetail, HelpRequestView, HelpStatus, VOICE_MAX_BYTES } from '../../app/protocol/hub.ts';
import { act, consoleCall, enrolNewMachine, expectApiError, helpSubmit, postHelp, sessionAs, type TestHub, hubPerTest } from './helpers.ts';
import { helpEvents, helpRequest } from './inspect.ts';

let hub: TestHub;
let token: string;
hubPerTest((h, t) => {
  hub = h;
  token = t;
});

async function submit(machineToken = token): Promise<string> {
  const payload = helpSubmit();
  expect((await postHelp(hub, machineToken, payload)).statusCode).toBe(201);
  return payload.id as string;
}

function putVoice(id: string, body: Buffer, headers: Record<string, string> = {}, machineToken = token) {
  return hub.app.inject({
    method: 'PUT',
    url: `/api/v1/help-requests/${id}/voice`,
    headers: { authorization: `Bearer ${machineToken}`, 'content-type': 'audio/webm;codecs=opus', 'x-voice-duration-ms': '4200', ...headers },
    payload: body,
  });
}

describe('holding a request', () => {
  it('only the holder (or staff) may call, release, hand over or resolve; others are told who holds it', async () => {
    const id = await submit();
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const paul = await sessionAs(hub, 'Paul', 'accompagnant');
    const sonia = await sessionAs(hub, 'Sonia', 'staff');
    expect((await act(hub, marie, id, 'claim')).statusCode).toBe(200);
    for (const action of ['call', 'release', 'resolve']) {
      const err = expectApiError(await act(hub, paul, id, action), 403, 'not_holder');
      expect(err.message).toContain('Marie');
    }
    expect((await helpRequest(hub.store, id))?.claimedBy?.firstName).toBe('Marie');
    // A claim by the holder again is a harmless double click.
    expect((await act(hub, marie, id, 'claim')).statusCode).toBe(200);
    // Staff may take over a request a volunteer left open.
    const resolved = await act(hub, sonia, id, 'resolve');
    expect(resolved.json()).toMatchObject({ state: 'resolved' });
  });

  it('hands a request over to another active helper, journaled with the new holder', async () => {
    const id = await submit();
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const paul = await sessionAs(hub, 'Paul', 'accompagnant');
    await act(hub, marie, id, 'claim');
    await act(hub, marie, id, 'call');
    const handed = await consoleCall(hub, marie, 'POST', `/console/help-requests/${id}/actions`, { action: 'handover', toAccountId: paul.id });
    expect(handed.statusCode).toBe(200);
    expect(HelpRequestView.parse(handed.json())).toMatchObject({ state: 'claimed', claimedBy: { id: paul.id, firstName: 'Paul' } });
    // Now Paul holds it and Marie no longer may resolve it.
    expectApiError(await act(hub, marie, id, 'resolve'), 403, 'not_holder');
    expect((await act(hub, paul, id, 'resolve')).statusCode).toBe(200);
    const detail = HelpRequestDetail.parse((await consoleCall(hub, paul, 'GET', `/console/help-requests/${id}`)).json());
    expect(detail.journal.map((e) => [e.actor.name, e.action, e.toState, e.detail])).toEqual([
      ['DEMO-0001', 'submit', 'new', null],
      ['Marie', 'claim', 'claimed', null],
      ['Marie', 'call', 'calling_back', null],
      ['Marie', 'handover', 'claimed', 'Paul'],
      ['Paul', 'resolve', 'resolved', null],
    ]);
  });

  it('refuses a handover to nobody, to the holder, to a disabled or unknown account, and without a target', async () => {
    const id = await submit();
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const gone = await sessionAs(hub, 'Gaston', 'accompagnant');
    await hub.store.accounts.updateAccount(hub.seed.associationId, gone.id, { disabled: true });
    await act(hub, marie, id, 'claim');
    const url = `/console/help-requests/${id}/actions`;
    expectApiError(await consoleCall(hub, marie, 'POST', url, { action: 'handover', toAccountId: marie.id }), 400, 'bad_target');
    expectApiError(await consoleCall(hub, marie, 'POST', url, { action: 'handover', toAccountId: gone.id }), 400, 'bad_target');
    expectApiError(await consoleCall(hub, marie, 'POST', url, { action: 'handover', toAccountId: randomUUID() }), 400, 'bad_target');
    expectApiError(await consoleCall(hub, marie, 'POST', url, { action: 'handover' }), 400, 'invalid_input');
    expectApiError(await consoleCall(hub, marie, 'POST', url, { action: 'claim', toAccountId: marie.id }), 400, 'invalid_input');
    expect((await helpRequest(hub.store, id))?.claimedBy?.firstName).toBe('Marie');
  });

  it('marks a request seen once; later "see" calls from other consoles change nothing', async () => {
    const id = await submit();
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const paul = await sessionAs(hub, 'Paul', 'accompagnant');
    expect((await act(hub, marie, id, 'see')).json()).toMatchObject({ state: 'seen' });
    expect((await act(hub, paul, id, 'see')).json()).toMatchObject({ state: 'seen' });
    expect((await helpEvents(hub.store, id)).filter((e) => e.action === 'see')).toHaveLength(1);
  });
});

describe('notes', () => {
  it('adds notes to the journal with their author, counted on the card', async () => {
    const id = await submit();
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const res = await consoleCall(hub, marie, 'POST', `/console/help-requests/${id}/notes`, { text: '  Rappeler après 14 h.  ' });
    expect(res.statusCode).toBe(201);
    expect(HelpRequestView.parse(res.json()).noteCount).toBe(1);
    const detail = HelpRequestDetail.parse((await consoleCall(hub, marie, 'GET', `/console/help-requests/${id}`)).json());
    expect(detail.journal.at(-1)).toMatchObject({ actor: { kind: 'account', name: 'Marie' }, action: 'note', detail: 'Rappeler après 14 h.', toState: 'new' });
  });

  it('refuses empty, too long or extra-field notes and unknown requests, changing nothing', async () => {
    const id = await submit();
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    for (const body of [{ text: '   ' }, { text: 'x'.repeat(2001) }, { text: 'ok', pinned: true }, {}, { text: 3 }]) {
      expectApiError(await consoleCall(hub, marie, 'POST', `/console/help-requests/${id}/notes`, body), 400, 'invalid_input');
    }
    expectApiError(await consoleCall(hub, marie, 'POST', `/console/help-requests/${randomUUID()}/notes`, { text: 'ok' }), 404, 'not_found');
    expect((await helpRequest(hub.store, id))?.noteCount).toBe(0);
  });
});

describe('escalation', () => {
  it('escalates an unclaimed request after the association delay, once, and journals it as the system', async () => {
    await hub.store.accounts.updateSettings(hub.seed.associationId, { escalationMinutes: 10 });
    const waiting = await submit();
    const held = await submit((await enrolNewMachine(hub, 'PC-0002')).token);
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    await act(hub, marie, held, 'claim');
    hub.clock.now = new Date(hub.clock.now.getTime() + 9 * 60_000);
    expect(await hub.jobs.escalate()).toBe(0);
    hub.clock.now = new Date(hub.clock.now.getTime() + 2 * 60_000);
    expect(await hub.jobs.escalate()).toBe(1);
    expect(await hub.jobs.escalate()).toBe(0);
    expect((await helpRequest(hub.store, waiting))?.escalatedAt).toBe(hub.clock.now.toISOString());
    expect((await helpRequest(hub.store, held))?.escalatedAt).toBeNull();
    const journal = (await hub.store.help.journal(hub.seed.associationId, waiting))!;
    expect(journal.at(-1)).toMatchObject({ actor: { kind: 'system' }, action: 'escalate', fromState: 'new', toState: 'new', detail: '10 min' });
  });

  it('follows the delay staff set', async () => {
    const staff = await sessionAs(hub, 'Sonia', 'staff');
    expect((await consoleCall(hub, staff, 'PUT', '/console/settings', { escalationMinutes: 2 })).statusCode).toBe(200);
    await submit();
    hub.clock.now = new Date(hub.clock.now.getTime() + 2 * 60_000 + 1000);
    expect(await hub.jobs.escalate()).toBe(1);
  });
});

describe('voice messages', () => {
  it('stores a voice message once, idempotent on the same bytes, and serves it only to signed-in helpers', async () => {
    const id = await submit();
    const audio = Buffer.from('OggS-fake-opus-bytes-'.repeat(50));
    const first = await putVoice(id, audio);
    expect(first.statusCode).toBe(201);
    expect(HelpStatus.parse(first.json()).id).toBe(id);
    expect((await putVoice(id, audio)).statusCode).toBe(200);
    expectApiError(await putVoice(id, Buffer.from('another message')), 409, 'already_attached');

    const view = await helpRequest(hub.store, id);
    expect(view?.voice).toEqual({ mimeType: 'audio/webm', durationMs: 4200, sizeBytes: audio.length });

    expectApiError(await hub.app.inject({ method: 'GET', url: `/api/v1/console/help-requests/${id}/voice` }), 401);
    expectApiError(
      await hub.app.inject({ method: 'GET', url: `/api/v1/console/help-requests/${id}/voice`, headers: { authorization: `Bearer ${token}` } }),
      401,
    );
    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    const got = await consoleCall(hub, marie, 'GET', `/console/help-requests/${id}/voice`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('audio/webm');
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.rawPayload.equals(audio)).toBe(true);
    expect((await helpEvents(hub.store, id)).filter((e) => e.action === 'voice')).toHaveLength(1);
  });

  it('refuses bad voice uploads with a clear 4xx and stores nothing', async () => {
    const id = await submit();
    const other = await enrolNewMachine(hub, 'PC-OTHER');
    const audio = Buffer.from('bytes');
    expectApiError(await putVoice(id, Buffer.alloc(VOICE_MAX_BYTES + 1)), 413, 'body_too_large');
    expectApiError(await putVoice(id, audio, { 'content-type': 'audio/mpeg' }), 415);
    expectApiError(await putVoice(id, audio, { 'content-type': 'application/json' }), 400);
    expectApiError(await putVoice(id, Buffer.alloc(0)), 400);
    expectApiError(await putVoice(id, audio, { 'x-voice-duration-ms': 'soon' }), 400, 'invalid_input');
    expectApiError(await putVoice(id, audio, { 'x-voice-duration-ms': '600000' }), 400, 'invalid_input');
    expectApiError(await putVoice('not-a-uuid', audio), 400, 'invalid_input');
    expectApiError(await putVoice(randomUUID(), audio), 404, 'not_found');
    expectApiError(await putVoice(id, audio, {}, other.token), 404, 'not_found');
    expectApiError(await putVoice(id, audio, { authorization: 'Bearer nope' }), 401);
    expect((await helpRequest(hub.store, id))?.voice).toBeNull();

    const marie = await sessionAs(hub, 'Marie', 'accompagnant');
    await act(hub, marie, id, 'resolve');
    expectApiError(await putVoice(id, audio), 409, 'closed');
  });
});
