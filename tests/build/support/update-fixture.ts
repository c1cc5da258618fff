/**
 * What the root updater's tests share: a real (tiny) Debian package built with dpkg-deb, feeds as
 * electron-builder writes them, signed by the real release code (scripts/release/), served from a
 * folder over HTTP on 127.0.0.1, and build/bin/passerelle-update run for real with only apt-get and
 * dpkg-query replaced (a test must not install packages on the machine running it): apt-get records
 * the file it was given and its sha512, dpkg-query answers the "installed" version.
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { signFeed, stampFeed } from '../../../scripts/release/feed.ts';
import { signReleaseFolder } from '../../../scripts/release/sign.ts';
import { readUpdaterResult } from '../../../main/updates/update-status.ts';

export const run = promisify(execFile);
export const root = path.resolve(import.meta.dirname, '../../..');
export const SCRIPT = path.join(root, 'build/bin/passerelle-update');

export function has(command: string, args = ['--version']): boolean {
  try {
    execFileSync(command, args, { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const sha512Base64 = (data: Buffer) => createHash('sha512').update(data).digest('base64');

/** A real Debian package with a control file naming it and its version. */
export async function buildDeb(workDir: string, name: string, version: string, payload = version): Promise<Buffer> {
  const tree = await mkdtemp(path.join(workDir, 'deb-'));
  await mkdir(path.join(tree, 'DEBIAN'));
  await mkdir(path.join(tree, 'opt/Passerelle'), { recursive: true });
  await writeFile(path.join(tree, 'opt/Passerelle/version'), payload);
  await writeFile(
    path.join(tree, 'DEBIAN/control'),
    `Package: ${name}\nVersion: ${version}\nArchitecture: amd64\nMaintainer: Test <t@example.org>\nDescription: test package\n`,
  );
  const out = path.join(workDir, `${name}_${version}_${path.basename(tree)}.deb`);
  await run('dpkg-deb', ['--root-owner-group', '--build', tree, out]);
  return readFile(out);
}

export type DebEntry = { name: string; data: Buffer; sha512?: string; size?: number };
const APPIMAGE = Buffer.from('appimage');

/** latest-linux.yml as electron-builder writes it: the AppImage and the deb, each with sha512 and size. */
export function electronBuilderFeed(version: string, deb: DebEntry | null, stagingPercentage?: number): string {
  const lines = [`version: ${version}`, 'files:', `  - url: Passerelle.AppImage`, `    sha512: ${sha512Base64(APPIMAGE)}`, `    size: ${APPIMAGE.length}`, `    blockMapSize: 1234`];
  if (deb) {
    lines.push(`  - url: ${deb.name}`);
    if (deb.sha512 !== '') lines.push(`    sha512: ${deb.sha512 ?? sha512Base64(deb.data)}`);
    lines.push(`    size: ${deb.size ?? deb.data.length}`);
  }
  lines.push('path: Passerelle.AppImage', `sha512: ${sha512Base64(APPIMAGE)}`, "releaseDate: '2025-06-01T10:00:00.000Z'");
  if (stagingPercentage !== undefined) lines.push(`stagingPercentage: ${stagingPercentage}`);
  return lines.join('\n') + '\n';
}

/** A release key pair; the public half written where the updater reads it. */
export type ReleaseKey = { privateKey: KeyObject; publicPem: string; publicFile: string };

export async function makeReleaseKey(dir: string, name: string): Promise<ReleaseKey> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const publicPem = String(publicKey.export({ type: 'spki', format: 'pem' }));
  const publicFile = path.join(dir, `${name}.pem`);
  await writeFile(publicFile, publicPem);
  return { privateKey, publicPem, publicFile };
}

/** A served folder: the files a hub's update folder holds. */
export type FeedServer = {
  root: string;
  base: string;
  /** Extra response headers by folder (what the hub adds beside a feed, e.g. a paused rollout). */
  headers: Map<string, Record<string, string>>;
  close: () => Promise<void>;
};

