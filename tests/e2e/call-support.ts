/**
 * Helpers for the live-call specs (issue 11). Chromium gets a fake microphone and captures its own
 * tab for real (`--use-fake-device-for-media-stream --auto-accept-this-tab-capture`, without
 * `--use-fake-ui-for-media-stream`, which would hand out a generated test pattern instead of the
 * page: /work/coord/facts.md); the contexts are granted the microphone. An init script keeps a
 * handle on every RTCPeerConnection and every captured screen track, for getStats and readyState.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { screenshotsDir } from './support/screens.ts';
import { chromiumLaunchOptions } from './support/browser.ts';
import type { Stack } from './support/stack.ts';
import { addHelper, portraitPng, uploadPhoto } from './help-support.ts';

export function launchOptionsForCalls(extra: string[] = []) {
  const base = chromiumLaunchOptions();
  return { ...base, args: [...(base.args ?? []), '--use-fake-device-for-media-stream', '--auto-accept-this-tab-capture', ...extra] };
}

declare global {
  interface Window {
    __peers: RTCPeerConnection[];
    __screens: MediaStreamTrack[];
    __mics: MediaStreamTrack[];
    /** The console's displayed copy of the person's screen, kept by a test before it stops. */
    __shown?: MediaStreamTrack;
  }
}

/** Keeps every RTCPeerConnection and captured screen track of the page within reach of the test. */
export async function watchMedia(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    window.__peers = [];
    window.__screens = [];
    window.__mics = [];
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        window.__peers.push(this);
      }
    } as typeof RTCPeerConnection;
    const user = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = async (constraints?: MediaStreamConstraints) => {
      const stream = await user(constraints);
      window.__mics.push(...stream.getAudioTracks());
      return stream;
    };
    const display = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getDisplayMedia = async (options?: DisplayMediaStreamOptions) => {
      const stream = await display(options);
      window.__screens.push(...stream.getVideoTracks());
      return stream;
    };
  });
}

export async function callContext(browser: Browser, options: { viewport?: { width: number; height: number }; locale?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 768 }, locale: options.locale ?? 'fr-FR' });
  await context.grantPermissions(['microphone', 'camera']);
  await watchMedia(context);
  return context;
}

/** The shell's page, on its home screen. */
export async function openShell(browser: Browser, stack: Stack, options: { viewport?: { width: number; height: number }; lang?: 'fr' | 'ar' } = {}): Promise<Page> {
  const context = await callContext(browser, options);
  const page = await context.newPage();
  await page.goto(`${stack.webHost.url}${options.lang ? `&lang=${options.lang}` : ''}`);
  await expect(page.getByTestId('help-button')).toBeVisible();
  return page;
}

/** A helper's console with a photo, signed in, live; the context may use the microphone. */
export async function openHelperConsole(browser: Browser, stack: Stack, firstName = 'Marie', face = '1F469'): Promise<{ page: Page; id: string; email: string; password: string }> {
  const helper = await addHelper(stack, firstName);
  const photo = await portraitPng(browser, face);
  const context = await callContext(browser);
  const page = await context.newPage();
  await signIn(page, stack, helper);
  await uploadPhoto(page, photo);
  return { page, ...helper };
}

