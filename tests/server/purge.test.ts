/**
 * The purge job: a closed (resolved or cancelled) request keeps its personal data — context, notes,
 * voice message, link to the beneficiary — for the association's retention (default 90 days), then
 * everything about it is deleted. Open requests are never purged, however old.
 */
import { expect, it } from 'vitest';
import { act, consoleCall, enrolNewMachine, helpSubmit, postHelp, sessionAs, type TestHub, hubPerTest } from './helpers.ts';
import { countHelpRequests, helpRequest, sqlCount } from './inspect.ts';

const DAY = 86_400_000;
let hub: TestHub;
let token: string;
hubPerTest((h, t) => {
  hub = h;
  token = t;
});

const count = (sql: string, ...args: unknown[]) => sqlCount(hub.store, sql, ...args);
const advance = (ms: number) => (hub.clock.now = new Date(hub.clock.now.getTime() + ms));

async function submit(machineToken = token): Promise<string> {
  const payload = helpSubmit();
  expect((await postHelp(hub, machineToken, payload)).statusCode).toBe(201);
  return payload.id as string;
}

it('deletes closed requests with their journal, notes and voice after 90 days, and nothing else', async () => {
  const beneficiary = await hub.store.register.createBeneficiary(hub.seed.associationId, { firstName: 'Jeanne', phone: '0611223344', language: 'fr' });
  await hub.store.register.createLoan(hub.seed.associationId, hub.seed.demoMachine.id, beneficiary.id);
  const marie = await sessionAs(hub, 'Marie', 'accompagnant');

  const resolved = await submit();
  await hub.store.help.attachVoice(hub.seed.demoMachine.id, resolved, { mimeType: 'audio/webm', durationMs: 3000, bytes: Buffer.from('voice') }, { maxBytesPerDay: 1e6 });
  await consoleCall(hub, marie, 'POST', `/console/help-requests/${resolved}/notes`, { text: 'Mme Jeanne, appelée à 15 h' });
  await act(hub, marie, resolved, 'claim');
  await act(hub, marie, resolved, 'resolve');
  const cancelled = await submit();
  await hub.app.inject({ method: 'POST', url: `/api/v1/help-requests/${cancelled}/cancel`, headers: { authorization: `Bearer ${token}` } });
  const stillOpen = await submit();

  advance(2 * DAY);
  const later = await submit((await enrolNewMachine(hub, 'PC-0002')).token); // the demo machine's request is still open
  const paul = await sessionAs(hub, 'Paul', 'accompagnant'); // Marie's 12-hour session has ended
  expect((await act(hub, paul, later, 'resolve')).statusCode).toBe(200);

  advance(88 * DAY - 60_000); // 90 days minus a minute after the first two closed
  expect(await hub.jobs.purge()).toBe(0);
  advance(2 * 60_000); // 90 days and a minute
  expect(await hub.jobs.purge()).toBe(2);

  for (const id of [resolved, cancelled]) {
    expect(await helpRequest(hub.store, id)).toBeNull();
    expect(await count('SELECT COUNT(*) AS n FROM help_events WHERE request_id = ?', id)).toBe(0);
  }
  expect(await count('SELECT COUNT(*) AS n FROM help_voice')).toBe(0);
  expect(await count("SELECT COUNT(*) AS n FROM help_events WHERE detail LIKE '%Jeanne%'")).toBe(0);
  // The open request (however old) and the one closed two days later stay.
  expect((await helpRequest(hub.store, stillOpen))?.state).toBe('new');
  expect((await helpRequest(hub.store, later))?.state).toBe('resolved');
  expect(await countHelpRequests(hub.store)).toBe(2);
  expect(await hub.jobs.purge()).toBe(0);
});

it('follows the retention staff set, and also drops expired console sessions', async () => {
  const staff = await sessionAs(hub, 'Sonia', 'staff');
  expect((await consoleCall(hub, staff, 'PUT', '/console/settings', { retentionDays: 7 })).json()).toMatchObject({ retentionDays: 7 });
  expect((await consoleCall(hub, staff, 'PUT', '/console/settings', { retentionDays: 0 })).statusCode).toBe(400);
  const marie = await sessionAs(hub, 'Marie', 'accompagnant');
  const id = await submit();
  await act(hub, marie, id, 'resolve');
  const sessionsBefore = await count('SELECT COUNT(*) AS n FROM sessions');
  expect(sessionsBefore).toBeGreaterThanOrEqual(2);
  advance(7 * DAY + 1000);
  expect(await hub.jobs.purge()).toBe(1);
  expect(await count('SELECT COUNT(*) AS n FROM sessions')).toBe(0); // 12-hour sessions, a week later
});

it('a resolved request is not purged before its retention even if it was opened long before', async () => {
  const id = await submit();
  advance(200 * DAY);
  const marie = await sessionAs(hub, 'Marie', 'accompagnant');
  await act(hub, marie, id, 'resolve');
  expect(await hub.jobs.purge()).toBe(0);
  advance(90 * DAY + 1000);
  expect(await hub.jobs.purge()).toBe(1);
});
