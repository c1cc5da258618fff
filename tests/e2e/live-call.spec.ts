/**
 * Live help (issue 11) end to end in real Chromium: the shell (web host, real services) and a
 * helper's console, real hub, real WebSockets, real WebRTC with Chromium's fake microphone, and the
 * shell's own tab captured for real (its frames are the page's pixels).
 */
import { expect, test } from '@playwright/test';
import { checkShellScreen, expectUncovered } from './support/screens.ts';
import { startStack, type Stack } from './support/stack.ts';
import {
  askAndClaim,
  expectAudioBothWays,
  callAndAnswer,
  callJournal,
  checkConsoleScreen,
  endedWithin,
  expectBarClearOfControls,
  launchOptionsForCalls,
  lendToJeanne,
  openHelperConsole,
  openShell,
  pictureColour,
  shareScreen,
} from './call-support.ts';

test.use({ launchOptions: launchOptionsForCalls() });

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack();
  await lendToJeanne(stack);
});
test.afterEach(async () => {
  await stack.close();
});

test('Marie calls: the shell rings with her photo and first name, Jeanne answers, audio flows both ways, volume; Marie hangs up; journaled', async ({ browser }) => {
  test.setTimeout(120_000);
  const marie = await openHelperConsole(browser, stack, 'Marie');
  const shell = await openShell(browser, stack);
  const requestId = await askAndClaim(shell, marie.page);

  await marie.page.getByTestId('call-start').click();
  const ringing = shell.getByTestId('call-ringing');
  await expect(ringing.getByRole('heading', { name: 'Marie vous appelle' })).toBeVisible();
  await expect(ringing.getByTestId('call-helper-photo')).toBeVisible();
  await expect(shell.locator('body')).toHaveAttribute('data-last-spoken', 'Marie vous appelle. Touchez Répondre.');
  await expect(marie.page.getByTestId('call-status')).toHaveText('Ça sonne chez Jeanne…');
  await checkShellScreen(shell, 'shell-call-ringing-fr');
  await checkConsoleScreen(marie.page, 'console-call-ringing-fr');

  await shell.getByTestId('call-answer').click();
  const bar = shell.getByTestId('call-bar');
  await expect(bar).toHaveAttribute('data-connected', 'true');
  await expect(marie.page.getByTestId('call-status')).toContainText('En appel avec Jeanne');
  await expectAudioBothWays(shell, marie.page);
  // Big volume buttons change the helper's voice.
  const volume = async () => Number(await bar.getAttribute('data-volume'));
  await shell.getByTestId('call-quieter').click();
  await shell.getByTestId('call-quieter').click();
  const softer = await volume();
  await shell.getByTestId('call-louder').click();
  expect(softer).toBeLessThan(1);
  await expect.poll(volume).toBeGreaterThan(softer);
  await expectBarClearOfControls(shell);
  await checkShellScreen(shell, 'shell-call-bar-fr');
  await checkConsoleScreen(marie.page, 'console-call-live-fr');

  await marie.page.getByTestId('call-hangup').click();
  await expect(shell.getByTestId('call-ended')).toBeVisible();
  await expect(marie.page.getByTestId('call-status')).toHaveText('Vous avez raccroché.');
  expect(await shell.evaluate(() => window.__peers.at(-1)!.connectionState)).toBe('closed');
  await expect.poll(() => callJournal(stack, requestId).map((e) => e.action)).toEqual(['call_start', 'call_answer', 'call_end']);
  expect(callJournal(stack, requestId)[2]!.detail).toMatch(/^\d+ s · hangup_helper$/);
  // The card's journal says it in words; the shell's status knows a call happened.
  // The ended call's panel stays docked beside the page, over nothing: the card's corner and its
  // "C'est résolu" are reachable without closing it.
  await expect(marie.page.getByTestId('call-panel')).toBeVisible();
  const card = marie.page.getByTestId('help-card');
  await expectUncovered(card.getByTestId('resolve'));
  await expectUncovered(card.getByTestId('journal').locator('summary'));
  await card.getByTestId('journal').locator('summary').click();
  await expect(card.getByTestId('journal-entry').last()).toContainText('Vous avez raccroché.');
});

