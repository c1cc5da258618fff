/**
 * The recording studio in the console (issue 14), in a real Chromium whose microphone reads a
 * spoken sentence (espeak-ng's WAV, through Chromium's fake capture device): a helper records a
 * lesson's sentence with MediaRecorder, listens and sends it; a staff member approves it; the lesson
 * gets a new version, and the shell, fed by the hub, then plays that recording for the sentence.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumLaunchOptions } from './support/browser.ts';
import { startStack, type Stack } from './support/stack.ts';
import { addHelper, openConsole } from './help-support.ts';

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });
const voiceDir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-studio-voice-'));
const voice = path.join(voiceDir, 'voice.wav');
execFileSync('sh', ['-c', `espeak-ng -v fr --stdout "Appuyer une fois sur le bouton de la souris." | sox -t wav - -r 48000 -c 1 "${voice}" pad 0.3 0.3`]);

const base = chromiumLaunchOptions();
test.use({ launchOptions: { ...base, args: [...(base.args ?? []), '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${voice}`] } });

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.close();
  fs.rmSync(voiceDir, { recursive: true, force: true });
});

async function check(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.$$eval('button, a[href]:not(.skip), select', (elements) =>
    elements.filter((e) => e.getBoundingClientRect().height > 0 && e.getBoundingClientRect().height < 44).map((e) => e.outerHTML.slice(0, 80)),
  );
  expect(small).toEqual([]);
}

async function openLessonInStudio(page: Page): Promise<void> {
  await page.getByTestId('nav-studio').click();
  await page.getByTestId('studio-lesson').selectOption('souris-cliquer');
  await expect(page.getByTestId('studio-sentence-_goal')).toBeVisible();
}

test('a helper records a sentence, a second person approves it, and the shell then plays that voice', async ({ browser }) => {
  test.setTimeout(240_000);
  const nadia = await addHelper(stack, 'Nadia');
  const helper = await openConsole(browser, stack, nadia);
  await openLessonInStudio(helper);
  await check(helper, 'console-studio-fr');

  const goal = helper.getByTestId('studio-sentence-_goal');
  await goal.getByTestId('studio-record').click();
  await expect(goal.getByTestId('studio-stop')).toBeVisible();
  await helper.waitForTimeout(3000); // the sentence is read into the microphone
  await goal.getByTestId('studio-stop').click();
  await expect(goal.getByTestId('studio-send')).toBeVisible();
  await expect(goal.getByTestId('studio-record')).toHaveText('Recommencer');
  await check(helper, 'console-studio-recorded-fr');
  await goal.getByTestId('studio-send').click();
  const recording = goal.getByTestId('studio-recording');
  await expect(recording).toHaveAttribute('data-status', 'submitted');
  await expect(recording.getByTestId('studio-flag')).toHaveCount(0);
  // The one who recorded does not decide.
  await expect(recording.getByTestId('studio-approve')).toHaveCount(0);

  // The seeded admin approves.
  const admin = await openConsole(browser, stack, { email: stack.adminEmail, password: stack.adminPassword });
  await openLessonInStudio(admin);
  await check(admin, 'console-studio-to-approve-fr');
  await admin.getByTestId('studio-sentence-_goal').getByTestId('studio-approve').click();
  // Approving runs lessons:check on the new version before publishing it.
  await expect(admin.getByTestId('studio-status-done')).toContainText('la leçon passe en version', { timeout: 90_000 });
  await expect(admin.getByTestId('studio-sentence-_goal').getByTestId('studio-recording')).toHaveAttribute('data-status', 'approved');
  await expect(admin.getByTestId('studio-counts')).toContainText('1 en français');
  await check(admin, 'console-studio-approved-fr');

  // The hub pushes the new version; the shell installs it and says the goal with the recording.
  await expect
    .poll(async () => (await stack.shell.handlers.getLesson({ id: 'souris-cliquer', language: 'fr' })).goal.audio, { timeout: 30_000 })
    .toMatch(/recorded\/fr\/_goal\.ogg$/);
});
