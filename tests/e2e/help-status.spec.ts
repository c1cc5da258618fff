/**
 * The help status tells the truth (issue 11), in a real Chromium against the real hub and shell:
 * the stages as the person sees them, the cancel question's safe answer first and green, and the way
 * back to a lesson, where a pointer already resting on the target does not do the step by itself.
 */
import { expect, test } from '@playwright/test';
import { startStack, type Stack } from './support/stack.ts';
import { openLesson } from './support/lessons.ts';

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack();
});
test.afterEach(async () => {
  await stack.close();
});

test('back from Help, a pointer already resting on the target does not do the point step; a real move does', async ({ page }) => {
  await openLesson(page, stack.webHost.url, 'souris-bouger');
  const screen = page.locator('[data-step-kind]');
  while ((await screen.getAttribute('data-step-kind')) !== 'point') {
    const index = await screen.getAttribute('data-step-index');
    await page.getByTestId('lesson-continue').click();
    await expect(page.locator(`[data-step-index="${index}"]`)).toHaveCount(0);
  }
  const step = await screen.getAttribute('data-step-index');
  const target = (await page.getByTestId('lesson-target').boundingBox())!;
  const centre = { x: target.x + target.width / 2, y: target.y + target.height / 2 };

  await page.getByTestId('help-button').click();
  await page.getByTestId('help-yes').click();
  const skipOrClose = page.getByTestId('voice-skip').or(page.getByTestId('help-close'));
  await expect(skipOrClose).toBeVisible();
  if (await page.getByTestId('voice-skip').count()) await page.getByTestId('voice-skip').click();
  // "Revenir" is a back arrow; the pointer waits where the target will be drawn again, and the
  // person goes back with the keyboard so that it stays there.
  await expect(page.getByTestId('help-close').locator('img')).toHaveAttribute('src', /2B05/);
  await page.mouse.move(centre.x, centre.y, { steps: 8 });
  await page.getByTestId('help-close').focus();
  await page.keyboard.press('Enter');

  await expect(screen).toHaveAttribute('data-step-index', step!);
  const box = (await page.getByTestId('lesson-target').boundingBox())!;
  expect(centre.x).toBeGreaterThan(box.x);
  expect(centre.x).toBeLessThan(box.x + box.width);
  expect(centre.y).toBeGreaterThan(box.y);
  expect(centre.y).toBeLessThan(box.y + box.height);
  // The browser tells the target that a pointer is over it without the person moving: the events
  // Chromium sends when what lies under a resting pointer changes (over, then a move of 0 px). The
  // step waits for the person.
  await page.mouse.move(centre.x, centre.y);
  await page.getByTestId('lesson-target').evaluate((el, at) => {
    const init = { bubbles: true, composed: true, pointerType: 'mouse', isPrimary: true, clientX: at.x, clientY: at.y, movementX: 0, movementY: 0 };
    el.dispatchEvent(new PointerEvent('pointerover', init));
    el.dispatchEvent(new PointerEvent('pointerenter', { ...init, bubbles: false }));
    el.dispatchEvent(new PointerEvent('pointermove', init));
  }, centre);
  await page.waitForTimeout(1000);
  await expect(screen).toHaveAttribute('data-step-index', step!);
  await expect(page.getByTestId('lesson-finished')).toHaveCount(0);

  await page.mouse.move(centre.x + 6, centre.y + 4, { steps: 3 });
  await expect(page.locator(`[data-step-index="${step}"]`)).toHaveCount(0);
});

test('the cancel question puts the safe answer first and green: keeping the request', async ({ page }) => {
  await page.goto(stack.webHost.url);
  await page.getByTestId('help-button').click();
  await page.getByTestId('help-yes').click();
  const skipOrClose = page.getByTestId('voice-skip').or(page.getByTestId('help-cancel'));
  await expect(skipOrClose).toBeVisible();
  if (await page.getByTestId('voice-skip').count()) await page.getByTestId('voice-skip').click();
  await page.getByTestId('help-cancel').click();
  const answers = page.getByTestId('help-cancel-ask').locator('button');
  await expect(answers).toHaveCount(2);
  await expect(answers.nth(0)).toHaveAttribute('data-testid', 'help-cancel-no');
  await expect(answers.nth(0)).toHaveClass(/picture-button--yes/);
  await expect(answers.nth(1)).toHaveAttribute('data-testid', 'help-cancel-yes');
  await expect(answers.nth(1)).toHaveClass(/picture-button--no/);
  await expect(page.locator('body')).toHaveAttribute('data-last-spoken', 'Voulez-vous annuler votre demande ?');
  // Keeping it goes back to the status, the request still open.
  await answers.nth(0).click();
  await expect(page.getByTestId('help-status')).toHaveAttribute('data-state', /new|seen/);
  expect(await stack.shell.handlers.getOpenHelpRequests({})).toHaveLength(1);
});
