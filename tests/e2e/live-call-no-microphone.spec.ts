/**
 * Live help (issue 11) when a microphone is missing: the person's computer has none (this browser has
 * no fake devices at all, like a loaned PC without a microphone), or the helper's has none.
 */
import { chromium, expect, test } from '@playwright/test';
import { checkShellScreen } from './support/screens.ts';
import { startStack, type Stack } from './support/stack.ts';
import { askAndClaim, callJournal, checkConsoleScreen, launchOptionsForCalls, lendToJeanne, openHelperConsole, openShell } from './call-support.ts';

test.use({ launchOptions: { ...launchOptionsForCalls(), args: launchOptionsForCalls().args.filter((a) => a !== '--use-fake-device-for-media-stream') } });

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack();
  await lendToJeanne(stack);
});
test.afterEach(async () => {
  await stack.close();
});

test("the person's computer has none: the shell says so, the console says why and offers the phone number", async ({ browser }) => {
  test.setTimeout(120_000);
  // Marie's browser has one (fake device); the shell's has none.
  const helperBrowser = await chromium.launch(launchOptionsForCalls());
  try {
    const marie = await openHelperConsole(helperBrowser, stack, 'Marie');
    const shell = await openShell(browser, stack);
    const requestId = await askAndClaim(shell, marie.page);
    await marie.page.getByTestId('call-start').click();
    await shell.getByTestId('call-answer').click();
    const ended = shell.getByTestId('call-ended');
    await expect(ended).toHaveAttribute('data-reason', 'no_microphone');
    await expect(ended).toContainText("Il n'y a pas de micro. Marie va vous téléphoner.");
    await checkShellScreen(shell, 'shell-call-no-microphone-fr');
    await expect(marie.page.getByTestId('call-status')).toHaveText("L'ordinateur de Jeanne n'a pas de micro.");
    await expect(marie.page.getByTestId('call-phone')).toHaveText('06 12 34 56 78');
    await checkConsoleScreen(marie.page, 'console-call-no-microphone-fr');
    await expect.poll(() => callJournal(stack, requestId).at(-1)?.detail).toBe('0 s · no_microphone');
  } finally {
    await helperBrowser.close();
  }
});

test("the helper's own computer has none: the console says it plainly and offers the phone", async ({ browser }) => {
  test.setTimeout(90_000);
  const marie = await openHelperConsole(browser, stack, 'Marie');
  const shell = await openShell(browser, stack);
  await askAndClaim(shell, marie.page);
  await marie.page.getByTestId('call-start').click();
  await expect(marie.page.getByTestId('call-status')).toHaveText("Votre ordinateur n'a pas de micro : branchez-en un, ou téléphonez.");
  await expect(marie.page.getByTestId('call-phone')).toHaveText('06 12 34 56 78');
  await expect(shell.getByTestId('call-ringing')).toHaveCount(0);
});
