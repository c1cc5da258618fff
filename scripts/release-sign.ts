/**
 * `npm run release:sign -- --key FILE --feed DIR [--staging PERCENT] [--public FILE]`: signs the
 * release feeds electron-builder wrote in DIR (see scripts/release/sign.ts) with the association's
 * ed25519 release key, kept off the hub. Run it on the computer that holds the key, then copy DIR's
 * files (the .deb, the AppImage, the feeds and their .sig) to the hub's update folder.
 *
 * --staging PERCENT  offer this version to that share of machines (by /etc/machine-id); sign again
 *                    later with a higher figure to widen the rollout (each signing supersedes the last)
 * --public FILE      the public key packages ship (default: build/keys/release-ed25519.pem)
 * The key's passphrase comes from PASSERELLE_RELEASE_PASSPHRASE or is asked on the terminal.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fingerprint, isEncryptedPem, loadPrivateKey, SHIPPED_PUBLIC_KEY } from './release/keys.ts';
import { readPassphrase } from './release/passphrase.ts';
import { signReleaseFolder } from './release/sign.ts';

const USAGE = 'usage: npm run release:sign -- --key FILE --feed DIR [--staging PERCENT] [--public FILE]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { key: { type: 'string' }, feed: { type: 'string' }, staging: { type: 'string' }, public: { type: 'string' } },
  });
  if (!values.key || !values.feed) throw new Error(USAGE);
  let staging: number | undefined;
  if (values.staging !== undefined) {
    staging = Number(values.staging);
    if (!/^\d{1,3}$/.test(values.staging) || staging > 100) throw new Error(`--staging takes a whole number from 0 to 100, not "${values.staging}"`);
  }
  const pem = readFileSync(values.key, 'utf8');
  const privateKey = loadPrivateKey(pem, isEncryptedPem(pem) ? await readPassphrase('open') : null);
  const publicFile = values.public ?? path.resolve(import.meta.dirname, '..', SHIPPED_PUBLIC_KEY);
  const signed = signReleaseFolder({
    privateKey,
    shippedPublicPem: readFileSync(publicFile, 'utf8'),
    feedDir: values.feed,
    stagingPercentage: staging,
    now: new Date(),
  });
  console.log(`Signed with ${fingerprint(privateKey)}:`);
  for (const feed of signed) {
    const reach = feed.stagingPercentage === null ? 'every machine' : `${feed.stagingPercentage} % of machines`;
    console.log(`  ${path.basename(feed.file)}: version ${feed.version}, signed at ${feed.signedAt}, offered to ${reach}`);
  }
  console.log("Copy the folder's files to the hub's update folder (the feeds last).");
}

main().catch((error: unknown) => {
  console.error(`release:sign: ${(error as Error).message}`);
  process.exit(1);
});
