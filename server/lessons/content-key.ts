/**
 * The hub's content key: ed25519, used to sign the lesson index. Shells pin its public half the first
 * time they ask for it with their machine token, so every hub instance they may reach must sign with
 * the same key. It signs data only (lesson packs are checked and unpacked, never run); the release
 * key that signs app updates is never on the hub.
 *
 * Where it comes from (openContentKey), first match:
 * - `--content-key FILE` (PASSERELLE_CONTENT_KEY): a PEM the operator keeps and gives every instance,
 *   for a hub whose database must not hold the key (a database run by someone else);
 * - on PostgreSQL: the key stored in the database, shared by every instance, made once by the first
 *   (under an advisory lock). When there is none yet, an instance's older key from its data folder is
 *   stored rather than a new one, so the shells that pinned it keep their lessons. Anyone who can read
 *   that table could sign an index, but anyone who can write the database can already put any lesson
 *   in it for the hub to sign: holding the key there adds no power, and pg_dump backups carry it;
 * - on SQLite: a file made at the first start in the hub's data folder (mode 0600).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CONTENT_KEY_FILE = 'content-ed25519.key';

export type ContentKey = { privateKey: KeyObject; publicKey: KeyObject; publicPem: string };

/** Where the hub's content key came from (printed at start). */
export type ContentKeySource = 'file' | 'database' | 'data-folder';

function fromPrivatePem(pem: string, origin: string): ContentKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(pem);
  } catch (error) {
    throw new Error(`${origin} does not hold a private key in PEM (${(error as Error).message}); make one with: openssl genpkey -algorithm ed25519`, { cause: error });
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`${origin} is not an ed25519 key; make one with: openssl genpkey -algorithm ed25519`);
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: String(publicKey.export({ type: 'spki', format: 'pem' })) };
}

function newPrivatePem(): string {
  return String(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
}

/** The key file's text, closed down to its user first (an older hub, a copy, a restore); null when absent. */
function readKeyFile(file: string): string | null {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if ((statSync(file).mode & 0o077) !== 0) {
    try {
      chmodSync(file, 0o600);
    } catch (error) {
      throw new Error(`${file} is readable by other users and the hub may not close it down: chmod 600 it`, { cause: error });
    }
  }
  return pem;
}

export function loadOrCreateContentKey(dataDir: string): ContentKey {
  const file = join(dataDir, CONTENT_KEY_FILE);
  const existing = readKeyFile(file);
  if (existing !== null) return fromPrivatePem(existing, file);
  try {
    // 'wx': if another process made the key meanwhile, use that one.
    writeFileSync(file, newPrivatePem(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return fromPrivatePem(readFileSync(file, 'utf8'), file);
}

export interface OpenContentKeyOptions {
  dataDir: string;
  /** `--content-key FILE`: the key every instance is given (must exist). */
  file?: string | undefined;
  /** The database's shared key (PostgreSQL): its PEM, made by `make()` when there is none yet. */
  shared?: ((make: () => string) => Promise<{ pem: string }>) | undefined;
}

export async function openContentKey(opts: OpenContentKeyOptions): Promise<{ key: ContentKey; source: ContentKeySource }> {
  if (opts.file) {
    const pem = readKeyFile(opts.file);
    if (pem === null) throw new Error(`--content-key ${opts.file}: no such file (give every hub instance the same ed25519 key in PEM)`);
    return { key: fromPrivatePem(pem, `--content-key ${opts.file}`), source: 'file' };
  }
  if (opts.shared) {
    const local = join(opts.dataDir, CONTENT_KEY_FILE);
    const { pem } = await opts.shared(() => {
      // The shells this instance served alone pinned its key: that one becomes everyone's.
      const older = readKeyFile(local);
      if (older === null) return newPrivatePem();
      fromPrivatePem(older, local); // refuse to share a file that is not an ed25519 key
      return older;
    });
    return { key: fromPrivatePem(pem, 'the database\'s content_key'), source: 'database' };
  }
  return { key: loadOrCreateContentKey(opts.dataDir), source: 'data-folder' };
}
