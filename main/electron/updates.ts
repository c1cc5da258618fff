/**
 * Updates: one explicit answer to "what may this running copy do about updates?", and a strict
 * reading of the hub's feed. A failed update only logs; it never breaks the running shell.
 *
 * - A .deb is installed by dpkg as root. electron-updater's DebUpdater runs it through pkexec or
 *   sudo, which waits for a password no one in a kiosk will type (electron-builder issue 8395):
 *   so a deb install only checks and reports; a root-owned service installs.
 * - An AppImage replaces its own file: possible only when its folder is writable and its name
 *   carries no version (otherwise the updated file keeps the old name).
 * - Nothing installs on quit (`autoInstallOnAppQuit: false`): quitting is also how a kiosk visitor
 *   leaves, and an install there would surprise the next person.
 */
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider';

export type UpdateEnvironment = {
  isPackaged: boolean;
  platform: string;
  /** `process.env.APPIMAGE` when running from an AppImage. */
  appImagePath?: string | undefined;
  /** True when the app was installed from the .deb (electron-builder writes `package-type`). */
  isDeb?: boolean | undefined;
  /** Whether the AppImage's folder is writable by the current user (unknown counts as no). */
  appImageDirWritable?: boolean | undefined;
};

export type UpdateCapability =
  | { mode: 'none'; reason: string }
  /** Look for an update and report it; installing is someone else's job (root-owned service). */
  | { mode: 'check-only'; reason: string }
  /** Download and replace the AppImage, applied at the next start, never on quit. */
  | { mode: 'appimage'; reason: string };

const VERSION_IN_NAME = /\d+\.\d+\.\d+/;

export function canAutoUpdate(env: UpdateEnvironment): UpdateCapability {
  if (!env.isPackaged) return { mode: 'none', reason: 'development run: nothing to update' };
  if (env.platform !== 'linux') return { mode: 'none', reason: `no update channel for platform ${env.platform}` };
  if (env.appImagePath) {
    const name = env.appImagePath.split('/').pop() ?? '';
    if (VERSION_IN_NAME.test(name)) return { mode: 'none', reason: 'the AppImage file name carries a version; an update would keep the old name' };
    if (env.appImageDirWritable !== true) return { mode: 'none', reason: "the AppImage's folder is not writable by this user" };
    return { mode: 'appimage', reason: 'AppImage in a writable folder' };
  }
  if (env.isDeb) return { mode: 'check-only', reason: 'deb: installed as root by passerelle-update.service (pkexec cannot ask anyone in a kiosk)' };
  return { mode: 'none', reason: 'unknown package format' };
}

/** electron-updater settings that follow from the capability. */
export function updaterSettings(capability: UpdateCapability): { autoDownload: boolean; autoInstallOnAppQuit: false; allowDowngrade: false } {
  return { autoDownload: capability.mode === 'appimage', autoInstallOnAppQuit: false, allowDowngrade: false };
}

export type UpdateFeedFile = { url: string; sha512: string; size: number };
export type UpdateFeed = { version: string; releaseDate: string | null; stagingPercentage: number | null; files: UpdateFeedFile[] };

/** js-yaml reads an unquoted timestamp as a Date; electron-builder quotes it, a hand-written feed may not. */
function releaseDateOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
  return null;
}

/** sha512 in base64: 64 bytes → 88 characters ending in "==". */
const SHA512_BASE64 = /^[A-Za-z0-9+/]{86}==$/;
const SEMVER = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/**
 * Read `latest-linux.yml` with electron-updater's own parser, then hold it to our rules: a semver
 * version, every file with a sha512 (the only integrity check on Linux) and a size, every file on
 * the feed's own origin. Throws an Error saying what is wrong.
 */
export function parseUpdateFeed(text: string, feedUrl: string): UpdateFeed {
  const base = new URL(feedUrl);
  const info = parseUpdateInfo(text, base.pathname.split('/').pop() ?? 'latest-linux.yml', base);
  if (info === null || typeof info !== 'object') throw new Error('update feed: not a YAML mapping');
  if (typeof info.version !== 'string' || !SEMVER.test(info.version)) throw new Error(`update feed: bad version ${JSON.stringify(info.version)}`);
  const files = resolveFiles(info, base).map(({ url, info: file }) => {
    if (typeof file.sha512 !== 'string' || !SHA512_BASE64.test(file.sha512)) throw new Error(`update feed: ${file.url} has no valid sha512`);
    if (typeof file.size !== 'number' || !Number.isSafeInteger(file.size) || file.size <= 0) throw new Error(`update feed: ${file.url} has no valid size`);
    if (url.origin !== base.origin) throw new Error(`update feed: ${file.url} is not on the feed's origin ${base.origin}`);
    return { url: url.href, sha512: file.sha512, size: file.size };
  });
  const staging = (info as { stagingPercentage?: unknown }).stagingPercentage;
  const stagingPercentage = typeof staging === 'number' && staging >= 0 && staging <= 100 ? staging : null;
  return { version: info.version, releaseDate: releaseDateOf(info.releaseDate), stagingPercentage, files };
}
