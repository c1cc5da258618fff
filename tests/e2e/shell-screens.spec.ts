/**
 * Every shell screen in French and in Arabic (mirrored): a screenshot to look at, axe-core with
 * no violations, and every clickable target at least 64 × 64 CSS px.
 */
import { checkShellScreen } from './support/screens.ts';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { doStep } from './support/lessons.ts';
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

const check = (page: Page, name: string) => checkShellScreen(page, name);

for (const language of ['fr', 'ar'] as const) {
  test(`every shell screen passes axe and target sizes (${language})`, async ({ page }) => {
    await page.goto(`${stack.webHost.url}&lang=${language}`);
    await expect(page.getByTestId('tile-lessons')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
    await check(page, `shell-home-${language}`);
    // One help entry (the top bar's, the helper's picture); the credits are not on the person's path.
    await expect(page.locator('.picture-button--help')).toHaveCount(1);
    await expect(page.getByTestId('help-button').locator('img')).toHaveAttribute('src', /1F481/);
    await expect(page.getByTestId('credits-button')).toHaveCount(0);

    await page.getByTestId('tile-lessons').click();
    await expect(page.getByTestId('lesson-souris-cliquer')).toBeVisible();
    await check(page, `shell-lessons-${language}`);

    await page.getByTestId('lesson-souris-cliquer').click();
    await expect(page.locator('[data-step-kind]')).toBeVisible();
    await check(page, `shell-lesson-step-${language}`);

    await page.getByTestId('help-button').click();
    await expect(page.getByTestId('help-ask')).toBeVisible();
    await check(page, `shell-help-ask-${language}`);
    await page.getByTestId('help-no').click();

    await page.getByTestId('home-button').click();
    await page.getByTestId('language-button').click();
    await page.getByTestId('credits-button').click();
    await check(page, `shell-credits-${language}`);
  });
}

test('the click lesson runs start to finish with real mouse input, and remembers it is done', async ({ page }) => {
  await page.goto(stack.webHost.url);
  await page.getByTestId('tile-lessons').click();
  await page.getByTestId('lesson-souris-cliquer').click();
  const screen = page.locator('[data-step-kind]');
  const finished = page.getByTestId('lesson-finished');
  const steps: string[] = [];
  while ((await finished.count()) === 0 && steps.length < 10) {
    await expect(screen.or(finished)).toBeVisible();
    if (await finished.count()) break;
    const index = await screen.getAttribute('data-step-index');
    const kind = (await screen.getAttribute('data-step-kind'))!;
    steps.push(kind);
    if (kind === 'show') await page.getByTestId('lesson-continue').click();
    else if (kind === 'find') await doStep(page); // the left button, found on a picture of the mouse
    else {
      // A miss first (a click beside the target): kind words, a bigger target, never a failure.
      const stage = await page.getByTestId('lesson-stage').boundingBox();
      await page.mouse.click(stage!.x + 10, stage!.y + 10);
      await expect(page.locator('#lesson-title')).toHaveText('Presque ! Essayez encore.');
      await page.waitForTimeout(350);
      const target = await page.getByTestId('lesson-target').boundingBox();
      expect(target!.width).toBeGreaterThan(150); // drawn 150 px, grown after the miss
      await page.mouse.move(target!.x + target!.width / 2, target!.y + target!.height / 2, { steps: 8 });
      await page.mouse.down();
      await page.mouse.up();
    }
    await expect(screen.and(page.locator(`[data-step-index="${index}"]`))).toHaveCount(0);
  }
  expect(steps).toEqual(['show', 'find', 'click', 'click', 'click']);
  await expect(page.getByTestId('lesson-finished')).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'shell-lesson-finished-fr.png') });
  await page.getByTestId('lesson-done').click();
  await page.getByTestId('tile-lessons').click();
  await expect(page.getByTestId('lesson-souris-cliquer')).toContainText('Déjà faite');
});
