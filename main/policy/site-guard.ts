/**
 * The guard of a website tile (issue 13): every decision the simplified browser takes about where a
 * page may go and what it may do, as pure functions of the tile and the URL. Electron wires them to a
 * WebContentsView's events (will-navigate, setWindowOpenHandler, will-download, permission requests);
 * the web host's page applies the same decisions to its frame. A site is never trusted by how its
 * address looks: URLs are parsed with `new URL` and hosts compared exactly (IDN hosts come out as
 * punycode, so a look-alike never equals the ASCII name it imitates).
 */
import { LOGIN_PROVIDERS, TEST_HOST_SUFFIX, hostMatches, isDnsHost } from '../../app/tiles/site-hosts.ts';
import type { TileOf } from '../../app/tiles/model.ts';

export type SiteTile = TileOf<'website'> | TileOf<'call'>;

/** A URL the guard accepts to reason about: http(s), a DNS host, no user name or password. */
export type GuardedUrl = { url: URL; host: string };

/**
 * Parses what a page asks to open. Null for anything else: `javascript:`, `data:`, `file:`,
 * `blob:`, a user name or password in the address (`https://ameli.fr@evil.example` goes to
 * evil.example: a trick, never a real need), an IP address, a malformed or empty host.
 */
export function guardedUrl(raw: unknown): GuardedUrl | null {
  if (typeof raw !== 'string' || raw.length > 8000) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.username !== '' || url.password !== '') return null;
  const host = url.hostname;
  if (!isDnsHost(host)) return null;
  return { url, host };
}

/** The tile's own domains: its official ones (call tiles: the room's host only). */
function tileDomains(tile: SiteTile): readonly string[] {
  return tile.kind === 'website' ? tile.domains : [new URL(tile.url).hostname];
}

function providerDomains(tile: SiteTile): readonly string[] {
  return tile.kind === 'website' ? tile.loginProviders.flatMap((id) => LOGIN_PROVIDERS[id].domains) : [];
}

/** Plain HTTP is only for `.test` hosts (RFC 6761: never a real site); a non-default port is only the tile's own. */
function transportOk(tile: SiteTile, { url, host }: GuardedUrl): boolean {
  if (url.protocol === 'http:' && !host.endsWith(TEST_HOST_SUFFIX)) return false;
  return url.port === '' || url.port === new URL(tile.url).port;
}

/**
 * "Is this the real site?": `official` (green check with the tile's picture) when the host is
 * exactly one of the tile's domains, `login` (green, the provider's name) for a declared login
 * provider, else `unknown` (orange warning, spoken). Anything that is not a plain web address is
 * `unknown` too.
 */
export type SiteVerdict = { kind: 'official' } | { kind: 'login'; provider: string } | { kind: 'unknown'; host: string | null };

export function siteVerdict(tile: SiteTile, raw: unknown): SiteVerdict {
  const parsed = guardedUrl(raw);
  if (!parsed || !transportOk(tile, parsed)) return { kind: 'unknown', host: parsed?.host ?? null };
  if (tileDomains(tile).some((d) => hostMatches(parsed.host, d))) return { kind: 'official' };
  if (tile.kind === 'website') {
    for (const id of tile.loginProviders) {
      if (LOGIN_PROVIDERS[id].domains.some((d) => hostMatches(parsed.host, d))) return { kind: 'login', provider: LOGIN_PROVIDERS[id].name };
    }
  }
  return { kind: 'unknown', host: parsed.host };
}

/**
 * A navigation in the tile's view (a link, a redirect, a form, a script, `window.open`, the top
 * frame): `allow` within the tile's sites and login providers; `ask` (the "Quitter le site … ?"
 * question, with the host it leads to) for another web site; `block` for anything else.
 */
export type NavigationDecision = { action: 'allow' } | { action: 'ask'; host: string } | { action: 'block' };

export function navigationDecision(tile: SiteTile, raw: unknown): NavigationDecision {
  const parsed = guardedUrl(raw);
  if (!parsed) return { action: 'block' };
  const verdict = siteVerdict(tile, raw);
  if (verdict.kind !== 'unknown') return { action: 'allow' };
  // Another site over plain HTTP, or the tile's host on another port, is still "another site": asked.
  return { action: 'ask', host: parsed.host };
}

