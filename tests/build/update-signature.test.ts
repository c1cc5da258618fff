/**
 * What the root updater refuses before it installs anything: a feed without a signature, a feed
 * changed after signing, a signature by another key, a .deb changed after signing, and a replayed
 * older feed (an earlier release, or an earlier signing of this release with another rollout). Each
 * refusal is logged, written to the result file the shell reports, installs nothing and leaves the
 * record of the highest accepted feed as it was. build/bin/passerelle-update runs for real
 * (tests/build/support/update-fixture.ts): real openssl, curl, dpkg-deb; only apt-get and dpkg-query
 * are stand-ins.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDeb,
  has,
  makeMachine,
  makeReleaseKey,
  publishRelease,
  runUpdate,
  startFeedServer,
  type FeedServer,
  type Machine,
  type ReleaseKey,
} from './support/update-fixture.ts';

const available = has('dpkg-deb') && has('curl') && has('openssl', ['version']);
if (!available) console.warn('SKIPPED tests/build/update-signature.test.ts: dpkg-deb, curl or openssl is missing');

let dir: string;
let server: FeedServer;
let key: ReleaseKey;
let otherKey: ReleaseKey;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'passerelle-update-sig-'));
  server = await startFeedServer(dir);
  key = await makeReleaseKey(dir, 'release');
  otherKey = await makeReleaseKey(dir, 'other');
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const served = (folder: string, name: string) => path.join(server.root, folder, name);
const update = (feedUrl: string, machine: Machine, installed: string | null = '0.3.0') =>
  runUpdate({ feedUrl, installed, machine, publicKeyFile: key.publicFile });

/** A refusal: exit 1, the reason in the log and in the result file, nothing handed to apt-get, no download left. */
function expectRefused(r: Awaited<ReturnType<typeof runUpdate>>, reason: string, message: RegExp): void {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).toMatch(/nothing installed/);
  expect(r.apt).toEqual([]);
  expect(r.left.filter((f) => f.endsWith('.deb') || f.startsWith('feed.'))).toEqual([]);
  expect(r.result).toMatchObject({ result: 'refused', reason });
}

