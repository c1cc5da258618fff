/**
 * The shell's own origin: the renderer is served from `app://shell/` by a privileged custom
 * protocol (never `file://`). Every security decision compares against this one origin.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'shell';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_HOME_URL = `${APP_ORIGIN}/`;

/** Parse a URL without throwing: null when it is not a URL at all. */
export function parseUrl(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The origin of a parsed URL as Chromium sees it for standard schemes: `scheme://host[:port]`,
 * lower-cased. Node's `URL.origin` is the string "null" for non-special schemes such as app:,
 * so it cannot be used for our own scheme. Null when the URL carries credentials
 * (`https://hub@evil.com` reads like the hub to a person, not to us) or has no host.
 */
export function originOf(url: URL): string | null {
  if (url.username !== '' || url.password !== '') return null;
  if (url.host === '') return null;
  return `${url.protocol}//${url.host}`.toLowerCase();
}

/** True for any URL on the shell's own origin (`app://shell`, no port, no credentials). */
export function isAppUrl(url: unknown): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && originOf(parsed) === APP_ORIGIN;
}
