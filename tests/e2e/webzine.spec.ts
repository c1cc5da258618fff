/**
 * The webzine end to end (issue 17), on one stack: a story reaches the hub from a machine, a helper
 * moderates it in the console (listen, photo, transcription read back, issue, section, agreement),
 * the published journal passes axe in French and with an Arabic story, and a withdrawal from the
 * machine removes it from the site. Screenshots of each screen land in test-results/screens/.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GPS_JPEG, storyBody, wav } from '../server/webzine-support.ts';
import { launchOptionsWithFakeMicrophone } from './help-support.ts';
import { checkConsoleScreen, checkShellScreen } from './support/screens.ts';
import { startStack, type Stack } from './support/stack.ts';

// Chromium's fake microphone and camera (a tone and a test pattern), allowed without a prompt.
test.use({ launchOptions: launchOptionsWithFakeMicrophone() });

const shots = path.join('test-results', 'screens');
fs.mkdirSync(shots, { recursive: true });

let stack: Stack;
let token: string;
let files: string;
/** The person's own pictures: the webzine's GPS-tagged fixture (newest) and a plain picture. */
const PICKED_SIZE = execFileSync('exiftool', ['-s3', '-ImageSize', '-'], { input: GPS_JPEG }).toString().trim();
test.beforeAll(async () => {
  files = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-webzine-files-'));
  const home = path.join(files, 'home');
  fs.mkdirSync(path.join(home, '.config'), { recursive: true });
  fs.mkdirSync(path.join(home, 'Images'), { recursive: true });
  fs.writeFileSync(path.join(home, '.config', 'user-dirs.dirs'), 'XDG_PICTURES_DIR="$HOME/Images"\n');
  fs.writeFileSync(path.join(home, 'Images', 'Le_marche.jpg'), GPS_JPEG);
  fs.utimesSync(path.join(home, 'Images', 'Le_marche.jpg'), new Date(Date.now() - 600_000), new Date(Date.now() - 600_000));
  fs.writeFileSync(path.join(home, 'Images', 'Le_jardin.jpg'), GPS_JPEG);
  fs.writeFileSync(path.join(files, 'mounts'), '/dev/sda1 / ext4 rw 0 0\n');
  stack = await startStack({ myFiles: { home, mediaDir: path.join(files, 'media'), mountsFile: path.join(files, 'mounts') } });
  // A second machine of the association sends the stories through the machine route.
  const store = stack.hub.store;
  const seeded = await store.register.findMachineByAssetTag('DEMO-0001');
  const machine = await store.register.createMachine({ associationId: seeded!.associationId, assetTag: 'PC-JOURNAL', mode: 'home', cohort: 'home' });
  const { code } = await store.register.createEnrolmentCode(machine.id, 60);
  const res = await fetch(`${stack.hub.url}/api/v1/enrol`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  token = ((await res.json()) as { token: string }).token;
  // The association's home screen gets the webzine's two tiles (issue 13's tile model).
  const api = await consoleApi();
  const tiles = [
    { kind: 'lessons', id: 'lessons', picture: 'books' },
    { kind: 'help', id: 'help', picture: 'phone' },
    { kind: 'story', id: 'story', picture: 'microphone' },
    { kind: 'journal', id: 'journal', picture: 'newspaper' },
  ];
  expect((await api('PUT', '/console/tiles/defaults', { tiles })).status).toBe(200);
});
test.afterAll(async () => {
  await stack.close();
  fs.rmSync(files, { recursive: true, force: true });
});

async function send(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${stack.hub.url}/api/v1/machine/webzine/stories`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(201);
}

async function check(page: Page, name: string, minTarget = 44): Promise<void> {
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.$$eval('button, a[href], select, input:not([type=checkbox])', (els, min) =>
    els.filter((e) => { const b = e.getBoundingClientRect(); return b.width > 0 && b.bottom > 0 && b.right > 0 && b.height < min; }).map((e) => `${(e.textContent ?? '').trim() || e.outerHTML.slice(0, 60)} ${Math.round(e.getBoundingClientRect().height)}px`), minTarget);
  expect(small, `${name}: targets under ${minTarget} px`).toEqual([]);
}

async function signIn(page: Page): Promise<void> {
  await page.goto(`${stack.hub.url}/console/`);
  await page.getByTestId('login-email').fill(stack.adminEmail);
  await page.getByTestId('login-password').fill(stack.adminPassword);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');
}

test('a story moderated in the console (fr, ar, en) is published in an accessible journal with French, English and Arabic editions, and a withdrawal removes it', async ({ page }) => {
  const french = storyBody({ audio: wav(3).toString('base64'), photo: GPS_JPEG.toString('base64'), photoShowsOthers: true });
  const arabic = storyBody({ language: 'ar', credit: 'anonymous', photo: undefined, titleAudio: undefined });
  await send(french);
  await send(arabic);

  await signIn(page);
  await page.getByTestId('nav-journal').click();
  await expect(page.getByTestId('webzine-item')).toHaveCount(2);
  await expect(page.getByTestId('story-photo')).toBeVisible();
  await checkConsoleScreen(page, 'console-webzine-queue-fr');

  // The French story: transcription read back, a new issue, the section, the photo's agreement.
  await page.getByTestId('story-title').fill('Le jardin partagé');
  await page.getByTestId('story-text').fill('Au printemps, nous avons planté des tomates.\n\nTout le monde est venu.');
  await page.getByTestId('story-read-back').click();
  await expect(page.getByTestId('story-read-back-audio')).toBeVisible();
  await page.getByTestId('story-signature').fill('Jeanne');
  await page.getByTestId('story-photo-alt').fill('Un jardin au soleil, une cabane au toit rouge.');
  await page.getByTestId('story-new-issue').fill('Printemps');
  await page.getByTestId('story-create-issue').click();
  await expect(page.getByTestId('story-issue')).toHaveValue('1');
  await page.getByTestId('story-section').selectOption('quartier');
  await expect(page.getByTestId('story-missing')).toContainText('l’accord des personnes sur la photo');
  await expect(page.getByTestId('story-publish')).toBeDisabled();
  await checkConsoleScreen(page, 'console-webzine-editor-fr');
  await page.getByTestId('story-others-agreed').check();
  await page.getByTestId('story-publish').click();
  await expect(page.getByTestId('webzine-done')).toBeVisible();

  // The Arabic story, anonymous, moderated in the Arabic console (fr → en → ar).
  await page.getByTestId('webzine-tab-submitted').click();
  await page.getByRole('button', { name: 'Switch the console to English' }).click();
  await page.getByRole('button', { name: 'عرض الواجهة باللغة العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('story-title')).toBeVisible();
  await expect(page.getByTestId('story-issue')).toContainText('العدد 1 — Printemps');
  await checkConsoleScreen(page, 'console-webzine-editor-ar');
  await page.getByTestId('story-title').fill('حديقة الحي');
  await page.getByTestId('story-text').fill('زرعنا الطماطم في الربيع، وجاء كل الجيران.');
  await page.getByTestId('story-section').selectOption('souvenirs');
  await page.getByTestId('story-publish').click();
  await expect(page.getByTestId('webzine-item')).toHaveCount(0);
  await checkConsoleScreen(page, 'console-webzine-queue-ar');

  // The published tab, in Arabic then in English.
  await page.getByTestId('webzine-tab-published').click();
  await expect(page.getByTestId('webzine-item')).toHaveCount(2);
  await checkConsoleScreen(page, 'console-webzine-published-ar');
  await page.getByRole('button', { name: 'Passer la console en français' }).click();
  await page.getByRole('button', { name: 'Switch the console to English' }).click();
  await expect(page.getByRole('heading', { name: 'Neighbourhood journal' })).toBeVisible();
  await check(page, 'console-webzine-published-en');

  // The public journal: the browser (French) is sent to the French edition; plain links switch to
  // Arabic (rtl) and English; no script, axe 0 on each, the French story and the Arabic story (rtl).
  await page.goto(`${stack.hub.url}/webzine/`);
  await expect(page).toHaveURL(/\/webzine\/[0-9a-f-]{36}\/$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.locator(`article#histoire-${french.id as string}`)).toBeVisible();
  expect(await page.locator('script').count()).toBe(0);
  await check(page, 'webzine-site-fr');
  await page.getByRole('link', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('link', { name: 'انتقل إلى القصص' })).toHaveCount(1);
  await check(page, 'webzine-site-ar');
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, 'the Arabic journal scrolls sideways').toBeLessThanOrEqual(0);
  const ar = page.locator(`article#histoire-${arabic.id as string}`);
  await expect(ar).toHaveAttribute('dir', 'rtl');
  await expect(ar).toHaveAttribute('lang', 'ar');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByText('Listen to the story', { exact: true })).toHaveCount(2);
  await page.getByRole('link', { name: 'Français' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  // The audio plays from the page without any script of ours.
  const duration = await page.locator(`article#histoire-${french.id as string} audio`).evaluate(async (el: HTMLAudioElement) => {
    el.preload = 'auto';
    el.load();
    await new Promise((r) => el.addEventListener('loadedmetadata', r, { once: true }));
    return el.duration;
  });
  expect(duration).toBeGreaterThan(2.5);

  // Withdrawn from the machine: gone from the journal.
  const res = await fetch(`${stack.hub.url}/api/v1/machine/webzine/stories/${french.id as string}/withdraw`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  await page.reload();
  await expect(page.locator(`article#histoire-${french.id as string}`)).toHaveCount(0);
  await expect(ar).toBeVisible();
});

/** The console's API as the admin, over real HTTP (the first test moderates through the screens). */
async function consoleApi(): Promise<(method: string, path: string, body?: unknown) => Promise<Response>> {
  const login = await fetch(`${stack.hub.url}/api/v1/console/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return (method, path, body) =>
    fetch(`${stack.hub.url}/api/v1${path}`, { method, headers: { cookie, 'x-csrf-token': csrfToken, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
}

test('a story told in the shell (fake microphone and camera) is moderated, played by the journal tile, and withdrawn from the shell (fr and ar)', async ({ page }) => {
  // Two full stories with a screenshot and an axe run on each of their 11 screens: about 30 s on a quiet machine.
  test.setTimeout(180_000);
  const machineId = (await stack.hub.store.register.findMachineByAssetTag('DEMO-0001'))!.id;
  for (const language of ['fr', 'ar'] as const) {
    await page.goto(`${stack.webHost.url}&lang=${language}`);
    await page.getByTestId('tile-story').click();
    await expect(page.getByTestId('tell')).toHaveAttribute('data-phase', 'start');
    // The shell's top bar stays: Home, Listen again and the red Help on every step of the story.
    await expect(page.getByTestId('help-button')).toBeVisible();
    await expect(page.getByTestId('home-button')).toBeVisible();
    await checkShellScreen(page, `shell-webzine-start-${language}`);
    await page.getByTestId('tell-record').click();
    await expect(page.getByTestId('tell')).toHaveAttribute('data-phase', 'recording');
    await checkShellScreen(page, `shell-webzine-recording-${language}`);
    await page.waitForTimeout(1500);
    await page.getByTestId('tell-stop').click();
    await expect(page.getByTestId('tell')).toHaveAttribute('data-phase', 'recorded');
    await checkShellScreen(page, `shell-webzine-recorded-${language}`);
    await page.getByTestId('tell-continue').click();
    await checkShellScreen(page, `shell-webzine-photo-${language}`);
    // "Mes photos": the person's own pictures (the pictures service), newest first, big thumbnails.
    await page.getByTestId('tell-my-photos').click();
    await expect(page.getByTestId('tell-pick-photo')).toHaveCount(2);
    await expect(page.getByTestId('tell-pick-photo').first()).toHaveAttribute('data-id', 'pictures/Le_jardin.jpg');
    await expect(page.getByTestId('tell-pick-photo').first().locator('img.photo-thumb__picture')).toBeVisible();
    await checkShellScreen(page, `shell-webzine-pick-${language}`);
    if (language === 'fr') {
      // French: back, and the webcam.
      await page.getByTestId('tell-pick-back').click();
      await page.getByTestId('tell-camera').click();
      await expect(page.getByTestId('tell')).toHaveAttribute('data-phase', 'camera');
      await page.waitForFunction(() => (document.querySelector('video')?.videoWidth ?? 0) > 0);
      await checkShellScreen(page, `shell-webzine-camera-${language}`);
      await page.getByTestId('tell-shoot').click();
    } else await page.getByTestId('tell-pick-photo').first().click();
    await expect(page.getByTestId('tell-photo')).toBeVisible();
    await checkShellScreen(page, `shell-webzine-others-${language}`);
    await page.getByTestId(language === 'fr' ? 'tell-others-yes' : 'tell-others-no').click();
    await checkShellScreen(page, `shell-webzine-title-${language}`);
    if (language === 'fr') {
      await page.getByTestId('tell-title-record').click();
      await page.waitForTimeout(1000);
      await page.getByTestId('tell-stop').click();
    } else await page.getByTestId('tell-title-skip').click();
    await expect(page.getByTestId('tell')).toHaveAttribute('data-phase', 'consent');
    await checkShellScreen(page, `shell-webzine-consent-${language}`);
    await page.getByTestId(language === 'fr' ? 'tell-credit-first_name' : 'tell-credit-anonymous').click();
    await checkShellScreen(page, `shell-webzine-review-${language}`);
    await page.getByTestId('tell-send').click();
    await expect(page.getByTestId('tell')).toHaveAttribute('data-phase', 'sent');
    await checkShellScreen(page, `shell-webzine-sent-${language}`);
  }

  // Both stories reach the hub through the outbox, with a photo stripped of metadata and normalised audio.
  await expect.poll(async () => (await stack.hub.store.webzine.machineStories(machineId)).length, { timeout: 15_000 }).toBe(2);
  const [arStory, frStory] = await stack.hub.store.webzine.machineStories(machineId);
  expect(frStory).toMatchObject({ language: 'fr', credit: 'first_name', photoShowsOthers: true, hasPhoto: true, hasTitleAudio: true });
  expect(arStory).toMatchObject({ language: 'ar', credit: 'anonymous', photoShowsOthers: false, hasPhoto: true, hasTitleAudio: false });
  // The Arabic story's photo is the picture picked from the person's own (its size, not the camera's),
  // drawn again as a JPEG: the GPS position the file carried is gone.
  const arPhoto = Buffer.from(await (await (await consoleApi())('GET', `/console/webzine/stories/${arStory!.id}/media/photo`)).arrayBuffer());
  const tags = execFileSync('exiftool', ['-a', '-G1', '-'], { input: arPhoto }).toString();
  expect(tags).toMatch(/Image Size\s*:\s*(\d+)x(\d+)/);
  expect(tags.match(/Image Size\s*:\s*(\S+)/)?.[1]).toBe(PICKED_SIZE);
  expect(tags).not.toMatch(/GPS/);
  expect(frStory!.durationMs).toBeGreaterThan(1000);

  // Moderation: the French one published, the Arabic one declined with a reason.
  const api = await consoleApi();
  const issue = (await (await api('POST', '/console/webzine/issues', { title: 'Été' })).json()) as { number: number };
  const edit = { title: 'Mon quartier', text: 'Une histoire racontée au micro.', signature: 'Jeanne', photoAlt: 'Une mire de couleurs.', issue: issue.number, section: 'quartier', othersAgreed: true };
  expect((await api('PATCH', `/console/webzine/stories/${frStory!.id}`, edit)).status).toBe(200);
  expect((await api('POST', `/console/webzine/stories/${frStory!.id}/publish`)).status).toBe(200);
  expect((await api('POST', `/console/webzine/stories/${arStory!.id}/decline`, { reason: 'hard_to_hear' })).status).toBe(200);

  // The journal tile plays it, in French and in Arabic.
  for (const language of ['fr', 'ar'] as const) {
    await page.goto(`${stack.webHost.url}&lang=${language}`);
    await page.getByTestId('tile-journal').click();
    const card = page.locator(`[data-testid="journal-story"][data-id="${frStory!.id}"]`);
    await expect(card).toBeVisible();
    await expect(card.locator('img.webzine-card-photo')).toBeVisible();
    await checkShellScreen(page, `shell-webzine-journal-${language}`);
  }
  await page.locator(`[data-testid="journal-story"][data-id="${frStory!.id}"] [data-testid="journal-play"]`).click();
  await expect(page.locator('body')).toHaveAttribute('data-journal-played', frStory!.id);

  // "Mes histoires": the declined one says why; the published one is withdrawn, and leaves the journal.
  await page.goto(`${stack.webHost.url}&lang=ar`);
  await page.getByTestId('tile-story').click();
  await page.getByTestId('tell-mine').click();
  await expect(page.locator('[data-testid="mine-story"][data-state="declined"]')).toBeVisible();
  await checkShellScreen(page, 'shell-webzine-mine-ar');
  await page.getByTestId('mine-hear-reason').click();
  await expect(page.locator('body')).toHaveAttribute('data-last-spoken', /لَا تُسْمَعُ جَيِّدًا/);

  await page.goto(`${stack.webHost.url}&lang=fr`);
  await page.getByTestId('tile-story').click();
  await page.getByTestId('tell-mine').click();
  await expect(page.locator('[data-testid="mine-story"][data-state="published"]')).toBeVisible();
  await checkShellScreen(page, 'shell-webzine-mine-fr');
  await page.locator('[data-testid="mine-story"][data-state="published"] [data-testid="mine-withdraw"]').click();
  await checkShellScreen(page, 'shell-webzine-withdraw-ask-fr');
  await page.getByTestId('mine-withdraw-yes').click();
  await expect.poll(async () => (await stack.hub.store.webzine.getStory(frStory!.associationId, frStory!.id))?.state, { timeout: 15_000 }).toBe('withdrawn');
  const site = await (await fetch(`${stack.hub.url}/webzine/${frStory!.associationId}/`)).text();
  expect(site).not.toContain(frStory!.id);
  expect((await fetch(`${stack.hub.url}/webzine/${frStory!.associationId}/media/${frStory!.id}.jpg`)).status).toBe(404);
});
