/**
 * The console's "Mises à jour" and "Leçons" pages with a real hub serving a signed release folder
 * (--updates) and a real enrolled shell: where the machines stand (the counts, the failed machine
 * with its reason in words), pausing the rollout (the feed then says so to the machines), a lesson
 * version published from a `tar czf` archive and a refused one with the rule that failed; in French
 * and in Arabic (right to left), each screen looked at, axe-core with no violations, every target of
 * the page at least 44 px, nothing wider than 1366 px.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UpdaterResult } from '../../app/protocol/updates.ts';
import { makeReleaseKey, publishRelease } from '../build/support/update-fixture.ts';
import { openConsole } from './help-support.ts';
import { screenshotsDir } from './support/screens.ts';
import { lessonsDir, startStack, type Stack } from './support/stack.ts';

const LESSON = 'souris-bouger';
const shipped = Number(/^version: (\d+)$/m.exec(fs.readFileSync(path.join(lessonsDir, LESSON, 'lesson.yaml'), 'utf8'))![1]);

let stack: Stack;
let work: string;

test.beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-updates-console-'));
  const updatesDir = path.join(work, 'release');
  fs.mkdirSync(updatesDir);
  const key = await makeReleaseKey(work, 'release');
  // The folder as the association copies it to the hub after `npm run release:sign` (the hub never reads the .deb).
  await publishRelease({ root: updatesDir, base: '', headers: new Map(), close: async () => {} }, '.', {
    version: '1.2.0',
    deb: Buffer.from('a package'),
    key,
    stagingPercentage: 50,
  });
  stack = await startStack({ hub: { updatesDir } });
  // Three more machines of the association, as their shells would have reported.
  const { store, seed } = stack.hub;
  const updater = (result: UpdaterResult['result'], reason: UpdaterResult['reason'], installed: string): UpdaterResult => ({
    result,
    reason,
    version: '1.2.0',
    installed,
    at: new Date(Date.now() - 3_600_000).toISOString(),
    message: '',
  });
  const machines: [string, string, UpdaterResult][] = [
    ['PC-0101', '1.2.0', updater('installed', 'installed', '1.2.0')],
    ['PC-0102', '1.1.0', updater('refused', 'sha512', '1.1.0')],
    ['PC-0103', '1.1.0', updater('waiting', 'staged', '1.1.0')],
  ];
  for (const [assetTag, appVersion, result] of machines) {
    const machine = await store.register.createMachine({ associationId: seed.associationId, assetTag, mode: 'home', cohort: 'home' });
    await store.updates.recordStatus(machine.id, {
      id: randomUUID(),
      appVersion,
      lessons: [{ id: LESSON, version: shipped, source: 'shipped' }],
      updater: result,
      lessonFeed: { index: 'unchanged', refused: [], at: new Date().toISOString() },
      at: new Date().toISOString(),
    });
  }
  await stack.shell.syncIdle();
});
test.afterAll(async () => {
  await stack.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Screenshot, axe, console targets ≥ 44 px inside the page, no sideways scrolling at 1366 px. */
