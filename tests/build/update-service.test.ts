/**
 * Unattended updates through a root-owned service: passerelle-update.service/.timer pass
 * `systemd-analyze verify`, and build/bin/passerelle-update is run for real against a feed and a
 * real .deb (built with dpkg-deb) served over HTTP on 127.0.0.1. Only apt-get and dpkg-query are
 * stand-ins (this test must not install packages on the machine running it): apt-get records the
 * file it was given and its sha512, dpkg-query answers the "installed" version.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUpdateFeed } from '../../main/electron/updates.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const SCRIPT = path.join(root, 'build/bin/passerelle-update');
const INSTALLED_PATH = '/usr/libexec/passerelle/passerelle-update';

function has(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const canVerify = has('systemd-analyze');
const canBuildDeb = has('dpkg-deb') && has('curl');
if (!canVerify) console.warn('SKIPPED part of tests/build/update-service.test.ts: systemd-analyze is not installed');
if (!canBuildDeb) console.warn('SKIPPED part of tests/build/update-service.test.ts: dpkg-deb or curl is missing');

let dir: string;
let server: http.Server;
let base: string;
/** What the feed server answers, by path. */
const served = new Map<string, Buffer>();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'passerelle-update-'));
  server = http.createServer((req, res) => {
    const body = served.get(req.url ?? '');
    if (!body) res.writeHead(404).end('not found');
    else res.writeHead(200, { 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}/updates`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** A real (tiny) Debian package. */
async function buildDeb(name: string, version: string): Promise<Buffer> {
  const tree = await mkdtemp(path.join(dir, 'deb-'));
  await mkdir(path.join(tree, 'DEBIAN'));
  await mkdir(path.join(tree, 'opt/Passerelle'), { recursive: true });
  await writeFile(path.join(tree, 'opt/Passerelle/version'), version);
  await writeFile(
    path.join(tree, 'DEBIAN/control'),
    `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\nMaintainer: Test <t@example.org>\nDescription: test package\n`,
  );
  const out = path.join(dir, `${name}_${version}.deb`);
  await run('dpkg-deb', ['--root-owner-group', '--build', tree, out]);
  return readFile(out);
}

const sha512Base64 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

/** latest-linux.yml as electron-builder writes it: the AppImage and the deb, each with sha512 and size. */
function feed(version: string, deb: { name: string; data: Buffer; sha512?: string; size?: number } | null, stagingPercentage?: number): string {
  const appImage = Buffer.from('appimage');
  const lines = [`version: ${version}`, 'files:', `  - url: Passerelle.AppImage`, `    sha512: ${sha512Base64(appImage)}`, `    size: ${appImage.length}`, `    blockMapSize: 1234`];
  if (deb) {
    lines.push(`  - url: ${deb.name}`);
    if (deb.sha512 !== '') lines.push(`    sha512: ${deb.sha512 ?? sha512Base64(deb.data)}`);
    lines.push(`    size: ${deb.size ?? deb.data.length}`);
  }
  lines.push('path: Passerelle.AppImage', `sha512: ${sha512Base64(appImage)}`, "releaseDate: '2025-06-01T10:00:00.000Z'");
  if (stagingPercentage !== undefined) lines.push(`stagingPercentage: ${stagingPercentage}`);
  return lines.join('\n') + '\n';
}

/** Run the script with stand-in apt-get and dpkg-query; returns what apt-get was asked to install. */
async function runUpdate(options: { feedUrl: string; installed: string | null; machineIdFile?: string }) {
  const tools = await mkdtemp(path.join(dir, 'tools-'));
  const aptLog = path.join(tools, 'apt.log');
  // apt-get: records its arguments and the sha512 of the .deb it is handed (the script deletes it after).
  await writeFile(path.join(tools, 'apt-get'), `#!/bin/sh\necho "$*" >> '${aptLog}'\nfor a in "$@"; do case "$a" in *.deb) sha512sum "$a" >> '${aptLog}';; esac; done\n`, { mode: 0o755 });
  await writeFile(
    path.join(tools, 'dpkg-query'),
    options.installed === null ? '#!/bin/sh\nexit 1\n' : `#!/bin/sh\nprintf '%s' '${options.installed}'\n`,
    { mode: 0o755 },
  );
  const updateDir = path.join(tools, 'spool');
  const result = await run(SCRIPT, [], {
    env: {
      PATH: process.env.PATH,
      PASSERELLE_UPDATE_FEED: options.feedUrl,
      PASSERELLE_UPDATE_DIR: updateDir,
      PASSERELLE_UPDATE_CONF: path.join(tools, 'no-update.conf'),
      PASSERELLE_MACHINE_ID_FILE: options.machineIdFile ?? path.join(tools, 'no-machine-id'),
      APT_GET: path.join(tools, 'apt-get'),
      DPKG_QUERY: path.join(tools, 'dpkg-query'),
    },
    encoding: 'utf8',
  }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  const apt = existsSync(aptLog) ? (await readFile(aptLog, 'utf8')).trim().split('\n') : [];
  const left = existsSync(updateDir) ? await readdir(updateDir) : [];
  return { ...result, apt, left };
}

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

describe.skipIf(!canBuildDeb)('build/bin/passerelle-update against a real feed and .deb', () => {
  it('installs a newer .deb whose size, sha512, package name and version match the feed', async () => {
    const data = await buildDeb('passerelle', '0.3.0');
    served.set('/updates/a/latest-linux.yml', Buffer.from(feed('0.3.0', { name: 'passerelle_0.3.0_amd64.deb', data })));
    served.set('/updates/a/passerelle_0.3.0_amd64.deb', data);
    const r = await runUpdate({ feedUrl: `${base}/a/latest-linux.yml`, installed: '0.2.0' });
    expect(r.stderr).toMatch(/installed passerelle 0.3.0/);
    expect(r.code).toBe(0);
    expect(r.apt[0]).toMatch(/^install -y --no-install-recommends .*\/passerelle_0.3.0_amd64.deb$/);
    expect(r.apt[1]!.split(' ')[0]).toBe(createHash('sha512').update(data).digest('hex'));
    expect(r.left).toEqual([]); // the download is removed once installed
  });

  it('reads the feed the way electron-updater does (the shell and the service agree on the .deb entry)', async () => {
    const data = await buildDeb('passerelle', '0.3.1');
    const text = feed('0.3.1', { name: 'passerelle_0.3.1_amd64.deb', data });
    const parsed = parseUpdateFeed(text, `${base}/b/latest-linux.yml`);
    const debEntry = parsed.files.find((f) => f.url.endsWith('.deb'))!;
    expect(debEntry).toEqual({ url: `${base}/b/passerelle_0.3.1_amd64.deb`, sha512: sha512Base64(data), size: data.length });
    served.set('/updates/b/latest-linux.yml', Buffer.from(text));
    served.set('/updates/b/passerelle_0.3.1_amd64.deb', data);
    const r = await runUpdate({ feedUrl: `${base}/b/latest-linux.yml`, installed: null });
    expect(r.code).toBe(0);
    expect(r.apt[1]!.split(' ')[0]).toBe(Buffer.from(debEntry.sha512, 'base64').toString('hex'));
  });

  it('does nothing when the installed version is the same or newer', async () => {
    const data = await buildDeb('passerelle', '0.3.0');
    served.set('/updates/c/latest-linux.yml', Buffer.from(feed('0.3.0', { name: 'passerelle_0.3.0_amd64.deb', data })));
    const r = await runUpdate({ feedUrl: `${base}/c/latest-linux.yml`, installed: '0.3.0' });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/up to date/);
    expect(r.apt).toEqual([]);
  });

  it('refuses a download whose sha512 differs from the feed, and deletes it', async () => {
    const data = await buildDeb('passerelle', '0.4.0');
    const tampered = Buffer.concat([data, Buffer.from('x')]);
    served.set('/updates/d/latest-linux.yml', Buffer.from(feed('0.4.0', { name: 'passerelle_0.4.0_amd64.deb', data, sha512: sha512Base64(tampered) })));
    served.set('/updates/d/passerelle_0.4.0_amd64.deb', data);
    const r = await runUpdate({ feedUrl: `${base}/d/latest-linux.yml`, installed: '0.3.0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sha512 differs from the feed/);
    expect(r.apt).toEqual([]);
    expect(r.left.filter((f) => f.endsWith('.deb'))).toEqual([]);
  });

  it('refuses a package that is not passerelle, or not at the feed version, even with a matching sha512', async () => {
    const impostor = await buildDeb('coreutils', '0.5.0');
    served.set('/updates/e/latest-linux.yml', Buffer.from(feed('0.5.0', { name: 'passerelle_0.5.0_amd64.deb', data: impostor })));
    served.set('/updates/e/passerelle_0.5.0_amd64.deb', impostor);
    const r = await runUpdate({ feedUrl: `${base}/e/latest-linux.yml`, installed: '0.3.0' });
    expect(r.stderr).toMatch(/is not the passerelle package/);
    expect(r.apt).toEqual([]);

    const older = await buildDeb('passerelle', '0.1.0');
    served.set('/updates/f/latest-linux.yml', Buffer.from(feed('0.6.0', { name: 'passerelle_0.6.0_amd64.deb', data: older })));
    served.set('/updates/f/passerelle_0.6.0_amd64.deb', older);
    const r2 = await runUpdate({ feedUrl: `${base}/f/latest-linux.yml`, installed: '0.3.0' });
    expect(r2.stderr).toMatch(/is not version 0.6.0/);
    expect(r2.apt).toEqual([]);
  });

  it('refuses a feed without a sha512 for the .deb, without a .deb, with an unsafe file name or a bad size', async () => {
    const data = await buildDeb('passerelle', '0.7.0');
    const cases: Array<[string, string, RegExp]> = [
      ['g', feed('0.7.0', { name: 'passerelle_0.7.0_amd64.deb', data, sha512: '' }), /no valid sha512/],
      ['h', feed('0.7.0', null), /lists no .deb file/],
      ['i', feed('0.7.0', { name: '../../etc/passerelle_0.7.0_amd64.deb', data }), /unsafe name/],
      ['j', feed('0.7.0', { name: 'passerelle_0.7.0_amd64.deb', data, size: 0 }), /no valid size/],
      ['k', feed('not-a-version', { name: 'passerelle_0.7.0_amd64.deb', data }), /no valid version/],
    ];
    for (const [folder, text, message] of cases) {
      served.set(`/updates/${folder}/latest-linux.yml`, Buffer.from(text));
      const r = await runUpdate({ feedUrl: `${base}/${folder}/latest-linux.yml`, installed: '0.3.0' });
      expect(r.code, folder).toBe(1);
      expect(r.stderr, folder).toMatch(message);
      expect(r.apt, folder).toEqual([]);
    }
  });

  it("follows a staged rollout by this machine's id: below the percentage it installs, at or above it waits", async () => {
    const machineIdFile = path.join(dir, 'machine-id');
    await writeFile(machineIdFile, '3f1c0e8a9b7d4c2e8f6a5b4c3d2e1f00\n');
    // The script's bucket: the first 6 hex digits of sha256(machine-id file) modulo 100.
    const bucket = parseInt(createHash('sha256').update(await readFile(machineIdFile)).digest('hex').slice(0, 6), 16) % 100;
    expect(bucket).toBeLessThan(99);
    const data = await buildDeb('passerelle', '0.9.0');
    served.set('/updates/m/passerelle_0.9.0_amd64.deb', data);
    served.set('/updates/m/latest-linux.yml', Buffer.from(feed('0.9.0', { name: 'passerelle_0.9.0_amd64.deb', data }, bucket)));
    const waits = await runUpdate({ feedUrl: `${base}/m/latest-linux.yml`, installed: '0.3.0', machineIdFile });
    expect(waits.stderr).toMatch(new RegExp(`rolled out to ${bucket} % of machines; this one \\(bucket ${bucket}\\) waits`));
    expect(waits.apt).toEqual([]);
    served.set('/updates/m/latest-linux.yml', Buffer.from(feed('0.9.0', { name: 'passerelle_0.9.0_amd64.deb', data }, bucket + 1)));
    const installs = await runUpdate({ feedUrl: `${base}/m/latest-linux.yml`, installed: '0.3.0', machineIdFile });
    expect(installs.stderr).toMatch(/installed passerelle 0.9.0/);
    // The shell's parser reads the same percentage.
    expect(parseUpdateFeed(feed('0.9.0', { name: 'passerelle_0.9.0_amd64.deb', data }, bucket + 1), `${base}/m/latest-linux.yml`).stagingPercentage).toBe(bucket + 1);
  });

  it('refuses a plain-http feed on another machine (the sha512 is only worth the channel it came over)', async () => {
    const r = await runUpdate({ feedUrl: 'http://hub.example.org/updates/latest-linux.yml', installed: '0.3.0' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/must be an https:\/\/ URL/);
  });

  it("finds the feed from the package's app-update.yml when no override is set", async () => {
    const data = await buildDeb('passerelle', '0.8.0');
    served.set('/updates/l/beta-linux.yml', Buffer.from(feed('0.8.0', { name: 'passerelle_0.8.0_amd64.deb', data })));
    served.set('/updates/l/passerelle_0.8.0_amd64.deb', data);
    const appUpdate = path.join(dir, 'app-update.yml');
    await writeFile(appUpdate, `provider: generic\nurl: '${base}/l'\nchannel: beta\nupdaterCacheDirName: passerelle-updater\n`);
    const tools = await mkdtemp(path.join(dir, 'tools-'));
    await writeFile(path.join(tools, 'apt-get'), '#!/bin/sh\necho "$*" >&2\n', { mode: 0o755 });
    await writeFile(path.join(tools, 'dpkg-query'), "#!/bin/sh\nprintf '0.3.0'\n", { mode: 0o755 });
    const { stderr } = await run(SCRIPT, [], {
      env: {
        PATH: process.env.PATH,
        PASSERELLE_APP_UPDATE_YML: appUpdate,
        PASSERELLE_UPDATE_CONF: path.join(tools, 'none.conf'),
        PASSERELLE_UPDATE_DIR: path.join(tools, 'spool'),
        APT_GET: path.join(tools, 'apt-get'),
        DPKG_QUERY: path.join(tools, 'dpkg-query'),
      },
      encoding: 'utf8',
    });
    expect(stderr).toMatch(/installing passerelle 0.8.0 \(was 0.3.0\)/);
  });
});
