/**
 * build/coturn/turnserver.conf, the relay's configuration shipped for associations: it asks for
 * TURN REST credentials, keeps the relay off private networks, and real coturn accepts it —
 * started from it, it relays for a credential the hub computed and refuses an expired one.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { turnCredential } from '../../server/live/turn.ts';
import { COTURN_CONFIG, hasTurnserver, startCoturn, type Coturn } from '../e2e/support/coturn.ts';

const run = promisify(execFile);
const settings = fs
  .readFileSync(COTURN_CONFIG, 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));

describe('the relay configuration', () => {
  it('takes only time-limited credentials from the shared secret', () => {
    expect(settings).toContain('use-auth-secret');
    expect(settings.some((l) => l.startsWith('static-auth-secret='))).toBe(true);
    for (const forbidden of ['lt-cred-mech', 'no-auth', 'allow-loopback-peers']) expect(settings).not.toContain(forbidden);
    expect(settings.filter((l) => l.startsWith('user='))).toEqual([]);
  });

  it('never relays to private, link-local or loopback networks', () => {
    const denied = settings.filter((l) => l.startsWith('denied-peer-ip=')).map((l) => l.slice('denied-peer-ip='.length));
    for (const range of ['10.0.0.0-10.255.255.255', '172.16.0.0-172.31.255.255', '192.168.0.0-192.168.255.255', '169.254.0.0-169.254.255.255', '::1']) {
      expect(denied).toContain(range);
    }
    expect(settings.filter((l) => l.startsWith('allowed-peer-ip='))).toEqual([]);
    expect(settings).toContain('no-multicast-peers');
  });
});

describe.skipIf(!hasTurnserver())('coturn started from it', () => {
  let coturn: Coturn;
  beforeAll(async () => {
    coturn = await startCoturn({ extraArgs: ['--allow-loopback-peers'] });
  }, 20_000);
  afterAll(async () => {
    await coturn?.stop();
  });

  const allocate = async (expiresAt: number) => {
    const { username, credential } = turnCredential(coturn.secret, 'machine-test', expiresAt);
    // turnutils_uclient (coturn's own client): one allocation, a few packets through the relay.
    return run('turnutils_uclient', ['-y', '-n', '1', '-m', '1', '-u', username, '-w', credential, '-p', String(coturn.port), '127.0.0.1'], { timeout: 20_000 }).then(
      (r) => r.stdout + r.stderr,
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ''}${e.stderr ?? ''}`,
    );
  };

  it('relays for a credential the hub computed, and refuses the same user once it has expired', async () => {
    const now = Math.floor(Date.now() / 1000);
    const fresh = await allocate(now + 600);
    expect(fresh).not.toMatch(/Cannot complete Allocation|error 401/);
    expect(fresh).toMatch(/Total transmit time/);
    const expired = await allocate(now - 60);
    expect(expired).toMatch(/Cannot complete Allocation/);
    await coturn.stop();
    expect(coturn.log()).toMatch(new RegExp(`Cannot find credentials of user <${now - 60}:machine-test>`));
  }, 60_000);
});
