/**
 * Several hub instances: PostgreSQL, two hub processes on it, nginx in front (build/nginx/, no
 * sticky sessions), a real shell whose hub is nginx and a real console in Chromium. The shell's feed
 * and the console's feed are on different instances (read from each instance's /metrics): a help
 * request, its claim and its resolution, and a cancel from the shell, travel between them. Then the
 * shell's instance is killed (SIGKILL) while the shell's outbox holds five help requests with voice
 * messages and cancels and a sixth request: everything arrives through the other instance, once.
 */
import { expect, test, type Page } from '@playwright/test';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startScaleOut, type HubProcess, type ScaleOut } from './support/scale-out.ts';

let so: ScaleOut;
test.beforeEach(async () => {
  so = await startScaleOut();
});
test.afterEach(async () => {
  await so?.close();
});

const PASSWORD = 'le mot de passe de Marie';
const fakeOpus = Buffer.from('OggS fake opus payload '.repeat(40)).toString('base64');

async function feedsOn(hubs: readonly HubProcess[]): Promise<{ shell: HubProcess | null; console: HubProcess | null; total: { shell: number; console: number } }> {
  const counts = await Promise.all(hubs.map((h) => h.feeds()));
  const total = { shell: counts.reduce((n, c) => n + c.shell, 0), console: counts.reduce((n, c) => n + c.console, 0) };
  return { shell: hubs.find((_, i) => counts[i]!.shell > 0) ?? null, console: hubs.find((_, i) => counts[i]!.console > 0) ?? null, total };
}

async function openConsole(page: Page): Promise<void> {
  await page.goto(`${so.nginxUrl}/console/`);
  await page.getByTestId('login-email').fill('marie@asso.test');
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');
}

function shellOutboxCount(): number {
  const db = new Database(path.join(so.shellDir, 'shell.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test('two hubs behind nginx: help travels between instances, and a killed instance loses nothing', async ({ browser }) => {
  test.setTimeout(240_000);
  const association = (await so.store.accounts.defaultAssociation())!;
  await so.store.accounts.createAccount({ associationId: association.id, email: 'marie@asso.test', firstName: 'Marie', role: 'accompagnant', password: PASSWORD });

  const shell = await browser.newPage();
  await shell.goto(so.webHost.url);
  await expect(shell.getByTestId('tile-lessons')).toBeVisible();
  const console_ = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' })).newPage();
  await openConsole(console_);

  // Round robin, no stickiness: reload the console until its feed is on the other instance than the shell's.
  let where = await feedsOn(so.hubs);
  await expect.poll(async () => (where = await feedsOn(so.hubs)).total).toEqual({ shell: 1, console: 1 });
  for (let i = 0; i < 8 && where.console === where.shell; i++) {
    await console_.reload();
    await expect(console_.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');
    await expect.poll(async () => (where = await feedsOn(so.hubs)).total).toEqual({ shell: 1, console: 1 });
  }
  const shellHub = where.shell!;
  const consoleHub = where.console!;
  expect(consoleHub.name).not.toBe(shellHub.name);

  // ---- shell → console: the help request
  await shell.getByTestId('help-button').click();
  await shell.getByTestId('help-yes').click();
  const card = console_.getByTestId('help-card');
  await expect(card).toHaveCount(1);
  const status = shell.getByTestId('help-status');
  await expect(status).toHaveAttribute('data-delivered', 'true');

  // ---- console → shell: the claim, then the resolution
  await card.getByTestId('claim').click();
  await expect(card).toHaveAttribute('data-state', 'claimed');
  await expect(status).toHaveAttribute('data-state', 'claimed');
  await expect(shell.getByRole('heading', { name: 'Marie va vous appeler' })).toBeVisible();
  await card.getByTestId('resolve').click();
  await expect(status).toHaveAttribute('data-state', 'resolved');
  await expect(console_.getByTestId('help-card')).toHaveCount(0);
  // The console then asks how it was solved (issue 11's queue): by phone.
  await console_.getByTestId('resolve-dialog').getByTestId('outcome-phone').click();
  await expect(console_.getByTestId('resolve-dialog')).toHaveCount(0);

  // ---- shell → console again: a request the person cancels leaves the queue
  const cancelled = await so.shell.handlers.requestHelp({ context: { screen: 'home' } });
  await expect(console_.getByTestId('help-card')).toHaveCount(1);
  await so.shell.handlers.cancelHelp({ id: cancelled.id });
  await expect(console_.getByTestId('help-card')).toHaveCount(0);

  // ---- the shell's instance dies while its outbox is full
  const queued: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await so.shell.handlers.requestHelp({ context: { screen: 'home' } });
    await so.shell.handlers.attachHelpVoice({ id: r.id, mimeType: 'audio/webm', durationMs: 2000 + i, audio: fakeOpus });
    await so.shell.handlers.cancelHelp({ id: r.id });
    queued.push(r.id);
  }
  const last = await so.shell.handlers.requestHelp({ context: { screen: 'home' } });
  await shellHub.kill();
  const survivor = so.hubs.find((h) => h !== shellHub)!;
  expect(survivor).toBe(consoleHub);

  await expect.poll(() => shellOutboxCount(), { timeout: 60_000 }).toBe(0);
  const ids = [...queued, last.id];
  const rows = await so.sql<{ id: string; state: string; submits: number; cancels: number; voices: number }>(
    `SELECT h.id, h.state,
       (SELECT COUNT(*) FROM help_events e WHERE e.request_id = h.id AND e.action = 'submit')::int AS submits,
       (SELECT COUNT(*) FROM help_events e WHERE e.request_id = h.id AND e.action = 'cancel')::int AS cancels,
       (SELECT COUNT(*) FROM help_voice v WHERE v.request_id = h.id)::int AS voices
     FROM help_requests h WHERE h.id = ANY($1) ORDER BY h.received_at`,
    [ids],
  );
  expect(rows.map((r) => r.id)).toEqual(ids);
  for (const r of rows.slice(0, 5)) expect(r).toMatchObject({ state: 'cancelled', submits: 1, cancels: 1, voices: 1 });
  expect(rows[5]).toMatchObject({ id: last.id, submits: 1, cancels: 0, voices: 0 });
  expect(['new', 'seen']).toContain(rows[5]!.state); // the console marks what it shows as seen

  // The shell's feed came back through nginx to the survivor; the console there works the last request.
  await expect.poll(async () => (await survivor.feeds()).shell, { timeout: 30_000 }).toBe(1);
  await expect(console_.getByTestId('help-card')).toHaveCount(1);
  await expect(console_.getByTestId('help-card')).toHaveAttribute('data-request-id', last.id);
  // The shell hears the claim and the resolution through its new feed on the survivor.
  const onShell = async () => (await so.shell.handlers.getOpenHelpRequests({})).find((r) => r.id === last.id);
  await console_.getByTestId('help-card').getByTestId('claim').click();
  await expect.poll(async () => (await onShell())?.state, { timeout: 15_000 }).toBe('claimed');
  expect((await onShell())?.helperFirstName).toBe('Marie');
  await console_.getByTestId('help-card').getByTestId('resolve').click();
  await console_.getByTestId('resolve-dialog').getByTestId('outcome-phone').click();
  await expect.poll(async () => (await onShell())?.state ?? 'closed', { timeout: 15_000 }).toBe('closed');
  expect(await so.sql("SELECT 1 FROM help_requests WHERE id = $1 AND state = 'resolved'", [last.id])).toHaveLength(1);
});
