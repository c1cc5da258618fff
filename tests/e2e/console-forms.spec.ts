/**
 * The console's shared form pieces in a real Chromium against a real hub, in French and in Arabic:
 * the new-password fields (first sign-in with a one-time password, and the profile page) and the
 * in-page "are you sure?" of what cannot be undone (here: retiring a machine), with the keyboard.
 * Screenshots, axe-core, targets ≥ 44 px (checkConsoleScreen).
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startHub, type StartedHub } from '../../server/hub.ts';
import { checkConsoleScreen } from './support/screens.ts';

let hub: StartedHub;
let dir: string;
const admin = { email: 'samia@asso.test', password: 'le mot de passe de Samia' };

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-forms-'));
  hub = await startHub({ port: 0, dataDir: dir });
  const associationId = hub.seed.associationId;
  await hub.store.accounts.createAccount({ associationId, email: admin.email, firstName: 'Samia', role: 'admin', password: admin.password });
  for (const [email, firstName] of [['nadia@asso.test', 'Nadia'], ['youssef@asso.test', 'Youssef']] as const) {
    await hub.store.accounts.createAccount({ associationId, email, firstName, role: 'accompagnant', password: `provisoire-${firstName}`, oneTime: true });
  }
  for (const assetTag of ['PC-0100', 'PC-0101']) {
    const m = await hub.store.register.createMachine({ associationId, assetTag, mode: 'home', cohort: 'home' });
    await hub.store.register.createEnrolmentCode(m.id, 60);
  }
});

test.afterAll(async () => {
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A console tab in `lang` (the language the console remembers), signed in. */
async function signedIn(browser: Browser, lang: 'fr' | 'ar', email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await context.addInitScript((l) => localStorage.setItem('passerelle.console.lang', l), lang);
  const page = await context.newPage();
  await page.goto(`${hub.url}/console/`);
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'ar' ? 'rtl' : 'ltr');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  return page;
}

test('choosing a password: rules ticked as they are met, show/hide, each problem puts the cursor in its field (fr, ar)', async ({ browser }) => {
  const page = await signedIn(browser, 'fr', 'nadia@asso.test', 'provisoire-Nadia');
  const password = page.getByTestId('choose-password');
  const again = page.getByTestId('choose-password-again');
  await expect(password).toBeVisible();
  await checkConsoleScreen(page, 'console-choose-password-fr');

  // Nothing typed: the first field is the one to fill.
  await page.getByTestId('choose-submit').click();
  await expect(page.getByTestId('choose-error')).toHaveText("Choisissez d'abord votre mot de passe.");
  await expect(password).toBeFocused();
  await expect(password).toHaveAttribute('aria-invalid', 'true');

  // Too short, then long enough: the length rule is ticked (and says so to a screen reader).
  await password.fill('court');
  await expect(page.getByTestId('choose-password-rule-length')).toHaveAttribute('data-met', 'false');
  await page.getByTestId('choose-submit').click();
  await expect(page.getByTestId('choose-error')).toContainText('au moins 10 caractères');
  await password.fill('le jardin de Nadia');
  await expect(page.getByTestId('choose-password-rule-length')).toHaveAttribute('data-met', 'true');
  await expect(page.getByTestId('choose-password-rule-length')).toContainText('(fait)');
  await expect(password).not.toHaveAttribute('aria-invalid', 'true');

  // Typed differently the second time: the cursor goes to the second field.
  await again.fill('le jardin de nadia');
  await expect(page.getByTestId('choose-password-rule-same')).toHaveAttribute('data-met', 'false');
  await page.getByTestId('choose-submit').click();
  await expect(page.getByTestId('choose-error')).toHaveText('Les deux mots de passe ne sont pas les mêmes.');
  await expect(again).toBeFocused();

  // Show what was typed (both fields), then hide it again; the change is said in a status line.
  const show = page.getByTestId('choose-password-show');
  await expect(show).toHaveText('Afficher le mot de passe');
  await show.click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(again).toHaveAttribute('type', 'text');
  await expect(show).toHaveText('Masquer le mot de passe');
  await expect(page.getByRole('status').filter({ hasText: "visible à l'écran" })).toHaveCount(1);
  await checkConsoleScreen(page, 'console-choose-password-shown-fr');
  await show.click();
  await expect(password).toHaveAttribute('type', 'password');

  await again.fill('le jardin de Nadia');
  await expect(page.getByTestId('choose-password-rule-same')).toHaveAttribute('data-met', 'true');
  await page.getByTestId('choose-submit').click();
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');
  await page.context().close();

  // The same screen in Arabic, right to left, never captured before.
  const ar = await signedIn(browser, 'ar', 'youssef@asso.test', 'provisoire-Youssef');
  await expect(ar.getByRole('heading', { name: 'اختر كلمة المرور الخاصة بك' })).toBeVisible();
  await checkConsoleScreen(ar, 'console-choose-password-ar');
  await ar.getByTestId('choose-password').fill('حديقة يوسف الجميلة');
  await ar.getByTestId('choose-password-again').fill('حديقة يوسف');
  await ar.getByTestId('choose-password-show').click();
  await ar.getByTestId('choose-submit').click();
  await expect(ar.getByTestId('choose-error')).toHaveText('كلمتا المرور غير متطابقتين.');
  await checkConsoleScreen(ar, 'console-choose-password-mismatch-ar');
  await ar.context().close();
});

