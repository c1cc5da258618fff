/**
 * Help from anywhere on a home loan (issue 11): the small always-on-top window's page (Electron opens
 * it with `?view=help-button`; here the web host serves the same page) is one big Help button in the
 * shell's language; pressing it brings the shell's help question up. Screens checked like every shell
 * screen, in French and in Arabic.
 */
import { expect, test } from '@playwright/test';
import { chromiumLaunchOptions } from './support/browser.ts';
import { checkShellScreen } from './support/screens.ts';
import { startStack, type Stack } from './support/stack.ts';

test.use({ launchOptions: chromiumLaunchOptions() });

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack?.close();
});

test('the small Help button opens the help question in the shell, in French then in Arabic', async ({ browser }) => {
  const shell = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await shell.goto(stack.webHost.url);
  await expect(shell.getByTestId('tile-lessons')).toBeVisible();

  // The window's size in Electron (main/electron/help-windows.ts).
  const button = await (await browser.newContext({ viewport: { width: 136, height: 136 } })).newPage();
  await button.goto(`${stack.webHost.url}&view=help-button`);
  const help = button.getByTestId('desktop-help-button');
  await expect(help).toHaveText('Aide');
  await expect(button.getByTestId('tile-lessons')).toHaveCount(0); // only the button, not the shell
  await checkShellScreen(button, 'desktop-help-button-fr');
  const box = (await help.boundingBox())!;
  expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(96);

  await help.click();
  await expect(shell.locator('.shell')).toHaveAttribute('data-screen', 'help-ask');
  await expect(shell.getByTestId('help-yes')).toBeVisible();
  await shell.getByTestId('help-no').click();
  await expect(shell.locator('.shell')).toHaveAttribute('data-screen', 'home');

  // The person's language changes on the shell: the button follows.
  await stack.shell.handlers.setLanguage({ language: 'ar' });
  await expect(button.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(help).toHaveText('مساعدة');
  await checkShellScreen(button, 'desktop-help-button-ar');
  await help.click();
  await expect(shell.locator('.shell')).toHaveAttribute('data-screen', 'help-ask');
});
