/**
 * The Content-Security-Policy of the shell's page. Scripts and styles come only from the app's own
 * files: the Vite build emits external .js and .css files and React sets styles through the CSSOM,
 * which CSP does not restrict, so neither 'unsafe-inline' nor 'unsafe-eval' is needed. Speech comes
 * back as a data: URL (media-src data:); recorded voice messages are blob: URLs.
 */

/** A host is only ever letters, digits, dots and dashes, or a bracketed IPv6 literal. */
const SAFE_HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?$/;

/**
 * The hub's origins for connect-src (`https://hub` and `wss://hub`), or none when the URL is not a
 * plain http(s) URL. The hub URL comes from a config file: a value such as `http://a; script-src *`
 * must not be able to write into the policy, so the host is checked character by character.
 */
export function hubConnectSources(hubUrl: string): string[] {
  let url: URL;
  try {
    url = new URL(hubUrl);
  } catch {
    return [];
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return [];
  if (url.username !== '' || url.password !== '' || !SAFE_HOST.test(url.host)) return [];
  const socketScheme = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return [`${url.protocol}//${url.host}`, `${socketScheme}//${url.host}`];
}

export function contentSecurityPolicy(hubUrl: string): string {
  const directives: Array<[string, string[]]> = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'", 'data:']],
    ['media-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'"]],
    ['connect-src', ["'self'", ...hubConnectSources(hubUrl)]],
    ['worker-src', ["'none'"]],
    ['frame-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'none'"]],
  ];
  return directives.map(([name, sources]) => `${name} ${sources.join(' ')}`).join('; ');
}