async function signIn(page: Page, stack: Stack, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${stack.hub.url}/console/`);
  await page.getByTestId('login-email').fill(who.email);
  await page.getByTestId('login-password').fill(who.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('feed-status')).toHaveAttribute('data-status', 'live');
}

/** Help → Oui on the shell (voice message skipped when offered); the helper claims the card. */
export async function askAndClaim(shell: Page, helper: Page): Promise<string> {
  await shell.getByTestId('help-button').click();
  await shell.getByTestId('help-yes').click();
  // With a microphone the voice message is offered first: skipped here.
  await expect(shell.getByTestId('help-voice').or(shell.getByTestId('help-status'))).toBeVisible();
  if (await shell.getByTestId('help-voice').isVisible()) await shell.getByTestId('voice-skip').click();
  await expect(shell.getByTestId('help-status')).toBeVisible();
  const card = helper.getByTestId('help-card');
  await expect(card).toHaveCount(1);
  await card.getByTestId('claim').click();
  await expect(card).toHaveAttribute('data-state', 'claimed');
  return (await card.getAttribute('data-request-id'))!;
}

/** Appeler on the card, Répondre on the shell; resolves once both sides are connected. */
export async function callAndAnswer(shell: Page, helper: Page): Promise<void> {
  await helper.getByTestId('call-start').click();
  await expect(shell.getByTestId('call-ringing')).toBeVisible();
  await shell.getByTestId('call-answer').click();
  await expect(shell.getByTestId('call-bar')).toHaveAttribute('data-connected', 'true');
  await expect(helper.getByTestId('call-status')).toContainText('En appel');
}

/** Audio RTP bytes of the page's first peer connection: sent and received. */
export async function audioBytes(page: Page): Promise<{ sent: number; received: number }> {
  return page.evaluate(async () => {
    const pc = window.__peers.at(-1);
    if (!pc) return { sent: 0, received: 0 };
    let sent = 0;
    let received = 0;
    (await pc.getStats()).forEach((s: { type: string; kind?: string; bytesSent?: number; bytesReceived?: number }) => {
      if (s.type === 'outbound-rtp' && s.kind === 'audio') sent += s.bytesSent ?? 0;
      if (s.type === 'inbound-rtp' && s.kind === 'audio') received += s.bytesReceived ?? 0;
    });
    return { sent, received };
  });
}

/** Waits until the person's voice reaches the helper and the helper's reaches the person (over 2 kB each way, both counted at each end). */
export async function expectAudioBothWays(shell: Page, helper: Page, timeout = 15_000): Promise<void> {
  await expect
    .poll(async () => {
      const [a, b] = [await audioBytes(shell), await audioBytes(helper)];
      return Math.min(a.sent, a.received, b.sent, b.received);
    }, { timeout })
    .toBeGreaterThan(2000);
}

/** The candidate pair in use: what kind of path the media takes (host, srflx, relay). */
export async function selectedPath(page: Page): Promise<{ local: string; remote: string } | null> {
  return page.evaluate(async () => {
    const pc = window.__peers.at(-1);
    if (!pc) return null;
    const stats = new Map<string, Record<string, unknown>>();
    (await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(s.id as string, s));
    for (const s of stats.values()) {
      if (s.type === 'transport' && s.selectedCandidatePairId) {
        const pair = stats.get(s.selectedCandidatePairId as string)!;
        return { local: stats.get(pair.localCandidateId as string)!.candidateType as string, remote: stats.get(pair.remoteCandidateId as string)!.candidateType as string };
      }
    }
    return null;
  });
}

/** The mean colour of the helper's view of the person's screen in a region (fractions of the picture). */
export async function pictureColour(helper: Page, region: { x: number; y: number; w: number; h: number }): Promise<[number, number, number]> {
  return helper.evaluate((r) => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="call-screen-video"]')!;
    const canvas = document.createElement('canvas');
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const g = canvas.getContext('2d')!;
    g.drawImage(video, 0, 0);
    const data = g.getImageData(Math.round(r.x * canvas.width), Math.round(r.y * canvas.height), Math.max(1, Math.round(r.w * canvas.width)), Math.max(1, Math.round(r.h * canvas.height))).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) sum[c]! += data[i + c]!;
    const n = data.length / 4;
    return [sum[0]! / n, sum[1]! / n, sum[2]! / n] as [number, number, number];
  }, region);
}

/** Asks for the screen from the console and says yes on the shell; resolves once the helper sees frames. */
export async function shareScreen(shell: Page, helper: Page): Promise<void> {
  await helper.getByTestId('call-ask-screen').click();
  await shell.getByTestId('call-screen-yes').click();
  await expect(shell.getByTestId('call-bar')).toHaveAttribute('data-screen', 'sharing');
  await expect
    .poll(() => helper.evaluate(() => document.querySelector<HTMLVideoElement>('[data-testid="call-screen-video"]')?.videoWidth ?? 0), { timeout: 15_000 })
    .toBeGreaterThan(0);
}

/**
 * Milliseconds from `since` (a Date.now() of the same machine) until the page's tracks are all
 * ended: 'screen' — the captured screen (shell) or its displayed copy (console); 'all' — also the
 * microphone and everything received. -1 when they are not all ended within 5 s.
 */
export async function endedWithin(page: Page, since: number, which: 'screen' | 'all'): Promise<number> {
  return page.evaluate(
    async ({ since, which }) => {
      const tracks = [...window.__screens, ...(window.__shown ? [window.__shown] : [])];
      if (which === 'all') tracks.push(...window.__mics, ...window.__peers.flatMap((pc) => pc.getReceivers().map((r) => r.track)));
      if (tracks.length === 0) return -1;
      while (tracks.some((t) => t.readyState !== 'ended')) {
        if (Date.now() - since > 5000) return -1;
        await new Promise((r) => setTimeout(r, 5));
      }
      return Date.now() - since;
    },
    { since, which },
  );
}

/** A console screen of the call: screenshot, axe with no violations, the call panel's targets at least 44 px. */
export async function checkConsoleScreen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.$$eval('[data-testid="call-panel"] button, [data-testid="call-panel"] a[href], [data-testid="call-start"]', (elements) =>
    elements
      .map((e) => ({ label: (e.textContent ?? '').trim(), box: e.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && (box.width < 44 || box.height < 44))
      .map(({ label, box }) => `${label} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small, `${name}: targets under 44 px`).toEqual([]);
}

