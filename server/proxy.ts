/**
 * Which reverse proxies the hub believes. Behind one (TLS terminated in front, see build/nginx/ and the
 * README), the client's address and scheme come from X-Forwarded-For and X-Forwarded-Proto — but only
 * when the connection comes from a listed proxy: believing them from anyone let a client choose its
 * own address for every limit (391 login and 68,871 enrolment guesses a minute, zero 429).
 */
import { isIP } from 'node:net';

export type TrustedProxies = { ok: true; proxies: string[] } | { ok: false; error: string };

/** "127.0.0.1, 10.0.0.0/8, ::1" → the list Fastify's `trustProxy` takes, or what is wrong with it. */
export function parseTrustedProxies(list: string): TrustedProxies {
  const proxies = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (proxies.length === 0) return { ok: false, error: 'list the proxy addresses or networks to trust, e.g. 127.0.0.1 or 10.0.0.0/8' };
  for (const p of proxies) {
    const [address = '', prefix, extra] = p.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || extra !== undefined || !prefixOk) {
      return { ok: false, error: `"${p}" is not an IP address or network (accepted: 127.0.0.1, ::1, 10.0.0.0/8, fd00::/8)` };
    }
  }
  return { ok: true, proxies };
}
