import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../../main/policy/ipc-sender.ts';

describe('isTrustedSender', () => {
  it('trusts the shell page in its main frame', () => {
    expect(isTrustedSender('app://shell/', true)).toBe(true);
    expect(isTrustedSender('app://shell/index.html#/help', true)).toBe(true);
  });

  it('does not trust a sub-frame, even of the shell origin', () => {
    expect(isTrustedSender('app://shell/', false)).toBe(false);
  });

  it.each([
    'https://hub.example.org/',
    'app://shell.evil/',
    'app://evil/',
    'app://user@shell/',
    'app://shell:1/',
    'file:///work/dist/renderer/index.html',
    'about:blank',
    'data:text/html,x',
    'devtools://devtools/bundled/inspector.html',
    'chrome-error://chromewebdata/',
    '',
  ])('does not trust a main frame at %s', (url) => {
    expect(isTrustedSender(url, true)).toBe(false);
  });

  it('does not trust missing or odd values', () => {
    expect(isTrustedSender(undefined, true)).toBe(false);
    expect(isTrustedSender(null, true)).toBe(false);
    expect(isTrustedSender('app://shell/', 'true')).toBe(false);
    expect(isTrustedSender('app://shell/', 1)).toBe(false);
    expect(isTrustedSender('app://shell/', undefined)).toBe(false);
  });
});
