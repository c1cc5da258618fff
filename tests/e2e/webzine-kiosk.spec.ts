/**
 * The webzine on a shared kiosk (issue 17): a visitor's "Mes histoires" lists only their visit's stories,
 * says that a person of the association can take out a story from another day, and one touch asks for
 * that person; the next visitor sees nothing of the previous one's story. Screens in fr and ar.
 */
import { expect, test } from '@playwright/test';
import { firstSignIn } from '../server/first-sign-in.ts';
import { wav } from '../server/webzine-support.ts';
import { checkScreen, startKioskStack, type KioskStack } from './kiosk-support.ts';

let stack: KioskStack;
test.beforeAll(async () => {
  stack = await startKioskStack({ timeoutMs: 10 * 60_000, warningMs: 60_000 });
  // The kiosk's place gets the "Raconter" tile (issue 13's tile model).
  // The seeded admin's password is one-time: the first sign-in chooses a real one (issue 9, hole 6).
  const { cookie, csrfToken } = await firstSignIn(stack.hub.url, stack.hub.seed.admin.email, (stack.hub.seed.admin as { oneTimePassword: string }).oneTimePassword);
  const tiles = [
    { kind: 'lessons', id: 'lessons', picture: 'books' },
    { kind: 'story', id: 'story', picture: 'microphone' },
  ];
  const put = await fetch(`${stack.hub.url}/api/v1/console/tiles/places/kiosk-mediatheque`, {
    method: 'PUT',
    headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ tiles }),
  });
  expect(put.status).toBe(200);
});
test.afterAll(async () => {
  await stack.close();
});

test('a kiosk visitor sees and withdraws only their visit’s stories, and is told a person can take out one from another day (fr and ar)', async ({ page }) => {
  for (const language of ['fr', 'ar'] as const) {
    await page.goto(`${stack.webHost.url}&lang=${language}`);
    await page.getByTestId('kiosk-start').click();
    await page.getByTestId('tile-story').click();
    // A story told during this visit (through the bridge, as "Envoyer au journal" does).
    const sent = await stack.shell.handlers.sendStory({ language, credit: 'anonymous', photoShowsOthers: false, audio: wav(2).toString('base64') });
    expect(sent.queued).toBe(true);
    await page.getByTestId('tell-mine').click();
    await expect(page.getByTestId('mine-story')).toHaveCount(1);
    await expect(page.getByTestId('mine-other-visit')).toBeVisible();
    await expect(page.getByTestId('help-button')).toBeVisible();
    await checkScreen(page, `shell-webzine-kiosk-mine-${language}`);
    await page.getByTestId('kiosk-finish').click();
    await expect(page.getByTestId('kiosk-welcome')).toBeVisible();

    // The next visitor: nothing of the previous story; one touch asks for a person.
    await page.getByTestId('kiosk-start').click();
    await page.getByTestId('tile-story').click();
    await page.getByTestId('tell-mine').click();
    await expect(page.getByTestId('mine')).toBeVisible();
    await expect(page.getByTestId('mine-story')).toHaveCount(0);
    await page.getByTestId('mine-ask-person').click();
    await expect(page.getByTestId('help-yes')).toBeVisible();
    await page.getByTestId('kiosk-finish').click();
    await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
  }
});
