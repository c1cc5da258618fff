/**
 * The help flow end to end, three pages in one real Chromium: the shell (web host, real services),
 * helper A and helper B (each in their own console session). Real hub, real SQLite files, real
 * WebSockets, Chromium's fake microphone for the voice message.
 */
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from './support/stack.ts';
import { addHelper, adminApi, goOnDuty, hubHelpRows, launchOptionsWithFakeMicrophone, openConsole, portraitPng, uploadPhoto } from './help-support.ts';

test.use({ launchOptions: launchOptionsWithFakeMicrophone() });

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack();
});
test.afterEach(async () => {
  await stack.close();
});

test('request with a voice message: both helpers see it live, both claim, one wins; the shell shows and says who will call; resolve', async ({ browser }) => {
  test.setTimeout(120_000);
  const marie = await addHelper(stack, 'Marie');
  const paul = await addHelper(stack, 'Paul');
  const helperA = await openConsole(browser, stack, marie);
  const helperB = await openConsole(browser, stack, paul);
  await uploadPhoto(helperA, await portraitPng(browser, '1F469'));
  await uploadPhoto(helperB, await portraitPng(browser, '1F468'));
  await goOnDuty(helperA);
  await goOnDuty(helperB);
  await expect(helperA.getByTestId('presence-entry')).toHaveCount(2);

  const shell = await browser.newPage();
  await shell.goto(stack.webHost.url);
  await expect(shell.getByTestId('tile-lessons')).toBeVisible();

  // Help → Oui: the request leaves at once; then the optional voice message.
  await shell.getByTestId('help-button').click();
  await shell.getByTestId('help-yes').click();
  const voice = shell.getByTestId('help-voice');
  await expect(voice).toHaveAttribute('data-phase', 'offer');
  // Both consoles show the request live (no reload), before the voice message is even recorded.
  await expect(helperA.getByTestId('help-card')).toHaveCount(1);
  await expect(helperB.getByTestId('help-card')).toHaveCount(1);

  await shell.getByTestId('voice-record').click();
  await expect(voice).toHaveAttribute('data-phase', 'recording');
  await shell.screenshot({ path: path.join(shots, 'shell-help-voice-recording-fr.png') });
  await shell.waitForTimeout(2500); // speak for a moment into the fake microphone
  await shell.getByTestId('voice-stop').click();
  await expect(voice).toHaveAttribute('data-phase', 'recorded');
  await shell.getByTestId('voice-listen').click();
  await expect(shell.locator('body')).toHaveAttribute('data-voice-played', 'true');
  await shell.screenshot({ path: path.join(shots, 'shell-help-voice-recorded-fr.png') });
  await shell.getByTestId('voice-send').click();
  const status = shell.getByTestId('help-status');
  await expect(status).toHaveAttribute('data-delivered', 'true');

  // The voice message reaches both consoles live, playable, served only to signed-in helpers.
  const cardA = helperA.getByTestId('help-card');
  const cardB = helperB.getByTestId('help-card');
  await expect(cardA.getByTestId('voice-player')).toBeVisible();
  await expect(cardB.getByTestId('voice-player')).toBeVisible();
  const requestId = (await cardA.getAttribute('data-request-id'))!;
  const audio = await helperA.request.get(`${stack.hub.url}/api/v1/console/help-requests/${requestId}/voice`);
  expect(audio.status()).toBe(200);
  expect(audio.headers()['content-type']).toBe('audio/webm');
  const bytes = await audio.body();
  expect(bytes.length).toBeGreaterThan(1000);
  expect(bytes.subarray(0, 4).toString('hex')).toBe('1a45dfa3'); // a WebM (EBML) file
  expect((await shell.request.get(`${stack.hub.url}/api/v1/console/help-requests/${requestId}/voice`)).status()).toBe(401);
  const duration = await helperA.evaluate(async (url) => {
    const a = new Audio(url);
    await a.play().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 300));
    const playing = !a.paused && a.currentTime > 0;
    a.pause();
    return playing;
  }, `${stack.hub.url}/api/v1/console/help-requests/${requestId}/voice`);
  expect(duration).toBe(true);
  await helperA.screenshot({ path: path.join(shots, 'console-queue-voice-fr.png') });

  // Both claim at once: the two claim requests are held until both are in flight, then released together.
  let held = 0;
  let release!: () => void;
  const bothInFlight = new Promise<void>((resolve) => (release = resolve));
  for (const page of [helperA, helperB]) {
    await page.route('**/api/v1/console/help-requests/*/actions', async (route) => {
      if ((JSON.parse(route.request().postData() ?? '{}') as { action?: string }).action !== 'claim') return route.continue();
      held += 1;
      if (held === 2) release();
      await bothInFlight;
      await route.continue();
    });
  }
  await Promise.all([cardA.getByTestId('claim').click(), cardB.getByTestId('claim').click()]);
  await expect(cardA).toHaveAttribute('data-state', 'claimed');
  await expect(cardB).toHaveAttribute('data-state', 'claimed');
  const rows = hubHelpRows(stack);
  expect(rows).toEqual([{ id: requestId, state: 'claimed', voice: 1 }]);
  const winnerIsA = (await cardA.getByTestId('claimed-by').textContent()) === 'Pris par vous';
  const [winner, loser, winnerName] = winnerIsA ? [cardA, cardB, 'Marie'] : [cardB, cardA, 'Paul'];
  await expect(winner.getByTestId('claimed-by')).toHaveText('Pris par vous');
  await expect(loser.getByTestId('claimed-by')).toHaveText(`Pris par ${winnerName}`);
  await expect(loser.getByTestId('card-error')).toHaveText(`Déjà pris par ${winnerName}`);
  const db = new Database(path.join(stack.dir, 'hub', 'hub.sqlite'), { readonly: true });
  expect((db.prepare("SELECT COUNT(*) AS n FROM help_events WHERE action = 'claim'").get() as { n: number }).n).toBe(1);
  db.close();

  // The shell shows and says the winner's name, with their photo.
  await expect(status).toHaveAttribute('data-state', 'claimed');
  await expect(shell.getByRole('heading', { name: `${winnerName} va vous appeler` })).toBeVisible();
  await expect(shell.getByTestId('helper-photo')).toBeVisible();
  await expect(shell.locator('body')).toHaveAttribute('data-last-spoken', new RegExp(`${winnerName} va vous appeler`));
  await shell.screenshot({ path: path.join(shots, 'shell-help-claimed-fr.png') });
  await (winnerIsA ? helperA : helperB).screenshot({ path: path.join(shots, 'console-claimed-by-me-fr.png') });
  await (winnerIsA ? helperB : helperA).screenshot({ path: path.join(shots, 'console-claimed-by-other-fr.png') });

  // Resolve: the shell hears it is over; both queues empty.
  await winner.getByTestId('resolve').click();
  await expect(status).toHaveAttribute('data-state', 'resolved');
  await expect(shell.getByRole('heading', { name: "C'est fini. Merci !" })).toBeVisible();
  await expect(helperA.getByTestId('help-card')).toHaveCount(0);
  await expect(helperB.getByTestId('help-card')).toHaveCount(0);
  expect(hubHelpRows(stack)).toEqual([{ id: requestId, state: 'resolved', voice: 1 }]);
});

