/**
 * Every screen of the help flow in French and in Arabic (mirrored): a screenshot to look at, axe-core
 * with no violations, every clickable target at least 64 × 64 CSS px, the Help button at least 96 × 96
 * in the same place, and nothing below the fold at 1366 × 768.
 */
import { checkShellScreen } from './support/screens.ts';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from './support/stack.ts';
import { adminApi, launchOptionsWithFakeMicrophone, portraitPng } from './help-support.ts';
import { openHelpRequests } from '../server/inspect.ts';

test.use({ launchOptions: launchOptionsWithFakeMicrophone() });

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack();
});
test.afterEach(async () => {
  await stack.close();
});

let helpButtonBox: { x: number; y: number; width: number; height: number } | null = null;

async function check(page: Page, name: string): Promise<void> {
  await checkShellScreen(page, name);
  const box = await page.getByTestId('help-button').boundingBox();
  expect(box!.width).toBeGreaterThanOrEqual(96);
  expect(box!.height).toBeGreaterThanOrEqual(96);
  helpButtonBox ??= box;
  expect(box).toEqual(helpButtonBox); // the same place on every screen
}

for (const language of ['fr', 'ar'] as const) {
  test(`every help screen passes axe, target sizes and fits the screen (${language})`, async ({ browser, page }) => {
    test.setTimeout(120_000);
    helpButtonBox = null;
    const api = await adminApi(stack);
    expect((await api('PUT', '/console/settings', { helpPhone: '01 23 45 67 89' })).status).toBe(200);
    const png = await portraitPng(browser, '1F469');
    const photo = `data:image/png;base64,${png.toString('base64')}`;
    const admin = await stack.hub.store.accounts.findAccountByEmail(stack.adminEmail);
    await stack.hub.store.accounts.setPhoto(admin!.id, photo);

    await page.goto(`${stack.webHost.url}&lang=${language}`);
    await expect(page.getByTestId('tile-lessons')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');

    await page.getByTestId('help-button').click();
    await check(page, `shell-help-ask-${language}`);
    await page.getByTestId('help-yes').click();
    await expect(page.getByTestId('help-voice')).toHaveAttribute('data-phase', 'offer');
    await check(page, `shell-help-voice-offer-${language}`);
    await page.getByTestId('voice-record').click();
    await expect(page.getByTestId('help-voice')).toHaveAttribute('data-phase', 'recording');
    await check(page, `shell-help-voice-recording-${language}`);
    await page.getByTestId('voice-stop').click();
    await expect(page.getByTestId('help-voice')).toHaveAttribute('data-phase', 'recorded');
    await check(page, `shell-help-voice-recorded-${language}`);
    await page.getByTestId('voice-send').click();

    const status = page.getByTestId('help-status');
    await expect(status).toHaveAttribute('data-delivered', 'true');
    await expect(page.getByTestId('help-phone')).toBeVisible(); // nobody on duty
    await check(page, `shell-help-nobody-on-duty-${language}`);

    await page.getByTestId('help-cancel').click();
    await expect(page.getByTestId('help-cancel-ask')).toBeVisible();
    await check(page, `shell-help-cancel-ask-${language}`);
    await page.getByTestId('help-cancel-no').click();

    const [request] = await openHelpRequests(stack.hub.store);
    expect((await api('POST', `/console/help-requests/${request!.id}/actions`, { action: 'claim' })).status).toBe(200);
    await expect(status).toHaveAttribute('data-state', 'claimed');
    await expect(page.getByTestId('helper-photo')).toBeVisible();
    await check(page, `shell-help-claimed-${language}`);

    expect((await api('POST', `/console/help-requests/${request!.id}/actions`, { action: 'resolve' })).status).toBe(200);
    await expect(status).toHaveAttribute('data-state', 'resolved');
    await check(page, `shell-help-resolved-${language}`);

    await stack.stopHub();
    await page.getByTestId('help-close').click();
    await page.getByTestId('help-button').click();
    await page.getByTestId('help-yes').click();
    await page.getByTestId('voice-skip').click();
    await expect(status).toHaveAttribute('data-delivered', 'false');
    await check(page, `shell-help-offline-${language}`);
  });
}