test('Plus tard: the console says Jeanne declined and offers her phone number; the person can then hang up a call herself', async ({ browser }) => {
  test.setTimeout(120_000);
  const marie = await openHelperConsole(browser, stack, 'Marie');
  const shell = await openShell(browser, stack);
  const requestId = await askAndClaim(shell, marie.page);
  await marie.page.getByTestId('call-start').click();
  await shell.getByTestId('call-later').click();
  await expect(shell.getByTestId('call-ringing')).toHaveCount(0);
  await expect(marie.page.getByTestId('call-status')).toHaveText('Jeanne a répondu « Plus tard ».');
  await expect(marie.page.getByTestId('call-phone')).toHaveText('06 12 34 56 78');
  await expect(marie.page.getByTestId('call-phone')).toHaveAttribute('href', 'tel:0612345678');
  await checkConsoleScreen(marie.page, 'console-call-declined-fr');
  await marie.page.getByTestId('call-dismiss').click();

  // Called again: this time Jeanne answers, then hangs up from the shell; every track ends within 1 s.
  await callAndAnswer(shell, marie.page);
  const since = await shell.evaluate(() => {
    const t = Date.now();
    document.querySelector<HTMLButtonElement>('[data-testid="call-hangup"]')!.click();
    return t;
  });
  const [shellMs, consoleMs] = await Promise.all([endedWithin(shell, since, 'all'), endedWithin(marie.page, since, 'all')]);
  expect(shellMs).toBeLessThan(1000);
  expect(consoleMs).toBeLessThan(1000);
  await expect(marie.page.getByTestId('call-status')).toHaveText('Jeanne a raccroché.');
  await expect.poll(() => callJournal(stack, requestId).map((e) => e.detail?.replace(/^\d+/, 'N') ?? e.action)).toEqual([
    'call_start',
    'N s · declined',
    'call_start',
    'call_answer',
    'N s · hangup_person',
  ]);
});

test('the screen with consent: asked aloud with pictures; frames are the shell page and change with it; the banner; Arrêter ends the tracks within 1 s on both sides', async ({ browser }) => {
  test.setTimeout(150_000);
  const marie = await openHelperConsole(browser, stack, 'Marie');
  const shell = await openShell(browser, stack);
  const requestId = await askAndClaim(shell, marie.page);
  await callAndAnswer(shell, marie.page);

  // First a no: nothing is captured, the helper is told.
  await marie.page.getByTestId('call-ask-screen').click();
  const question = shell.getByTestId('call-screen-question');
  await expect(question.getByRole('heading', { name: "Marie veut voir votre écran. D'accord ?" })).toBeVisible();
  await expect(shell.locator('body')).toHaveAttribute('data-last-spoken', "Marie veut voir votre écran. D'accord ? Touchez Oui ou Non.");
  await checkShellScreen(shell, 'shell-call-screen-question-fr');
  await shell.getByTestId('call-screen-no').click();
  await expect(marie.page.getByTestId('call-status')).toHaveText('Jeanne a préféré ne pas montrer son écran.');
  expect(await shell.evaluate(() => window.__screens.length)).toBe(0);

  // Then a yes: the helper sees the shell's own pixels.
  await shareScreen(shell, marie.page);
  await expect(shell.getByTestId('call-sharing-banner')).toHaveText('Marie voit votre écran');
  await expect(shell.locator('body')).toHaveAttribute('data-last-spoken', 'Marie voit votre écran. Pour arrêter, touchez Arrêter.');
  await expectBarClearOfControls(shell);
  await checkShellScreen(shell, 'shell-call-sharing-fr');
  await checkConsoleScreen(marie.page, 'console-call-screen-fr');
  // The person's screen fills the panel beside the page, never over the card's "C'est résolu".
  await expectUncovered(marie.page.getByTestId('help-card').getByTestId('resolve'));
  // The Help button's red, where it is on the shell, is red in the helper's picture.
  const helpBox = (await shell.getByTestId('help-button').boundingBox())!;
  const viewport = shell.viewportSize()!;
  // The button's red edge, left of its picture (not its white picture or word).
  const helpRegion = { x: (helpBox.x + helpBox.width * 0.07) / viewport.width, y: (helpBox.y + helpBox.height * 0.3) / viewport.height, w: (helpBox.width * 0.1) / viewport.width, h: (helpBox.height * 0.3) / viewport.height };
  await expect.poll(async () => (await pictureColour(marie.page, helpRegion))[0], { timeout: 10_000 }).toBeGreaterThan(120);
  const [, g, b] = await pictureColour(marie.page, helpRegion);
  expect(g).toBeLessThan(90);
  expect(b).toBeLessThan(90);
  // The shell changes screen: so does the picture.
  const middle = { x: 0.3, y: 0.45, w: 0.4, h: 0.3 };
  const before = await pictureColour(marie.page, middle);
  await shell.getByTestId('tile-lessons').click();
  await expect(shell.getByTestId('lesson-map')).toBeVisible();
  await expect
    .poll(async () => {
      const after = await pictureColour(marie.page, middle);
      return Math.abs(after[0] - before[0]) + Math.abs(after[1] - before[1]) + Math.abs(after[2] - before[2]);
    }, { timeout: 10_000 })
    .toBeGreaterThan(30);

  // Arrêter: the capture ends at once; the helper's picture ends too.
  await marie.page.evaluate(() => {
    window.__shown = (document.querySelector<HTMLVideoElement>('[data-testid="call-screen-video"]')!.srcObject as MediaStream).getVideoTracks()[0]!;
  });
  const since = await shell.evaluate(() => {
    const t = Date.now();
    document.querySelector<HTMLButtonElement>('[data-testid="call-screen-stop"]')!.click();
    return t;
  });
  const [shellMs, consoleMs] = await Promise.all([endedWithin(shell, since, 'screen'), endedWithin(marie.page, since, 'screen')]);
  expect(shellMs).toBeLessThan(1000);
  expect(consoleMs).toBeLessThan(1000);
  await expect(shell.getByTestId('call-sharing-banner')).toHaveCount(0);
  await expect(marie.page.getByTestId('call-screen-video')).toHaveCount(0);
  // The voice goes on.
  await expect(shell.getByTestId('call-bar')).toHaveAttribute('data-screen', 'none');
  await expect.poll(() => callJournal(stack, requestId).map((e) => e.action)).toEqual(['call_start', 'call_answer', 'screen_refuse', 'screen_consent', 'screen_stop']);
});

