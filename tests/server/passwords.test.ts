import { describe, expect, it } from 'vitest';
import { ENROLMENT_CODE_ALPHABET, EnrolmentCode } from '../../app/protocol/hub.ts';
import { hashPassword, newEnrolmentCode, newSecret, sameSecret, verifyPasswordHash } from '../../server/store/crypto.ts';

describe('password hashing', () => {
  it('uses scrypt with its parameters and a per-password salt', async () => {
    const a = await hashPassword('correct horse');
    const b = await hashPassword('correct horse');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPasswordHash('correct horse', a)).toBe(true);
    expect(await verifyPasswordHash('correct horse!', a)).toBe(false);
    expect(await verifyPasswordHash('correct horse', 'garbage')).toBe(false);
  });

  it('verifies hashes made with other parameters (they can change later)', async () => {
    const { scryptSync, randomBytes } = await import('node:crypto');
    const salt = randomBytes(16);
    const key = scryptSync('pw', salt, 32, { N: 1024, r: 8, p: 1 });
    const stored = `scrypt$1024$8$1$${salt.toString('base64')}$${key.toString('base64')}`;
    expect(await verifyPasswordHash('pw', stored)).toBe(true);
    expect(await verifyPasswordHash('pw2', stored)).toBe(false);
  });
});

describe('secrets', () => {
  it('compares a secret sent with the expected one whatever their lengths (CSRF and bearer tokens)', () => {
    const token = newSecret();
    expect(sameSecret(token, token)).toBe(true);
    expect(sameSecret(`${token}`.slice(0), token)).toBe(true);
    expect(sameSecret(token.slice(0, -1), token)).toBe(false);
    expect(sameSecret(`${token}x`, token)).toBe(false);
    expect(sameSecret('', token)).toBe(false);
    expect(sameSecret('é', 'e\u0301')).toBe(false); // bytes, not a normalised text
  });

  it('mints 32-byte base64url tokens', () => {
    const t = newSecret();
    expect(Buffer.from(t, 'base64url')).toHaveLength(32);
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('mints valid enrolment codes from the alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const code = newEnrolmentCode();
      expect(code).toHaveLength(8);
      for (const ch of code) expect(ENROLMENT_CODE_ALPHABET).toContain(ch);
      expect(EnrolmentCode.parse(code)).toBe(code);
      seen.add(code);
    }
    expect(seen.size).toBe(200);
  });
});