/** Jeanne has the demo machine on loan: the console knows whom to call back, and on which number. */
export async function lendToJeanne(stack: Stack): Promise<void> {
  const { associationId, demoMachine } = stack.hub.seed;
  const beneficiary = await stack.hub.store.register.createBeneficiary(associationId, { firstName: 'Jeanne', phone: '06 12 34 56 78', language: 'fr', helperId: null });
  await stack.hub.store.register.createLoan(associationId, demoMachine.id, beneficiary.id);
}

/** The request's call and screen entries in the hub's journal, read from its SQLite file. */
export function callJournal(stack: Stack, requestId: string): { action: string; detail: string | null }[] {
  const db = new Database(path.join(stack.dir, 'hub', 'hub.sqlite'), { readonly: true });
  try {
    return db.prepare("SELECT action, detail FROM help_events WHERE request_id = ? AND (action LIKE 'call%' OR action LIKE 'screen%') ORDER BY seq").all(requestId) as {
      action: string;
      detail: string | null;
    }[];
  } finally {
    db.close();
  }
}

/**
 * The call bar takes the top bar's middle (on a website tile's screen, a row of the site's bar): it
 * never covers Home, Listen, Help (or "J'ai fini" on a kiosk), nor a button of the site's bar, nor any
 * screen below the bar.
 */
export async function expectBarClearOfControls(shell: Page): Promise<void> {
  const bar = (await shell.getByTestId('call-bar').boundingBox())!;
  const topBar = (await shell.locator('.top-bar, .site-bar').first().boundingBox())!;
  expect(bar.y + bar.height, 'the call bar stays within the top bar').toBeLessThanOrEqual(topBar.y + topBar.height);
  const siteBar = ['site-home', 'site-back', 'site-smaller', 'site-bigger', 'site-verdict', 'site-listen', 'site-print', 'site-help'];
  for (const id of ['help-button', 'home-button', 'listen-button', 'kiosk-finish', ...siteBar]) {
    const control = shell.getByTestId(id);
    if ((await control.count()) === 0) continue;
    const c = (await control.boundingBox())!;
    const overlap = bar.x < c.x + c.width && c.x < bar.x + bar.width && bar.y < c.y + c.height && c.y < bar.y + bar.height;
    expect(overlap, `the call bar covers ${id}`).toBe(false);
  }
}

export { signIn };
