/**
 * Every lesson step kind, the hint rungs, the progress map and the end screen, in French and in
 * Arabic (mirrored): a screenshot to look at, axe-core with no violations, and every clickable
 * target at least 64 × 64 CSS px.
 */
import { checkShellScreen } from './support/screens.ts';
import { showLesson } from './support/lessons.ts';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { LessonManifest, shownPictures } from '../../app/lessons/model.ts';
import { doStep } from './support/lessons.ts';
import { startStack, type Stack } from './support/stack.ts';

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

/** One step of each kind (and each way a kind looks), by lesson and step index; the name of its screenshot. */
const STEP_OF_KIND = [
  ['show', 'souris-bouger', 0, 'show-goal'], // the lesson's first step shows its goal
  ['watch', 'souris-bouger', 1, 'watch'],
  ['point', 'souris-bouger', 2, 'point'],
  ['click', 'souris-cliquer', 2, 'click'],
  ['double-click', 'souris-double-clic', 2, 'double-click'],
  ['drag', 'souris-glisser', 2, 'drag'],
  ['scroll', 'souris-molette', 2, 'scroll'],
  ['type', 'clavier-lettres', 3, 'type-keyboard'],
  ['type', 'clavier-majuscules-accents', 2, 'type-capital'],
  ['type', 'clavier-prenom', 2, 'type-first-name'],
  ['key', 'clavier-espace-effacer', 3, 'key'],
  ['key', 'clavier-majuscules-accents', 1, 'key-hold'],
  ['choose', 'arnaque-faux-message', 3, 'choose'],
  ['find', 'internet-site', 2, 'find'],
  ['find', 'fenetres', 1, 'find-double-click'],
  ['find', 'arnaque-faux-message', 4, 'find-mirrored'],
  ['find', 'appel-video-passer', 2, 'find-call'],
] as const;

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack();
});
test.afterEach(async () => {
  await stack.close();
});

// Transitions (target growth, film frames) settle before measuring.
const check = (page: Page, name: string) => checkShellScreen(page, name, { settleMs: 450 });

async function openAt(page: Page, language: string, lessonId: string, stepIndex: number): Promise<void> {
  await stack.shell.handlers.saveLessonProgress({ lessonId, stepIndex, finished: false });
  await page.goto(`${stack.webHost.url}&lang=${language}`);
  await page.getByTestId('tile-lessons').click();
  await (await showLesson(page, lessonId)).click();
  await expect(page.locator(`[data-step-index="${stepIndex}"]`)).toBeVisible();
}

/**
 * lessons:check lets a sentence use a word only beside a picture that explains it, among the pictures
 * model.ts says a step shows: the step on screen shows every one of them.
 */
async function expectShownPictures(page: Page, lessonId: string, index: number): Promise<void> {
  const manifest = LessonManifest.parse(YAML.parse(fs.readFileSync(path.join('lessons', lessonId, 'lesson.yaml'), 'utf8')));
  const onScreen = await page.locator('.lesson-body img').evaluateAll((images) => images.map((i) => new URL((i as HTMLImageElement).src).pathname));
  for (const picture of shownPictures(manifest.steps[index]!)) {
    expect(onScreen.some((src) => src.endsWith(`/lessons/${lessonId}/${picture}`)), `${lessonId} step ${index + 1} shows ${picture}`).toBe(true);
  }
}

for (const language of ['fr', 'ar'] as const) {
  test(`every step kind, looked at and checked (${language})`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`${stack.webHost.url}&lang=${language}`);
    await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
    for (const [kind, lessonId, index, name] of STEP_OF_KIND) {
      await openAt(page, language, lessonId, index);
      await expect(page.locator('[data-step-kind]')).toHaveAttribute('data-step-kind', kind);
      if (kind === 'watch') await expect(page.getByTestId('lesson-continue')).toBeVisible();
      await check(page, `lesson-step-${name}-${language}`);
      await expectShownPictures(page, lessonId, index);
    }
  });

  test(`the hint rungs, the map and the end screen, looked at and checked (${language})`, async ({ page }) => {
    await page.clock.install();
    for (const [lessonId, index, name] of [
      ['souris-glisser', 2, 'drag'],
      ['internet-site', 2, 'find'],
      ['arnaque-faux-message', 3, 'choose'],
    ] as const) {
      await openAt(page, language, lessonId, index);
      const screen = page.locator('[data-step-kind]');
      await page.clock.runFor(31_000);
      await expect(screen).toHaveAttribute('data-hint-level', '2');
      await check(page, `lesson-hint-highlight-${name}-${language}`);
      await page.clock.runFor(15_000);
      await expect(page.getByTestId('hint-hand')).toBeVisible();
      await check(page, `lesson-hint-hand-${name}-${language}`);
      await page.clock.runFor(15_000);
      await expect(page.locator('body')).toHaveAttribute('data-help-offered', 'true');
      await check(page, `lesson-hint-help-${name}-${language}`);
    }
    // A miss, answered kindly, with the picture dimmed.
    await page.locator('[data-right="no"]').first().click();
    await check(page, `lesson-choose-miss-${language}`);

    await stack.shell.handlers.saveLessonProgress({ lessonId: 'souris-bouger', stepIndex: 6, finished: true });
    await stack.shell.handlers.saveLessonProgress({ lessonId: 'souris-cliquer', stepIndex: 3, finished: false });
    await page.goto(`${stack.webHost.url}&lang=${language}`);
    await page.getByTestId('tile-lessons').click();
    await expect(page.getByTestId('lesson-souris-bouger')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('lesson-souris-cliquer')).toHaveAttribute('data-state', 'started');
    await check(page, `lesson-map-${language}`);

    // The last step done with real input: the end screen says what was learnt, then the one "well done".
    await openAt(page, language, 'internet-site', 3);
    await doStep(page);
    await expect(page.getByTestId('lesson-finished')).toBeVisible();
    await expect(page.getByTestId('lesson-learnt')).toBeVisible();
    await check(page, `lesson-finished-${language}`);
  });
}