/** Origins the web host's frame may show for this tile (its CSP `frame-src`): its sites and login providers. */
export function frameSources(tile: SiteTile): string[] {
  const scheme = (d: string) => (d.replace(/^\*\./, '').endsWith(TEST_HOST_SUFFIX) ? 'http' : 'https');
  const port = new URL(tile.url).port;
  return [...tileDomains(tile), ...providerDomains(tile)].map((d) => `${scheme(d)}://${d}${port && scheme(d) === 'http' ? `:${port}` : ''}`);
}

/**
 * `window.open` and `target=_blank`: never a second window. A link to the tile's own site opens in
 * the same view; anything else goes through the same question as a navigation.
 */
export function popupDecision(tile: SiteTile, raw: unknown): NavigationDecision {
  return navigationDecision(tile, raw);
}

/** Files a download may never be: programs and scripts the person could be tricked into running. */
const EXECUTABLE_EXTENSIONS = new Set([
  'exe', 'msi', 'msix', 'bat', 'cmd', 'com', 'scr', 'pif', 'cpl', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'ps1', 'psm1', 'hta', 'jar', 'lnk', 'reg',
  'sh', 'bash', 'run', 'bin', 'deb', 'rpm', 'appimage', 'snap', 'flatpak', 'flatpakref', 'desktop', 'py', 'pl', 'rb', 'elf', 'apk', 'dmg', 'pkg', 'app', 'iso', 'img',
]);
const EXECUTABLE_TYPES = /^application\/(x-(ms)?dos-?exec|x-msdownload|x-executable|x-sharedlib|x-sh|x-shellscript|x-elf|vnd\.microsoft\.portable-executable|x-msi|x-deb|vnd\.debian\.binary-package|x-rpm|java-archive|x-apple-diskimage|vnd\.android\.package-archive|x-iso9660-image)$/i;

/**
 * A download: `save` into "Mes documents" under a safe name (no folder, no leading dot, no control
 * characters, at most 120 characters, the extension kept), or `refuse` for a program or script —
 * whatever the name claims, when either its name or its type says so.
 */
export type DownloadDecision = { action: 'save'; fileName: string } | { action: 'refuse'; reason: 'executable' };

export function downloadDecision(suggestedName: string, mimeType: string): DownloadDecision {
  const base = suggestedName.split(/[\\/]/).pop() ?? '';
  const clean = base
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/^[.\s]+/, '')
    .trim();
  const parts = clean.toLowerCase().split('.');
  // Every extension counts: "facture.pdf.exe" and "photo.exe.jpg" alike are refused.
  const extensions = parts.slice(1);
  if (extensions.some((e) => EXECUTABLE_EXTENSIONS.has(e)) || EXECUTABLE_TYPES.test(mimeType.trim())) return { action: 'refuse', reason: 'executable' };
  const dot = clean.lastIndexOf('.');
  const ext = dot > 0 ? clean.slice(dot) : '';
  const stem = (dot > 0 ? clean.slice(0, dot) : clean).slice(0, 120 - ext.length) || 'document';
  return { action: 'save', fileName: `${stem}${ext.slice(0, 16)}` };
}

/**
 * A permission a page asks for (notifications, location, camera, microphone, clipboard, MIDI…):
 * refused, except camera and microphone (and the fullscreen a call's video needs) for a video-call
 * tile, and only on its own room's origin.
 */
export function sitePermissionDecision(tile: SiteTile, permission: string, requestingUrl: unknown): boolean {
  if (tile.kind !== 'call') return false;
  const parsed = guardedUrl(requestingUrl);
  if (!parsed || parsed.url.origin !== new URL(tile.url).origin) return false;
  return permission === 'media' || permission === 'camera' || permission === 'microphone' || permission === 'fullscreen';
}

/** A page's own file picker (`<input type=file>`, showOpenFilePicker): never. Attaching goes through "Mes documents" with a helper. */
export function filePickerDecision(): 'refuse' {
  return 'refuse';
}

/** Zoom of a site's page: opens at 125 %, the person's bigger/smaller text steps within 100–200 %. */
export const SITE_ZOOM = { initial: 1.25, min: 1, max: 2, step: 0.25 } as const;

export function nextZoom(current: number, direction: 'bigger' | 'smaller'): number {
  const next = current + (direction === 'bigger' ? SITE_ZOOM.step : -SITE_ZOOM.step);
  return Math.min(SITE_ZOOM.max, Math.max(SITE_ZOOM.min, Math.round(next * 100) / 100));
}