test('resolution during a shared screen ends the call: every track on both sides within 1 s', async ({ browser }) => {
  test.setTimeout(120_000);
  const marie = await openHelperConsole(browser, stack, 'Marie');
  const shell = await openShell(browser, stack);
  await askAndClaim(shell, marie.page);
  await callAndAnswer(shell, marie.page);
  await shareScreen(shell, marie.page);
  await marie.page.evaluate(() => {
    window.__shown = (document.querySelector<HTMLVideoElement>('[data-testid="call-screen-video"]')!.srcObject as MediaStream).getVideoTracks()[0]!;
  });
  const since = await marie.page.evaluate(() => {
    const t = Date.now();
    document.querySelector<HTMLButtonElement>('[data-testid="resolve"]')!.click();
    return t;
  });
  const [shellMs, consoleMs] = await Promise.all([endedWithin(shell, since, 'all'), endedWithin(marie.page, since, 'all')]);
  expect(shellMs).toBeLessThan(1000);
  expect(consoleMs).toBeLessThan(1000);
  await expect(shell.getByTestId('call-ended')).toBeVisible();
  await expect(marie.page.getByTestId('call-status')).toHaveText('La demande est close : l\'appel est terminé.');
});

test('a second helper cannot call, join, see or point: the hub refuses and the shell never hears of it', async ({ browser }) => {
  test.setTimeout(120_000);
  const marie = await openHelperConsole(browser, stack, 'Marie');
  const paul = await openHelperConsole(browser, stack, 'Paul', '1F468');
  const shell = await openShell(browser, stack);
  await askAndClaim(shell, marie.page);
  await callAndAnswer(shell, marie.page);
  // Paul's card has no call button: the request is Marie's.
  await expect(paul.page.getByTestId('help-card')).toHaveCount(1);
  await expect(paul.page.getByTestId('call-start')).toHaveCount(0);
  const requestId = (await paul.page.getByTestId('help-card').getAttribute('data-request-id'))!;
  // Paul speaks to the hub himself, from his signed-in console page, on his own feed.
  const answers = await paul.page.evaluate(async (id) => {
    const ws = new WebSocket(`ws://${location.host}/api/v1/console/feed`);
    const seen: { type: string; reason?: string; code?: string }[] = [];
    ws.onmessage = (m) => seen.push(JSON.parse(String(m.data)));
    await new Promise((r) => (ws.onopen = r));
    ws.send(JSON.stringify({ type: 'call.start', requestId: id }));
    ws.send(JSON.stringify({ type: 'screen.ask', callId: crypto.randomUUID() }));
    ws.send(JSON.stringify({ type: 'pointer', callId: crypto.randomUUID(), x: 0.5, y: 0.5 }));
    await new Promise((r) => setTimeout(r, 1500));
    ws.close();
    return seen.filter((m) => m.type.startsWith('call.'));
  }, requestId);
  expect(answers).toHaveLength(3);
  expect(answers).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ type: 'call.refused', reason: 'not_holder', holder: 'Marie' }),
      expect.objectContaining({ type: 'call.error', code: 'unknown_call' }),
    ]),
  );
  expect(answers.filter((a) => a.code === 'unknown_call')).toHaveLength(2);
  await expect(shell.getByTestId('call-screen-question')).toHaveCount(0);
  await expect(shell.getByTestId('call-ringing')).toHaveCount(0);
  await expect(shell.getByTestId('call-bar')).toHaveAttribute('data-connected', 'true');
});

