/**
 * The console queue (issue 11), in a real Chromium against the real hub and shell, at 1366×768: the
 * card says whom to call, at which number, in which language, the lesson's title and what the step
 * asks; views, search and filters; the count in the tab title; notifications offered on duty;
 * "C'est résolu" then how, with 10 s to undo; the resolved view. One stack for the whole file.
 */
import { expect, test } from '@playwright/test';
import { seedDemo } from '../../server/seed.ts';
import { checkConsoleScreen } from './support/screens.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
  await seedDemo(stack.hub.store, stack.hub.seed);
});
test.afterAll(async () => {
  await stack.close();
});

test('a complete card, the views, search and filters, resolve then say how, undo, and the resolved view', async ({ page }) => {
  await stack.shell.handlers.requestHelp({ context: { screen: 'lesson', lessonId: 'souris-bouger', stepIndex: 2, stuckSeconds: 40, hintLevel: 2, language: 'fr' } });
  await page.goto(`${stack.hub.url}/console/`);
  await page.getByTestId('login-email').fill(stack.adminEmail);
  await page.getByTestId('login-password').fill(stack.adminPassword);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');

  // The header holds in one row at 1366 px; the tab title counts what waits.
  const header = (await page.locator('.topbar').boundingBox())!;
  expect(header.height).toBeLessThan(80);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  await expect(page).toHaveTitle(/^\(1\) /);

  // Going on duty offers notifications; "Plus tard" puts the offer away.
  await page.getByTestId('duty-switch').click();
  await expect(page.getByTestId('notify-offer')).toBeVisible();

  const card = page.getByTestId('help-card');
  await expect(page.getByTestId('view-all')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('view-toTake').click();
  await expect(card.getByRole('heading', { name: 'Jeanne' })).toBeVisible();
  await expect(card.getByTestId('beneficiary-phone')).toHaveText('06 12 34 56 78');
  await expect(card.getByTestId('card-language')).toContainText('français');
  await expect(card.getByTestId('card-lesson')).toContainText('Bouger la souris');
  await expect(card.getByTestId('card-lesson')).toContainText('Étape 3 sur');
  await expect(card.getByTestId('card-step-says')).toContainText("Bougez la souris jusqu'à ce que la flèche touche l'étoile.");
  // The card uses the width: its three zones side by side.
  expect((await card.boundingBox())!.width).toBeGreaterThan(1100);
  await checkConsoleScreen(page, 'console-queue-card-fr');
  await page.getByTestId('notify-later').click();
  await expect(page.getByTestId('notify-offer')).toHaveCount(0);

  // Search and filters.
  await page.getByTestId('queue-search').fill('demo-0001');
  await expect(card).toHaveCount(1);
  await page.getByTestId('queue-search').fill('jeanne');
  await expect(card).toHaveCount(1);
  await page.getByTestId('queue-search').fill('paul');
  await expect(page.getByTestId('queue-no-match')).toBeVisible();
  await page.getByTestId('queue-search').fill('');
  await page.getByTestId('filter-language').selectOption('ar');
  await expect(card).toHaveCount(0);
  await page.getByTestId('filter-language').selectOption('any');
  await page.getByTestId('filter-mode').selectOption('kiosk');
  await expect(card).toHaveCount(0);
  await page.getByTestId('filter-mode').selectOption('home');
  await expect(card).toHaveCount(1);

  // Claimed: it leaves "À prendre" for "Les miennes", and the tab title no longer counts it.
  await card.getByTestId('claim').click();
  await expect(card).toHaveCount(0);
  await expect(page).not.toHaveTitle(/^\(/);
  await page.getByTestId('view-mine').click();
  await expect(card).toHaveCount(1);

  // "C'est résolu" resolves at once, then asks how; undo brings it back, claimed. Undo lasts 10 s:
  // nothing slow (a screen check, the shell's sync) runs inside that window.
  await card.getByTestId('resolve').click();
  const dialog = page.getByTestId('resolve-dialog');
  await expect(dialog).toBeVisible();
  await expect(card).toHaveCount(0);
  await dialog.getByTestId('undo').click();
  await expect(dialog).toHaveCount(0);
  await expect(card).toHaveCount(1);
  await expect(card).toHaveAttribute('data-state', 'claimed');
  await expect.poll(async () => (await stack.shell.handlers.getOpenHelpRequests({})).length).toBe(1);

  await card.getByTestId('resolve').click();
  await expect(dialog).toBeVisible();
  await checkConsoleScreen(page, 'console-resolve-dialog-fr');
  await dialog.getByTestId('outcome-phone').click();
  // The dialog holds its own undo bar until the hub has the outcome: then only the page's is left.
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('undo-bar')).toContainText('par téléphone');
  await expect.poll(async () => (await stack.shell.handlers.getOpenHelpRequests({})).length).toBe(0);
  await page.getByTestId('view-resolved').click();
  await expect(page.getByTestId('resolved-row')).toHaveCount(1);
  await expect(page.getByTestId('resolved-outcome')).toHaveText('Par téléphone');
  await checkConsoleScreen(page, 'console-resolved-fr');

  // Right to left, in Arabic: the same screens.
  await stack.shell.handlers.requestHelp({ context: { screen: 'home', language: 'ar' } });
  await page.evaluate(() => localStorage.setItem('passerelle.console.lang', 'ar'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  // The direction is set before the console has asked who is signed in: wait for its top bar.
  await expect(page.locator('.topbar')).toBeVisible();
  expect((await page.locator('.topbar').boundingBox())!.height).toBeLessThan(80);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  await page.getByTestId('view-all').click();
  await expect(card).toHaveCount(1);
  await checkConsoleScreen(page, 'console-queue-card-ar');
  await card.getByTestId('claim').click();
  await card.getByTestId('resolve').click();
  await expect(dialog).toBeVisible();
  await checkConsoleScreen(page, 'console-resolve-dialog-ar');
  await dialog.getByTestId('outcome-no_answer').click();
  await page.getByTestId('view-resolved').click();
  await expect(page.getByTestId('resolved-row')).toHaveCount(2);
  // Both resolutions' outcomes read in Arabic (the earlier one was given in French).
  await expect(page.getByTestId('resolved-outcome').filter({ hasText: 'لا ردّ' })).toHaveCount(1);
  await expect(page.getByTestId('resolved-outcome').filter({ hasText: 'بالهاتف' })).toHaveCount(1);
  await checkConsoleScreen(page, 'console-resolved-ar');
});