export async function startFeedServer(dir: string): Promise<FeedServer> {
  const served = await mkdtemp(path.join(dir, 'served-'));
  const headers = new Map<string, Record<string, string>>();
  const server = http.createServer((req, res) => {
    const relative = decodeURIComponent((req.url ?? '').replace(/^\/updates\//, ''));
    const file = path.join(served, relative);
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-length': body.length, ...headers.get(relative.split('/')[0]!) }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/updates`;
  return { root: served, base, headers, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/**
 * A release as the association publishes it: the .deb and electron-builder's feed in a folder,
 * signed with `signReleaseFolder` (what `npm run release:sign` runs). Returns the feed's URL.
 */
export async function publishRelease(
  server: FeedServer,
  folder: string,
  release: { version: string; deb: Buffer; key: ReleaseKey; signedAt?: Date; stagingPercentage?: number; feedName?: string },
): Promise<string> {
  const feedName = release.feedName ?? 'latest-linux.yml';
  const dir = path.join(server.root, folder);
  await mkdir(dir, { recursive: true });
  const debName = `passerelle_${release.version}_amd64.deb`;
  await writeFile(path.join(dir, debName), release.deb);
  await writeFile(path.join(dir, 'Passerelle.AppImage'), APPIMAGE);
  const feedFile = path.join(dir, feedName);
  if (!existsSync(feedFile)) await writeFile(feedFile, electronBuilderFeed(release.version, { name: debName, data: release.deb }));
  signReleaseFolder({
    privateKey: release.key.privateKey,
    shippedPublicPem: release.key.publicPem,
    feedDir: dir,
    stagingPercentage: release.stagingPercentage,
    now: release.signedAt ?? new Date(),
  });
  return `${server.base}/${folder}/${feedName}`;
}

/**
 * A feed signed as it stands, whatever it says (the release script would refuse a malformed one; the
 * updater must refuse it too), with the files given. Returns the feed's URL.
 */
export async function publishSignedText(
  server: FeedServer,
  folder: string,
  feedText: string,
  key: ReleaseKey,
  files: Record<string, Buffer> = {},
  signedAt = new Date(),
): Promise<string> {
  const dir = path.join(server.root, folder);
  await mkdir(dir, { recursive: true });
  for (const [name, data] of Object.entries(files)) await writeFile(path.join(dir, name), data);
  const text = stampFeed(feedText, { signedAt });
  await writeFile(path.join(dir, 'latest-linux.yml'), text);
  await writeFile(path.join(dir, 'latest-linux.yml.sig'), signFeed(Buffer.from(text), key.privateKey));
  return `${server.base}/${folder}/latest-linux.yml`;
}

/** One machine's root-owned state: the spool folder (with the accepted feed) and the result file. */
export type Machine = { dir: string; spool: string; resultFile: string; machineIdFile: string };

export async function makeMachine(dir: string, machineId?: string): Promise<Machine> {
  const machine = await mkdtemp(path.join(dir, 'machine-'));
  const machineIdFile = path.join(machine, 'machine-id');
  if (machineId !== undefined) await writeFile(machineIdFile, machineId);
  return { dir: machine, spool: path.join(machine, 'update'), resultFile: path.join(machine, 'update-result.json'), machineIdFile };
}

export type UpdateRun = {
  code: number;
  stderr: string;
  /** What apt-get was asked: its arguments, then the sha512 of each .deb handed to it. */
  apt: string[];
  /** Files left in the spool folder. */
  left: string[];
  /** The result file the shell reports, parsed. */
  result: Record<string, string> | null;
  /** The accepted feed record, as written. */
  accepted: string | null;
};

/** Runs the updater on a machine with stand-in apt-get and dpkg-query. */
export async function runUpdate(options: {
  feedUrl?: string;
  installed: string | null;
  machine: Machine;
  publicKeyFile: string;
  env?: Record<string, string>;
}): Promise<UpdateRun> {
  const tools = await mkdtemp(path.join(options.machine.dir, 'tools-'));
  const aptLog = path.join(tools, 'apt.log');
  await writeFile(path.join(tools, 'apt-get'), `#!/bin/sh\necho "$*" >> '${aptLog}'\nfor a in "$@"; do case "$a" in *.deb) sha512sum "$a" >> '${aptLog}';; esac; done\n`, { mode: 0o755 });
  await writeFile(
    path.join(tools, 'dpkg-query'),
    options.installed === null ? '#!/bin/sh\nexit 1\n' : `#!/bin/sh\nprintf '%s' '${options.installed}'\n`,
    { mode: 0o755 },
  );
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    PASSERELLE_UPDATE_DIR: options.machine.spool,
    PASSERELLE_UPDATE_RESULT: options.machine.resultFile,
    PASSERELLE_UPDATE_CONF: path.join(tools, 'no-update.conf'),
    PASSERELLE_APP_UPDATE_YML: path.join(tools, 'no-app-update.yml'),
    PASSERELLE_MACHINE_ID_FILE: options.machine.machineIdFile,
    PASSERELLE_RELEASE_KEY: options.publicKeyFile,
    APT_GET: path.join(tools, 'apt-get'),
    DPKG_QUERY: path.join(tools, 'dpkg-query'),
    ...(options.feedUrl ? { PASSERELLE_UPDATE_FEED: options.feedUrl } : {}),
    ...options.env,
  };
  const outcome = await run(SCRIPT, [], { env, encoding: 'utf8' }).then(
    ({ stderr }) => ({ code: 0, stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  const apt = existsSync(aptLog) ? (await readFile(aptLog, 'utf8')).trim().split('\n') : [];
  const left = existsSync(options.machine.spool) ? await readdir(options.machine.spool) : [];
  let result: Record<string, string> | null = null;
  if (existsSync(options.machine.resultFile)) {
    result = JSON.parse(await readFile(options.machine.resultFile, 'utf8')) as Record<string, string>;
    // The shell reads the same file with the wire schema: every result the updater writes must pass it.
    if (readUpdaterResult(options.machine.resultFile) === null) throw new Error(`the shell cannot read the updater's result: ${JSON.stringify(result)}`);
  }
  const acceptedFile = path.join(options.machine.spool, 'accepted-feed');
  const accepted = existsSync(acceptedFile) ? await readFile(acceptedFile, 'utf8') : null;
  return { ...outcome, apt, left, result, accepted };
}