test('offline and nobody on duty: the phone number in huge digits, spoken; the request waits and arrives exactly once', async ({ browser }) => {
  test.setTimeout(90_000);
  const api = await adminApi(stack);
  expect((await api('PUT', '/console/settings', { helpPhone: '01 23 45 67 89' })).status).toBe(200);

  const shell = await browser.newPage();
  await shell.goto(stack.webHost.url);
  await expect(shell.getByTestId('tile-lessons')).toBeVisible();

  // Hub reachable but nobody on duty: the request is delivered, and the phone number is offered.
  await shell.getByTestId('help-button').click();
  await shell.getByTestId('help-yes').click();
  await shell.getByTestId('voice-skip').click();
  const status = shell.getByTestId('help-status');
  await expect(status).toHaveAttribute('data-delivered', 'true');
  await expect(shell.getByTestId('help-subtitle')).toHaveText("Personne n'est disponible tout de suite. Votre demande reste dans la liste.");
  await expect(shell.getByTestId('help-phone')).toContainText('01 23 45 67 89');
  await expect(shell.locator('body')).toHaveAttribute('data-last-spoken', /appeler le 01 23 45 67 89/);
  await shell.screenshot({ path: path.join(shots, 'shell-help-nobody-on-duty-fr.png') });
  await shell.getByTestId('help-cancel').click();
  await shell.getByTestId('help-cancel-yes').click();
  await expect(status).toHaveAttribute('data-state', 'cancelled');
  await stack.shell.syncIdle();
  await expect.poll(() => hubHelpRows(stack).map((r) => r.state)).toEqual(['cancelled']);

  // Hub stopped: Help still works; the phone number is on screen and spoken; the request waits on disk.
  await stack.stopHub();
  await shell.getByTestId('help-close').click();
  await shell.getByTestId('help-button').click();
  await shell.getByTestId('help-yes').click();
  await shell.getByTestId('voice-skip').click();
  await expect(status).toHaveAttribute('data-delivered', 'false');
  await expect(shell.getByRole('heading', { name: 'Votre demande est gardée.' })).toBeVisible();
  const digits = shell.locator('.phone__digits');
  await expect(digits).toHaveText('01 23 45 67 89');
  expect(parseFloat(await digits.evaluate((e) => getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(64);
  await expect(shell.locator('body')).toHaveAttribute('data-last-spoken', /01 23 45 67 89/);
  await shell.screenshot({ path: path.join(shots, 'shell-help-offline-fr.png') });
  const outbox = new Database(path.join(stack.dir, 'shell', 'shell.sqlite'), { readonly: true });
  expect((outbox.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'help.request'").get() as { n: number }).n).toBe(1);
  outbox.close();

  // Hub back: delivered, once; a console sees it.
  await stack.restartHub();
  await expect(status).toHaveAttribute('data-delivered', 'true', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-state', 'new');
  const helper = await openConsole(browser, stack, { email: stack.adminEmail, password: stack.adminPassword });
  await expect(helper.getByTestId('help-card')).toHaveCount(1);
  await stack.shell.syncIdle();
  const rows = hubHelpRows(stack);
  expect(rows).toHaveLength(2);
  expect(rows.filter((r) => r.state !== 'cancelled')).toHaveLength(1);
});
