import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.woff2': 'font/woff2',
};

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Map a request path to a file: `/lessons/**` from the lessons folder, everything else from the
 * renderer build, `/` to index.html. Anything that could step outside those folders is refused.
 */
export function resolveStaticFile(requestUrl: string, dirs: { rendererDir: string; lessonsDir: string }): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(requestUrl, 'http://x').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  const parts = pathname.split('/').filter(Boolean);
  if (parts.some((p) => p === '..' || p === '.')) return null;
  const [root, rest] = parts[0] === 'lessons' ? [dirs.lessonsDir, parts.slice(1)] : [dirs.rendererDir, parts.length ? parts : ['index.html']];
  const file = path.resolve(root, ...rest);
  return file.startsWith(path.resolve(root) + path.sep) ? file : null;
}
