/**
 * Resolving a help request (issue 11): the helper says how it ended, may undo it for 10 s, and the
 * console's "Résolues (7 jours)" view lists what was resolved with its outcome.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleCall, enrolDemo, expectApiError, helpSubmit, makeHub, postHelp, removeTempDirs, sessionAs, type ConsoleSession, type TestHub } from './helpers.ts';
import type { HelpRequestView } from '../../app/protocol/hub.ts';
import { RESOLVE_UNDO_MS, UNDO_GRACE_MS } from '../../app/help/outcome.ts';

let hub: TestHub;
let token: string;
let marie: ConsoleSession & { id: string };
let paul: ConsoleSession & { id: string };

beforeEach(async () => {
  hub = await makeHub();
  ({ token } = await enrolDemo(hub));
  marie = await sessionAs(hub, 'Marie', 'accompagnant');
  paul = await sessionAs(hub, 'Paul', 'accompagnant');
});
afterEach(async () => {
  await hub.close();
  removeTempDirs();
});

async function claimedRequest(): Promise<string> {
  const submit = helpSubmit();
  expect((await postHelp(hub, token, submit)).statusCode).toBe(201);
  expect((await consoleCall(hub, marie, 'POST', `/console/help-requests/${submit.id as string}/actions`, { action: 'claim' })).statusCode).toBe(200);
  return submit.id as string;
}
const act = (s: ConsoleSession, id: string, body: Record<string, unknown>) => consoleCall(hub, s, 'POST', `/console/help-requests/${id}/actions`, body);
const machineState = async (id: string) =>
  ((await hub.app.inject({ method: 'GET', url: '/api/v1/machine/help-requests', headers: { authorization: `Bearer ${token}` } })).json() as { id: string; state: string }[]).find(
    (s) => s.id === id,
  )?.state;

describe('resolving with an outcome', () => {
  it('journals how it ended and lists it among the resolutions of the last 7 days, newest first', async () => {
    const first = await claimedRequest();
    const resolved = await act(marie, first, { action: 'resolve', outcome: 'screen' });
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({ state: 'resolved', resolution: { outcome: 'screen' } });
    hub.clock.now = new Date(hub.clock.now.getTime() + 60_000);
    const second = await claimedRequest();
    expect((await act(marie, second, { action: 'resolve', outcome: 'no_answer' })).statusCode).toBe(200);

    const list = (await consoleCall(hub, paul, 'GET', '/console/help-requests/resolved')).json() as HelpRequestView[];
    expect(list.map((r) => [r.id, r.resolution?.outcome])).toEqual([
      [second, 'no_answer'],
      [first, 'screen'],
    ]);
    const journal = (await consoleCall(hub, marie, 'GET', `/console/help-requests/${first}`)).json() as { journal: { action: string; detail: string | null }[] };
    expect(journal.journal.find((e) => e.action === 'resolve')?.detail).toBe('screen');

    // Eight days later the first week's resolutions are out of the view (still in the machine's history).
    hub.clock.now = new Date(hub.clock.now.getTime() + 8 * 86_400_000);
    const lea = await sessionAs(hub, 'Lea', 'accompagnant'); // the earlier sessions have expired
    expect((await consoleCall(hub, lea, 'GET', '/console/help-requests/resolved')).json()).toEqual([]);
    expect(((await consoleCall(hub, lea, 'GET', '/console/help-requests/resolved?days=9')).json() as unknown[]).length).toBe(2);
  });

  it('refuses an unknown outcome, an outcome on another action and a bad number of days, and changes nothing', async () => {
    const id = await claimedRequest();
    expect(expectApiError(await act(marie, id, { action: 'resolve', outcome: 'magic' }), 400, 'invalid_input').message).toMatch(/phone.*screen.*came_in.*no_answer/);
    expect(expectApiError(await act(marie, id, { action: 'call', outcome: 'phone' }), 400, 'invalid_input').message).toMatch(/only with resolve/);
    for (const days of ['0', '32', 'week', '1.5']) {
      expectApiError(await consoleCall(hub, marie, 'GET', `/console/help-requests/resolved?days=${days}`), 400, 'invalid_input');
    }
    expectApiError(await consoleCall(hub, marie, 'GET', '/console/help-requests/resolved?state=all'), 400, 'invalid_input');
    expect(await machineState(id)).toBe('claimed');
  });
});

describe('undoing a resolution', () => {
  it('within 10 s the helper who resolved it gets it back, claimed, and the machine sees it open again', async () => {
    const id = await claimedRequest();
    expect((await act(marie, id, { action: 'resolve', outcome: 'phone' })).statusCode).toBe(200);
    expect(await machineState(id)).toBeUndefined(); // closed: no longer among the machine's open requests
    hub.clock.now = new Date(hub.clock.now.getTime() + RESOLVE_UNDO_MS - 500);
    const reopened = await act(marie, id, { action: 'reopen' });
    expect(reopened.statusCode).toBe(200);
    expect(reopened.json()).toMatchObject({ state: 'claimed', claimedBy: { firstName: 'Marie' }, resolution: null });
    expect(await machineState(id)).toBe('claimed');
    expect(((await consoleCall(hub, marie, 'GET', '/console/help-requests')).json() as { id: string }[]).map((r) => r.id)).toContain(id);
  });

  it('is refused once the time is over, to another helper, and on a request that is not resolved', async () => {
    const id = await claimedRequest();
    expectApiError(await act(marie, id, { action: 'reopen' }), 409, 'not_allowed');
    expect((await act(marie, id, { action: 'resolve', outcome: 'came_in' })).statusCode).toBe(200);
    expect(expectApiError(await act(paul, id, { action: 'reopen' }), 403, 'not_resolver').message).toMatch(/résolu/);
    hub.clock.now = new Date(hub.clock.now.getTime() + RESOLVE_UNDO_MS + UNDO_GRACE_MS + 1000);
    expect(expectApiError(await act(marie, id, { action: 'reopen' }), 409, 'undo_too_late').message).toMatch(/10 s/);
    expect(await machineState(id)).toBeUndefined();
  });
});

describe('saying how it ended after resolving', () => {
  it('the resolver (or staff) adds the outcome to a request already resolved; another helper may not', async () => {
    const id = await claimedRequest();
    expect((await act(marie, id, { action: 'resolve' })).json()).toMatchObject({ state: 'resolved', resolution: { outcome: null } });
    expectApiError(await act(paul, id, { action: 'resolve', outcome: 'phone' }), 403, 'not_resolver');
    const said = await act(marie, id, { action: 'resolve', outcome: 'came_in' });
    expect(said.statusCode).toBe(200);
    expect(said.json()).toMatchObject({ state: 'resolved', resolution: { outcome: 'came_in' } });
    const journal = (await consoleCall(hub, marie, 'GET', `/console/help-requests/${id}`)).json() as { journal: { action: string; detail: string | null }[] };
    expect(journal.journal.slice(-2).map((e) => [e.action, e.detail])).toEqual([
      ['resolve', null],
      ['outcome', 'came_in'],
    ]);
    // Reopened and resolved again without saying how: the old answer no longer stands.
    expect((await act(marie, id, { action: 'reopen' })).statusCode).toBe(200);
    expect((await act(marie, id, { action: 'resolve' })).json()).toMatchObject({ resolution: { outcome: null } });
  });
});
