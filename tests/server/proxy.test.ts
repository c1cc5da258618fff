/**
 * Behind a reverse proxy: X-Forwarded-For and X-Forwarded-Proto are believed only from the listed
 * proxies. Believing them from anyone let one client claim a new address for every attempt (391 login
 * and 68,871 enrolment guesses a minute, no 429). Over HTTPS (from a trusted proxy) the session cookie
 * is Secure and HSTS is sent; never over plain HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/limits.ts';
import { parseTrustedProxies } from '../../server/proxy.ts';
import { addHelper, expectApiError, makeHub, removeTempDirs, tempDir, type TestHub } from './helpers.ts';

const hubs: TestHub[] = [];
afterEach(async () => {
  for (const h of hubs.splice(0)) await h.close();
  removeTempDirs();
});
/** Five sign-ins per address (each costs a password hash): enough to see the limit hold. */
const loginPerAddress = { max: 5, windowMs: 600_000 };
async function hub(trustProxy?: string[]): Promise<TestHub> {
  const h = await makeHub(tempDir(), { limits: { loginPerAddress }, ...(trustProxy ? { trustProxy } : {}) });
  hubs.push(h);
  return h;
}

const login = (h: TestHub, remoteAddress: string, headers: Record<string, string>, email = 'x@spoof.test', password = 'nope') =>
  h.app.inject({ method: 'POST', url: '/api/v1/console/login', payload: { email, password }, remoteAddress, headers });
const enrol = (h: TestHub, remoteAddress: string, headers: Record<string, string>) =>
  h.app.inject({ method: 'POST', url: '/api/v1/enrol', payload: { code: 'ABCD2345' }, remoteAddress, headers });
let n = 0;
const spoofed = () => ({ 'x-forwarded-for': `198.18.${(++n >> 8) & 255}.${n & 255}` });

describe('--trust-proxy takes addresses and networks', () => {
  it('accepts IPv4, IPv6 and CIDR lists and explains a bad entry', () => {
    expect(parseTrustedProxies('127.0.0.1, ::1,10.0.0.0/8 ,fd00::/8')).toEqual({ ok: true, proxies: ['127.0.0.1', '::1', '10.0.0.0/8', 'fd00::/8'] });
    for (const bad of ['', 'true', 'nginx.local', '10.0.0.0/33', '10.0.0.1/8/2', '999.1.1.1']) {
      const r = parseTrustedProxies(bad);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.error.length).toBeGreaterThan(20);
    }
  });
});

describe('forwarded headers from a stranger are ignored', () => {
  for (const trust of [undefined, ['127.0.0.1']]) {
    it(`${trust ? 'behind a listed proxy' : 'without a proxy'}: a new X-Forwarded-For per attempt does not escape the per-address limits`, async () => {
      const h = await hub(trust);
      // A new email each time too, so that only the per-address limit can stop this.
      for (let i = 0; i < loginPerAddress.max; i++) expectApiError(await login(h, '203.0.113.5', spoofed(), `x${i}@spoof.test`), 401);
      expectApiError(await login(h, '203.0.113.5', spoofed(), 'y@spoof.test'), 429, 'rate_limited');
      for (let i = 0; i < DEFAULT_LIMITS.enrolment.max; i++) expect((await enrol(h, '203.0.113.5', spoofed())).statusCode).toBe(403);
      expectApiError(await enrol(h, '203.0.113.5', spoofed()), 429, 'rate_limited');
    });
  }

  it('from the listed proxy, each forwarded client has its own limits', async () => {
    const h = await hub(['127.0.0.1']);
    const client = { 'x-forwarded-for': '192.0.2.10' };
    for (let i = 0; i < DEFAULT_LIMITS.enrolment.max; i++) expect((await enrol(h, '127.0.0.1', client)).statusCode).toBe(403);
    expectApiError(await enrol(h, '127.0.0.1', client), 429, 'rate_limited');
    expect((await enrol(h, '127.0.0.1', { 'x-forwarded-for': '192.0.2.11' })).statusCode).toBe(403);
  });
});

describe('HTTPS behind a trusted proxy', () => {
  async function signIn(h: TestHub, remoteAddress: string, headers: Record<string, string>) {
    const { email, password } = await addHelper(h, `M${++n}`);
    const res = await login(h, remoteAddress, headers, email, password);
    expect(res.statusCode).toBe(200);
    return { secure: res.cookies.find((c) => c.name === 'passerelle_session')?.secure === true, hsts: res.headers['strict-transport-security'] };
  }

  it('marks the session cookie Secure and sends HSTS when the listed proxy says https', async () => {
    const h = await hub(['127.0.0.1']);
    expect(await signIn(h, '127.0.0.1', { 'x-forwarded-proto': 'https' })).toEqual({ secure: true, hsts: 'max-age=31536000; includeSubDomains' });
    const page = await h.app.inject({ method: 'GET', url: '/livez', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-proto': 'https' } });
    expect(page.headers['strict-transport-security']).toContain('max-age=');
  });

  it('believes no "https" from a stranger, and sends no HSTS over plain HTTP', async () => {
    const h = await hub(['127.0.0.1']);
    expect(await signIn(h, '203.0.113.5', { 'x-forwarded-proto': 'https' })).toEqual({ secure: false, hsts: undefined });
    expect(await signIn(h, '127.0.0.1', {})).toEqual({ secure: false, hsts: undefined });
  });
});
