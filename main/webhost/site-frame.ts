/**
 * The web host's simplified browser frame (issue 13). Where Electron gives a website tile its own
 * WebContentsView, the web host shows the site in a frame under the shell's top bar: the shell's page
 * frames this small document (same origin as the shell), which frames the site. Its Content Security
 * Policy lets the inner frame show only the tile's own sites and login providers (frame-src, from the
 * same pure guard as Electron's): a link elsewhere is blocked by the browser itself and reported to
 * this document, where the shell's page hears it and asks "Quitter le site … ?". The sandbox takes
 * away popups, top navigation, downloads and dialogs; the permissions policy gives camera and
 * microphone to a video-call tile's room only.
 *
 * The site's frame is `credentialless`: whatever the site stores (cookies, localStorage, IndexedDB…)
 * lives in a partition Chromium makes for the shell's page document and drops with it. A login thus
 * holds while the page lives (a kiosk visit, from tile to tile) and is gone after "J'ai fini", whose
 * /visit-ended answer loads a new page — even in a Chromium set to allow third-party storage, where
 * the site would otherwise keep it in the shell's partition, which Clear-Site-Data does not reach.
 */
import type { Tile } from '../../app/tiles/model.ts';
import { frameSources, guardedUrl, type SiteTile } from '../policy/site-guard.ts';

const escapeAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function isSiteTile(tile: Tile | null): tile is SiteTile {
  return tile !== null && (tile.kind === 'website' || tile.kind === 'call');
}

/**
 * The frame document for a tile, opened at its address, or at `leaveTo` once the person chose to
 * leave the site (that one origin then becomes the only one allowed). Null when `leaveTo` is not a
 * plain web address.
 */
export function siteFrameDocument(tile: SiteTile, leaveTo: string | null): { csp: string; html: string } | null {
  let src = tile.url;
  let sources = frameSources(tile);
  if (leaveTo !== null) {
    const target = guardedUrl(leaveTo);
    if (!target) return null;
    src = target.url.href;
    sources = [target.url.origin];
  }
  const csp = [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    `frame-src ${sources.join(' ')}`,
    "script-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
  const allow = tile.kind === 'call' && leaveTo === null ? 'camera; microphone; fullscreen' : '';
  const html =
    '<!doctype html><html><head><meta charset="utf-8"><title>site</title>' +
    '<style>html,body{margin:0;block-size:100%;overflow:hidden;background:#fff}iframe{border:0;inline-size:100%;block-size:100%;display:block}</style></head>' +
    `<body><iframe credentialless src="${escapeAttribute(src)}" sandbox="allow-scripts allow-same-origin allow-forms" allow="${allow}" referrerpolicy="strict-origin-when-cross-origin" title="site"></iframe></body></html>`;
  return { csp, html };
}
