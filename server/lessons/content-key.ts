/**
 * The hub's content key: ed25519, made at the first start in the hub's data folder (mode 0600), used
 * to sign the lesson index. Shells pin its public half the first time they ask for it with their
 * machine token. It signs data only (lesson packs are checked and unpacked, never run); the release
 * key that signs app updates is never on the hub.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTENT_KEY_FILE = 'content-ed25519.key';

export type ContentKey = { privateKey: KeyObject; publicKey: KeyObject; publicPem: string };

function fromPrivatePem(pem: string): ContentKey {
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${CONTENT_KEY_FILE} is not an ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: String(publicKey.export({ type: 'spki', format: 'pem' })) };
}

export function loadOrCreateContentKey(dataDir: string): ContentKey {
  const file = join(dataDir, CONTENT_KEY_FILE);
  try {
    const key = fromPrivatePem(readFileSync(file, 'utf8'));
    // A key left readable by others (an older hub, a copy, a restore) is closed down: its user only.
    chmodSync(file, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = String(privateKey.export({ type: 'pkcs8', format: 'pem' }));
  try {
    // 'wx': if another process made the key meanwhile, use that one.
    writeFileSync(file, pem, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fromPrivatePem(readFileSync(file, 'utf8'));
}
