/**
 * A live call's milestones in the request's journal (store level): no state change, `calledAt` from
 * the first answer, scoped to the association, accepted after the request closed.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { formatCallEnd } from '../../app/help/call.ts';
import { act, addHelper, enrolDemo, helpSubmit, login, makeHub, postHelp, removeTempDirs } from './helpers.ts';

afterAll(removeTempDirs);

async function heldRequest() {
  const hub = await makeHub();
  const { token, machineId } = await enrolDemo(hub);
  const submit = helpSubmit();
  expect((await postHelp(hub, token, submit)).statusCode).toBe(201);
  const marie = await addHelper(hub, 'Marie');
  const session = await login(hub, marie.email, marie.password);
  expect((await act(hub, session, submit.id as string, 'claim')).statusCode).toBe(200);
  return { hub, machineId, requestId: submit.id as string, marie, session };
}

describe('call journal', () => {
  it('journals start, answer and end without changing the state, and dates the call from the first answer', async () => {
    const { hub, machineId, requestId, marie } = await heldRequest();
    const assoc = hub.seed.associationId;
    const start = await hub.store.help.recordCall(assoc, requestId, { by: { account: marie.id }, action: 'call_start' });
    expect(start.ok && start.view.state).toBe('claimed');
    expect(start.ok && start.view.calledAt).toBeNull();
    expect(start.ok && start.status.calledAt).toBeNull();

    hub.clock.now = new Date(Date.now() + 5_000);
    const answer = await hub.store.help.recordCall(assoc, requestId, { by: { machine: machineId }, action: 'call_answer' });
    const answeredAt = hub.clock.now.toISOString();
    expect(answer.ok && answer.view.calledAt).toBe(answeredAt);
    expect(answer.ok && answer.status.calledAt).toBe(answeredAt);

    // A second call later keeps the date of the first answer.
    hub.clock.now = new Date(Date.now() + 60_000);
    await hub.store.help.recordCall(assoc, requestId, { by: { machine: machineId }, action: 'call_answer' });
    const end = await hub.store.help.recordCall(assoc, requestId, { by: { account: marie.id }, action: 'call_end', detail: formatCallEnd(42, 'hangup_helper') });
    expect(end.ok && end.view.calledAt).toBe(answeredAt);
    expect(end.ok && end.view.state).toBe('claimed');

    const journal = (await hub.store.help.journal(assoc, requestId))!;
    const calls = journal.filter((e) => e.action.startsWith('call_'));
    expect(calls.map((e) => [e.action, e.actor.kind, e.actor.kind === 'account' ? e.actor.name : 'machine', e.fromState, e.toState])).toEqual([
      ['call_start', 'account', 'Marie', 'claimed', 'claimed'],
      ['call_answer', 'machine', 'machine', 'claimed', 'claimed'],
      ['call_answer', 'machine', 'machine', 'claimed', 'claimed'],
      ['call_end', 'account', 'Marie', 'claimed', 'claimed'],
    ]);
    expect(calls.at(-1)!.detail).toBe('42 s · hangup_helper');
    expect((await hub.store.help.listOpenStatuses(machineId))[0]!.calledAt).toBe(answeredAt);
    await hub.close();
  });

  it('is refused for another association and accepted on a closed request', async () => {
    const { hub, requestId, marie, session } = await heldRequest();
    const other = await hub.store.accounts.createAssociation('Autre');
    expect(await hub.store.help.recordCall(other.id, requestId, { by: { account: marie.id }, action: 'call_start' })).toEqual({ ok: false, reason: 'not_found' });
    expect((await act(hub, session, requestId, 'resolve')).statusCode).toBe(200);
    const late = await hub.store.help.recordCall(hub.seed.associationId, requestId, { by: { account: marie.id }, action: 'call_end', detail: formatCallEnd(10, 'closed') });
    expect(late.ok && late.view.state).toBe('resolved');
    await hub.close();
  });
});
