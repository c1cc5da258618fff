/**
 * Live help through the TURN relay (issue 11): a private coturn started from build/coturn/
 * turnserver.conf, the hub handing out relay-only ICE servers with TURN REST credentials, and both
 * pages forced through the relay (iceTransportPolicy 'relay'): the call connects, audio and the
 * screen flow, every selected path is a relay one. An expired credential gets nothing from coturn.
 */
import { expect, test } from '@playwright/test';
import { turnCredential } from '../../server/live/turn.ts';
import { hasTurnserver, startCoturn, type Coturn } from './support/coturn.ts';
import { startStack, type Stack } from './support/stack.ts';
import { askAndClaim, expectAudioBothWays, callAndAnswer, launchOptionsForCalls, lendToJeanne, openHelperConsole, openShell, selectedPath, shareScreen } from './call-support.ts';

test.use({ launchOptions: launchOptionsForCalls() });
test.skip(!hasTurnserver(), 'coturn (Debian package coturn: turnserver) is not installed');

let coturn: Coturn;
let stack: Stack;
test.beforeAll(async () => {
  coturn = await startCoturn({ extraArgs: ['--allow-loopback-peers'] });
});
test.afterAll(async () => {
  await coturn?.stop();
});
test.beforeEach(async () => {
  stack = await startStack({ hub: { turn: { urls: [coturn.url], secret: coturn.secret, relayOnly: true } } });
  await lendToJeanne(stack);
});
test.afterEach(async () => {
  await stack.close();
});

test('relay only: the call and the shared screen go through coturn, on both sides', async ({ browser }) => {
  test.setTimeout(120_000);
  const marie = await openHelperConsole(browser, stack, 'Marie');
  const shell = await openShell(browser, stack);
  await askAndClaim(shell, marie.page);
  await callAndAnswer(shell, marie.page);
  for (const page of [shell, marie.page]) {
    expect(await page.evaluate(() => window.__peers.at(-1)!.getConfiguration().iceTransportPolicy)).toBe('relay');
    expect(await selectedPath(page)).toEqual({ local: 'relay', remote: 'relay' });
  }
  await expectAudioBothWays(shell, marie.page);
  await shareScreen(shell, marie.page);
});

test('coturn refuses an expired credential and relays for a fresh one', async ({ browser }) => {
  const shell = await openShell(browser, stack);
  const now = Math.floor(Date.now() / 1000);
  const gather = (expiresAt: number) => {
    const { username, credential } = turnCredential(coturn.secret, 'machine-test', expiresAt);
    return shell.evaluate(
      async ({ url, username, credential }) => {
        const pc = new RTCPeerConnection({ iceServers: [{ urls: url, username, credential }], iceTransportPolicy: 'relay' });
        const found: string[] = [];
        const errors: number[] = [];
        pc.onicecandidate = (e) => e.candidate && found.push(e.candidate.type ?? '?');
        pc.onicecandidateerror = (e) => errors.push((e as RTCPeerConnectionIceErrorEvent).errorCode);
        pc.createDataChannel('probe');
        await pc.setLocalDescription();
        await new Promise<void>((resolve) => {
          const done = () => pc.iceGatheringState === 'complete' && resolve();
          pc.onicegatheringstatechange = done;
          setTimeout(resolve, 8000);
        });
        pc.close();
        return { found, errors };
      },
      { url: coturn.url, username, credential },
    );
  };
  const fresh = await gather(now + 600);
  expect(fresh.found).toContain('relay');
  const expired = await gather(now - 60);
  expect(expired.found).toEqual([]);
  expect(expired.errors).toContain(401);
});
