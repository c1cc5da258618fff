/**
 * Where may the shell's window go? Only to its own origin by default: the beneficiary never leaves
 * the shell through a link, a redirect or a script. Origins are compared exactly after parsing with
 * `new URL`, because a prefix check lets `https://hub.example.org.attacker.com` through.
 */
import { APP_ORIGIN, originOf, parseUrl } from './app-origin.ts';

/** Schemes a navigation may ever use; `javascript:`, `data:`, `file:`, `chrome:`… never. */
const NAVIGABLE_SCHEMES = new Set(['app:', 'https:', 'http:']);

export const DEFAULT_NAVIGATION_ALLOW_LIST: readonly string[] = [APP_ORIGIN];

/** Normalise an allow-list entry (`app://shell`, `https://hub.example.org`) to an origin, or null. */
function allowedOrigin(entry: string): string | null {
  const parsed = parseUrl(entry);
  if (!parsed || !NAVIGABLE_SCHEMES.has(parsed.protocol)) return null;
  return originOf(parsed);
}

export function isNavigationAllowed(url: unknown, allowList: readonly string[] = DEFAULT_NAVIGATION_ALLOW_LIST): boolean {
  const parsed = parseUrl(url);
  if (!parsed || !NAVIGABLE_SCHEMES.has(parsed.protocol)) return false;
  const origin = originOf(parsed);
  if (origin === null) return false;
  return allowList.some((entry) => allowedOrigin(entry) === origin);
}

/** `setWindowOpenHandler`: a kiosk never opens a second window nor hands a link to the desktop. */
export function windowOpenDecision(_url: unknown): { action: 'deny' } {
  return { action: 'deny' };
}
