/**
 * Slow bodies and connection floods. With Fastify's defaults (requestTimeout 0) 20,000 trickling
 * connections held 19,998 of 20,000 file descriptors. Now:
 * - a request must arrive whole within `requestMs` (its headers within `headersMs`), else 408 and
 *   the connection closes; an idle keep-alive connection closes after `keepAliveMs`;
 * - one address (an IPv6 /64 counts as one) holds at most `perAddress` connections at once; one
 *   more is closed at once. Trusted proxies are exempt: every client behind them shares their
 *   address, and the proxy limits connections per client itself (build/nginx/passerelle-hub.conf).
 * A live feed is one connection; a kiosk site behind one NAT with a few dozen machines fits.
 */
import type { Server } from 'node:http';
import { BlockList, isIP } from 'node:net';

export interface ConnectionLimits {
  /** Time for a whole request to arrive (a 256 KiB voice message over a slow mobile link: tens of seconds). */
  requestMs: number;
  /** Time for the request's headers to arrive. */
  headersMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** How often Node checks the two timeouts above (it checks in rounds, not per socket). */
  checkEveryMs: number;
  /** Open connections per client address. */
  perAddress: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  requestMs: 60_000,
  headersMs: 15_000,
  keepAliveMs: 10_000,
  checkEveryMs: 5_000,
  perAddress: 128,
};

/** Fastify and Node options carrying the timeouts. */
export function timeoutOptions(limits: ConnectionLimits) {
  return {
    requestTimeout: limits.requestMs,
    keepAliveTimeout: limits.keepAliveMs,
    http: { headersTimeout: limits.headersMs, connectionsCheckingInterval: limits.checkEveryMs },
  };
}

/** One key per client: an IPv4 address, or the /64 network of an IPv6 one (a host there has them all). */
function clientKey(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
  return `${groups.slice(0, 4).map((g) => parseInt(g || '0', 16).toString(16)).join(':')}::/64`;
}

function trustedList(proxies: readonly string[]): BlockList {
  const list = new BlockList();
  for (const p of proxies) {
    const [address = '', prefix] = p.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return list;
}

/** Closes a new connection at once when its address already holds `perAddress` of them. */
export function capConnectionsPerAddress(server: Server, perAddress: number, trustedProxies: readonly string[] = []): void {
  const trusted = trustedList(trustedProxies);
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const raw = socket.remoteAddress;
    if (!raw) return;
    // An IPv4 client on a dual-stack listener shows as ::ffff:a.b.c.d.
    const address = raw.startsWith('::ffff:') && isIP(raw.slice(7)) === 4 ? raw.slice(7) : raw;
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (trusted.check(address, family)) return;
    const key = clientKey(address);
    const count = (open.get(key) ?? 0) + 1;
    if (count > perAddress) {
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
