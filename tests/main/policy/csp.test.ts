import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, hubConnectSources } from '../../../main/policy/csp.ts';

/** Split a policy into directive → sources, failing on a repeated directive or an empty one. */
function parsePolicy(policy: string): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) throw new Error(`empty directive in ${policy}`);
    if (directives.has(name)) throw new Error(`repeated directive ${name}`);
    directives.set(name, sources);
  }
  return directives;
}

describe('contentSecurityPolicy', () => {
  const policy = parsePolicy(contentSecurityPolicy('https://hub.example.org'));

  it('takes scripts, styles and everything else only from the app itself', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('font-src')).toEqual(["'self'"]);
  });

  it('allows data: pictures, data: speech and blob: voice recordings, nothing else from outside', () => {
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
    expect(policy.get('media-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('lets the page reach the hub over HTTPS and its web socket, and nowhere else', () => {
    expect(policy.get('connect-src')).toEqual(["'self'", 'https://hub.example.org', 'wss://hub.example.org']);
  });

  it('shuts plugins, base rewriting, framing and forms', () => {
    for (const name of ['object-src', 'base-uri', 'frame-ancestors', 'form-action', 'frame-src', 'worker-src']) {
      expect(policy.get(name), name).toEqual(["'none'"]);
    }
  });

  it('never allows eval, inline code or wildcards', () => {
    const text = contentSecurityPolicy('http://127.0.0.1:8600');
    expect(text).not.toMatch(/unsafe-eval|unsafe-inline|wasm-unsafe-eval|unsafe-hashes|\*/);
  });

  it('keeps the hub port and uses ws: for an http hub', () => {
    expect(parsePolicy(contentSecurityPolicy('http://127.0.0.1:8600')).get('connect-src')).toEqual(["'self'", 'http://127.0.0.1:8600', 'ws://127.0.0.1:8600']);
    expect(hubConnectSources('http://[::1]:8600/api')).toEqual(['http://[::1]:8600', 'ws://[::1]:8600']);
  });
});

describe('hubConnectSources with a hostile hub URL from the config file', () => {
  it.each([
    "http://a;script-src 'unsafe-eval'",
    'http://a;b/',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:text/plain,x',
    'ftp://hub.example.org',
    'https://user:pw@hub.example.org',
    'not a url',
    '',
  ])('adds no source for %s', (hubUrl) => {
    expect(hubConnectSources(hubUrl)).toEqual([]);
    const policy = parsePolicy(contentSecurityPolicy(hubUrl));
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
  });
});
