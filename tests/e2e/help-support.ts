/**
 * Helpers for the help-flow specs: Chromium with fake audio capture (the voice message), console
 * pages signed in as given helpers, the hub's API as staff over real HTTP, and the hub's rows on disk.
 */
import { expect, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { chromiumLaunchOptions } from './support/browser.ts';
import type { Stack } from './support/stack.ts';

/** The default launch options plus Chromium's fake microphone, answered "allow" without a prompt. */
export function launchOptionsWithFakeMicrophone() {
  const base = chromiumLaunchOptions();
  return { ...base, args: [...(base.args ?? []), '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'] };
}

export async function addHelper(stack: Stack, firstName: string): Promise<{ email: string; password: string; id: string }> {
  const email = `${firstName.toLowerCase()}@asso.test`;
  const password = `mot de passe de ${firstName}`;
  const account = await stack.hub.store.accounts.createAccount({ associationId: stack.hub.seed.associationId, email, firstName, role: 'accompagnant', password });
  return { email, password, id: account.id };
}

/** A console in its own browser context (its own cookies), signed in, live. */
export async function openConsole(browser: Browser, stack: Stack, who: { email: string; password: string }): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${stack.hub.url}/console/`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');
  return page;
}

export async function goOnDuty(page: Page): Promise<void> {
  const duty = page.getByTestId('duty-switch');
  await duty.click();
  await expect(duty).toHaveAttribute('aria-checked', 'true');
}

/** The hub's API over HTTP as the seeded admin (login, then CSRF on writes). */
export async function adminApi(stack: Stack): Promise<(method: string, route: string, body?: unknown) => Promise<Response>> {
  const login = await fetch(`${stack.hub.url}/api/v1/console/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }),
  });
  expect(login.status).toBe(200);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return (method, route, body) =>
    fetch(`${stack.hub.url}/api/v1${route}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
}

export function hubHelpRows(stack: Stack): { id: string; state: string; voice: number }[] {
  const db = new Database(path.join(stack.dir, 'hub', 'hub.sqlite'), { readonly: true });
  try {
    return db
      .prepare('SELECT h.id, h.state, (SELECT COUNT(*) FROM help_voice v WHERE v.request_id = h.id) AS voice FROM help_requests h')
      .all() as { id: string; state: string; voice: number }[];
  } finally {
    db.close();
  }
}

/** A PNG portrait drawn by the browser from an OpenMoji face, to upload as a helper's photo. */
export async function portraitPng(browser: Browser, codepoint: string): Promise<Buffer> {
  const svg = fs.readFileSync(path.join(import.meta.dirname, '../../node_modules/openmoji/color/svg', `${codepoint}.svg`), 'utf8');
  const page = await browser.newPage();
  await page.setContent(`<div id="p" style="width:240px;height:240px;background:#cfe8ff">${svg.replace('<svg ', '<svg width="240" height="240" ')}</div>`);
  const png = await page.locator('#p').screenshot({ type: 'png' });
  await page.close();
  return png;
}

export async function uploadPhoto(page: Page, png: Buffer): Promise<void> {
  await page.getByTestId('nav-profile').click();
  await page.getByTestId('photo-input').setInputFiles({ name: 'portrait.png', mimeType: 'image/png', buffer: png });
  await expect(page.getByTestId('photo-done')).toBeVisible();
  await page.getByTestId('nav-queue').click();
}
