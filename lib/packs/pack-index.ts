/**
 * The lesson index: which packs the hub offers (id, version, sha256 and size of the pack's archive),
 * signed with the hub's content key (ed25519) so that a shell can tell the hub's own index from one a
 * cache, a mirror or a network in between made up. Packs are data — checked, unpacked, never run — so
 * this key lives on the hub; the release key that signs app updates never does (DESIGN.md).
 *
 * On the wire the index is a small JSON envelope: `{"payload": "<the index as JSON text>",
 * "signature": "<base64 ed25519 signature of the payload's UTF-8 bytes>"}`. The signature is checked
 * over the exact payload bytes before the payload is parsed.
 */
import { createHash, sign, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';

/** Lesson ids are folder names: lower-case words joined by dashes (lessons/README.md). */
export const PACK_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const PackIndexEntry = z
  .object({
    id: z.string().regex(PACK_ID).max(64),
    version: z.number().int().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    size: z.number().int().min(1),
  })
  .strict();
export type PackIndexEntry = z.infer<typeof PackIndexEntry>;

export const PackIndex = z
  .object({
    format: z.literal(1),
    /** When the hub's set of packs last changed: a shell never goes back to an older index. */
    issuedAt: z.iso.datetime(),
    packs: z.array(PackIndexEntry).max(1000),
  })
  .strict()
  .refine((index) => new Set(index.packs.map((p) => p.id)).size === index.packs.length, { message: 'a pack id appears twice' });
export type PackIndex = z.infer<typeof PackIndex>;

const Envelope = z.object({ payload: z.string().max(256 * 1024), signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/) }).strict();

export class PackIndexError extends Error {
  constructor(
    readonly reason: 'malformed' | 'signature' | 'stale',
    message: string,
  ) {
    super(message);
  }
}

function requireEd25519(key: KeyObject, what: string): void {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`the ${what} must be ed25519, not ${key.asymmetricKeyType ?? 'unknown'}`);
}

/** The envelope's text: packs sorted by id, so the same packs give the same bytes (and ETag). */
export function signPackIndex(index: PackIndex, contentKey: KeyObject): string {
  requireEd25519(contentKey, 'content key');
  const canonical: PackIndex = { format: 1, issuedAt: index.issuedAt, packs: [...index.packs].sort((a, b) => a.id.localeCompare(b.id)).map((p) => ({ id: p.id, version: p.version, sha256: p.sha256, size: p.size })) };
  const payload = JSON.stringify(PackIndex.parse(canonical));
  const signature = sign(null, Buffer.from(payload, 'utf8'), contentKey).toString('base64');
  return JSON.stringify({ payload, signature });
}

/**
 * The index, once its signature is the content key's and it is no older than `notBefore` (the
 * issuedAt of the last index this shell accepted). Throws PackIndexError saying why not.
 */
export function verifyPackIndex(text: string, contentPublicKey: KeyObject, notBefore: string | null = null): PackIndex {
  requireEd25519(contentPublicKey, 'content public key');
  let envelope: z.infer<typeof Envelope>;
  try {
    envelope = Envelope.parse(JSON.parse(text));
  } catch {
    throw new PackIndexError('malformed', 'the lesson index is not a signed envelope ({"payload", "signature"})');
  }
  if (!verify(null, Buffer.from(envelope.payload, 'utf8'), contentPublicKey, Buffer.from(envelope.signature, 'base64'))) {
    throw new PackIndexError('signature', "the lesson index's signature is not the hub's content key's");
  }
  let index: PackIndex;
  try {
    index = PackIndex.parse(JSON.parse(envelope.payload));
  } catch (error) {
    throw new PackIndexError('malformed', `the signed lesson index does not match its schema: ${(error as Error).message}`);
  }
  if (notBefore !== null && Date.parse(index.issuedAt) < Date.parse(notBefore)) {
    throw new PackIndexError('stale', `the lesson index was issued at ${index.issuedAt}, before the one already accepted (${notBefore})`);
  }
  return index;
}

export const sha256Hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** What a shell has of a pack: the version and the archive's sha256 it was unpacked from. */
export type HeldPack = { version: number; sha256: string | null };

/**
 * The packs to download: those the shell lacks, and those whose archive changed at a version no
 * older than the one held. A lower version is never fetched (packs only move forward: a fix is a new
 * version), and a pack shipped in the app at a higher version keeps the app's.
 */
export function packsToFetch(index: PackIndex, held: ReadonlyMap<string, HeldPack>): PackIndexEntry[] {
  return index.packs.filter((entry) => {
    const have = held.get(entry.id);
    if (!have) return true;
    if (entry.version !== have.version) return entry.version > have.version;
    return have.sha256 !== null && have.sha256 !== entry.sha256;
  });
}
