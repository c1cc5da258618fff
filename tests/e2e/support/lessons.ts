/**
 * Drive a lesson in the real shell with real Playwright mouse and keyboard input, one step at a time,
 * the way a person would: move, press, hold and drag, turn the wheel, type on the keyboard.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { expect, type Locator, type Page } from '@playwright/test';

const KEYS: Record<string, string> = {
  enter: 'Enter',
  space: ' ',
  backspace: 'Backspace',
  shift: 'Shift',
  'arrow-up': 'ArrowUp',
  'arrow-down': 'ArrowDown',
  'arrow-left': 'ArrowLeft',
  'arrow-right': 'ArrowRight',
};

async function centre(page: Page, testId: string): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId(testId).boundingBox();
  if (!box) throw new Error(`${testId} is not on screen`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Do the current step with real input; returns its kind. */
export async function doStep(page: Page, options: { firstName?: string } = {}): Promise<string> {
  const screen = page.locator('[data-step-kind]');
  const kind = (await screen.getAttribute('data-step-kind'))!;
  switch (kind) {
    case 'show':
    case 'watch':
      await page.getByTestId('lesson-continue').click(); // a watch step shows it once the film has played
      break;
    case 'point': {
      const { x, y } = await centre(page, 'lesson-target');
      await page.mouse.move(x, y, { steps: 12 });
      break;
    }
    case 'click': {
      const { x, y } = await centre(page, 'lesson-target');
      await page.mouse.move(x, y, { steps: 6 });
      await page.mouse.down();
      await page.mouse.up();
      break;
    }
    case 'double-click': {
      const { x, y } = await centre(page, 'lesson-target');
      await page.mouse.move(x, y, { steps: 6 });
      await page.mouse.dblclick(x, y);
      break;
    }
    case 'drag': {
      const from = await centre(page, 'lesson-drag');
      const to = await centre(page, 'lesson-drop');
      await page.mouse.move(from.x, from.y, { steps: 4 });
      await page.mouse.down();
      await page.mouse.move(to.x, to.y, { steps: 20 });
      await page.mouse.up();
      break;
    }
    case 'scroll': {
      const { x, y } = await centre(page, 'lesson-scroll');
      const here = page.locator(`[data-step-index="${await screen.getAttribute('data-step-index')}"]`);
      await page.mouse.move(x, y);
      // Until this step is done (the next may be a scroll too, or the end screen).
      for (let turns = 0; turns < 40 && (await here.count()) > 0; turns++) {
        await page.mouse.wheel(0, 120);
        await page.waitForTimeout(60);
      }
      break;
    }
    case 'type': {
      const model = page.getByTestId('lesson-model');
      await expect(page.getByTestId('lesson-type')).toBeFocused();
      if (await model.count()) {
        const word = (await model.getAttribute('data-word'))!; // the model shows it as printed on the keys
        await page.keyboard.type(word, { delay: 30 });
      } else {
        await page.keyboard.type(options.firstName ?? 'Amina', { delay: 30 });
        await page.keyboard.press('Enter');
      }
      break;
    }
    case 'key': {
      const cap = page.getByTestId('lesson-key');
      const key = KEYS[(await cap.getAttribute('data-key'))!]!;
      if ((await cap.getAttribute('data-hold')) === 'yes') {
        await page.keyboard.down(key);
        await page.waitForTimeout(1000); // held, as the lesson asks
        await page.keyboard.up(key);
      } else await page.keyboard.press(key);
      break;
    }
    case 'choose':
      await page.locator('[data-right="yes"]').click();
      break;
    case 'find': {
      const scene = page.getByTestId('lesson-scene');
      const box = (await scene.locator('[data-right="yes"]').boundingBox())!;
      const x = box.x + box.width / 2;
      const y = box.y + box.height / 2;
      await page.mouse.move(x, y, { steps: 6 });
      if ((await scene.getAttribute('data-press')) === 'double-click') await page.mouse.dblclick(x, y);
      else {
        await page.mouse.down();
        await page.mouse.up();
      }
      break;
    }
    default:
      throw new Error(`no driver for step kind ${kind}`);
  }
  return kind;
}

/** Play the open lesson to its end screen; returns the kinds met, in order. */
export async function completeLesson(page: Page, options: { firstName?: string } = {}): Promise<string[]> {
  const screen = page.locator('[data-step-kind]');
  const finished = page.getByTestId('lesson-finished');
  const kinds: string[] = [];
  for (;;) {
    await expect(screen.or(finished)).toBeVisible();
    if (await finished.count()) return kinds;
    const index = await screen.getAttribute('data-step-index');
    kinds.push(await doStep(page, options));
    await expect(page.locator(`[data-step-index="${index}"]`)).toHaveCount(0, { timeout: 15_000 });
    if (kinds.length > 40) throw new Error('a lesson that does not end');
  }
}

/** Each lesson's family, from lessons/families.yaml (issue 12): the lessons screen shows one family at a time. */
const FAMILY_OF: Record<string, string> = Object.fromEntries(
  (YAML.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../lessons/families.yaml'), 'utf8')) as { families: { id: string; lessons: string[] }[] }).families.flatMap(
    (f) => f.lessons.map((id) => [id, f.id]),
  ),
);

/** On the lessons screen: shows the family holding `lessonId`, and gives the lesson's tile. */
export async function showLesson(page: Page, lessonId: string): Promise<Locator> {
  const family = FAMILY_OF[lessonId];
  if (family) await page.getByTestId(`family-${family}`).click();
  return page.getByTestId(`lesson-${lessonId}`);
}

export async function openLesson(page: Page, url: string, lessonId: string): Promise<void> {
  await page.goto(url);
  await page.getByTestId('tile-lessons').click();
  await (await showLesson(page, lessonId)).click();
  await expect(page.locator('[data-step-kind]')).toBeVisible();
}
