/**
 * Signs every channel feed (`*-linux.yml`) of a release folder: checks that each file the feed lists is
 * in the folder with the feed's size and sha512, stamps `signedAt` (and `stagingPercentage` when
 * asked), signs the feed's bytes with the release key, checks the signature with the public key that
 * packages ship, and writes `<feed>.sig` beside it. Nothing is written unless every feed passes.
 */
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { entryMismatch, FEED_FILE, feedEntries, signFeed, stampFeed, verifyFeed } from './feed.ts';
import { fingerprint, loadPublicKey, publicPemOf } from './keys.ts';
import type { KeyObject } from 'node:crypto';

export type SignRequest = {
  privateKey: KeyObject;
  /** The public key the packages ship; the signing key must be its other half. */
  shippedPublicPem: string;
  feedDir: string;
  stagingPercentage?: number | undefined;
  now: Date;
};

export type SignedFeed = { file: string; version: string; signedAt: string; stagingPercentage: string | null };

function writeAtomically(file: string, data: string | Buffer): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, data, { mode: 0o644 });
  renameSync(temporary, file);
}

export function signReleaseFolder(request: SignRequest): SignedFeed[] {
  const shipped = loadPublicKey(request.shippedPublicPem);
  if (publicPemOf(request.privateKey) !== publicPemOf(shipped)) {
    throw new Error(
      `this release key (${fingerprint(request.privateKey)}) is not the one packages ship (${fingerprint(shipped)}): every machine would refuse this feed`,
    );
  }
  const feeds = readdirSync(request.feedDir)
    .filter((name) => FEED_FILE.test(name))
    .sort();
  if (feeds.length === 0) throw new Error(`no feed (*-linux.yml) in ${request.feedDir}: sign the folder electron-builder wrote`);

  const problems: string[] = [];
  const ready: Array<{ file: string; text: string; signature: Buffer; version: string }> = [];
  for (const name of feeds) {
    const file = path.join(request.feedDir, name);
    try {
      const original = readFileSync(file, 'utf8');
      for (const entry of feedEntries(original, name)) {
        let data: Buffer;
        try {
          data = readFileSync(path.join(request.feedDir, entry.name));
        } catch {
          problems.push(`${name}: ${entry.name} is not in ${request.feedDir}`);
          continue;
        }
        const mismatch = entryMismatch(entry, data);
        if (mismatch) problems.push(`${name}: ${mismatch}`);
      }
      const text = stampFeed(original, { signedAt: request.now, stagingPercentage: request.stagingPercentage });
      const signature = signFeed(Buffer.from(text), request.privateKey);
      if (!verifyFeed(Buffer.from(text), signature, shipped)) throw new Error('the signature does not verify with the shipped public key');
      const version = /^version:\s*['"]?([^'"\s]+)/m.exec(text)?.[1] ?? '?';
      ready.push({ file, text, signature, version });
    } catch (error) {
      problems.push(`${name}: ${(error as Error).message}`);
    }
  }
  if (problems.length > 0) throw new Error(`nothing was signed:\n  ${problems.join('\n  ')}`);

  return ready.map(({ file, text, signature, version }) => {
    writeAtomically(file, text);
    writeAtomically(`${file}.sig`, signature);
    const staging = /^stagingPercentage:\s*(\d+)/m.exec(text)?.[1] ?? null;
    return { file, version, signedAt: request.now.toISOString(), stagingPercentage: staging };
  });
}
