/**
 * Live help across two networks that cannot reach each other (issue 11): the shell's browser in one
 * network namespace, the console's in another, joined only through this host, where the hub, the
 * shell's web host and coturn listen on each side. Without a path between them, the call can only
 * connect through the relay — with the hub's ordinary ICE policy ('all'), as in real homes behind
 * NAT. The relay is started from the project's configuration, which refuses private peers: the test
 * allows its own two test subnets, and nothing else.
 */
import { chromium, expect, test, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from './support/browser.ts';
import { hasTurnserver, startCoturn, type Coturn } from './support/coturn.ts';
import { canMakeNamespaces, makeTwoNets, type TwoNets } from './support/netns.ts';
import { startStack, type Stack } from './support/stack.ts';
import { askAndClaim, expectAudioBothWays, callAndAnswer, launchOptionsForCalls, lendToJeanne, openHelperConsole, openShell, selectedPath, shareScreen } from './call-support.ts';

test.skip(!canMakeNamespaces(), 'needs root and iproute2 (ip netns) to make the two networks');
test.skip(!hasTurnserver(), 'coturn (Debian package coturn: turnserver) is not installed');

let nets: TwoNets;
let coturn: Coturn;
let stack: Stack;
let shellBrowser: Browser;
let consoleBrowser: Browser;

test.beforeAll(async () => {
  const base = chromiumLaunchOptions();
  nets = makeTwoNets(base.executablePath ?? '/usr/bin/chromium');
  coturn = await startCoturn({ listen: [nets.shell.hostIp, nets.console.hostIp], extraArgs: [`--allowed-peer-ip=${nets.subnets}`] });
  // One relay, one address on each side: each browser uses the one it can reach.
  const relayUrls = [nets.shell.hostIp, nets.console.hostIp].map((host) => `turn:${host}:${coturn.port}?transport=udp`);
  stack = await startStack({ hub: { host: nets.console.hostIp, turn: { urls: relayUrls, secret: coturn.secret } }, webHostHost: nets.shell.hostIp });
  await lendToJeanne(stack);
  const web = `http://${nets.shell.hostIp}:${new URL(stack.webHost.url).port}`;
  const hub = stack.hub.url;
  // Media needs a secure context: these two test origins stand for the hub's HTTPS and the web host's loopback.
  const secure = `--unsafely-treat-insecure-origin-as-secure=${web},${hub}`;
  shellBrowser = await chromium.launch({ ...launchOptionsForCalls([secure]), executablePath: nets.shell.chromium });
  consoleBrowser = await chromium.launch({ ...launchOptionsForCalls([secure]), executablePath: nets.console.chromium });
});

test.afterAll(async () => {
  await shellBrowser?.close().catch(() => undefined);
  await consoleBrowser?.close().catch(() => undefined);
  await stack?.close().catch(() => undefined);
  await coturn?.stop().catch(() => undefined);
  nets?.remove();
});

test('two networks with only the relay in common: the call connects through coturn, audio and the screen flow', async () => {
  test.setTimeout(150_000);
  const marie = await openHelperConsole(consoleBrowser, stack, 'Marie');
  const shell = await openShell(shellBrowser, stack);
  // The two browsers cannot reach each other's network.
  const probe = (page: typeof shell, url: string) =>
    page.evaluate((u) => fetch(u, { mode: 'no-cors', signal: AbortSignal.timeout(3000) }).then(() => 'reached', () => 'unreachable'), url);
  // Each reaches its own side's services (the probe itself works)…
  expect(await probe(shell, stack.webHost.url)).toBe('reached');
  expect(await probe(marie.page, `${stack.hub.url}/livez`)).toBe('reached');
  // …and nothing on the other side.
  expect(await probe(shell, `${stack.hub.url}/livez`)).toBe('unreachable');
  expect(await probe(marie.page, stack.webHost.url)).toBe('unreachable');

  await askAndClaim(shell, marie.page);
  await callAndAnswer(shell, marie.page);
  for (const page of [shell, marie.page]) {
    expect(await page.evaluate(() => window.__peers.at(-1)!.getConfiguration().iceTransportPolicy)).toBe('all');
    // Through coturn: this side's relay allocation, or the other side's (coturn relays from either of
    // its addresses, so one side may reach the other's allocation from its own host address).
    const path = await selectedPath(page);
    expect([path?.local, path?.remote]).toContain('relay');
  }
  await expectAudioBothWays(shell, marie.page, 20_000);
  await shareScreen(shell, marie.page);
});
