/**
 * The association's release signing: `npm run release:keygen` makes an ed25519 pair (private half
 * encrypted, never overwritten), `npm run release:sign` signs a release folder only when every file
 * its feeds list is there with the feed's size and sha512 and the key is the one packages ship. The
 * signature is checked with the same openssl command the root updater runs, and the signed feed with
 * electron-updater's own parser. The package places the public key where the updater reads it.
 */
import { execFile } from 'node:child_process';
import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUpdateFeed } from '../../main/electron/updates.ts';
import { signedAtOf, stampFeed } from '../../scripts/release/feed.ts';
import { generateReleaseKey, loadPrivateKey, loadPublicKey, SHIPPED_PUBLIC_KEY } from '../../scripts/release/keys.ts';
import { signReleaseFolder } from '../../scripts/release/sign.ts';
import { electronBuilderFeed, has, root } from './support/update-fixture.ts';

const run = promisify(execFile);
const PASSPHRASE = 'correct horse battery staple';
const hasOpenssl = has('openssl', ['version']);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'passerelle-release-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs an npm script the way the release manager does; resolves with the exit code and output. */
async function npmRun(script: string, args: string[], env: Record<string, string> = {}) {
  return run('npm', ['run', '--silent', script, '--', ...args], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8' }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

/** A release folder as electron-builder leaves it: the .deb, the AppImage and latest-linux.yml. */
async function releaseFolder(name: string, version = '1.0.0'): Promise<{ folder: string; deb: Buffer }> {
  const folder = path.join(dir, name);
  await mkdir(folder, { recursive: true });
  const deb = Buffer.from(`a deb for ${version}`);
  await writeFile(path.join(folder, `passerelle_${version}_amd64.deb`), deb);
  await writeFile(path.join(folder, 'Passerelle.AppImage'), 'appimage');
  await writeFile(path.join(folder, 'latest-linux.yml'), electronBuilderFeed(version, { name: `passerelle_${version}_amd64.deb`, data: deb }));
  return { folder, deb };
}

describe('npm run release:keygen and release:sign', () => {
  it('makes an encrypted private key (0600) and its public half, and never overwrites them', async () => {
    const keys = path.join(dir, 'keys');
    await mkdir(keys);
    const made = await npmRun('release:keygen', ['--out', keys], { PASSERELLE_RELEASE_PASSPHRASE: PASSPHRASE });
    expect(made.stderr).toBe('');
    expect(made.stdout).toMatch(/Release key SHA256:[A-Za-z0-9+/]{43}/);
    expect(made.stdout).toMatch(/keep it off the hub/);
    const privatePem = await readFile(path.join(keys, 'release-ed25519.key'), 'utf8');
    expect(privatePem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    expect(statSync(path.join(keys, 'release-ed25519.key')).mode & 0o777).toBe(0o600);
    expect(() => createPrivateKey(privatePem)).toThrow();
    expect(loadPrivateKey(privatePem, PASSPHRASE).asymmetricKeyType).toBe('ed25519');
    expect(() => loadPrivateKey(privatePem, 'not the passphrase')).toThrow(/wrong passphrase/);
    expect(loadPublicKey(await readFile(path.join(keys, 'release-ed25519.pem'), 'utf8')).asymmetricKeyType).toBe('ed25519');

    const again = await npmRun('release:keygen', ['--out', keys], { PASSERELLE_RELEASE_PASSPHRASE: PASSPHRASE });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already in that folder; it is not replaced/);
    expect(await readFile(path.join(keys, 'release-ed25519.key'), 'utf8')).toBe(privatePem);
  });

  it('refuses a short passphrase, and asks for one rather than writing an unprotected key by accident', async () => {
    expect(() => generateReleaseKey('short')).toThrow(/at least 12 characters/);
    const out = path.join(dir, 'keys-no-tty');
    await mkdir(out);
    const r = await npmRun('release:keygen', ['--out', out], { PASSERELLE_RELEASE_PASSPHRASE: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no terminal to type the passphrase on: set PASSERELLE_RELEASE_PASSPHRASE/);
    expect(await readdir(out)).toEqual([]);
  });

  it.skipIf(!hasOpenssl)('signs a release folder so that the root updater\'s openssl command and electron-updater\'s parser accept it', async () => {
    const keys = path.join(dir, 'keys-sign');
    await mkdir(keys);
    await npmRun('release:keygen', ['--out', keys], { PASSERELLE_RELEASE_PASSPHRASE: PASSPHRASE });
    const { folder } = await releaseFolder('signed');
    const before = await readFile(path.join(folder, 'latest-linux.yml'), 'utf8');
    const r = await npmRun('release:sign', ['--key', path.join(keys, 'release-ed25519.key'), '--feed', folder, '--public', path.join(keys, 'release-ed25519.pem'), '--staging', '20'], {
      PASSERELLE_RELEASE_PASSPHRASE: PASSPHRASE,
    });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/latest-linux.yml: version 1.0.0, signed at \d{4}-.*Z, offered to 20 % of machines/);
    const signed = await readFile(path.join(folder, 'latest-linux.yml'), 'utf8');
    // electron-builder's lines are kept as they were; the signer's two are added.
    expect(signed.split('\n').filter((line) => !/^(signedAt|stagingPercentage):/.test(line))).toEqual(before.split('\n'));
    expect(signed).toMatch(/^stagingPercentage: 20$/m);
    const signature = await readFile(path.join(folder, 'latest-linux.yml.sig'));
    expect(signature.length).toBe(64);
    // The updater's exact check (build/bin/passerelle-update).
    const verified = await run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', path.join(keys, 'release-ed25519.pem'), '-rawin', '-in', path.join(folder, 'latest-linux.yml'), '-sigfile', path.join(folder, 'latest-linux.yml.sig')]);
    expect(verified.stdout).toMatch(/Signature Verified Successfully/);
    const feed = parseUpdateFeed(signed, 'https://hub.example.org/updates/latest-linux.yml');
    expect(feed).toMatchObject({ version: '1.0.0', stagingPercentage: 20 });
    expect(feed.files.map((f) => f.url)).toEqual(['https://hub.example.org/updates/Passerelle.AppImage', 'https://hub.example.org/updates/passerelle_1.0.0_amd64.deb']);
  });

  it('signs nothing when a listed file is missing or differs from the feed, and says which', async () => {
    const { privateKey, publicKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('ed25519'));
    const shippedPublicPem = String(publicKey.export({ type: 'spki', format: 'pem' }));
    const { folder } = await releaseFolder('mismatch');
    await writeFile(path.join(folder, 'passerelle_1.0.0_amd64.deb'), 'another build');
    await rm(path.join(folder, 'Passerelle.AppImage'));
    const before = await readFile(path.join(folder, 'latest-linux.yml'), 'utf8');
    expect(() => signReleaseFolder({ privateKey, shippedPublicPem, feedDir: folder, now: new Date() })).toThrow(
      /nothing was signed:\n {2}latest-linux.yml: Passerelle.AppImage is not in .*\n {2}latest-linux.yml: passerelle_1.0.0_amd64.deb is 13 bytes, the feed says 15/,
    );
    expect(await readFile(path.join(folder, 'latest-linux.yml'), 'utf8')).toBe(before);
    expect(existsSync(path.join(folder, 'latest-linux.yml.sig'))).toBe(false);
    // Same size, other bytes: the sha512 tells.
    await writeFile(path.join(folder, 'Passerelle.AppImage'), 'appimage');
    await writeFile(path.join(folder, 'passerelle_1.0.0_amd64.deb'), 'a deb for 1.0.1');
    expect(() => signReleaseFolder({ privateKey, shippedPublicPem, feedDir: folder, now: new Date() })).toThrow(/sha512 differs from the feed/);
  });

  it('refuses a key that is not the one packages ship (every machine would refuse the feed), and a folder with no feed', async () => {
    const crypto = await import('node:crypto');
    const signer = crypto.generateKeyPairSync('ed25519');
    const shipped = crypto.generateKeyPairSync('ed25519');
    const { folder } = await releaseFolder('wrong-key');
    expect(() =>
      signReleaseFolder({ privateKey: signer.privateKey, shippedPublicPem: String(shipped.publicKey.export({ type: 'spki', format: 'pem' })), feedDir: folder, now: new Date() }),
    ).toThrow(/is not the one packages ship/);
    expect(existsSync(path.join(folder, 'latest-linux.yml.sig'))).toBe(false);
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    expect(() =>
      signReleaseFolder({ privateKey: signer.privateKey, shippedPublicPem: String(signer.publicKey.export({ type: 'spki', format: 'pem' })), feedDir: empty, now: new Date() }),
    ).toThrow(/no feed \(\*-linux.yml\)/);
    // By default the CLI compares with the key in the source tree: a fresh key is refused.
    const keys = path.join(dir, 'keys-default');
    await mkdir(keys);
    await npmRun('release:keygen', ['--out', keys, '--no-passphrase']);
    const r = await npmRun('release:sign', ['--key', path.join(keys, 'release-ed25519.key'), '--feed', folder]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/is not the one packages ship/);
  });

  it('stamps each signing later than the last, and refuses to sign when the clock went back', () => {
    const feed = electronBuilderFeed('1.0.0', null);
    const first = stampFeed(feed, { signedAt: new Date('2025-05-01T10:00:00.000Z'), stagingPercentage: 10 });
    expect(signedAtOf(first)).toBe('2025-05-01T10:00:00.000Z');
    const widened = stampFeed(first, { signedAt: new Date('2025-05-03T10:00:00.000Z'), stagingPercentage: 50 });
    expect(widened.match(/^stagingPercentage:/gm)).toHaveLength(1);
    expect(widened).toMatch(/^stagingPercentage: 50$/m);
    // Signing again without --staging keeps the rollout as it was.
    expect(stampFeed(widened, { signedAt: new Date('2025-05-04T10:00:00.000Z') })).toMatch(/^stagingPercentage: 50$/m);
    expect(() => stampFeed(widened, { signedAt: new Date('2025-05-02T10:00:00.000Z') })).toThrow(/already signed at 2025-05-03T10:00:00.000Z.*clock/);
    expect(() => stampFeed(feed, { signedAt: new Date(), stagingPercentage: 101 })).toThrow(/0 to 100/);
  });

  it('rejects --staging outside 0-100 before opening the key', async () => {
    const r = await npmRun('release:sign', ['--key', '/nonexistent', '--feed', dir, '--staging', '150']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--staging takes a whole number from 0 to 100, not "150"/);
  });
});

describe('the public key packages ship', () => {
  it('is an ed25519 public key that openssl reads, placed where passerelle-update looks for it', async () => {
    const pem = readFileSync(path.join(root, SHIPPED_PUBLIC_KEY), 'utf8');
    expect(loadPublicKey(pem).asymmetricKeyType).toBe('ed25519');
    expect(pem).not.toMatch(/PRIVATE/);
    const script = readFileSync(path.join(root, 'build/bin/passerelle-update'), 'utf8');
    const defaultPath = /PASSERELLE_RELEASE_KEY:-([^}]+)\}/.exec(script)?.[1];
    expect(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')).toContain(`- ${SHIPPED_PUBLIC_KEY}=${defaultPath}\n`);
    if (hasOpenssl) {
      const copy = path.join(dir, 'shipped.pem');
      await copyFile(path.join(root, SHIPPED_PUBLIC_KEY), copy);
      const { stdout } = await run('openssl', ['pkey', '-pubin', '-in', copy, '-noout', '-text']);
      expect(stdout).toMatch(/ED25519 Public-Key/);
    }
  });

  it('no private key is in the source tree', async () => {
    // git grep exits 1 when nothing matches: that is the pass.
    const found = await run('git', ['grep', '-l', '-E', '^-----BEGIN (ENCRYPTED )?PRIVATE KEY-----$'], { cwd: root }).then(
      ({ stdout }) => stdout,
      (e: { code: number; stdout: string }) => (e.code === 1 ? '' : `git grep failed: ${e.code}`),
    );
    expect(found).toBe('');
  });
});
