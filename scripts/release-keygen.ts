/**
 * `npm run release:keygen -- --out DIR [--no-passphrase]`: makes the association's ed25519 release
 * key. DIR/release-ed25519.key is the private half (encrypted with a passphrase, mode 0600): keep it
 * off the hub — on the offline computer or encrypted USB stick that signs releases — because whoever
 * holds it can install software as root on every machine. DIR/release-ed25519.pem is the public
 * half: copy it to build/keys/release-ed25519.pem before building packages.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fingerprint, generateReleaseKey, loadPublicKey, PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, SHIPPED_PUBLIC_KEY } from './release/keys.ts';
import { readPassphrase } from './release/passphrase.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string' }, 'no-passphrase': { type: 'boolean', default: false } } });
  if (!values.out) throw new Error('usage: npm run release:keygen -- --out DIR [--no-passphrase]');
  const privateFile = path.join(values.out, PRIVATE_KEY_FILE);
  const publicFile = path.join(values.out, PUBLIC_KEY_FILE);
  if (existsSync(privateFile) || existsSync(publicFile)) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
  const pair = generateReleaseKey(values['no-passphrase'] ? null : await readPassphrase('new'));
  // 'wx': never overwrite a key that may already sign a fleet.
  writeFileSync(privateFile, pair.privatePem, { mode: 0o600, flag: 'wx' });
  writeFileSync(publicFile, pair.publicPem, { mode: 0o644, flag: 'wx' });
  console.log(`Release key ${fingerprint(loadPublicKey(pair.publicPem))}`);
  console.log(`  private: ${privateFile}  (keep it off the hub; whoever holds it can update every machine)`);
  console.log(`  public:  ${publicFile}  (copy it to ${SHIPPED_PUBLIC_KEY} before building packages)`);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(`release:keygen: ${code === 'EEXIST' ? 'a release key is already in that folder; it is not replaced' : (error as Error).message}`);
  process.exit(1);
});
