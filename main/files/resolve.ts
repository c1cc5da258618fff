/**
 * The `app://shell/` scheme: which file answers a request. `/lessons/<id>/<file>` comes from the
 * lessons folder, everything else from the renderer build, `/` is index.html. Anything that could
 * step outside those two folders, or name another host, gets null (the handler answers 404).
 */
import path from 'node:path';
import { APP_ORIGIN, originOf, parseUrl } from '../policy/app-origin.ts';
import { contentTypeFor } from './content-types.ts';

export type AppDirs = { rendererDir: string; lessonsDir: string };

/**
 * A dot-dot segment in the raw text, written plainly or percent-encoded, with either slash. The
 * URL parser would quietly fold these away; a request that tries one is refused outright instead.
 */
const RAW_DOT_DOT = /(?:^|\/|\\|%2f|%5c)(?:\.|%2e){2}(?:\/|\\|%2f|%5c|\?|#|$)/i;

/** A decoded segment must be a plain file or folder name: no separators, no control characters,
 *  no hidden files (nothing the build or a lesson pack ships starts with a dot). */
function isPlainSegment(segment: string): boolean {
  if (segment === '' || segment.startsWith('.')) return false;
  // eslint-disable-next-line no-control-regex
  return !/[\u0000-\u001f\u007f/\\]/.test(segment);
}

export function resolveAppRequest(url: unknown, dirs: AppDirs): string | null {
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

  const [root, rest] =
    segments[0] === 'lessons' ? [dirs.lessonsDir, segments.slice(1)] : [dirs.rendererDir, segments.length > 0 ? segments : ['index.html']];
  if (rest.length === 0) return null; // `/lessons` alone is a folder, not a file
  const base = path.resolve(root);
  const file = path.resolve(base, ...rest);
  // Belt and braces: whatever got through the checks above must still sit inside its folder.
  return file.startsWith(base + path.sep) ? file : null;
}

/** The Content-Type for a file the app serves (the web host's table: one list for both hosts). */
export function mimeTypeFor(filePath: string): string {
  return contentTypeFor(filePath);
}
