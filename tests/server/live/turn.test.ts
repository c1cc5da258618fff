import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TURN_TTL_SECONDS, iceConfigFor, isTurnUrl, turnCredential, turnOptionsFrom } from '../../../server/live/turn.ts';

const SECRET = 'north-wind-secret-0123456789abcdef';

describe('TURN REST credentials', () => {
  it('signs "expiry:user" with HMAC-SHA1 of the shared secret, as openssl computes it', () => {
    const { username, credential } = turnCredential(SECRET, 'machine-42', 1_800_000_000);
    expect(username).toBe('1800000000:machine-42');
    const openssl = execFileSync('sh', ['-c', `printf '%s' "$U" | openssl dgst -sha1 -hmac "$S" -binary | base64`], {
      env: { ...process.env, U: username, S: SECRET },
    })
      .toString()
      .trim();
    expect(credential).toBe(openssl);
  });

  it('hands out relay servers valid for the lifetime from now, relay-only when asked; none without a relay', () => {
    const now = new Date('2026-11-30T12:00:00Z');
    const config = iceConfigFor({ urls: ['turn:relay.example:3478'], secret: SECRET }, 'account-7', now);
    expect(config.iceTransportPolicy).toBe('all');
    expect(config.iceServers[0]!.username).toBe(`${now.getTime() / 1000 + DEFAULT_TURN_TTL_SECONDS}:account-7`);
    expect(iceConfigFor({ urls: ['turn:r:3478'], secret: SECRET, relayOnly: true, ttlSeconds: 60 }, 'u', now)).toMatchObject({
      iceTransportPolicy: 'relay',
      iceServers: [{ username: `${now.getTime() / 1000 + 60}:u` }],
    });
    expect(iceConfigFor(undefined, 'u', now)).toEqual({ iceServers: [], iceTransportPolicy: 'all' });
  });

  it('reads the relay settings from the command line, refusing what coturn could not use', () => {
    const readFile = (path: string) => {
      if (path === '/etc/passerelle/turn-secret') return `${SECRET}\n`;
      throw new Error('ENOENT');
    };
    const base = { secretFile: undefined, secretEnv: undefined, relayOnly: false, readFile };
    expect(turnOptionsFrom({ ...base, urls: undefined })).toEqual({ turn: null });
    expect(turnOptionsFrom({ ...base, urls: ['turn:relay.example:3478'], secretFile: '/etc/passerelle/turn-secret' })).toEqual({
      turn: { urls: ['turn:relay.example:3478'], secret: SECRET, relayOnly: false },
    });
    expect(turnOptionsFrom({ ...base, urls: ['turn:relay.example:3478'], secretEnv: SECRET, relayOnly: true })).toMatchObject({ turn: { relayOnly: true } });
    expect(turnOptionsFrom({ ...base, urls: ['http://relay.example'] })).toMatchObject({ error: expect.stringContaining('expected turn:host:port') });
    expect(turnOptionsFrom({ ...base, urls: ['turn:relay.example:3478'], secretEnv: 'short' })).toMatchObject({ error: expect.stringContaining('at least 16') });
    expect(turnOptionsFrom({ ...base, urls: ['turn:relay.example:3478'], secretFile: '/missing' })).toMatchObject({ error: expect.stringContaining('cannot read /missing') });
    expect(turnOptionsFrom({ ...base, urls: undefined, relayOnly: true })).toMatchObject({ error: expect.stringContaining('need --turn-url') });
    expect(['turn:1.2.3.4:3478', 'turns:relay.example:5349', 'turn:[::1]:3478?transport=tcp'].every(isTurnUrl)).toBe(true);
    expect(['turn:a b', 'stun:x:1', 'turn:x:1;rm'].some(isTurnUrl)).toBe(false);
  });
});
