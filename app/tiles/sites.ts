/**
 * What a website tile is allowed to be: its address, its official domains, and the login providers
 * (FranceConnect) it may send the person to. Shared by the hub (which refuses a bad tile) and the
 * shell's guard (main/policy/site-guard.ts, which decides every navigation from these).
 */
import { z } from 'zod';

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

/**
 * A domain pattern: `ameli.fr` (exactly that host) or `*.ameli.fr` (any host under it, never
 * `ameli.fr` itself). Subdomains are allowed only when a helper writes the `*.` explicitly.
 */
export const SitePattern = z
  .string()
  .max(253)
  .refine((p) => isDnsHost(p.startsWith('*.') ? p.slice(2) : p), 'a domain is a lower-case name such as "ameli.fr", or "*.ameli.fr" for the hosts under it (no scheme, port, path or IP address)');
export type SitePattern = z.infer<typeof SitePattern>;

/** True when `host` (already lower-case, no trailing dot) is matched by the pattern. */
export function hostMatches(host: string, pattern: string): boolean {
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1;
  return host === pattern;
}

/** The address a tile opens: https (or http on a `.test` host), a DNS name, no user name or password. */
export const SiteUrl = z
  .string()
  .max(2000)
  .refine((raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    if (!isDnsHost(url.hostname)) return false;
    return url.protocol === 'https:' || (url.protocol === 'http:' && url.hostname.endsWith(TEST_HOST_SUFFIX));
  }, 'an address is https://name.example/… (a domain name, no user name, no IP address)');

/**
 * Login providers a site may send its visitors to and back, declared once: a tile names them, the
 * guard lets navigation through and the real-site check shows them green.
 */
export const LOGIN_PROVIDERS = {
  franceconnect: { name: 'FranceConnect', domains: ['franceconnect.gouv.fr', '*.franceconnect.gouv.fr'] },
} as const satisfies Record<string, { name: string; domains: readonly string[] }>;
export type LoginProviderId = keyof typeof LOGIN_PROVIDERS;
export const LoginProviderId = z.enum(Object.keys(LOGIN_PROVIDERS) as [LoginProviderId, ...LoginProviderId[]]);

/** The domains a bare address suggests: its host, and the hosts under it without "www." (the console pre-fills these). */
export function suggestedDomains(url: string): string[] {
  const host = new URL(url).hostname;
  const base = host.startsWith('www.') ? host.slice(4) : host;
  return [...new Set([host, base, `*.${base}`])];
}
