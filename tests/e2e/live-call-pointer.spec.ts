/**
 * The helper's pointer (issue 11): a click on the person's screen in the console puts a large ring on
 * the same pixel of the shell, at 1366×768 and 1920×1080, and in Arabic, whose mirrored layout moves
 * the Help button to the other side: the ring follows the pixel, it is never mirrored. Also the
 * Arabic screens of a call (ringing, question, banner, pointer), checked like every shell screen.
 */
import { expect, test, type Page } from '@playwright/test';
import { containedPicture } from '../../app/help/pointer.ts';
import { checkShellScreen, expectUncovered } from './support/screens.ts';
import { startStack, type Stack } from './support/stack.ts';
import { askAndClaim, checkConsoleScreen, expectBarClearOfControls, launchOptionsForCalls, lendToJeanne, openHelperConsole, openShell, shareScreen } from './call-support.ts';

test.use({ launchOptions: launchOptionsForCalls() });

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack();
  await lendToJeanne(stack);
});
test.afterEach(async () => {
  await stack.close();
});

/** Clicks, in the helper's picture, on the point showing the shell's pixel (x, y); returns the ring's centre on the shell. */
async function pointAt(helper: Page, shell: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const viewport = shell.viewportSize()!;
  const video = helper.getByTestId('call-screen-video');
  const box = (await video.boundingBox())!;
  const size = await video.evaluate((v: HTMLVideoElement) => ({ width: v.videoWidth, height: v.videoHeight }));
  const picture = containedPicture({ left: box.x, top: box.y, width: box.width, height: box.height }, size.width, size.height);
  const ring = shell.getByTestId('call-pointer');
  const before = (await ring.count()) > 0 ? await ring.getAttribute('data-x') : null;
  await helper.mouse.click(picture.left + (x / viewport.width) * picture.width, picture.top + (y / viewport.height) * picture.height);
  await expect(ring).toBeVisible();
  await expect.poll(() => ring.getAttribute('data-x')).not.toBe(before);
  const r = (await ring.boundingBox())!;
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

const cases = [
  { name: '1366×768 in French', viewport: { width: 1366, height: 768 }, lang: 'fr' as const },
  { name: '1920×1080 in French', viewport: { width: 1920, height: 1080 }, lang: 'fr' as const },
  { name: '1366×768 in Arabic', viewport: { width: 1366, height: 768 }, lang: 'ar' as const },
];

for (const c of cases) {
  test(`the ring lands within 10 px of the Help button's centre and of a lesson tile's, ${c.name}`, async ({ browser }) => {
    test.setTimeout(150_000);
    const marie = await openHelperConsole(browser, stack, 'Marie');
    const shell = await openShell(browser, stack, { viewport: c.viewport, lang: c.lang });
    await askAndClaim(shell, marie.page);
    await marie.page.getByTestId('call-start').click();
    await expect(shell.getByTestId('call-ringing')).toBeVisible();
    if (c.lang === 'ar') {
      await expect(shell.getByRole('heading', { name: 'Marie يتصل بك' })).toBeVisible();
      await checkShellScreen(shell, 'shell-call-ringing-ar');
    }
    await shell.getByTestId('call-answer').click();
    await expect(shell.getByTestId('call-bar')).toHaveAttribute('data-connected', 'true');
    await expectBarClearOfControls(shell);
    if (c.lang === 'ar') {
      await checkShellScreen(shell, 'shell-call-bar-ar');
      await marie.page.getByTestId('call-ask-screen').click();
      await expect(shell.getByTestId('call-screen-question')).toBeVisible();
      await checkShellScreen(shell, 'shell-call-screen-question-ar');
      await shell.getByTestId('call-screen-yes').click();
      await expect
        .poll(() => marie.page.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="call-screen-video"]')?.videoWidth ?? 0), { timeout: 15_000 })
        .toBeGreaterThan(0);
    } else await shareScreen(shell, marie.page);

    // The pointer overlay of a home loan (Electron: a transparent window over the shared display; here
    // its page at the display's size, in the shell's language): the same ring on the same pixel.
    if (c.lang === 'ar') await stack.shell.handlers.setLanguage({ language: 'ar' });
    const overlay = await (await browser.newContext({ viewport: c.viewport })).newPage();
    await overlay.goto(`${stack.webHost.url}&view=pointer-overlay`);
    await expect(overlay.locator('html')).toHaveAttribute('dir', c.lang === 'ar' ? 'rtl' : 'ltr');

    const help = (await shell.getByTestId('help-button').boundingBox())!;
    const target = { x: help.x + help.width / 2, y: help.y + help.height / 2 };
    // Arabic mirrors the layout: Help is on the left there, on the right in French.
    if (c.lang === 'ar') expect(target.x).toBeLessThan(c.viewport.width / 2);
    else expect(target.x).toBeGreaterThan(c.viewport.width / 2);
    const ring = await pointAt(marie.page, shell, target.x, target.y);
    const off = Math.hypot(ring.x - target.x, ring.y - target.y);
    console.log(`${c.name}: the ring's centre is ${off.toFixed(1)} px from the Help button's`);
    expect(off).toBeLessThanOrEqual(10);
    await expect(shell.locator('body')).toHaveAttribute('data-last-spoken', c.lang === 'ar' ? 'هنا' : 'Ici');
    await checkShellScreen(shell, `shell-call-pointer-${c.lang}-${c.viewport.width}`);
    await expect(overlay.getByTestId('overlay-pointer')).toBeVisible();
    const drawn = (await overlay.getByTestId('overlay-pointer').boundingBox())!;
    const offOverlay = Math.hypot(drawn.x + drawn.width / 2 - target.x, drawn.y + drawn.height / 2 - target.y);
    console.log(`${c.name}: the overlay's ring is ${offOverlay.toFixed(1)} px from the Help button's centre`);
    expect(offOverlay).toBeLessThanOrEqual(10);
    await checkShellScreen(overlay, `desktop-pointer-overlay-${c.lang}-${c.viewport.width}`);

    // A second place: the Apprendre tile on the home screen.
    const tile = (await shell.getByTestId('tile-lessons').boundingBox())!;
    const second = { x: tile.x + tile.width / 2, y: tile.y + tile.height / 2 };
    const ring2 = await pointAt(marie.page, shell, second.x, second.y);
    const off2 = Math.hypot(ring2.x - second.x, ring2.y - second.y);
    console.log(`${c.name}: the ring's centre is ${off2.toFixed(1)} px from the tile's`);
    expect(off2).toBeLessThanOrEqual(10);
    await expectBarClearOfControls(shell);
    if (c.lang === 'ar') {
      await checkShellScreen(shell, 'shell-call-sharing-ar');
      // The helper's console (French: the console speaks French and English) showing the Arabic shell.
      await checkConsoleScreen(marie.page, 'console-call-screen-shell-ar');
      // The console in Arabic (fr → en → ar): the screen panel on the other side, the card's
      // "C'est résolu" still beside it, never under it.
      const language = marie.page.locator('.topbar-actions button.link[lang]');
      await language.click();
      await expect(language).toHaveAttribute('lang', 'ar');
      await language.click();
      await expect(marie.page.locator('html')).toHaveAttribute('dir', 'rtl');
      await checkConsoleScreen(marie.page, 'console-call-screen-ar');
      await expectUncovered(marie.page.getByTestId('help-card').getByTestId('resolve'));
    }
  });
}
