/** The hub's content key is its user's only: a key file left readable by others is closed down at start, and kept. */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
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