describe.skipIf(!available)('passerelle-update refuses what the release key did not sign', () => {
  it('refuses a feed with no signature published', async () => {
    const url = await publishRelease(server, 'unsigned', { version: '1.0.0', deb: await buildDeb(dir, 'passerelle', '1.0.0'), key });
    await rm(served('unsigned', 'latest-linux.yml.sig'));
    const machine = await makeMachine(dir);
    const r = await update(url, machine);
    expectRefused(r, 'unsigned', /has no signature/);
    expect(r.accepted).toBeNull();
  });

  it('refuses a feed changed after signing (the .deb entry pointed at another file)', async () => {
    const genuine = await buildDeb(dir, 'passerelle', '1.1.0');
    const url = await publishRelease(server, 'tampered-feed', { version: '1.1.0', deb: genuine, key });
    // The hub's operator swaps in a package of their own and rewrites the feed's sha512 and size to match.
    const evil = await buildDeb(dir, 'passerelle', '1.1.0', 'a backdoor');
    const feed = await readFile(served('tampered-feed', 'latest-linux.yml'), 'utf8');
    const genuineSha = createHash('sha512').update(genuine).digest('base64');
    const evilSha = createHash('sha512').update(evil).digest('base64');
    expect(feed).toContain(genuineSha);
    const tampered = feed.replace(genuineSha, evilSha).replace(`size: ${genuine.length}`, `size: ${evil.length}`);
    expect(tampered).not.toBe(feed);
    await writeFile(served('tampered-feed', 'latest-linux.yml'), tampered);
    await writeFile(served('tampered-feed', 'passerelle_1.1.0_amd64.deb'), evil);
    const machine = await makeMachine(dir);
    const r = await update(url, machine);
    expectRefused(r, 'signature', /signature is not the association's release key's/);
    expect(r.accepted).toBeNull();
  });

  it('refuses a feed changed by one byte, even where the updater does not look (the release date)', async () => {
    const url = await publishRelease(server, 'one-byte', { version: '1.1.1', deb: await buildDeb(dir, 'passerelle', '1.1.1'), key });
    const feed = await readFile(served('one-byte', 'latest-linux.yml'), 'utf8');
    await writeFile(served('one-byte', 'latest-linux.yml'), feed.replace("releaseDate: '2025-06-01", "releaseDate: '2025-06-02"));
    expectRefused(await update(url, await makeMachine(dir)), 'signature', /signature is not/);
  });

  it('refuses a feed signed by another key (a hub that made its own release key)', async () => {
    const deb = await buildDeb(dir, 'passerelle', '1.2.0');
    const url = await publishRelease(server, 'other-key', { version: '1.2.0', deb, key: otherKey });
    const machine = await makeMachine(dir);
    const r = await update(url, machine);
    expectRefused(r, 'signature', /another key/);
    expect(r.accepted).toBeNull();
    // The same release signed by the association's key installs: the refusal was the key's doing.
    await publishRelease(server, 'other-key', { version: '1.2.0', deb, key, signedAt: new Date(Date.now() + 1000) });
    expect((await update(url, machine)).result).toMatchObject({ result: 'installed', version: '1.2.0' });
  });

  it('refuses a signature that is not 64 bytes, or the signature of another feed', async () => {
    const url = await publishRelease(server, 'bad-sig', { version: '1.3.0', deb: await buildDeb(dir, 'passerelle', '1.3.0'), key });
    const signature = await readFile(served('bad-sig', 'latest-linux.yml.sig'));
    await writeFile(served('bad-sig', 'latest-linux.yml.sig'), Buffer.concat([signature, Buffer.from('\n')]));
    expectRefused(await update(url, await makeMachine(dir)), 'signature', /signature is not/);
    // A genuine signature, but of another genuine feed.
    await publishRelease(server, 'bad-sig-2', { version: '1.3.1', deb: await buildDeb(dir, 'passerelle', '1.3.1'), key });
    await writeFile(served('bad-sig', 'latest-linux.yml.sig'), await readFile(served('bad-sig-2', 'latest-linux.yml.sig')));
    expectRefused(await update(url, await makeMachine(dir)), 'signature', /signature is not/);
  });

  it('refuses a .deb changed after signing (the signed sha512 does not match) and deletes it', async () => {
    const url = await publishRelease(server, 'tampered-deb', { version: '1.4.0', deb: await buildDeb(dir, 'passerelle', '1.4.0'), key });
    const genuine = await readFile(served('tampered-deb', 'passerelle_1.4.0_amd64.deb'));
    // Same size, one byte flipped: only the sha512 can tell.
    const tampered = Buffer.from(genuine);
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 0xff;
    await writeFile(served('tampered-deb', 'passerelle_1.4.0_amd64.deb'), tampered);
    const r = await update(url, await makeMachine(dir));
    expectRefused(r, 'sha512', /sha512 differs from the signed feed/);
    // Larger than the signed size: curl stops at the feed's size, the check says which.
    await writeFile(served('tampered-deb', 'passerelle_1.4.0_amd64.deb'), Buffer.concat([genuine, Buffer.from('more')]));
    const r2 = await update(url, await makeMachine(dir));
    expect(r2.code).toBe(1);
    expect(r2.apt).toEqual([]);
    expect(r2.result?.result).toMatch(/^(refused|failed)$/);
  });

  it('refuses a replayed older release: a signed but older feed neither installs nor lowers the recorded version', async () => {
    const machine = await makeMachine(dir, 'replay-machine\n');
    const old = await buildDeb(dir, 'passerelle', '2.0.0');
    const oldUrl = await publishRelease(server, 'replay-old', { version: '2.0.0', deb: old, key, signedAt: new Date('2025-01-01T00:00:00.000Z') });
    const oldFeed = await readFile(served('replay-old', 'latest-linux.yml'));
    const oldSig = await readFile(served('replay-old', 'latest-linux.yml.sig'));
    // 2.1.0 is published to no machine yet (0 %): this machine accepts the feed and waits.
    const url = await publishRelease(server, 'replay', { version: '2.1.0', deb: await buildDeb(dir, 'passerelle', '2.1.0'), key, stagingPercentage: 0, signedAt: new Date('2025-02-01T00:00:00.000Z') });
    const waits = await update(url, machine, '1.9.0');
    expect(waits.result).toMatchObject({ result: 'waiting', version: '2.1.0' });
    expect(waits.accepted).toBe('version=2.1.0\nsignedAt=2025-02-01T00:00:00.000Z\n');
    // A hostile hub now serves the genuine, signed 2.0.0 feed in its place: newer than the installed 1.9.0.
    await writeFile(served('replay', 'latest-linux.yml'), oldFeed);
    await writeFile(served('replay', 'latest-linux.yml.sig'), oldSig);
    await writeFile(served('replay', 'passerelle_2.0.0_amd64.deb'), old);
    const r = await update(url, machine, '1.9.0');
    expectRefused(r, 'replayed', /offers 2.0.0, older than 2.1.0 already accepted/);
    expect(r.accepted).toBe('version=2.1.0\nsignedAt=2025-02-01T00:00:00.000Z\n');
    // On a machine that never saw 2.1.0 the same feed is genuine and installs.
    expect((await update(oldUrl, await makeMachine(dir), '1.9.0')).result).toMatchObject({ result: 'installed', version: '2.0.0' });
  });

  it('refuses an earlier signing of the same release: a rollout the association halted cannot be resumed by a replay', async () => {
    const machine = await makeMachine(dir, 'halt-machine\n');
    const deb = await buildDeb(dir, 'passerelle', '3.0.0');
    // Signed for every machine on 1 March, then halted (signed again at 0 %) on 2 March.
    const url = await publishRelease(server, 'halt', { version: '3.0.0', deb, key, stagingPercentage: 100, signedAt: new Date('2025-03-01T00:00:00.000Z') });
    const everyone = { feed: await readFile(served('halt', 'latest-linux.yml')), sig: await readFile(served('halt', 'latest-linux.yml.sig')) };
    await publishRelease(server, 'halt', { version: '3.0.0', deb, key, stagingPercentage: 0, signedAt: new Date('2025-03-02T00:00:00.000Z') });
    const halted = await update(url, machine, '2.9.0');
    expect(halted.result).toMatchObject({ result: 'waiting', reason: 'staged' });
    await writeFile(served('halt', 'latest-linux.yml'), everyone.feed);
    await writeFile(served('halt', 'latest-linux.yml.sig'), everyone.sig);
    const r = await update(url, machine, '2.9.0');
    expectRefused(r, 'replayed', /signed at 2025-03-01T00:00:00.000Z, before the one accepted \(signed at 2025-03-02T00:00:00.000Z\)/);
    expect(r.accepted).toBe('version=3.0.0\nsignedAt=2025-03-02T00:00:00.000Z\n');
  });

  it('fails closed without the release public key: nothing fetched is trusted', async () => {
    const url = await publishRelease(server, 'no-key', { version: '4.0.0', deb: await buildDeb(dir, 'passerelle', '4.0.0'), key });
    const r = await runUpdate({ feedUrl: url, installed: '0.3.0', machine: await makeMachine(dir), publicKeyFile: path.join(dir, 'absent.pem') });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no release public key/);
    expect(r.apt).toEqual([]);
    expect(r.result).toMatchObject({ result: 'failed', reason: 'no-key' });
  });
});
