/**
 * A hash router (#/queue, #/machines, #/machines/<id>/history): the hub serves the console as static
 * files, so the path after # never reaches the server and every page can be bookmarked and reloaded.
 */
import { useEffect, useState } from 'react';

export function currentPath(): string {
  const hash = location.hash.replace(/^#\/?/, '');
  return hash.split('?')[0] ?? '';
}

export function navigate(path: string): void {
  location.hash = `#/${path}`;
}

export function useHashPath(): string {
  const [path, setPath] = useState(currentPath);
  useEffect(() => {
    const onChange = () => setPath(currentPath());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return path;
}

/** Matches "machines/:id/history" against "machines/abc/history" → { id: 'abc' }, or null. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith(':')) {
      if (!g) return null;
      params[w.slice(1)] = decodeURIComponent(g);
    } else if (w !== g) return null;
  }
  return params;
}
