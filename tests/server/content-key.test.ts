/**
 * The hub's content key is its user's only: a key file left readable by others is closed down at start, and kept.
 * `--content-key FILE` gives every instance the same key (instances sharing PostgreSQL: postgres-startup.test.ts).
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeHub, removeTempDirs, tempDir } from './helpers.ts';

afterAll(() => removeTempDirs());

it('closes down a content key left readable by others (an older hub, a copy, a restore)', async () => {
  const dataDir = join(tempDir(), 'hub');
  mkdirSync(dataDir, { mode: 0o700 });
  const file = join(dataDir, 'content-ed25519.key');
  const pem = String(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
  writeFileSync(file, pem, { mode: 0o644 });
  chmodSync(file, 0o644);
  const hub = await makeHub(dataDir);
  try {
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    // The same key is kept, not replaced.
    expect(hub.lessons.publicKeyPem).toBe(String(createPublicKey(pem).export({ type: 'spki', format: 'pem' })));
  } finally {
    await hub.close();
  }
});

describe('--content-key FILE: the key every instance is given', () => {
  const pemOf = (type: 'ed25519' | 'x25519') =>
    String((type === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519')).privateKey.export({ type: 'pkcs8', format: 'pem' }));

  it('signs with the given key, not one of the data folder or the database, and writes none', async () => {
    const file = join(tempDir(), 'content.key');
    const pem = pemOf('ed25519');
    writeFileSync(file, pem, { mode: 0o600 });
    const dataDir = join(tempDir(), 'hub');
    const hub = await makeHub(dataDir, { contentKeyFile: file });
    try {
      expect(hub.contentKeySource).toBe('file');
      expect(hub.lessons.publicKeyPem).toBe(String(createPublicKey(pem).export({ type: 'spki', format: 'pem' })));
      expect(existsSync(join(dataDir, 'content-ed25519.key'))).toBe(false);
    } finally {
      await hub.close();
    }
  });

  it('refuses to start on a missing file or a key that is not ed25519, saying how to make one', async () => {
    const dir = tempDir();
    await expect(makeHub(join(dir, 'a'), { contentKeyFile: join(dir, 'missing.key') })).rejects.toThrow(/--content-key .*missing\.key: no such file/);
    const wrong = join(dir, 'x25519.key');
    writeFileSync(wrong, pemOf('x25519'), { mode: 0o600 });
    await expect(makeHub(join(dir, 'b'), { contentKeyFile: wrong })).rejects.toThrow(/not an ed25519 key; make one with: openssl genpkey -algorithm ed25519/);
    const junk = join(dir, 'junk.key');
    writeFileSync(junk, 'not a key', { mode: 0o600 });
    await expect(makeHub(join(dir, 'c'), { contentKeyFile: junk })).rejects.toThrow(/does not hold a private key in PEM/);
  });
});
