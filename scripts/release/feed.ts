/**
 * The release feed as the association signs it: electron-builder's `latest-linux.yml`, byte for byte,
 * plus two top-level lines the signer owns — `signedAt` (when it was signed: the root updater refuses a
 * feed signed before the last one it accepted, so an old feed replayed by a hostile hub is refused) and,
 * when asked, `stagingPercentage`. The signature (`latest-linux.yml.sig`) is the raw 64-byte ed25519
 * signature of the feed file's bytes, the form `openssl pkeyutl -verify -rawin -sigfile` reads.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { parseUpdateInfo } from 'electron-updater/out/providers/Provider.js';

/** `Date.prototype.toISOString()`'s exact shape: fixed width, so the shell compares two as strings. */
export const SIGNED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A channel feed electron-builder writes for Linux: latest-linux.yml, beta-linux.yml, … */
export const FEED_FILE = /^[a-z][a-z0-9]*-linux\.yml$/;

export type FeedEntry = { name: string; sha512: string; size: number };
export type StampOptions = { signedAt: Date; stagingPercentage?: number | undefined };

function topLevelValue(text: string, key: string): string | null {
  const line = text.split('\n').find((l) => l.startsWith(`${key}:`));
  if (line === undefined) return null;
  return line
    .slice(key.length + 1)
    .trim()
    .replace(/^(['"])(.*)\1$/, '$2');
}

/** The feed's `signedAt`, or null when it was never signed. */
export function signedAtOf(text: string): string | null {
  return topLevelValue(text, 'signedAt');
}

/**
 * The feed with this signing's `signedAt` (and `stagingPercentage` when given) in place of the old
 * ones. Refuses a signing time not after the feed's previous one: a re-signed feed must supersede the
 * old one on every machine, and a signer's clock running behind would make it look like a replay.
 */
export function stampFeed(text: string, options: StampOptions): string {
  const signedAt = options.signedAt.toISOString();
  const previous = signedAtOf(text);
  if (previous !== null && SIGNED_AT.test(previous) && signedAt <= previous) {
    throw new Error(`this feed was already signed at ${previous}, not before ${signedAt}: is this computer's clock right?`);
  }
  const staging = options.stagingPercentage;
  if (staging !== undefined && !(Number.isInteger(staging) && staging >= 0 && staging <= 100)) {
    throw new Error(`the staging percentage must be a whole number from 0 to 100, not ${staging}`);
  }
  const replaced = staging === undefined ? /^signedAt:/ : /^(signedAt|stagingPercentage):/;
  const kept = text.split('\n').filter((line) => !replaced.test(line));
  while (kept.length > 0 && kept[kept.length - 1] === '') kept.pop();
  if (staging !== undefined) kept.push(`stagingPercentage: ${staging}`);
  kept.push(`signedAt: '${signedAt}'`);
  return kept.join('\n') + '\n';
}

/**
 * The files a feed lists, read with electron-updater's own parser (what the shell reads too). Every
 * name must be a plain file name in the feed's folder: the hub serves the folder as it is.
 */
export function feedEntries(text: string, feedName: string): FeedEntry[] {
  const info = parseUpdateInfo(text, feedName, new URL(`https://release.invalid/${feedName}`));
  if (typeof info.version !== 'string' || info.version === '') throw new Error(`${feedName}: no version`);
  return (info.files ?? []).map((file) => {
    if (!/^[A-Za-z0-9][A-Za-z0-9._+~-]*$/.test(file.url)) throw new Error(`${feedName}: "${file.url}" is not a plain file name beside the feed`);
    if (typeof file.sha512 !== 'string' || file.sha512 === '') throw new Error(`${feedName}: ${file.url} has no sha512`);
    if (typeof file.size !== 'number' || !Number.isSafeInteger(file.size) || file.size <= 0) throw new Error(`${feedName}: ${file.url} has no valid size`);
    return { name: file.url, sha512: file.sha512, size: file.size };
  });
}

/** Compares a listed file with the bytes on disk; null when they match, else what differs. */
export function entryMismatch(entry: FeedEntry, data: Buffer): string | null {
  if (data.length !== entry.size) return `${entry.name} is ${data.length} bytes, the feed says ${entry.size}`;
  if (createHash('sha512').update(data).digest('base64') !== entry.sha512) return `${entry.name}: sha512 differs from the feed`;
  return null;
}

/** ed25519 over the exact bytes (no pre-hash: Node's `sign(null, …)` and openssl's `-rawin` agree). */
export function signFeed(feed: Buffer, privateKey: KeyObject): Buffer {
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the release key must be ed25519, not ${privateKey.asymmetricKeyType ?? 'unknown'}`);
  return sign(null, feed, privateKey);
}

export function verifyFeed(feed: Buffer, signature: Buffer, publicKey: KeyObject): boolean {
  return publicKey.asymmetricKeyType === 'ed25519' && signature.length === 64 && verify(null, feed, publicKey, signature);
}
