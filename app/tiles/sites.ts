/**
 * What a website tile is allowed to be: its address, its official domains, and the login providers
 * (FranceConnect) it may send the person to. Shared by the hub (which refuses a bad tile) and the
 * shell's guard (main/policy/site-guard.ts, which decides every navigation from these).
 */
import { z } from 'zod';
import { LOGIN_PROVIDERS, TEST_HOST_SUFFIX, isDnsHost } from './site-hosts.ts';

// The hosts' rules (zod-free, for the shell's guard in the renderer too): site-hosts.ts.
export * from './site-hosts.ts';

/**
 * A domain pattern: `ameli.fr` (exactly that host) or `*.ameli.fr` (any host under it, never
 * `ameli.fr` itself). Subdomains are allowed only when a helper writes the `*.` explicitly.
 */
export const SitePattern = z
  .string()
  .max(253)
  .refine((p) => isDnsHost(p.startsWith('*.') ? p.slice(2) : p), 'a domain is a lower-case name such as "ameli.fr", or "*.ameli.fr" for the hosts under it (no scheme, port, path or IP address)');
export type SitePattern = z.infer<typeof SitePattern>;

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

export type LoginProviderId = keyof typeof LOGIN_PROVIDERS;
export const LoginProviderId = z.enum(Object.keys(LOGIN_PROVIDERS) as [LoginProviderId, ...LoginProviderId[]]);

/** The domains a bare address suggests: its host, and the hosts under it without "www." (the console pre-fills these). */
export function suggestedDomains(url: string): string[] {
  const host = new URL(url).hostname;
  const base = host.startsWith('www.') ? host.slice(4) : host;
  return [...new Set([host, base, `*.${base}`])];
}
