/**
 * The staff dashboards in a real Chromium against a real hub fed through its real ingest API:
 * fleet with verdict badges and the "to repair" / "silent" lists, one machine's history charts,
 * the evaluation page with small numbers withheld, and the CSV export. Screenshots in French,
 * axe-core with no violations.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startHub, type StartedHub } from '../../server/hub.ts';
import { addDays } from '../../app/usage/aggregate.ts';
import { healthReport, usageBatch } from '../server/reports-support.ts';

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

let hub: StartedHub;
let dir: string;
const staff = { email: 'samia@asso.test', password: 'un mot de passe solide' };
const ids: Record<string, string> = {};

async function machine(assetTag: string, cohort: string): Promise<string> {
  const m = await hub.store.register.createMachine({ associationId: hub.seed.associationId, assetTag, mode: cohort === 'home' ? 'home' : 'kiosk', cohort });
  ids[assetTag] = m.id;
  const { code } = await hub.store.register.createEnrolmentCode(m.id, 60);
  const res = await fetch(`${hub.url}/api/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  return ((await res.json()) as { token: string }).token;
}

async function send(token: string, kind: 'health' | 'usage', body: unknown): Promise<void> {
  const res = await fetch(`${hub.url}/api/v1/reports/${kind}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`${kind}: ${res.status} ${await res.text()}`);
}

test.beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-dash-'));
  hub = await startHub({ port: 0, dataDir: dir });
  await hub.store.accounts.createAccount({ associationId: hub.seed.associationId, email: staff.email, firstName: 'Samia', role: 'staff', password: staff.password });
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
  const today = new Date().toISOString().slice(0, 10);

  // PC-0001: a disk failing (real capture), a battery wearing out over two months.
  const failing = await machine('PC-0001', 'home');
  for (let n = 60; n >= 0; n -= 6) {
    await send(failing, 'health', {
      id: randomUUID(),
      report: healthReport({ assetTag: 'PC-0001', takenAt: daysAgo(n), disk: n < 20 ? 'smart-fail2' : 'smart-ata', batteryFull: 46_000_000 - (60 - n) * 300_000, rootFreeGb: 40 - (60 - n) / 3, tempC: 50 + ((60 - n) % 13) }),
    });
  }
  // PC-0002: healthy NVMe. PC-0003: enrolled, silent for a while, never reported.
  await send(await machine('PC-0002', 'home'), 'health', { id: randomUUID(), report: healthReport({ assetTag: 'PC-0002', disk: 'smart-nvme' }) });
  await machine('PC-0003', 'home');
  // PC-0003 was last heard from 20 days ago (set in the hub's file, as if the machine had gone quiet).
  const hubDb = new Database(path.join(dir, 'hub.sqlite'));
  hubDb.prepare('UPDATE machines SET last_seen = ? WHERE asset_tag = ?').run(daysAgo(20).toISOString(), 'PC-0003');
  hubDb.close();

  // Usage: 6 home machines over three weeks; a kiosk site with 2 machines (always withheld).
  const homeTokens = [failing, ...(await Promise.all([4, 5, 6, 7, 8].map((i) => machine(`PC-000${i}`, 'home'))))];
  for (let week = 3; week >= 1; week--) {
    const day = addDays(today, -7 * week);
    for (const [i, token] of homeTokens.entries()) {
      if (week === 1 && i >= 4) continue; // last week only 4 machines: withheld
      await send(token, 'usage', usageBatch(day, [
        { metric: 'lesson.started', label: 'souris-cliquer', value: 1 + (i % 2) },
        { metric: 'lesson.completed', label: 'souris-cliquer', value: 1 },
        { metric: 'help.requested', label: '', value: 1 + ((i + week) % 3) },
      ]));
    }
  }
  for (const i of [1, 2]) await send(await machine(`BORNE-${i}`, 'Hôpital Nord'), 'usage', usageBatch(addDays(today, -8), [{ metric: 'lesson.started', label: 'souris-cliquer', value: 3 }], 'Hôpital Nord'));
});

test.afterAll(async () => {
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function signIn(page: Page): Promise<void> {
  await page.goto(`${hub.url}/console/`);
  await page.getByTestId('login-email').fill(staff.email);
  await page.getByTestId('login-password').fill(staff.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('nav-parc')).toBeVisible();
}

async function check(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('fleet: verdict badges, the machines to repair and the silent ones, then one machine’s history charts', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('nav-parc').click();
  const table = page.getByTestId('fleet-table');
  await expect(table).toBeVisible();
  await expect(table.locator('tr[data-asset-tag="PC-0001"] .verdict').first()).toHaveText(/À remplacer/);
  await expect(table.locator('tr[data-asset-tag="PC-0002"] .verdict').first()).toHaveText(/Bon état/);
  await expect(page.getByTestId('to-repair')).toContainText('PC-0001');
  await expect(page.getByTestId('to-repair')).toContainText(/Disque \/dev\/sd\w — Le disque déclare que son autotest de santé SMART a ÉCHOUÉ/);
  await expect(page.getByTestId('to-repair')).not.toContainText('PC-0002');
  await expect(page.getByTestId('silent')).toContainText('PC-0003');
  await expect(page.getByTestId('silent')).toContainText('il y a 20 jours');
  await expect(table.locator('tr[data-asset-tag="PC-0001"] .parts .verdict-replace')).toContainText('Disque');
  await check(page, 'console-fleet-fr');

  await page.getByTestId('silent-days').fill('30');
  await expect(page.getByTestId('silent')).toContainText('Silencieux depuis plus de 30 jours');
  await expect(page.getByTestId('silent')).toContainText('Aucun ordinateur silencieux.');

  await page.getByRole('link', { name: 'Historique de PC-0001' }).first().click();
  await expect(page.getByTestId('history-page')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('PC-0001 : historique');
  for (const chart of ['chart-battery', 'chart-disk', 'chart-temperature']) await expect(page.getByTestId(chart)).toBeVisible();
  // The canvas really drew something (not a blank box).
  const inked = await page.getByTestId('chart-battery').evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) n++;
    return n;
  });
  expect(inked).toBeGreaterThan(1000);
  await check(page, 'console-machine-history-fr');
});

test('evaluation: weekly figures per cohort, small numbers withheld, CSV for funders', async ({ page }) => {
  await signIn(page);
  await page.getByTestId('nav-evaluation').click();
  const weeks = page.getByTestId('weeks-table');
  await expect(weeks).toBeVisible();
  await expect(page.getByTestId('k-note')).toContainText('moins de 5 ordinateurs');
  // All cohorts: 6 machines in the first two weeks; in the last, 4 home machines one day and 2 kiosks
  // another: both below 5, so the whole week is withheld, and none of it enters any total.
  const rows = weeks.locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0).locator('td')).toHaveText(['6', '9', '6', /\d+/]);
  await expect(rows.nth(2).locator('td')).toHaveText(['—', '—', '—', '—']);
  await expect(page.getByTestId('lessons-table').locator('tbody tr').first().locator('td')).toHaveText(['18', '12']);
  // Lessons finished per month (issue 12): the same 12, the last week's 4 machines left out.
  const months = page.getByTestId('months-table');
  await expect(months.locator('tbody tr').first()).toBeVisible();
  const monthly = (await months.locator('tbody td').allTextContents()).map(Number).filter((n) => !Number.isNaN(n));
  expect(monthly.reduce((a, b) => a + b, 0)).toBe(12);
  await check(page, 'console-evaluation-fr');

  await page.getByTestId('cohort').selectOption('Hôpital Nord');
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0).locator('td')).toHaveText(['—', '—', '—', '—']);
  await check(page, 'console-evaluation-kiosk-fr');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv').click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\ufeffcohort,week,machines_at_least,lessons_started,lessons_completed,help_requests,note');
  expect(csv).toMatch(/Hôpital Nord,\d{4}-W\d{2},,,,,chiffre masqué : moins de 5 machines/);
  expect(csv).toMatch(/home,\d{4}-W\d{2},6,9,6,\d+,/);
  expect(csv).toContain('\r\n\r\ncohort,month,lessons_completed,note\r\n');
  expect(csv).toMatch(/\r\nToutes,\d{4}-\d{2},\d+,\r\n/);
});

test('the dashboards are for staff: an accompagnant sees no link and the API refuses', async ({ page }) => {
  await hub.store.accounts.createAccount({ associationId: hub.seed.associationId, email: 'aline@asso.test', firstName: 'Aline', role: 'accompagnant', password: staff.password });
  await page.goto(`${hub.url}/console/`);
  await page.getByTestId('login-email').fill('aline@asso.test');
  await page.getByTestId('login-password').fill(staff.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('nav-queue')).toBeVisible();
  await expect(page.getByTestId('nav-parc')).toHaveCount(0);
  const status = await page.evaluate(async () => (await fetch('/api/v1/console/evaluation')).status);
  expect(status).toBe(403);
});