test('the profile page: the first name, then one’s password with the same fields after the current password (fr, ar)', async ({ browser }) => {
  const page = await signedIn(browser, 'fr', admin.email, admin.password);
  await page.getByTestId('nav-profile').click();
  // The first name on the same page: left empty it is refused before anything is sent, then saved.
  await page.getByTestId('first-name-input').fill(' ');
  await page.getByTestId('first-name-save').click();
  await expect(page.getByTestId('first-name-error')).toBeVisible();
  await page.getByTestId('first-name-input').fill('Samia');
  await page.getByTestId('first-name-save').click();
  await expect(page.getByTestId('first-name-done')).toBeVisible();
  await expect(page.getByTestId('first-name-error')).toHaveCount(0);
  const current = page.getByTestId('profile-password-current');
  await expect(current).toBeVisible();
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('password-error')).toHaveText("Tapez d'abord votre mot de passe actuel.");
  await expect(current).toBeFocused();
  await current.fill('pas le bon mot de passe');
  await page.getByTestId('profile-password').fill('un nouveau mot de passe');
  await page.getByTestId('profile-password-again').fill('un nouveau mot de passe');
  await page.getByTestId('profile-password-show').click();
  await expect(current).toHaveAttribute('type', 'text');
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('password-error')).toBeVisible(); // the hub refuses the wrong current password
  await checkConsoleScreen(page, 'console-profile-password-fr');
  await current.fill(admin.password);
  await page.getByTestId('password-submit').click();
  await expect(page.getByTestId('password-done')).toBeVisible();
  await expect(current).toHaveValue('');
  admin.password = 'un nouveau mot de passe';
  await page.context().close();

  const ar = await signedIn(browser, 'ar', admin.email, admin.password);
  await ar.getByTestId('nav-profile').click();
  await ar.getByTestId('profile-password').fill('قصير');
  await ar.getByTestId('password-submit').click();
  await expect(ar.getByTestId('password-error')).toBeVisible();
  await checkConsoleScreen(ar, 'console-profile-password-ar');
  await ar.context().close();
});

test('retiring a machine asks once in the page: the cursor on the question, Escape and "No" cancel, a refusal keeps it open (fr, ar)', async ({ browser }) => {
  const page = await signedIn(browser, 'fr', admin.email, admin.password);
  await page.getByTestId('nav-machines').click();
  const row = page.locator('[data-testid="machine-row"][data-asset-tag="PC-0100"]');
  const retire = row.getByTestId('retire');

  // With the keyboard: the question opens, named after the button, and the cursor is on it.
  await retire.focus();
  await page.keyboard.press('Enter');
  const group = page.getByRole('group', { name: 'Retirer cet ordinateur PC-0100' });
  await expect(group).toBeVisible();
  await expect(row.getByTestId('retire-question')).toBeFocused();
  await expect(row.getByTestId('retire-question')).toContainText('Retirer PC-0100 ?');
  // Escape puts it away and the cursor back on the button.
  await page.keyboard.press('Escape');
  await expect(group).toHaveCount(0);
  await expect(retire).toBeFocused();

  // Opened again (with the mouse): "Annuler" does the same.
  await retire.click();
  await expect(row.getByTestId('retire-question')).toBeFocused();
  await checkConsoleScreen(page, 'console-confirm-retire-fr');
  await row.getByTestId('retire-no').click();
  await expect(row.getByTestId('retire-confirm')).toHaveCount(0);
  await expect(retire).toBeFocused();

  // The hub out of reach: the reason is said under the question, which stays open; then it works.
  await retire.click();
  await page.route('**/api/v1/console/machines/*/retire', (route) => route.abort('connectionrefused'));
  await row.getByTestId('retire-yes').click();
  await expect(row.getByTestId('retire-error')).toBeVisible();
  await expect(row.getByTestId('retire-confirm')).toBeVisible();
  await page.unroute('**/api/v1/console/machines/*/retire');
  await row.getByTestId('retire-yes').click();
  await expect(page.getByTestId('machines-done')).toContainText('PC-0100');
  await expect(retire).toHaveCount(0);
  await page.context().close();

  const ar = await signedIn(browser, 'ar', admin.email, admin.password);
  await ar.getByTestId('nav-machines').click();
  const arRow = ar.locator('[data-testid="machine-row"][data-asset-tag="PC-0101"]');
  await arRow.getByTestId('retire').click();
  await expect(arRow.getByTestId('retire-question')).toBeFocused();
  await checkConsoleScreen(ar, 'console-confirm-retire-ar');
  await ar.keyboard.press('Escape');
  await expect(arRow.getByTestId('retire')).toBeFocused();
  await ar.context().close();
});
