/**
 * The skeleton's promise, end to end: real Chromium, real hub, real SQLite files, real shell
 * services behind the web host. Help pressed in the shell appears live in the console; a claim
 * there shows in the shell. With the hub down, Help still works and the request arrives once.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { startStack, type Stack } from './support/stack.ts';

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

let stack: Stack;
test.beforeEach(async () => {
  stack = await startStack();
});
test.afterEach(async () => {
  await stack.close();
});

async function openConsole(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(`${stack.hub.url}/console/`);
  await page.getByTestId('login-email').fill(stack.adminEmail);
  await page.getByTestId('login-password').fill(stack.adminPassword);
  await page.getByTestId('login-submit').click();
  return page;
}

function hubHelpRows(): { id: string; state: string }[] {
  const file = fs.readdirSync(path.join(stack.dir, 'hub')).find((f) => f.endsWith('.sqlite') || f.endsWith('.db'));
  const db = new Database(path.join(stack.dir, 'hub', file!), { readonly: true });
  try {
    return db.prepare('SELECT id, state FROM help_requests').all() as { id: string; state: string }[];
  } finally {
    db.close();
  }
}

test('a help request pressed in the shell appears live in the console, and the claim shows in the shell', async ({ browser }) => {
  const shell = await browser.newPage();
  await shell.goto(stack.webHost.url);
  await expect(shell.getByTestId('tile-lessons')).toBeVisible();
  await shell.screenshot({ path: path.join(shots, 'shell-home-fr.png') });

  const helper = await openConsole(browser);
  await expect(helper.getByTestId('help-card')).toHaveCount(0);

  await shell.getByTestId('help-button').click();
  await expect(shell.getByTestId('help-ask')).toBeVisible();
  await shell.screenshot({ path: path.join(shots, 'shell-help-ask-fr.png') });
  await shell.getByTestId('help-yes').click();
  await expect(shell.getByTestId('help-status')).toHaveAttribute('data-delivered', 'true');

  // Live: no reload of the console page.
  const card = helper.getByTestId('help-card');
  await expect(card).toHaveCount(1);
  await helper.screenshot({ path: path.join(shots, 'console-queue-fr.png') });
  await card.getByTestId('claim').click();
  await expect(card).toHaveAttribute('data-state', 'claimed');

  await expect(shell.getByTestId('help-status')).toHaveAttribute('data-state', 'claimed');
  await expect(shell.getByRole('heading', { name: 'Une personne a vu votre demande' })).toBeVisible();
  await expect(shell.getByTestId('help-subtitle')).toHaveText('Admin va vous appeler');
  await shell.screenshot({ path: path.join(shots, 'shell-help-claimed-fr.png') });
  // The sentence was spoken (the shell asked its voice for it).
  await expect(shell.locator('body')).toHaveAttribute('data-last-spoken', /Admin va vous appeler/);

  expect(hubHelpRows()).toEqual([expect.objectContaining({ state: 'claimed' })]);
});

test('with the hub stopped, Help still works; the request waits in the outbox and arrives exactly once', async ({ browser }) => {
  const shell = await browser.newPage();
  await shell.goto(stack.webHost.url);
  await expect(shell.getByTestId('tile-lessons')).toBeVisible();

  await stack.stopHub();
  await shell.getByTestId('help-button').click();
  await shell.getByTestId('help-yes').click();
  const status = shell.getByTestId('help-status');
  await expect(status).toHaveAttribute('data-delivered', 'false');
  await expect(shell.getByRole('heading', { name: 'Votre demande est gardée.' })).toBeVisible();
  await shell.screenshot({ path: path.join(shots, 'shell-help-offline-fr.png') });

  // It is in the shell's durable outbox, on disk.
  const outbox = new Database(path.join(stack.dir, 'shell', 'shell.sqlite'), { readonly: true });
  expect((outbox.prepare("SELECT COUNT(*) AS n FROM outbox WHERE kind = 'help.request'").get() as { n: number }).n).toBe(1);
  outbox.close();

  await stack.restartHub();
  await expect(status).toHaveAttribute('data-delivered', 'true', { timeout: 30_000 });
  await expect(status).toHaveAttribute('data-state', 'new');

  const helper = await openConsole(browser);
  await expect(helper.getByTestId('help-card')).toHaveCount(1);

  // Exactly once, even after the shell's sync loop has run again.
  await stack.shell.syncIdle();
  expect(hubHelpRows()).toHaveLength(1);
});
