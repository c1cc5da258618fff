/**
 * Which file answers a request, for both hosts (Electron's `app://shell/` and the web host):
 * `/lessons/<id>/<file>` comes from the lessons folder, `/packs/<id>/<version>/<file>` from the packs
 * received from the hub, everything else from the renderer build, `/` is index.html. Anything that
 * could step outside those folders, or name another host, gets
 * null (the hosts answer 404). `resolveServedFile` then follows links on disk: a file whose real
 * path leaves its folder (a symbolic link planted in `lessons/`, a linked folder) is refused too.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { APP_ORIGIN, originOf, parseUrl } from '../policy/app-origin.ts';
import { contentTypeFor } from './content-types.ts';

/** `packsDir`: lesson packs received from the hub (main/lesson-feed/pack-store.ts), served at `/packs/`. */
export type AppDirs = { rendererDir: string; lessonsDir: string; packsDir?: string | undefined };

/** `/packs/<id>/<version folder>/<file…>`: only inside an unpacked version, never the store's own files. */
const PACK_FOLDER = /^v\d+-[0-9a-f]{12}$/;

/**
 * A dot-dot segment in the raw text, written plainly or percent-encoded, with either slash. The
 * URL parser would quietly fold these away; a request that tries one is refused outright instead.
 */
const RAW_DOT_DOT = /(?:^|\/|\\|%2f|%5c)(?:\.|%2e){2}(?:\/|\\|%2f|%5c|\?|#|$)/i;

/** A decoded segment must be a plain file or folder name: no separators, no control characters,
 *  no hidden files (nothing the build or a lesson pack ships starts with a dot). */
export function isPlainSegment(segment: string): boolean {
  if (segment === '' || segment.startsWith('.')) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f/\\]/.test(segment);
}

export function resolveAppRequest(url: unknown, dirs: AppDirs): string | null {
  return locate(url, dirs)?.file ?? null;
}

/** The folder a request is served from and the file it names, before links are followed. */
function locate(url: unknown, dirs: AppDirs): { root: string; file: string } | null {
  if (typeof url !== 'string' || url.includes('\\') || url.includes('\0') || RAW_DOT_DOT.test(url)) return null;
  const parsed = parseUrl(url);
  if (!parsed || parsed.protocol !== 'app:' || originOf(parsed) !== APP_ORIGIN) return null;

  const rawSegments = parsed.pathname.split('/').slice(1);
  if (rawSegments.length === 1 && rawSegments[0] === '') rawSegments.length = 0; // "/" itself
  const segments: string[] = [];
  for (const raw of rawSegments) {
    // An encoded slash or backslash would smuggle a separator past the split above.
    if (/%2f|%5c|%00/i.test(raw)) return null;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (!isPlainSegment(segment)) return null;
    segments.push(segment);
  }

  if (segments[0] === 'packs' && (!dirs.packsDir || segments.length < 4 || !PACK_FOLDER.test(segments[2]!))) return null;
  const [root, rest] =
    segments[0] === 'lessons'
      ? [dirs.lessonsDir, segments.slice(1)]
      : segments[0] === 'packs'
        ? [dirs.packsDir!, segments.slice(1)]
        : [dirs.rendererDir, segments.length > 0 ? segments : ['index.html']];
  if (rest.length === 0) return null; // `/lessons` alone is a folder, not a file
  const base = path.resolve(root);
  const file = path.resolve(base, ...rest);
  // Belt and braces: whatever got through the checks above must still sit inside its folder.
  return file.startsWith(base + path.sep) ? { root: base, file } : null;
}

/**
 * The real path of the regular file that answers `url`, or null: not ours, missing, not a file, or
 * a file whose real path (every symbolic link followed) is not inside the real path of its folder.
 * The hosts read the returned path, never the requested one.
 */
export async function resolveServedFile(url: unknown, dirs: AppDirs): Promise<string | null> {
  const located = locate(url, dirs);
  if (!located) return null;
  return realFileInside(located.root, located.file);
}

/**
 * The real path of `file` when it is a regular file whose real path (every symbolic link followed)
 * lies inside the real path of `root`; null otherwise (missing, not a file, or leading out). Used by
 * both hosts' file serving and by the person's files (main/services/my-files.ts).
 */
export async function realFileInside(root: string, file: string): Promise<string | null> {
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(file)]);
    if (!realFile.startsWith(realRoot + path.sep)) return null;
    return (await stat(realFile)).isFile() ? realFile : null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Missing files are ordinary (a lesson without a picture); so are names under a plain file.
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP' || code === 'EACCES') return null;
    throw error;
  }
}

/** The Content-Type for a file the app serves (the web host's table: one list for both hosts). */
export function mimeTypeFor(filePath: string): string {
  return contentTypeFor(filePath);
}
