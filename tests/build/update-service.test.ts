/**
 * Unattended updates through a root-owned service: passerelle-update.service/.timer pass
 * `systemd-analyze verify`, and build/bin/passerelle-update is run for real against signed feeds and
 * real .debs served over HTTP on 127.0.0.1 (tests/build/support/update-fixture.ts). The refusals of
 * unsigned, tampered and replayed feeds are in update-signature.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUpdateFeed } from '../../main/electron/updates.ts';
import {
  buildDeb,
  electronBuilderFeed,
  has,
  makeMachine,
  makeReleaseKey,
  publishRelease,
  publishSignedText,
  root,
  run,
  runUpdate,
  SCRIPT,
  sha512Base64,
  startFeedServer,
  type FeedServer,
  type ReleaseKey,
} from './support/update-fixture.ts';

const INSTALLED_PATH = '/usr/libexec/passerelle/passerelle-update';

const canVerify = has('systemd-analyze');
const canBuildDeb = has('dpkg-deb') && has('curl') && has('openssl', ['version']);
if (!canVerify) console.warn('SKIPPED part of tests/build/update-service.test.ts: systemd-analyze is not installed');
if (!canBuildDeb) console.warn('SKIPPED part of tests/build/update-service.test.ts: dpkg-deb, curl or openssl is missing');

let dir: string;
let server: FeedServer;
let key: ReleaseKey;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'passerelle-update-'));
  server = await startFeedServer(dir);
  key = await makeReleaseKey(dir, 'release');
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const update = async (feedUrl: string, installed: string | null, machineId?: string) =>
  runUpdate({ feedUrl, installed, machine: await makeMachine(dir, machineId), publicKeyFile: key.publicFile });

describe.skipIf(!canVerify)('passerelle-update.service and .timer', () => {
  it('verify cleanly: exit 0 and not one warning', async () => {
    const service = await readFile(path.join(root, 'build/systemd/passerelle-update.service'), 'utf8');
    expect(service).toContain(`ExecStart=${INSTALLED_PATH}\n`);
    await writeFile(path.join(dir, 'passerelle-update.service'), service.replace(INSTALLED_PATH, SCRIPT));
    await writeFile(path.join(dir, 'passerelle-update.timer'), await readFile(path.join(root, 'build/systemd/passerelle-update.timer'), 'utf8'));
    const r = await run('systemd-analyze', ['verify', '--man=no', path.join(dir, 'passerelle-update.service'), path.join(dir, 'passerelle-update.timer')]).then(
      ({ stderr }) => ({ code: 0, stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('the service is a root oneshot keeping its downloads in a root-only state folder; the timer is spread and persistent', async () => {
    const service = await readFile(path.join(root, 'build/systemd/passerelle-update.service'), 'utf8');
    expect(service).toMatch(/^Type=oneshot$/m);
    expect(service).not.toMatch(/^User=/m);
    expect(service).toMatch(/^StateDirectory=passerelle\/update$/m);
    expect(service).toMatch(/^StateDirectoryMode=0700$/m);
    expect(service).toMatch(/^ProtectHome=yes$/m);
    const timer = await readFile(path.join(root, 'build/systemd/passerelle-update.timer'), 'utf8');
    expect(timer).toMatch(/^RandomizedDelaySec=/m);
    expect(timer).toMatch(/^Persistent=true$/m);
    expect(timer).toMatch(/^WantedBy=timers.target$/m);
  });
});

describe.skipIf(!canBuildDeb)('build/bin/passerelle-update against a signed feed and a real .deb', () => {
  it('installs a newer .deb whose signature, size, sha512, package name and version match, and says so in the result file', async () => {
    const data = await buildDeb(dir, 'passerelle', '0.3.0');
    const feedUrl = await publishRelease(server, 'a', { version: '0.3.0', deb: data, key });
    const r = await update(feedUrl, '0.2.0');
    expect(r.stderr).toMatch(/installed passerelle 0.3.0/);
    expect(r.code).toBe(0);
    expect(r.apt[0]).toMatch(/^install -y --no-install-recommends .*\/passerelle_0.3.0_amd64.deb$/);
    expect(r.apt[1]!.split(' ')[0]).toBe(createHash('sha512').update(data).digest('hex'));
    expect(r.left.filter((f) => f !== 'accepted-feed')).toEqual([]); // the download and the feed are removed
    expect(r.result).toMatchObject({ result: 'installed', reason: 'installed', version: '0.3.0', installed: '0.3.0' });
    expect(r.result!.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it("reads the signed feed the way electron-updater does (the shell and the service agree on the .deb entry)", async () => {
    const data = await buildDeb(dir, 'passerelle', '0.3.1');
    const feedUrl = await publishRelease(server, 'b', { version: '0.3.1', deb: data, key });
    const signedText = await readFile(path.join(server.root, 'b/latest-linux.yml'), 'utf8');
    expect(signedText).toMatch(/^signedAt: '\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z'$/m);
    const parsed = parseUpdateFeed(signedText, feedUrl);
    expect(parsed.version).toBe('0.3.1');
    const debEntry = parsed.files.find((f) => f.url.endsWith('.deb'))!;
    expect(debEntry).toEqual({ url: `${server.base}/b/passerelle_0.3.1_amd64.deb`, sha512: sha512Base64(data), size: data.length });
    const r = await update(feedUrl, null);
    expect(r.code).toBe(0);
    expect(r.apt[1]!.split(' ')[0]).toBe(Buffer.from(debEntry.sha512, 'base64').toString('hex'));
  });

  it('does nothing when the installed version is the same or newer', async () => {
    const data = await buildDeb(dir, 'passerelle', '0.3.2');
    const feedUrl = await publishRelease(server, 'c', { version: '0.3.2', deb: data, key });
    for (const installed of ['0.3.2', '0.4.0']) {
      const r = await update(feedUrl, installed);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/up to date/);
      expect(r.apt).toEqual([]);
      expect(r.result).toMatchObject({ result: 'up-to-date', version: '0.3.2', installed });
    }
  });

  it('refuses a package that is not passerelle, or not at the feed version, even in a signed feed with a matching sha512', async () => {
    const impostor = await buildDeb(dir, 'coreutils', '0.5.0');
    const r = await update(await publishRelease(server, 'e', { version: '0.5.0', deb: impostor, key }), '0.3.0');
    expect(r.stderr).toMatch(/is not the passerelle package/);
    expect(r.apt).toEqual([]);
    expect(r.result).toMatchObject({ result: 'refused', reason: 'package' });

    const older = await buildDeb(dir, 'passerelle', '0.1.0');
    const r2 = await update(await publishRelease(server, 'f', { version: '0.6.0', deb: older, key }), '0.3.0');
    expect(r2.stderr).toMatch(/is not version 0.6.0/);
    expect(r2.apt).toEqual([]);
    expect(r2.result).toMatchObject({ result: 'refused', reason: 'version' });
  });

  it('refuses a signed feed without a sha512 for the .deb, without a .deb, with an unsafe file name or a bad size', async () => {
    const data = await buildDeb(dir, 'passerelle', '0.7.0');
    const cases: Array<[string, string, RegExp]> = [
      ['g', electronBuilderFeed('0.7.0', { name: 'passerelle_0.7.0_amd64.deb', data, sha512: '' }), /no valid sha512/],
      ['h', electronBuilderFeed('0.7.0', null), /lists no .deb file/],
      ['i', electronBuilderFeed('0.7.0', { name: '../../etc/passerelle_0.7.0_amd64.deb', data }), /unsafe name/],
      ['j', electronBuilderFeed('0.7.0', { name: 'passerelle_0.7.0_amd64.deb', data, size: 0 }), /no valid size/],
      ['k', electronBuilderFeed('not-a-version', { name: 'passerelle_0.7.0_amd64.deb', data }), /no valid version/],
    ];
    for (const [folder, text, message] of cases) {
      const r = await update(await publishSignedText(server, folder, text, key, { 'passerelle_0.7.0_amd64.deb': data }), '0.3.0');
      expect(r.code, folder).toBe(1);
      expect(r.stderr, folder).toMatch(message);
      expect(r.apt, folder).toEqual([]);
      expect(r.result, folder).toMatchObject({ result: 'refused', reason: 'feed' });
    }
  });

  it("follows a staged rollout by this machine's id: below the percentage it installs, at or above it waits", async () => {
    const machineId = '3f1c0e8a9b7d4c2e8f6a5b4c3d2e1f00\n';
    // The script's bucket: the first 6 hex digits of sha256(machine-id file) modulo 100.
    const bucket = parseInt(createHash('sha256').update(machineId).digest('hex').slice(0, 6), 16) % 100;
    expect(bucket).toBeLessThan(99);
    const data = await buildDeb(dir, 'passerelle', '0.9.0');
    const machine = await makeMachine(dir, machineId);
    const feedUrl = await publishRelease(server, 'm', { version: '0.9.0', deb: data, key, stagingPercentage: bucket });
    const waits = await runUpdate({ feedUrl, installed: '0.3.0', machine, publicKeyFile: key.publicFile });
    expect(waits.stderr).toMatch(new RegExp(`rolled out to ${bucket} % of machines; this one \\(bucket ${bucket}\\) waits`));
    expect(waits.apt).toEqual([]);
    expect(waits.result).toMatchObject({ result: 'waiting', reason: 'staged', version: '0.9.0', installed: '0.3.0' });
    // The association widens the rollout by signing the same release again with a higher figure.
    await publishRelease(server, 'm', { version: '0.9.0', deb: data, key, stagingPercentage: bucket + 1 });
    const installs = await runUpdate({ feedUrl, installed: '0.3.0', machine, publicKeyFile: key.publicFile });
    expect(installs.stderr).toMatch(/installed passerelle 0.9.0/);
    // The shell's parser reads the same percentage.
    expect(parseUpdateFeed(await readFile(path.join(server.root, 'm/latest-linux.yml'), 'utf8'), feedUrl).stagingPercentage).toBe(bucket + 1);
  });

  it('waits while the association paused the rollout on the hub, and installs once it resumes', async () => {
    const data = await buildDeb(dir, 'passerelle', '0.9.5');
    const feedUrl = await publishRelease(server, 'paused', { version: '0.9.5', deb: data, key });
    server.headers.set('paused', { 'Passerelle-Rollout': 'paused' });
    const machine = await makeMachine(dir);
    const waits = await runUpdate({ feedUrl, installed: '0.3.0', machine, publicKeyFile: key.publicFile });
    expect(waits.code).toBe(0);
    expect(waits.stderr).toMatch(/paused the rollout of 0.9.5/);
    expect(waits.apt).toEqual([]);
    expect(waits.result).toMatchObject({ result: 'waiting', reason: 'paused', version: '0.9.5' });
    // A machine already on that version is up to date, paused or not.
    expect((await runUpdate({ feedUrl, installed: '0.9.5', machine, publicKeyFile: key.publicFile })).result).toMatchObject({ result: 'up-to-date' });
    server.headers.delete('paused');
    expect((await runUpdate({ feedUrl, installed: '0.3.0', machine, publicKeyFile: key.publicFile })).result).toMatchObject({ result: 'installed', version: '0.9.5' });
  });

  it('refuses a plain-http feed on another machine', async () => {
    const r = await update('http://hub.example.org/updates/latest-linux.yml', '0.3.0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/must be an https:\/\/ URL/);
    expect(r.result).toMatchObject({ result: 'refused', reason: 'insecure-url' });
  });

  it("finds the feed from the package's app-update.yml when no override is set", async () => {
    const data = await buildDeb(dir, 'passerelle', '0.8.0');
    await publishRelease(server, 'l', { version: '0.8.0', deb: data, key, feedName: 'beta-linux.yml' });
    const appUpdate = path.join(dir, 'app-update.yml');
    await writeFile(appUpdate, `provider: generic\nurl: '${server.base}/l'\nchannel: beta\nupdaterCacheDirName: passerelle-updater\n`);
    const r = await runUpdate({ installed: '0.3.0', machine: await makeMachine(dir), publicKeyFile: key.publicFile, env: { PASSERELLE_APP_UPDATE_YML: appUpdate } });
    expect(r.stderr).toMatch(/installing passerelle 0.8.0 \(was 0.3.0\)/);
    expect(r.result).toMatchObject({ result: 'installed', version: '0.8.0' });
  });

  it('says when no feed is configured at all', async () => {
    const r = await runUpdate({ installed: '0.3.0', machine: await makeMachine(dir), publicKeyFile: key.publicFile });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no update feed configured/);
    expect(r.result).toMatchObject({ result: 'failed', reason: 'no-feed' });
  });
});
