/**
 * The animateur's way in, end to end: staff set the kiosk's PIN in the console (a real browser on
 * the hub), the hub pushes its hash to the machine, and on the kiosk's welcome screen the animateur
 * opens the staff menu with it: a wrong PIN is refused, then language, volume, end all sessions and
 * leave kiosk mode. Screenshots, axe-core and target sizes of the PIN pad and the menu in fr and ar.
 */
import { expect, test, type Page } from '@playwright/test';
import { checkScreen, KIOSK_ASSET_TAG, startKioskStack, type KioskStack } from './kiosk-support.ts';

const PIN = '2580';
let stack: KioskStack;

test.beforeAll(async () => {
  stack = await startKioskStack({ timeoutMs: 10 * 60_000, warningMs: 60_000 });
});
test.afterAll(async () => {
  await stack.close();
});

async function openStaffMenu(page: Page, language: 'fr' | 'ar' = 'fr'): Promise<void> {
  await page.goto(`${stack.webHost.url}&lang=${language}`);
  await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
  await page.getByTestId('kiosk-staff-open').click();
  await expect(page.getByTestId('kiosk-pin')).toBeVisible();
}

async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`kiosk-pin-${digit}`).click();
  await page.getByTestId('kiosk-pin-ok').click();
}

test.describe.serial('the animateur PIN and the staff menu', () => {
  test('without a PIN from the console, the pad says to ask the association', async ({ page }) => {
    await openStaffMenu(page);
    await typePin(page, PIN);
    await expect(page.getByTestId('kiosk-pin-message')).toHaveText(/Aucun code n'est réglé/);
    await page.getByTestId('kiosk-pin-cancel').click();
    await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
  });

  test('staff set the PIN in the console; the kiosk receives it', async ({ browser }) => {
    const email = 'samia@association.test';
    const password = 'un mot de passe solide';
    await stack.hub.store.accounts.createAccount({ associationId: stack.hub.seed.associationId, email, firstName: 'Samia', role: 'staff', password });
    const context = await browser.newContext();
    const consolePage = await context.newPage();
    await consolePage.goto(`${stack.hub.url}/console/`);
    await consolePage.getByTestId('login-email').fill(email);
    await consolePage.getByTestId('login-password').fill(password);
    await consolePage.getByTestId('login-submit').click();
    await consolePage.goto(`${stack.hub.url}/console/#/machines`);
    const row = consolePage.locator(`[data-testid="machine-row"][data-asset-tag="${KIOSK_ASSET_TAG}"]`);
    await expect(row.getByTestId('staff-pin-form')).toBeVisible();
    await row.getByTestId('staff-pin-input').fill('12');
    await row.getByTestId('staff-pin-save').click();
    // The browser's own check refuses it before it is sent.
    expect(await row.getByTestId('staff-pin-input').evaluate((input: HTMLInputElement) => input.validity.valid)).toBe(false);
    await row.getByTestId('staff-pin-input').fill(PIN);
    await row.getByTestId('staff-pin-save').click();
    await expect(row.getByTestId('staff-pin-done')).toBeVisible();
    await consolePage.screenshot({ path: 'test-results/screens/console-machines-kiosk-pin-fr.png' });
    await expect(row).toContainText('(réglé)');
    await context.close();
    await expect.poll(async () => (await stack.shell.handlers.getKioskState({})).staffPinSet, { timeout: 10_000 }).toBe(true);
  });

  test('a wrong PIN is refused with the tries left; the right one opens the menu', async ({ page }) => {
    await openStaffMenu(page);
    await typePin(page, '1111');
    await expect(page.getByTestId('kiosk-pin-message')).toHaveText("Ce n'est pas le bon code. Essais restants : 4.");
    await expect(page.getByTestId('kiosk-pin-dots')).toHaveAttribute('aria-label', 'Chiffres tapés : 0');
    await typePin(page, PIN);
    await expect(page.getByTestId('kiosk-staff-menu')).toBeVisible();
  });

  for (const language of ['fr', 'ar'] as const) {
    test(`the PIN pad and the staff menu pass axe and target sizes (${language})`, async ({ page }) => {
      await openStaffMenu(page, language);
      await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
      await page.getByTestId('kiosk-pin-2').click();
      await page.getByTestId('kiosk-pin-5').click();
      await checkScreen(page, `kiosk-pin-${language}`);
      await page.getByTestId('kiosk-pin-erase').click();
      await page.getByTestId('kiosk-pin-erase').click();
      await typePin(page, PIN);
      await expect(page.getByTestId('kiosk-staff-menu')).toBeVisible();
      await checkScreen(page, `kiosk-staff-menu-${language}`);
      // The credits (licence attribution) are here on a kiosk, off the visitors' path.
      await page.getByTestId('kiosk-credits').click();
      await expect(page.locator('#credits-title')).toBeVisible();
      await checkScreen(page, `kiosk-credits-${language}`);
      await page.getByTestId('kiosk-credits-close').click();
      await page.getByTestId('kiosk-staff-close').click();
      await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
    });
  }

  test('language, volume and ending all sessions from the menu', async ({ page }) => {
    await openStaffMenu(page);
    await typePin(page, PIN);
    await page.getByTestId('kiosk-language-ar').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    expect((await stack.shell.handlers.getShellInfo({})).language).toBe('ar');
    await page.getByTestId('kiosk-language-fr').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

    await page.getByTestId('kiosk-volume-up').click();
    // Whether this machine has PipeWire/PulseAudio or ALSA or neither, the level is kept and said.
    await expect(page.getByTestId('kiosk-staff-status')).toHaveText(/60 %/);
    expect((await stack.shell.handlers.getKioskState({})).volume).toBe(60);

    await page.getByTestId('kiosk-end-all').click();
    await expect(page.getByTestId('kiosk-staff-status')).toHaveText('Toutes les sessions sont terminées et effacées.');
  });

  test('"leave kiosk mode until next boot" shows the home screen; the menu needs the PIN again', async ({ page }) => {
    await openStaffMenu(page);
    await typePin(page, PIN);
    await page.getByTestId('kiosk-leave').click();
    await expect(page.getByTestId('tile-lessons')).toBeVisible();
    await expect(page.getByTestId('kiosk-finish')).toHaveCount(0);
    expect((await stack.shell.handlers.getKioskState({})).mode).toBe('home');
  });
});
