/**
 * The operator's screen (issue 16) end to end, on a real hub: from the console's sign-in page to the
 * operator's area, a wrong password refused, the associations listed (names and sizes), one created
 * with its first admin whose one-time password is shown once, a taken email refused, the new admin
 * signing in to their own console with that password; screenshots, axe and 44 px targets in fr and ar.
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHub, type StartedHub } from '../../server/hub.ts';
import { checkConsoleScreen } from './support/screens.ts';

const OPERATOR = { email: 'ops@federation.test', password: 'the operator passphrase', firstName: 'Olga' };
let hub: StartedHub;
let dir: string;
test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-operator-e2e-'));
  hub = await startHub({ port: 0, dataDir: dir });
  await hub.store.operators.upsertOperator(OPERATOR);
});
test.afterAll(async () => {
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signInAsOperator(page: Page, password: string): Promise<void> {
  await page.getByTestId('operator-email').fill(OPERATOR.email);
  await page.getByTestId('operator-password').fill(password);
  await page.getByTestId('operator-submit').click();
}

test('the operator signs in, creates an association with its first admin (password shown once), and that admin signs in to their console (fr and ar)', async ({ page, browser }) => {
  await page.goto(`${hub.url}/console/`);
  await page.getByTestId('login-to-operator').click();
  await expect(page.getByTestId('operator-email')).toBeVisible();
  await checkConsoleScreen(page, 'operator-login-fr');

  await signInAsOperator(page, 'not the passphrase');
  await expect(page.getByTestId('operator-login-error')).toContainText('incorrect');
  await signInAsOperator(page, OPERATOR.password);
  await expect(page.getByTestId('operator-association')).toHaveCount(1);
  await expect(page.getByTestId('operator-who')).toHaveText(OPERATOR.email);

  await page.getByTestId('operator-new-name').fill('Les Amis du Quartier');
  await page.getByTestId('operator-new-first-name').fill('Karim');
  await page.getByTestId('operator-new-email').fill('karim@amis.test');
  await page.getByTestId('operator-create').click();
  const secret = page.getByTestId('operator-password-once');
  await expect(secret).toBeVisible();
  const password = (await secret.getAttribute('data-value')) as string;
  expect(password).toMatch(/^[A-Za-z0-9_-]{12}$/);
  await expect(page.getByTestId('operator-association')).toHaveCount(2);
  await expect(page.getByTestId('operator-associations')).toContainText('Les Amis du Quartier');
  await checkConsoleScreen(page, 'operator-created-fr');

  // The same email again: refused, in words, and nothing created.
  await page.getByTestId('operator-new-name').fill('Autre association');
  await page.getByTestId('operator-new-first-name').fill('Karim');
  await page.getByTestId('operator-new-email').fill('karim@amis.test');
  await page.getByTestId('operator-create').click();
  await expect(page.getByTestId('operator-create-error')).toContainText('existe déjà');
  await expect(page.getByTestId('operator-association')).toHaveCount(2);

  // Shown once: "Noted" hides it, and a reload does not bring it back.
  await page.getByTestId('operator-password-noted').click();
  await expect(secret).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId('operator-association')).toHaveCount(2);
  await expect(page.getByTestId('operator-password-once')).toHaveCount(0);

  // In Arabic (fr → en → ar): right to left, axe 0, 44 px targets.
  await page.getByRole('button', { name: 'Switch the console to English' }).click();
  await page.getByRole('button', { name: 'عرض الواجهة باللغة العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الجمعيات');
  await checkConsoleScreen(page, 'operator-associations-ar');
  await page.getByTestId('operator-logout').click();
  await expect(page.getByTestId('operator-email')).toBeVisible();
  await checkConsoleScreen(page, 'operator-login-ar');

  // The new admin, in a browser of their own, signs in to their association's console.
  const admin = await browser.newContext();
  const adminPage = await admin.newPage();
  await adminPage.goto(`${hub.url}/console/`);
  await adminPage.getByTestId('login-email').fill('karim@amis.test');
  await adminPage.getByTestId('login-password').fill(password);
  await adminPage.getByTestId('login-submit').click();
  // The password the operator passed on is one-time: the first sign-in only chooses a real one (issue 9, hole 6).
  await expect(adminPage.getByTestId('choose-password')).toBeVisible();
  await checkConsoleScreen(adminPage, 'console-choose-password-fr');
  await adminPage.getByTestId('choose-password').fill('un mot de passe choisi par Karim');
  await adminPage.getByTestId('choose-password-again').fill('un mot de passe choisi par Karim');
  await adminPage.getByTestId('choose-submit').click();
  await expect(adminPage.getByTestId('nav-accounts')).toBeVisible();
  await admin.close();
});
