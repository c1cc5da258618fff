/**
 * Enrolment from the shell's own screen: staff create a machine in the console and read its one-time
 * code there; a technician types it on a shell that is not enrolled. A reused or expired code is
 * refused with a picture, a sentence and a voice; a good one enrols the machine once.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createShell, type ShellServices } from '../../main/shell.ts';
import { startWebHost, type WebHost } from '../../main/webhost/server.ts';
import { startHub, type StartedHub } from '../../server/hub.ts';
import { firstSignIn } from '../server/first-sign-in.ts';
import { lessonsDir, rendererDir } from './support/stack.ts';

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

let dir: string;
let hub: StartedHub;
let adminPassword: string;
let shell: ShellServices;
let webHost: WebHost;

test.beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-enrol-'));
  hub = await startHub({ port: 0, dataDir: path.join(dir, 'hub') });
  if (!hub.seed.admin.created) throw new Error('fresh hub expected');
  adminPassword = (await firstSignIn(hub.url, hub.seed.admin.email, hub.seed.admin.oneTimePassword)).password;
  shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: hub.url, lessonsDir, appVersion: '0.0.0-test' });
  await shell.handlers.setUsageConsent({ granted: false });
  webHost = await startWebHost({ shell, rendererDir, lessonsDir });
});
test.afterEach(async () => {
  await webHost.close();
  await shell.close();
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function check(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.$$eval('button, a[href], input', (elements) =>
    elements.map((e) => e.getBoundingClientRect()).filter((b) => b.width > 0 && (b.width < 64 || b.height < 64)).length,
  );
  expect(small).toBe(0);
  expect(await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight)).toBeLessThanOrEqual(0);
}

/** Staff create the machine in the console and read its code off the screen. */
async function createMachineInConsole(page: Page, assetTag: string): Promise<string> {
  await page.goto(`${hub.url}/console/`);
  await page.getByTestId('login-email').fill(hub.seed.admin.email);
  await page.getByTestId('login-password').fill(adminPassword);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-machines').click();
  await page.getByTestId('machine-asset-tag').fill(assetTag);
  await page.getByTestId('machine-create').click();
  const code = await page.getByTestId('enrolment-code').getAttribute('data-value');
  expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{8}$/);
  return code!;
}

async function typeCode(page: Page, code: string): Promise<void> {
  await page.getByTestId('enrol-code').fill(code);
  await page.getByTestId('enrol-submit').click();
}

test('a code made in the console enrols the shell once; reused, expired, unknown and malformed codes are refused', async ({ browser, page }) => {
  const staff = await browser.newPage();
  const code = await createMachineInConsole(staff, 'PC-0042');

  await page.goto(webHost.url);
  await expect(page.getByTestId('enrol')).toBeVisible();
  await expect(page.locator('.shell')).toHaveAttribute('data-screen', 'enrol');
  await expect(page.locator('body')).toHaveAttribute('data-last-spoken', /code d'inscription/);
  await check(page, 'shell-enrol-fr');

  // Malformed: said at once, nothing sent.
  await typeCode(page, 'AB1');
  await expect(page.getByTestId('enrol')).toHaveAttribute('data-error', 'bad_format');
  await expect(page.locator('body')).toHaveAttribute('data-last-spoken', /8 lettres ou chiffres/);
  await check(page, 'shell-enrol-error-fr');

  // Unknown.
  await typeCode(page, 'ZZZZ-ZZZZ');
  await expect(page.getByTestId('enrol')).toHaveAttribute('data-error', 'unknown');

  // Expired: a code staff issued that has run out (the hub's own clock decides).
  const expiring = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag: 'PC-0043', mode: 'home', cohort: 'home' });
  const expired = await hub.store.register.createEnrolmentCode(expiring.id, -1);
  await typeCode(page, expired.code);
  await expect(page.getByTestId('enrol')).toHaveAttribute('data-error', 'expired');
  await expect(page.getByTestId('enrol-error')).toHaveText("Ce code a expiré. Demandez un nouveau code à l'association.");
  expect(shell.isEnrolled()).toBe(false);

  // The good code, typed in lower case with a dash: enrolled as PC-0042.
  await typeCode(page, `${code.slice(0, 4)}-${code.slice(4)}`.toLowerCase());
  await expect(page.getByTestId('enrol-done')).toBeVisible();
  await expect(page.getByTestId('enrol-asset-tag')).toHaveText('PC-0042');
  await check(page, 'shell-enrol-done-fr');
  expect(shell.isEnrolled()).toBe(true);
  await page.getByTestId('enrol-continue').click();
  await expect(page.getByTestId('tile-lessons')).toBeVisible();

  // The console shows it enrolled.
  await staff.reload();
  await expect(staff.locator('[data-testid="machine-row"][data-asset-tag="PC-0042"]')).toContainText('Inscrit');

  // Reused: a second, unenrolled shell typing the same code is refused.
  const otherShell = await createShell({ dataDir: path.join(dir, 'other'), hubUrl: hub.url, lessonsDir, appVersion: '0.0.0-test' });
  await otherShell.handlers.setUsageConsent({ granted: false });
  const otherHost = await startWebHost({ shell: otherShell, rendererDir, lessonsDir });
  try {
    const other = await browser.newPage();
    await other.goto(otherHost.url);
    await typeCode(other, code);
    await expect(other.getByTestId('enrol')).toHaveAttribute('data-error', 'used');
    await expect(other.getByTestId('enrol-error')).toHaveText("Ce code a déjà servi. Demandez un nouveau code à l'association.");
    expect(otherShell.isEnrolled()).toBe(false);
  } finally {
    await otherHost.close();
    await otherShell.close();
  }
});

test('the enrolment screen in Arabic, and the hub unreachable', async ({ page }) => {
  await page.goto(`${webHost.url}&lang=ar`);
  await expect(page.getByTestId('enrol')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await check(page, 'shell-enrol-ar');
  await hub.close();
  await typeCode(page, 'ABCD-EFGH');
  await expect(page.getByTestId('enrol')).toHaveAttribute('data-error', 'unreachable');
  await check(page, 'shell-enrol-error-ar');
  hub = await startHub({ port: 0, dataDir: path.join(dir, 'hub') }); // for afterEach
});
