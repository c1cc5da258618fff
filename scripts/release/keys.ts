/**
 * The association's release key: ed25519, the private half in an encrypted PKCS#8 PEM kept off the
 * hub (an offline computer or an encrypted USB stick), the public half in SPKI PEM shipped in the
 * package (build/keys/release-ed25519.pem → /usr/share/passerelle/keys/), where the root updater's
 * `openssl pkeyutl -verify -pubin` reads it.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** Where the source tree keeps the public key that packages are built with. */
export const SHIPPED_PUBLIC_KEY = 'build/keys/release-ed25519.pem';
export const PRIVATE_KEY_FILE = 'release-ed25519.key';
export const PUBLIC_KEY_FILE = 'release-ed25519.pem';

/** Read by release:keygen and release:sign instead of asking on the terminal (for a release script). */
export const PASSPHRASE_ENV = 'PASSERELLE_RELEASE_PASSPHRASE';
/** Short passphrases fall to a guess; the key is worth the whole fleet. */
export const MIN_PASSPHRASE_LENGTH = 12;

export type ReleaseKeyPair = { privatePem: string; publicPem: string };

/** A new pair; with a passphrase the private PEM is encrypted (PKCS#8 PBES2: PBKDF2 and AES-256-CBC, which openssl reads too). */
export function generateReleaseKey(passphrase: string | null): ReleaseKeyPair {
  if (passphrase !== null && passphrase.length < MIN_PASSPHRASE_LENGTH) {
    throw new Error(`the passphrase must have at least ${MIN_PASSPHRASE_LENGTH} characters`);
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privatePem =
    passphrase === null
      ? privateKey.export({ type: 'pkcs8', format: 'pem' })
      : privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase });
  return { privatePem: String(privatePem), publicPem: String(publicKey.export({ type: 'spki', format: 'pem' })) };
}

export function isEncryptedPem(pem: string): boolean {
  return pem.includes('-----BEGIN ENCRYPTED PRIVATE KEY-----');
}

/** The private key, refusing anything but ed25519; says plainly when the passphrase is wrong. */
export function loadPrivateKey(pem: string, passphrase: string | null): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase === null ? pem : { key: pem, passphrase });
  } catch (error) {
    if (isEncryptedPem(pem)) throw new Error('the release key could not be opened: wrong passphrase?');
    throw new Error(`the release key could not be read: ${(error as Error).message}`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the release key must be ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

export function loadPublicKey(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the public key must be ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
  return key;
}

const publicOf = (key: KeyObject): KeyObject => (key.type === 'public' ? key : createPublicKey(key));

export function publicPemOf(key: KeyObject): string {
  return String(publicOf(key).export({ type: 'spki', format: 'pem' }));
}

/** What a person compares by eye: sha256 of the public key's DER, base64, as in `ssh-keygen -l`. */
export function fingerprint(key: KeyObject): string {
  const der = publicOf(key).export({ type: 'spki', format: 'der' });
  return `SHA256:${createHash('sha256').update(der).digest('base64').replace(/=+$/, '')}`;
}
