/**
 * Each person's path from the helper's side (issue 12), through the console's screens against the
 * real hub and shells: a helper chooses the path with buttons → the loaned machine's home shows that
 * lesson → the person completes it → the person's page shows it live; goals in words and in a voice
 * note, the suivi and the home's due list, the right-of-access page, withdrawal erasing the progress
 * on the hub, the language reaching the machine; a kiosk visitor registered, their card printed from
 * the console (the PDF rendered to PNG) and resumed on a kiosk. Screens in French and Arabic.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CardCode } from '../../app/protocol/accompaniment.ts';
import { createShell } from '../../main/shell.ts';
import { startWebHost } from '../../main/webhost/server.ts';
import { lendToJeanne } from './call-support.ts';
import { addHelper, launchOptionsWithFakeMicrophone, openConsole } from './help-support.ts';
import { completeLesson } from './support/lessons.ts';
import { checkConsoleScreen, screenshotsDir } from './support/screens.ts';
import { lessonsDir, rendererDir, startStack, type Stack } from './support/stack.ts';

test.use({ launchOptions: launchOptionsWithFakeMicrophone() });

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => stack.close());

const pathOrder = (page: Page) => page.getByTestId('path-entry').evaluateAll((entries) => entries.map((e) => e.getAttribute('data-lesson')));

async function inArabic(page: Page, shots: [string, string][]): Promise<void> {
  await page.evaluate(() => localStorage.setItem('passerelle.console.lang', 'ar'));
  for (const [hash, name] of shots) {
    await page.goto(`${stack.hub.url}/console/#/${hash}`);
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('main h1')).toBeVisible();
    await checkConsoleScreen(page, name);
  }
  await page.evaluate(() => localStorage.setItem('passerelle.console.lang', 'fr'));
}

async function openMachine(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' })).newPage();
  await page.goto(url);
  return page;
}

test('a path chosen in the console becomes the machine’s next lesson; the lesson done shows live; withdrawal erases it', async ({ browser }) => {
  // One helper's whole afternoon in one go (a lesson done on the machine, eight screens checked): no waiting, only steps.
  test.setTimeout(120_000);
  await lendToJeanne(stack);
  const marie = await addHelper(stack, 'Marie');
  const helper = await openConsole(browser, stack, marie);

  await helper.getByTestId('nav-people').click();
  const row = helper.locator('[data-testid="person-row"]', { hasText: 'Jeanne' });
  await expect(row).toHaveAttribute('data-kind', 'beneficiary');
  await checkConsoleScreen(helper, 'console-people-fr');
  await row.getByTestId('person-open').click();
  await expect(helper.getByTestId('person-name')).toHaveText('Jeanne');
  await expect(helper.getByTestId('consent-panel')).toHaveAttribute('data-state', 'unasked');

  // The path, with buttons: add two lessons, move the second up, add a suggestion, remove it.
  for (const lesson of ['clavier-lettres', 'souris-cliquer']) {
    await helper.getByTestId('path-add-select').selectOption(lesson);
    await helper.getByTestId('path-add').click();
    await expect(helper.locator(`[data-testid="path-entry"][data-lesson="${lesson}"]`)).toBeVisible();
  }
  await helper.locator('[data-testid="path-entry"][data-lesson="souris-cliquer"]').getByTestId('path-up').click();
  await expect.poll(() => pathOrder(helper)).toEqual(['souris-cliquer', 'clavier-lettres']);
  const suggestion = helper.getByTestId('suggestion').first();
  const suggested = (await suggestion.getAttribute('data-lesson'))!;
  await expect(suggestion).toHaveAttribute('data-reason', /^(practice_again|prerequisite_done|next_in_order)$/);
  await suggestion.getByTestId('suggestion-add').click();
  await expect.poll(() => pathOrder(helper)).toEqual(['souris-cliquer', 'clavier-lettres', suggested]);
  await helper.locator(`[data-testid="path-entry"][data-lesson="${suggested}"]`).getByTestId('path-remove').click();
  await expect.poll(() => pathOrder(helper)).toEqual(['souris-cliquer', 'clavier-lettres']);
  const jeanneId = (await helper.getByTestId('person-page').getAttribute('data-person'))!;
  const { associationId } = stack.hub.seed;
  expect((await stack.hub.store.accompaniment.getPath(associationId, jeanneId)).map((p) => p.lessonId)).toEqual(['souris-cliquer', 'clavier-lettres']);

  // Her goals: in her words, then said aloud (Chromium's fake microphone), played back here.
  await helper.getByTestId('goal-text').fill('écrire à ma petite-fille');
  await helper.getByTestId('goal-add').click();
  await expect(helper.getByTestId('goal')).toHaveCount(1);
  await helper.getByTestId('voice-record').click();
  await expect(helper.getByTestId('voice-stop')).toBeVisible();
  await helper.waitForTimeout(1200);
  await helper.getByTestId('voice-stop').click();
  await expect(helper.getByTestId('voice-preview')).toBeVisible();
  await helper.getByTestId('voice-keep').click();
  await expect(helper.getByTestId('goal-voice')).toHaveCount(1);
  const voice = await helper.evaluate(async (src) => (await fetch(src)).headers.get('content-type'), (await helper.getByTestId('goal-voice').getAttribute('src'))!);
  expect(voice).toMatch(/^audio\//);

  // A phone call today, the next one due today: the console's home lists it.
  await helper.getByTestId('followup-kind-phone').check();
  await helper.getByTestId('followup-minutes').fill('20');
  await helper.getByTestId('followup-done').fill('Nous avons regardé les photos envoyées par sa fille.');
  await helper.getByTestId('followup-next-step').fill('Lui montrer comment répondre');
  const today = await helper.getByTestId('followup-day').inputValue();
  await helper.getByTestId('followup-next-day').fill(today);
  await helper.getByTestId('followup-save').click();
  await expect(helper.getByTestId('followup-entry')).toHaveCount(1);
  await helper.getByTestId('person-note-text').fill('Préfère être appelée le matin.');
  await helper.getByTestId('person-note-add').click();
  await expect(helper.getByTestId('person-note')).toHaveCount(1);
  await checkConsoleScreen(helper, 'console-person-fr');

  // The machine: the progress question, yes; the home's next lesson is the path's first, chosen with Marie.
  const machine = await openMachine(browser, stack.webHost.url);
  await machine.getByTestId('progress-consent-yes').click();
  await expect(machine.getByTestId('next-lesson')).toHaveAttribute('data-lesson', 'souris-cliquer');
  await expect(machine.getByTestId('next-lesson-reason')).toHaveText('Choisie avec Marie');
  await expect(helper.getByTestId('consent-panel')).toHaveAttribute('data-state', 'granted');
  await machine.getByTestId('next-lesson-open').click();
  await completeLesson(machine);
  await stack.shell.syncIdle();
  // The person's page, left open, shows the lesson finished without a reload.
  await expect(helper.locator('[data-testid="attempt-row"][data-lesson="souris-cliquer"]')).toHaveAttribute('data-finished', 'true');
  await expect(helper.getByTestId('timeline-chart')).toBeVisible();
  await helper.getByTestId('progress-panel').scrollIntoViewIfNeeded();
  await checkConsoleScreen(helper, 'console-person-progress-fr');

  // The console's home: Jeanne is due today.
  await helper.getByTestId('nav-queue').click();
  await expect(helper.locator('[data-testid="due-entry"]', { hasText: 'Jeanne' })).toHaveAttribute('data-overdue', 'false');
  await checkConsoleScreen(helper, 'console-home-due-fr');

  // The right of access: everything held, printable.
  await helper.locator('[data-testid="due-entry"]', { hasText: 'Jeanne' }).getByRole('link').click();
  await helper.getByTestId('access-link').click();
  const report = helper.getByTestId('access-report');
  for (const held of ['écrire à ma petite-fille', 'Préfère être appelée le matin.', 'Lui montrer comment répondre', '06 12 34 56 78', 'Cliquer avec la souris']) await expect(report).toContainText(held);
  await checkConsoleScreen(helper, 'console-access-fr');
  await helper.emulateMedia({ media: 'print' });
  await helper.screenshot({ path: path.join(screenshotsDir, 'console-access-print-fr.png'), fullPage: true });
  await expect(helper.getByTestId('access-print')).toBeHidden();
  await helper.emulateMedia({ media: 'screen' });

  await inArabic(helper, [
    ['people', 'console-people-ar'],
    [`people/${jeanneId}`, 'console-person-ar'],
    [`people/${jeanneId}/access`, 'console-access-ar'],
    ['queue', 'console-home-due-ar'],
  ]);

  // Withdrawal from the console: asked once, then the hub holds none of her progress.
  await helper.goto(`${stack.hub.url}/console/#/people/${jeanneId}`);
  await helper.reload();
  await helper.getByTestId('consent-withdraw').click();
  await helper.getByTestId('consent-withdraw-yes').click();
  await expect(helper.getByTestId('consent-panel')).toHaveAttribute('data-state', 'withdrawn');
  await expect(helper.getByTestId('progress-empty')).toBeVisible();
  expect(await stack.hub.store.accompaniment.listAttempts(associationId, jeanneId)).toEqual([]);

  // Staff set her machine's language in the console: the machine switches.
  const staff = await openConsole(browser, stack, { email: stack.adminEmail, password: stack.adminPassword });
  await staff.goto(`${stack.hub.url}/console/#/people/${jeanneId}`);
  await staff.getByTestId('person-language').selectOption('ar');
  await expect(staff.getByTestId('person-language-done')).toBeVisible();
  await expect(machine.locator('html')).toHaveAttribute('dir', 'rtl');
  // A helper sees it but leaves it to staff.
  await helper.reload();
  await expect(helper.getByTestId('person-language-read')).toHaveText('Arabe');
});

test('a visitor registered in the console, their card printed, resumes on a kiosk; then forgotten', async ({ browser }) => {
  const { associationId } = stack.hub.seed;
  const lulu = await addHelper(stack, 'Lucie');
  const helper = await openConsole(browser, stack, lulu);
  await helper.getByTestId('nav-people').click();
  await helper.getByTestId('visitor-name').fill('Josiane');
  await helper.getByTestId('visitor-register').click();
  await expect(helper.getByTestId('visitor-registered')).toBeVisible();
  const row = helper.locator('[data-testid="person-row"]', { hasText: 'Josiane' });
  await expect(row).toHaveAttribute('data-kind', 'visitor');
  await row.getByTestId('person-open').click();
  await helper.getByTestId('path-add-select').selectOption('souris-glisser');
  await helper.getByTestId('path-add').click();
  await expect(helper.locator('[data-testid="path-entry"][data-lesson="souris-glisser"]')).toBeVisible();

  // The card: the code it carries is the one the hub issues (kept here, as the printed card would be).
  const visitors = stack.hub.store.visitors;
  const issue = visitors.issueCard.bind(visitors);
  let code: CardCode | null = null;
  visitors.issueCard = async (...args) => {
    const card = await issue(...args);
    code = card?.code ?? null;
    return card;
  };
  await helper.getByTestId('card-print').click();
  await expect(helper.getByTestId('card-ready')).toBeVisible();
  visitors.issueCard = issue;
  expect(code).not.toBeNull();
  await expect(helper.getByTestId('card-issued')).toContainText('Carte imprimée le');
  const download = helper.waitForEvent('download');
  await helper.getByTestId('card-download').click();
  const pdf = path.join(stack.dir, 'card.pdf');
  await (await download).saveAs(pdf);
  expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  execFileSync('pdftoppm', ['-png', '-r', '150', '-singlefile', pdf, path.join(screenshotsDir, 'console-visitor-card-pdf-fr')]);
  await checkConsoleScreen(helper, 'console-visitor-fr');

  // At a kiosk of the association: "J'ai une carte", the 4 pictures, and the path is there.
  const kioskMachine = await stack.hub.store.register.createMachine({ associationId, assetTag: 'BORNE-0009', mode: 'kiosk', cohort: 'kiosk-mediatheque' });
  const enrolment = await stack.hub.store.register.createEnrolmentCode(kioskMachine.id);
  const kioskShell = await createShell({ dataDir: path.join(stack.dir, 'kiosk'), hubUrl: stack.hub.url, lessonsDir, appVersion: '0.0.0-test', kiosk: { idlePolicy: { timeoutMs: 600_000, warningMs: 60_000 } } });
  const host = await startWebHost({ shell: kioskShell, rendererDir, lessonsDir });
  try {
    await kioskShell.enrol(enrolment.code);
    await kioskShell.handlers.setUsageConsent({ granted: true });
    const kiosk = await openMachine(browser, host.url);
    await kiosk.getByTestId('kiosk-card').click();
    for (const index of code!) await kiosk.locator('.card-picture').nth(index).click();
    await expect(kiosk.getByTestId('next-lesson')).toHaveAttribute('data-lesson', 'souris-glisser');
  } finally {
    await host.close();
    await kioskShell.close();
  }

  // Rename, then forget: asked once, and the visitor is gone from the hub.
  await helper.getByTestId('visitor-rename-input').fill('Jojo');
  await helper.getByTestId('visitor-rename').click();
  await expect(helper.getByTestId('person-name')).toHaveText('Jojo');
  await inArabic(helper, [[`people/${(await helper.getByTestId('person-page').getAttribute('data-person'))!}`, 'console-visitor-ar']]);
  await helper.reload();
  const visitorId = (await helper.getByTestId('person-page').getAttribute('data-person'))!;
  await helper.getByTestId('visitor-forget').click();
  await helper.getByTestId('visitor-forget-yes').click();
  await expect(helper.getByTestId('people-table')).toBeVisible();
  await expect(helper.locator(`[data-testid="person-row"][data-person="${visitorId}"]`)).toHaveCount(0);
  expect(await stack.hub.store.accompaniment.getPerson(associationId, visitorId)).toBeNull();
});
