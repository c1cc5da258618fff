/**
 * Every console screen, as an admin uses them on a small laptop (1366×768) and a tablet (768×1024):
 * a screenshot to look at, axe-core with no violations. Along the way the register is filled through
 * the screens: an account with its one-time password, a machine with its one-time enrolment code, a
 * beneficiary, a loan, the association's phone number.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from './support/stack.ts';

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.close();
});

async function check(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${stack.hub.url}/console/`);
  await page.getByTestId('login-email').fill(stack.adminEmail);
  await page.getByTestId('login-password').fill(stack.adminPassword);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');
}

test('every console screen, filled through the screens, passes axe (small laptop)', async ({ page }) => {
  test.setTimeout(150_000); // a long walk through every screen, on a shared CI machine
  await page.goto(`${stack.hub.url}/console/`);
  await expect(page.getByTestId('login-email')).toBeVisible();
  await check(page, 'console-login-fr');
  await page.getByTestId('login-email').fill(stack.adminEmail);
  await page.getByTestId('login-password').fill('pas le bon');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await check(page, 'console-login-error-fr');

  await signIn(page);
  await check(page, 'console-queue-empty-fr');

  // Settings: the association's phone number.
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('settings-phone').fill('01 23 45 67 89');
  await page.getByTestId('settings-save').click();
  await expect(page.getByTestId('settings-done')).toBeVisible();
  await check(page, 'console-settings-fr');

  // Accounts: a helper with a one-time password.
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId('account-first-name').fill('Marie');
  await page.getByTestId('account-email').fill('marie@asso.test');
  await page.getByTestId('account-create').click();
  await expect(page.getByTestId('temporary-password')).toBeVisible();
  await expect(page.locator('[data-testid="account-row"][data-email="marie@asso.test"]')).toBeVisible();
  await check(page, 'console-accounts-fr');
  const temporary = await page.getByTestId('temporary-password').getAttribute('data-value');
  expect(temporary).toMatch(/^[A-Za-z0-9_-]{12}$/);

  // Machines: a kiosk with its one-time code.
  await page.getByTestId('nav-machines').click();
  await page.getByTestId('machine-asset-tag').fill('PC-0042');
  await page.getByTestId('machine-mode-kiosk').check();
  await page.getByTestId('machine-cohort').fill('EHPAD Les Tilleuls');
  await page.getByTestId('machine-create').click();
  await expect(page.getByTestId('enrolment-code')).toHaveAttribute('data-value', /^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
  await expect(page.locator('[data-testid="machine-row"][data-asset-tag="PC-0042"]')).toBeVisible();
  await check(page, 'console-machines-fr');

  // A new code for the enrolled demo machine says its current enrolment stays valid until used.
  const demoRow = page.locator('[data-testid="machine-row"][data-asset-tag="DEMO-0001"]');
  await demoRow.getByTestId('new-code').click();
  await expect(page.getByTestId('previous-token-active')).toBeVisible();
  await check(page, 'console-machines-new-code-enrolled-fr');

  // "Retirer cet ordinateur": asked once in the page, then done.
  const spare = page.locator('[data-testid="machine-row"][data-asset-tag="PC-0042"]');
  await spare.getByTestId('retire').click();
  await expect(spare.getByTestId('retire-confirm')).toBeVisible();
  await check(page, 'console-machines-retire-confirm-fr');
  await spare.getByTestId('retire-yes').click();
  await expect(page.getByTestId('machines-done')).toBeVisible();
  await expect(spare).toContainText('Retiré le');
  await expect(spare.getByTestId('retire')).toHaveCount(0);
  await check(page, 'console-machines-retired-fr');

  // Beneficiaries and a loan.
  await page.getByTestId('nav-beneficiaries').click();
  await page.getByTestId('beneficiary-first-name').fill('Jeanne');
  await page.getByTestId('beneficiary-phone-input').fill('06 12 34 56 78');
  await page.getByTestId('beneficiary-save').click();
  await expect(page.getByTestId('beneficiary-row')).toHaveCount(1);
  await check(page, 'console-beneficiaries-fr');

  await page.getByTestId('nav-loans').click();
  await page.getByTestId('loan-beneficiary').selectOption({ label: 'Jeanne · 06 12 34 56 78' });
  await page.getByTestId('loan-machine').selectOption({ label: 'DEMO-0001 · À domicile' });
  await page.getByTestId('loan-create').click();
  await expect(page.getByTestId('loan-row')).toHaveCount(1);
  await check(page, 'console-loans-fr');

  // A help request from the (enrolled) demo machine, now on loan to Jeanne.
  await stack.shell.handlers.requestHelp({ context: { screen: 'lesson', lessonId: 'souris-cliquer', stepIndex: 1, stuckSeconds: 95, hintLevel: 2 } });
  await stack.shell.syncIdle();
  await page.getByTestId('nav-queue').click();
  const card = page.getByTestId('help-card');
  await expect(card).toHaveCount(1);
  await expect(card.getByTestId('beneficiary-phone')).toHaveText('06 12 34 56 78');
  await card.getByTestId('note-text').fill('Je la rappelle après le déjeuner.');
  await card.getByTestId('note-submit').click();
  await card.getByTestId('journal').locator('summary').click();
  await expect(card.getByTestId('journal-entry')).toHaveCount(3); // submit, seen, note
  await check(page, 'console-queue-card-fr');

  // Escalation: the request has waited longer than the association's delay (its arrival time is moved
  // back in the hub's file rather than waiting 10 minutes), the job runs, every console sees it at once.
  const db = new Database(path.join(stack.dir, 'hub', 'hub.sqlite'));
  db.prepare('UPDATE help_requests SET received_at = ?').run(new Date(Date.now() - 25 * 60_000).toISOString());
  db.close();
  expect(await stack.hub.jobs.escalate()).toBe(1);
  await expect(card).toHaveAttribute('data-escalated', 'true');
  await expect(card.getByTestId('escalated')).toBeVisible();
  await check(page, 'console-queue-escalated-fr');

  // Histories, per machine and per beneficiary.
  await card.getByRole('link', { name: 'DEMO-0001' }).click();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await check(page, 'console-history-machine-fr');
  await page.goBack();
  await page.getByTestId('help-card').getByRole('link', { name: /Jeanne/ }).click();
  await expect(page.getByTestId('history-row')).toHaveCount(1);
  await check(page, 'console-history-beneficiary-fr');

  await page.getByTestId('nav-profile').click();
  await check(page, 'console-profile-fr');

  // Marie's first sign-in with her one-time password: she can only choose her own password.
  const marie = await page.context().browser()!.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const marieTab = await marie.newPage();
  await marieTab.goto(`${stack.hub.url}/console/`);
  await marieTab.getByTestId('login-email').fill('marie@asso.test');
  await marieTab.getByTestId('login-password').fill(temporary!);
  await marieTab.getByTestId('login-submit').click();
  await expect(marieTab.getByTestId('choose-password')).toBeVisible();
  await check(marieTab, 'console-choose-password-fr');
  await marieTab.getByTestId('choose-password').fill('le mot de passe de Marie');
  await marieTab.getByTestId('choose-password-again').fill('le mot de passe de marie');
  await marieTab.getByTestId('choose-submit').click();
  await expect(marieTab.getByTestId('choose-error')).toBeVisible();
  await check(marieTab, 'console-choose-password-mismatch-fr');
  await marieTab.getByTestId('choose-password-again').fill('le mot de passe de Marie');
  await marieTab.getByTestId('choose-submit').click();
  await expect(marieTab.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');
  await marie.close();

  // English too.
  await page.getByRole('button', { name: 'Switch the console to English' }).click();
  await page.getByTestId('nav-queue').click();
  await expect(page.getByRole('heading', { name: 'Help requests' })).toBeVisible();
  await check(page, 'console-queue-card-en');

  // Arabic, reached with the same button (fr → en → ar), right to left, then back to French.
  await page.getByRole('button', { name: 'عرض الواجهة باللغة العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { name: 'طلبات المساعدة' })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
  await check(page, 'console-queue-card-ar');
  // The phone number reads left to right in Arabic too: its first group of digits is drawn left of its last.
  const digitsOrder = await page.getByTestId('beneficiary-phone').evaluate((a) => {
    const text = a.firstChild!;
    const x = (from: number) => {
      const r = document.createRange();
      r.setStart(text, from);
      r.setEnd(text, from + 2);
      return r.getBoundingClientRect().left;
    };
    return { first: x(0), last: x((text.textContent ?? '').length - 2) };
  });
  expect(digitsOrder.first).toBeLessThan(digitsOrder.last);
  await page.getByTestId('nav-machines').click();
  await expect(page.locator('[data-testid="machine-row"][data-asset-tag="PC-0042"]')).toBeVisible();
  await check(page, 'console-machines-ar');
  await page.getByTestId('nav-settings').click();
  await check(page, 'console-settings-ar');
  await page.getByRole('button', { name: 'Passer la console en français' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test('the queue and the register on a tablet (768×1024)', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 768, height: 1024 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await signIn(page);
  await check(page, 'console-queue-tablet-fr');
  await page.getByTestId('nav-machines').click();
  await expect(page.getByTestId('machines-table')).toBeVisible();
  await check(page, 'console-machines-tablet-fr');
  // Nothing wider than the screen but the tables' own scroll area.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