async function check(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(200);
  fs.mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.$$eval('#main button, #main a[href], #main input', (elements) =>
    elements
      .map((e) => ({ label: (e.textContent ?? e.getAttribute('type') ?? '').trim(), box: e.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.height < 44)
      .map(({ label, box }) => `${label} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small, `${name}: targets under 44 px`).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
}

function lessonArchive(version: number, breakIt = false): string {
  const dir = path.join(work, `pack-${version}-${breakIt ? 'bad' : 'good'}`);
  fs.cpSync(path.join(lessonsDir, LESSON), path.join(dir, LESSON), { recursive: true });
  const yamlFile = path.join(dir, LESSON, 'lesson.yaml');
  fs.writeFileSync(yamlFile, fs.readFileSync(yamlFile, 'utf8').replace(/^version: \d+$/m, `version: ${version}`));
  // A picture the lesson shows is missing: lessons:check's rules refuse it.
  if (breakIt) fs.rmSync(path.join(dir, LESSON, 'pictures', 'ecran-fleche-2.svg'));
  const file = path.join(dir, `${LESSON}.tar.gz`);
  execFileSync('tar', ['czf', file, '-C', dir, LESSON]);
  return file;
}

const rolloutHeader = async () => (await fetch(`${stack.hub.url}/updates/latest-linux.yml`)).headers.get('passerelle-rollout');

async function inArabic(page: Page): Promise<void> {
  await page.evaluate(() => localStorage.setItem('passerelle.console.lang', 'ar'));
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
}

test('Mises à jour: the release, where the machines stand, a failure with its reason, pausing and resuming the rollout (fr, ar)', async ({ browser }) => {
  const page = await openConsole(browser, stack, { email: stack.adminEmail, password: stack.adminPassword });
  await page.getByTestId('nav-updates').click();
  await expect(page.getByTestId('release-version')).toHaveText('Passerelle 1.2.0');
  await expect(page.getByTestId('release-signed')).toHaveAttribute('data-signed', 'true');
  // The demo shell reported too (version 0.0.0-test, no updater result yet): 4 machines in all.
  await expect(page.getByTestId('update-row')).toHaveCount(4);
  await expect(page.getByTestId('count-current')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('count-waiting')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('count-problem')).toHaveAttribute('data-count', '1');
  const problem = page.getByTestId('problem');
  await expect(problem).toHaveAttribute('data-asset-tag', 'PC-0102');
  await expect(problem).toContainText('ne correspond pas à la version signée');
  await check(page, 'console-updates-fr');

  // Pausing: the feed's answers tell the machines' updaters to wait, until it is resumed.
  expect(await rolloutHeader()).toBeNull();
  await page.getByTestId('rollout-pause').click();
  await expect(page.getByTestId('rollout')).toHaveAttribute('data-paused', 'true');
  await expect(page.getByTestId('rollout-done')).toBeVisible();
  expect(await rolloutHeader()).toBe('paused');
  await check(page, 'console-updates-paused-fr');

  await inArabic(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('التحديثات');
  await page.getByTestId('rollout-resume').click();
  await expect(page.getByTestId('rollout')).toHaveAttribute('data-paused', 'false');
  expect(await rolloutHeader()).toBeNull();
  await check(page, 'console-updates-ar');
  await page.context().close();
});

test('Leçons: a version published from a tar czf archive, which machines run which version, a refused one with its rule (fr, ar)', async ({ browser }) => {
  const page = await openConsole(browser, stack, { email: stack.adminEmail, password: stack.adminPassword });
  await page.getByTestId('nav-lessons').click();
  const row = page.locator(`[data-testid="pack-row"][data-pack="${LESSON}"]`);
  await expect(row).toHaveAttribute('data-offered', String(shipped));
  await expect(row.locator(`[data-testid="pack-version"][data-version="${shipped}"]`)).toHaveAttribute('data-machines', '4');
  await page.getByTestId('pack-file').setInputFiles(lessonArchive(shipped + 1));
  await page.getByTestId('pack-publish').click();
  // The hub runs lessons:check's rules in a child process: seconds on a quiet machine, more under load.
  await expect(page.getByTestId('pack-done')).toContainText(`version ${shipped + 1}`, { timeout: 30_000 });
  await expect(row).toHaveAttribute('data-offered', String(shipped + 1));
  // The demo shell may already have installed the new version (it is pushed to it): 3 or 4 behind.
  await expect(row.getByTestId('pack-behind')).toHaveText(/^[34]$/);
  // Which machines run the version offered until now.
  const older = row.locator(`[data-testid="pack-version"][data-version="${shipped}"]`).getByTestId('version-machines');
  await older.locator('summary').click();
  await expect(older.locator('li')).toContainText(['PC-0101', 'PC-0102', 'PC-0103']);
  await check(page, 'console-lessons-published-fr');
  await page.getByTestId('pack-file').setInputFiles(lessonArchive(shipped + 2, true));
  await page.getByTestId('pack-publish').click();
  await expect(page.getByTestId('pack-error')).toContainText('ne respecte pas les règles', { timeout: 30_000 });
  await expect(page.getByTestId('pack-error-detail')).toContainText('ecran-fleche-2.svg');
  await expect(row).toHaveAttribute('data-offered', String(shipped + 1));
  await check(page, 'console-lessons-refused-fr');

  await inArabic(page);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('الدروس');
  await check(page, 'console-lessons-ar');
  await page.context().close();
});
