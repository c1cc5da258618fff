/**
 * The first-start consent screen in a real Chromium against the real shell services: shown before
 * anything else, spoken, in French and in Arabic (mirrored), axe-core clean, big targets; the answer
 * is kept, and counting follows it.
 */
import { checkShellScreen } from './support/screens.ts';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from './support/stack.ts';

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack({ askUsageConsent: true });
});
test.afterEach(async () => {
  await stack.close();
});

const check = (page: Page, name: string) => checkShellScreen(page, name);

test('first start asks, in French, with pictures and voice; "D\'accord" starts counting and is remembered', async ({ page }) => {
  await page.goto(`${stack.webHost.url}&lang=fr`);
  await expect(page.getByTestId('consent')).toBeVisible();
  await expect(page.locator('.shell')).toHaveAttribute('data-screen', 'consent');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Pouvons-nous compter ?');
  await expect(page.locator('body')).toHaveAttribute('data-last-spoken', /Nous ne savons pas qui vous êtes/);
  await expect(page.locator('.consent-point img')).toHaveCount(5);
  await expect(page.getByTestId('help-button')).toBeVisible();
  await check(page, 'shell-consent-fr');

  await page.getByTestId('consent-yes').click();
  await expect(page.getByTestId('tile-lessons')).toBeVisible();
  expect(await stack.shell.handlers.getUsageConsent({})).toEqual({ asked: true, granted: true });
  await page.reload();
  await expect(page.getByTestId('tile-lessons')).toBeVisible();
  await expect(page.getByTestId('consent')).toHaveCount(0);
});

test('first start asks in Arabic, right to left; "no" is remembered and nothing is counted', async ({ page }) => {
  await page.goto(`${stack.webHost.url}&lang=ar`);
  await expect(page.getByTestId('consent')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('هل يمكننا أن نعدّ؟');
  await check(page, 'shell-consent-ar');

  await page.getByTestId('consent-no').click();
  await expect(page.getByTestId('tile-lessons')).toBeVisible();
  expect(await stack.shell.handlers.getUsageConsent({})).toEqual({ asked: true, granted: false });
  await page.getByTestId('help-button').click();
  await page.getByTestId('help-yes').click();
  await expect(page.locator('.shell')).toHaveAttribute('data-screen', /^help-(status|voice)$/); // the request is made
  await expect.poll(async () => (await stack.shell.handlers.getOpenHelpRequests({})).length).toBe(1);
  const db = (await import('better-sqlite3')).default(path.join(stack.dir, 'shell', 'shell.sqlite'), { readonly: true });
  try {
    expect(db.prepare('SELECT COUNT(*) AS n FROM usage_counts').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM usage_active_minutes').get()).toEqual({ n: 0 });
  } finally {
    db.close();
  }
});

test('on a home loan the person can stop counting at any time: collection stops and nothing pending is kept', async ({ page }) => {
  await page.goto(`${stack.webHost.url}&lang=fr`);
  await page.getByTestId('consent-yes').click();
  await expect(page.getByTestId('tile-lessons')).toBeVisible();
  // Something is counted while consent holds: a lesson started.
  await page.getByTestId('tile-lessons').click();
  await page.getByTestId('lesson-souris-cliquer').click();
  await expect(page.locator('[data-step-kind]')).toBeVisible();
  const db = (await import('better-sqlite3')).default;
  const countRows = () => {
    const shellDb = db(path.join(stack.dir, 'shell', 'shell.sqlite'), { readonly: true });
    try {
      const counts = (shellDb.prepare('SELECT COUNT(*) AS n FROM usage_counts').get() as { n: number }).n;
      const queued = (shellDb.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'usage.batch'").get() as { n: number }).n;
      return counts + queued;
    } finally {
      shellDb.close();
    }
  };
  await expect.poll(countRows).toBeGreaterThan(0);

  await page.getByTestId('home-button').click();
  // Off the person's home screen: a helper finds it on the language screen.
  await page.getByTestId('language-button').click();
  await page.getByTestId('credits-button').click();
  const setting = page.getByTestId('usage-setting');
  await expect(setting).toHaveAttribute('data-granted', 'true');
  await check(page, 'shell-credits-usage-fr');
  await page.getByTestId('usage-setting-toggle').click();
  await expect(setting).toHaveAttribute('data-granted', 'false');
  await expect(page.locator('body')).toHaveAttribute('data-last-spoken', 'Passerelle ne compte rien.');
  expect(await stack.shell.handlers.getUsageConsent({})).toEqual({ asked: true, granted: false });
  expect(countRows()).toBe(0);

  // And it stays stopped: another lesson counts nothing.
  await page.getByTestId('home-button').click();
  await page.getByTestId('tile-lessons').click();
  await page.getByTestId('lesson-souris-cliquer').click();
  await expect(page.locator('[data-step-kind]')).toBeVisible();
  expect(countRows()).toBe(0);
});
