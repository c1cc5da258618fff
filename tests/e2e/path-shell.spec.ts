/**
 * Each person's path on the shell (issue 12), end to end in Chromium against the real hub and shell:
 * a helper sets a path in the console → the loan's machine asks the progress question in pictures →
 * the home screen shows that lesson huge, "choisie avec Marie" → the person completes it → the person's
 * page on the hub shows it. The language choice without reading; the lesson families; a kiosk visitor
 * resuming with their card's 4 pictures, in French and in Arabic. Every screen: screenshot, axe, targets.
 */
import { expect, test, type Page } from '@playwright/test';
import type { PersonDetail } from '../../app/protocol/accompaniment.ts';
import { KIOSK_ASSET_TAG, startKioskStack, type KioskStack } from './kiosk-support.ts';
import { completeLesson } from './support/lessons.ts';
import { checkShellScreen } from './support/screens.ts';
import { startStack, type Stack } from './support/stack.ts';

/** A console session on the hub through its real login route. */
async function consoleSession(hubUrl: string, email: string, password: string) {
  const res = await fetch(`${hubUrl}/api/v1/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  expect(res.status).toBe(200);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${hubUrl}/api/v1${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, json: (await r.json().catch(() => null)) as unknown };
  };
}
const PHOTO =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAGklEQVR4nGP4z8DAwMDAxMDAwMDAwMDAwAAAXAAJAQ2BqNMAAAAASUVORK5CYII=';

test.describe('a home loan', () => {
  let stack: Stack;
  test.beforeAll(async () => {
    stack = await startStack();
  });
  test.afterAll(async () => stack.close());

  test('the path a helper sets becomes the home screen’s next lesson; its progress reaches the hub after a yes', async ({ page }) => {
    const admin = await consoleSession(stack.hub.url, stack.adminEmail, stack.adminPassword);
    const marie = await stack.hub.store.accounts.createAccount({ associationId: stack.hub.seed.associationId, email: 'marie@asso.test', firstName: 'Marie', role: 'accompagnant', password: 'un mot de passe solide' });
    await stack.hub.store.accounts.setPhoto(marie.id, PHOTO);
    const helper = await consoleSession(stack.hub.url, 'marie@asso.test', 'un mot de passe solide');
    const person = (await admin('POST', '/console/beneficiaries', { firstName: 'Jeanne', phone: '06 12 34 56 78', language: 'fr', helperId: marie.id })).json as { id: string };
    expect((await admin('POST', '/console/loans', { machineId: stack.hub.seed.demoMachine.id, beneficiaryId: person.id })).status).toBe(201);
    expect((await helper('PUT', `/console/people/${person.id}/path`, { lessons: ['souris-cliquer', 'clavier-lettres'] })).status).toBe(200);

    await page.goto(stack.webHost.url);
    await expect(page.getByTestId('progress-consent')).toBeVisible();
    await checkShellScreen(page, 'path-progress-consent-fr');
    await page.getByTestId('progress-consent-yes').click();

    const next = page.getByTestId('next-lesson');
    await expect(next).toHaveAttribute('data-lesson', 'souris-cliquer');
    await expect(page.getByTestId('next-lesson-reason')).toHaveText('Choisie avec Marie');
    await checkShellScreen(page, 'path-home-next-fr');

    await page.getByTestId('next-lesson-open').click();
    await expect(page.locator('[data-step-kind]')).toBeVisible();
    await completeLesson(page);
    await stack.shell.syncIdle();
    await expect
      .poll(async () => ((await helper('GET', `/console/people/${person.id}`)).json as PersonDetail).attempts.map((a) => [a.lessonId, a.finishedAt !== null]), { timeout: 10_000 })
      .toEqual([['souris-cliquer', true]]);
    // Home again: the next lesson is the path's second one.
    await page.goto(stack.webHost.url);
    await expect(page.getByTestId('next-lesson')).toHaveAttribute('data-lesson', 'clavier-lettres');

    // The families: 5 pictures, one family's lessons at a time.
    await page.getByTestId('tile-lessons').click();
    await expect(page.getByTestId('family-souris')).toBeVisible();
    await checkShellScreen(page, 'path-lesson-families-fr');
    await page.getByTestId('family-internet').click();
    await expect(page.getByTestId('lesson-internet-site')).toBeVisible();

    // The language, without reading: flags and names said aloud.
    await page.goto(stack.webHost.url);
    await page.getByTestId('language-button').click();
    await expect(page.getByTestId('language-choice')).toBeVisible();
    await checkShellScreen(page, 'path-language-choice-fr');
    await page.getByTestId('language-ar').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByTestId('next-lesson')).toHaveAttribute('data-lesson', 'clavier-lettres');
    await checkShellScreen(page, 'path-home-next-ar');
    await page.getByTestId('tile-lessons').click();
    await checkShellScreen(page, 'path-lesson-families-ar');
    await page.getByTestId('home-button').click();
    await page.getByTestId('language-button').click();
    await checkShellScreen(page, 'path-language-choice-ar');
    await page.getByTestId('language-fr').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');

    // The language set in the console reaches the machine: the shell switches.
    const staff = admin;
    expect((await staff('PATCH', `/console/beneficiaries/${person.id}`, { language: 'ar' })).status).toBe(200);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl', { timeout: 10_000 });
  });
});

test.describe('a kiosk visitor with a card', () => {
  let stack: KioskStack;
  test.beforeAll(async () => {
    stack = await startKioskStack({ timeoutMs: 10 * 60_000, warningMs: 60_000 });
  });
  test.afterAll(async () => stack.close());

  async function resume(page: Page, code: number[]) {
    for (const index of code) await page.locator('.card-picture').nth(index).click();
  }

  for (const language of ['fr', 'ar'] as const) {
    test(`"J'ai une carte" then the 4 pictures resume the visitor's path (${language})`, async ({ page }) => {
      const marie = await stack.hub.store.accounts.createAccount({ associationId: stack.hub.seed.associationId, email: `m-${language}@asso.test`, firstName: 'Marie', role: 'accompagnant', password: 'un mot de passe solide' });
      const visitor = await stack.hub.store.visitors.createVisitor(stack.hub.seed.associationId, { name: language === 'ar' ? 'فاطمة' : 'Lulu', language }, marie.id);
      await stack.hub.store.accompaniment.setPath(stack.hub.seed.associationId, visitor.id, ['souris-glisser'], marie.id);
      const card = (await stack.hub.store.visitors.issueCard(stack.hub.seed.associationId, visitor.id))!;
      await page.goto(`${stack.webHost.url}&lang=${language}`);
      await page.getByTestId('kiosk-card').click();
      await expect(page.getByTestId('card-code')).toBeVisible();
      await checkShellScreen(page, `path-card-code-${language}`);
      await resume(page, card.code.map((c) => (c + 1) % 16));
      await expect(page.getByTestId('card-wrong')).toBeVisible();
      await checkShellScreen(page, `path-card-wrong-${language}`);
      await resume(page, card.code);
      await expect(page.getByTestId('next-lesson')).toHaveAttribute('data-lesson', 'souris-glisser');
      await expect(page.locator('html')).toHaveAttribute('dir', language === 'ar' ? 'rtl' : 'ltr');
      await checkShellScreen(page, `path-card-home-${language}`);
      // The visit's end forgets the visitor on the kiosk; their path lives on the hub only.
      await page.getByTestId('kiosk-finish').click();
      await expect(page.getByTestId('kiosk-welcome')).toBeVisible();
      expect((await stack.shell.handlers.getPerson({})).person).toBeNull();
      expect(KIOSK_ASSET_TAG).toBe('BORNE-0001');
    });
  }
});
