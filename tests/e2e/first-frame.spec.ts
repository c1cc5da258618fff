/**
 * The shell's first frame does not wait for the bridge (issue 10): the host writes the machine's mode
 * and language into the page (app/bridge/first-frame.ts). Here the bridge's socket is held by the test
 * (it opens, nothing ever answers): a home loan still paints its top bar and home screen, in the
 * machine's language; a kiosk paints nothing of a loan's screens until the bridge answers.
 */
import { expect, test, type Page } from '@playwright/test';
import { startKioskStack, type KioskStack } from './kiosk-support.ts';
import { startStack, type Stack } from './support/stack.ts';

/** The page's bridge socket opens but never reaches the shell: no answer, no event. */
const holdBridge = (page: Page) => page.routeWebSocket(/\/bridge/, () => undefined);

let stack: Stack;
let kiosk: KioskStack;
test.beforeAll(async () => {
  [stack, kiosk] = await Promise.all([startStack(), startKioskStack({ timeoutMs: 10 * 60_000, warningMs: 60_000 })]);
});
test.afterAll(async () => {
  await Promise.all([stack?.close(), kiosk?.close()]);
});

test('a home loan paints its home screen and top bar before the bridge answers, in the machine’s language', async ({ page }) => {
  await holdBridge(page);
  await page.goto(stack.webHost.url);
  await expect(page.locator('.shell[data-screen="home"]')).toBeVisible();
  await expect(page.getByTestId('help-button')).toBeVisible();
  await expect(page.getByTestId('listen-button')).toBeVisible();

  await stack.shell.handlers.setLanguage({ language: 'ar' });
  try {
    await page.goto(stack.webHost.url);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByTestId('help-button')).toContainText('مساعدة');
  } finally {
    await stack.shell.handlers.setLanguage({ language: 'fr' });
  }
});

test('a kiosk shows nothing of a loan’s screens until the bridge answers, then its welcome screen', async ({ page, browser }) => {
  await holdBridge(page);
  await page.goto(kiosk.webHost.url);
  await expect(page.locator('html')).toHaveAttribute('data-mode', 'kiosk');
  await expect(page.locator('.shell[data-screen="loading"]')).toBeAttached();
  // Long enough for a first frame that did not wait (the home loan's above paints at once).
  await page.waitForTimeout(1000);
  await expect(page.getByTestId('help-button')).toHaveCount(0);
  await expect(page.locator('.shell[data-screen="home"]')).toHaveCount(0);

  const answered = await browser.newPage();
  try {
    await answered.goto(kiosk.webHost.url);
    await expect(answered.getByTestId('kiosk-start')).toBeVisible();
  } finally {
    await answered.close();
  }
});
