/** Secrets the hub mints and checks: machine tokens, enrolment codes, session ids, password hashes. */
import { createHash, randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { ENROLMENT_CODE_ALPHABET } from '../../app/protocol/hub.ts';

/** 32 random bytes, base64url: machine tokens, session ids, CSRF tokens. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** SHA-256 hex of a high-entropy secret (tokens, codes, session ids). Fine without salt: inputs are random. */
export function sha256(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Whether a secret someone sent (a CSRF token, a bearer token) is the expected one, in a time that
 * tells nothing of where they differ, nor of the expected one's length: both are hashed first, so
 * the comparison is always of 32 bytes.
 */
export function sameSecret(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** 8 characters from the unambiguous alphabet, uniformly drawn (no modulo bias: randomInt). */
export function newEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < 8; i++) code += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)];
  return code;
}

// ---- passwords: scrypt (memory-hard), parameters stored with each hash so they can change later.
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, keyLen: 32 } as const;

function scryptAsync(password: string, salt: Buffer, keyLen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, keyLen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** 128·N·r bytes of memory are needed; Node's default maxmem (32 MiB) is exactly that for N=2^15, so raise it. */
function maxmem(N: number, r: number): number {
  return 256 * N * r;
}

/** Format: `scrypt$N$r$p$saltB64$keyB64`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keyLen } = SCRYPT;
  const key = await scryptAsync(password, salt, keyLen, { N, r, p, maxmem: maxmem(N, r) });
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPasswordHash(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  if (expected.length === 0) return false;
  const key = await scryptAsync(password, salt, expected.length, { N, r, p, maxmem: maxmem(N, r) });
  return timingSafeEqual(key, expected);
}

/** A hash to check against when the email is unknown, so both paths cost the same. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(newSecret());
  return dummyHash;
}
