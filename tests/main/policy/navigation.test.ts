import { describe, expect, it } from 'vitest';
import { isNavigationAllowed, windowOpenDecision } from '../../../main/policy/navigation.ts';

describe('isNavigationAllowed', () => {
  it("allows the shell's own pages", () => {
    expect(isNavigationAllowed('app://shell/')).toBe(true);
    expect(isNavigationAllowed('app://shell/index.html?x=1#help')).toBe(true);
    expect(isNavigationAllowed('APP://SHELL/index.html')).toBe(true);
  });

  it.each([
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'file://shell/index.html',
    'data:text/html,<script>alert(1)</script>',
    'blob:app://shell/0d5e',
    'chrome://settings',
    'chrome://gpu',
    'devtools://devtools/bundled/inspector.html',
    'about:blank',
    'view-source:app://shell/',
    'ftp://shell/',
    'https://www.google.com/',
  ])('refuses a scheme or site outside the shell: %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it.each(['app://shell.evil/', 'app://shellx/', 'app://evil.shell/', 'app://shell./', 'app://shell:8080/', 'app://she%6cl/', 'app:shell/index.html', 'app:///shell/'])(
    'refuses a look-alike of the app origin: %s',
    (url) => {
      expect(isNavigationAllowed(url)).toBe(false);
    },
  );

  it('refuses credentials in front of an allowed host', () => {
    expect(isNavigationAllowed('app://user@shell/')).toBe(false);
    expect(isNavigationAllowed('app://user:pw@shell/')).toBe(false);
    expect(isNavigationAllowed('https://hub@evil.com/', ['https://hub'])).toBe(false);
    expect(isNavigationAllowed('https://hub.example.org@evil.com/', ['https://hub.example.org'])).toBe(false);
    expect(isNavigationAllowed('https://hub.example.org:pw@hub.example.org/', ['https://hub.example.org'])).toBe(false);
  });

  describe('with a hub on the allow-list', () => {
    const allow = ['app://shell', 'https://hub.example.org'];
    it('allows the hub, whatever the case of its name and with its default port written out', () => {
      expect(isNavigationAllowed('https://hub.example.org/updates', allow)).toBe(true);
      expect(isNavigationAllowed('HTTPS://Hub.Example.ORG/', allow)).toBe(true);
      expect(isNavigationAllowed('https://hub.example.org:443/', allow)).toBe(true);
    });
    it.each([
      'https://hub.example.org.attacker.com/',
      'https://attacker.com/hub.example.org',
      'https://attacker.com/?https://hub.example.org',
      'https://evilhub.example.org/',
      'https://hub.example.org:8443/',
      'http://hub.example.org/',
      'wss://hub.example.org/',
    ])('refuses a host, port or scheme that only resembles it: %s', (url) => {
      expect(isNavigationAllowed(url, allow)).toBe(false);
    });
  });

  it.each([undefined, null, 42, {}, '', 'not a url', '//shell/', '/index.html', 'app://', 'http://[::1', 'x'.repeat(10_000)])('refuses malformed input: %s', (url) => {
    expect(isNavigationAllowed(url)).toBe(false);
  });

  it('ignores allow-list entries that are not origins it can navigate to', () => {
    expect(isNavigationAllowed('javascript:alert(1)', ['javascript:alert(1)'])).toBe(false);
    expect(isNavigationAllowed('file:///etc/passwd', ['file:///'])).toBe(false);
    expect(isNavigationAllowed('https://a.example/', ['not a url', ''])).toBe(false);
  });

  it('refuses everything when the allow-list is empty', () => {
    expect(isNavigationAllowed('app://shell/', [])).toBe(false);
  });
});

describe('windowOpenDecision', () => {
  it.each(['app://shell/', 'https://hub.example.org/', 'javascript:alert(1)', '', undefined])('never opens a window, not even for %s', (url) => {
    expect(windowOpenDecision(url)).toEqual({ action: 'deny' });
  });
});
