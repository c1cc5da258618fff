/**
 * The signed lesson index: what the hub signs with its content key a shell accepts; a changed
 * payload, another key's signature, an index older than the last accepted one, or anything that is
 * not the envelope is refused with its reason. And which packs a shell then fetches.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { packsToFetch, PackIndexError, signPackIndex, verifyPackIndex, type PackIndex } from '../../../lib/packs/pack-index.ts';

const hub = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');
const sha = (c: string) => c.repeat(64);
const index: PackIndex = {
  format: 1,
  issuedAt: '2025-06-01T10:00:00.000Z',
  packs: [
    { id: 'souris-cliquer', version: 2, sha256: sha('b'), size: 2048 },
    { id: 'souris-bouger', version: 3, sha256: sha('a'), size: 1024 },
  ],
};

function refusal(run: () => unknown): PackIndexError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PackIndexError);
    return error as PackIndexError;
  }
  throw new Error('expected a refusal');
}

describe('the signed lesson index', () => {
  it("is accepted with the hub's content key, packs in id order, the same bytes for the same packs", () => {
    const text = signPackIndex(index, hub.privateKey);
    const read = verifyPackIndex(text, hub.publicKey);
    expect(read.packs.map((p) => p.id)).toEqual(['souris-bouger', 'souris-cliquer']);
    expect(signPackIndex({ ...index, packs: [...index.packs].reverse() }, hub.privateKey)).toBe(text);
    expect(Buffer.byteLength(text)).toBeLessThan(1024);
  });

  it('is refused when one character of the payload changed (a bumped version, a swapped sha256)', () => {
    const envelope = JSON.parse(signPackIndex(index, hub.privateKey)) as { payload: string; signature: string };
    for (const payload of [envelope.payload.replace('"version":3', '"version":4'), envelope.payload.replace(sha('a'), sha('c'))]) {
      expect(payload).not.toBe(envelope.payload);
      expect(refusal(() => verifyPackIndex(JSON.stringify({ ...envelope, payload }), hub.publicKey)).reason).toBe('signature');
    }
  });

  it('is refused when signed by another key', () => {
    const error = refusal(() => verifyPackIndex(signPackIndex(index, other.privateKey), hub.publicKey));
    expect(error.reason).toBe('signature');
    expect(error.message).toMatch(/not the hub's content key's/);
  });

  it('is refused when older than the index already accepted, and accepted when as new or newer', () => {
    const text = signPackIndex(index, hub.privateKey);
    const error = refusal(() => verifyPackIndex(text, hub.publicKey, '2025-06-02T00:00:00.000Z'));
    expect(error.reason).toBe('stale');
    expect(error.message).toMatch(/issued at 2025-06-01T10:00:00.000Z, before the one already accepted/);
    expect(verifyPackIndex(text, hub.publicKey, '2025-06-01T10:00:00.000Z').packs).toHaveLength(2);
  });

  it('is refused when it is not a signed envelope, or the signed payload breaks the schema', () => {
    for (const text of ['', 'null', '{"payload":"{}"}', JSON.stringify({ payload: '{}', signature: 'x' }), '<html>proxy error</html>']) {
      expect(refusal(() => verifyPackIndex(text, hub.publicKey)).reason, text).toBe('malformed');
    }
    const signed = (payload: string) => JSON.stringify({ payload, signature: sign(null, Buffer.from(payload), hub.privateKey).toString('base64') });
    const duplicate = JSON.stringify({ ...index, packs: [index.packs[0], index.packs[0]] });
    expect(refusal(() => verifyPackIndex(signed(duplicate), hub.publicKey)).message).toMatch(/appears twice/);
    const badId = JSON.stringify({ ...index, packs: [{ ...index.packs[0], id: '../etc' }] });
    expect(refusal(() => verifyPackIndex(signed(badId), hub.publicKey)).reason).toBe('malformed');
    expect(() => signPackIndex({ ...index, packs: [{ ...index.packs[0]!, id: 'Bad Id' }] }, hub.privateKey)).toThrow();
  });
});

describe('packsToFetch', () => {
  it('fetches what the shell lacks, newer versions, and a changed archive at the same version', () => {
    const held = new Map([
      ['souris-bouger', { version: 3, sha256: sha('a') }],
      ['souris-cliquer', { version: 2, sha256: sha('f') }],
    ]);
    expect(packsToFetch(index, held).map((p) => p.id)).toEqual(['souris-cliquer']);
    expect(packsToFetch(index, new Map()).map((p) => p.id)).toEqual(['souris-cliquer', 'souris-bouger']);
    expect(packsToFetch(index, new Map([['souris-bouger', { version: 2, sha256: sha('a') }]])).map((p) => p.id)).toContain('souris-bouger');
  });

  it('never fetches an older version, nor replaces a pack the app ships at the same or a higher version', () => {
    const held = new Map([
      ['souris-bouger', { version: 4, sha256: sha('0') }],
      ['souris-cliquer', { version: 2, sha256: null }],
    ]);
    expect(packsToFetch(index, held)).toEqual([]);
  });
});
