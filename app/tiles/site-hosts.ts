/**
 * The hosts a website tile may reach: DNS names, patterns, the login providers. Zod-free, so the
 * shell's site guard (main/policy/site-guard.ts, also in the renderer) takes them without zod;
 * sites.ts builds the tile's schemas on them and re-exports them.
 */
/**
 * Hosts under `.test` can never be a real site (RFC 6761 reserves the name): the tests serve their
 * sites there over plain HTTP. Everything else must be HTTPS.
 */
export const TEST_HOST_SUFFIX = '.test';

const HOST_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
/** A lower-case DNS name with at least two labels, no trailing dot, no IP address (checked below). */
const HOST = new RegExp(`^${HOST_LABEL}(?:\\.${HOST_LABEL})+$`);
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}$/;

export function isDnsHost(host: string): boolean {
  return HOST.test(host) && !IPV4.test(host) && !/\.\d+$/.test(host);
}

/** True when `host` (already lower-case, no trailing dot) is matched by the pattern. */
export function hostMatches(host: string, pattern: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}

/**
 * Login providers a site may send its visitors to and back, declared once: a tile names them, the
 * guard lets navigation through and the real-site check shows them green.
 */
export const LOGIN_PROVIDERS = {
  franceconnect: { name: 'FranceConnect', domains: ['franceconnect.gouv.fr', '*.franceconnect.gouv.fr'] },
} as const satisfies Record<string, { name: string; domains: readonly string[] }>;
