/**
 * A website tile's guarded browser, host side (issue 13): the bridge's site calls, the same for both
 * hosts. Electron gives it a way to open a tile in its own view (main/electron/site-views.ts, through
 * `useViews`); without one (the web host) the page shows the site in its frame document
 * (main/webhost/site-frame.ts) and the calls say what the page does itself (`page`) or what this host
 * cannot do at all (`not_available`: print and Listen, the page hides their buttons). It remembers which
 * tiles a kiosk visit opened, for the wipe of their partitions (main/policy/site-views.ts decides which).
 */
import type { SiteDone, SiteDownload, SiteNotDone, SiteOpened, SiteRectangle } from '../../app/bridge/contract.ts';
import type { Tile } from '../../app/tiles/model.ts';
import { guardedUrl, nextZoom, SITE_ZOOM, type SiteTile } from '../policy/site-guard.ts';
import { isSiteTile } from '../webhost/site-frame.ts';

/** One open site view, as the Electron glue gives it. */
export type SiteViewHandle = {
  back(): void;
  zoom(direction: 'bigger' | 'smaller'): number;
  print(): void;
  /** The selection or main text, cut for speech; null when there is nothing to read. */
  read(): Promise<string | null>;
  setBounds(bounds: SiteRectangle): void;
  /** Go to an address the person chose to leave to (that origin becomes allowed). */
  go(url: string): void;
  close(): void;
};
export type SiteViewEvents = { ask(url: string, host: string): void; navigated(url: string): void };
export type SiteViewOpener = (tile: SiteTile, events: SiteViewEvents) => SiteViewHandle;

type Open = { tile: SiteTile; view: SiteViewHandle | null; zoom: number; asked: string | null };

export class SiteHost {
  private opener: SiteViewOpener | null = null;
  private current: Open | null = null;
  private opened = new Set<string>();

  constructor(
    private readonly deps: {
      find(id: string): Tile | null;
      onAsk(url: string, host: string): void;
      onNavigated(url: string): void;
      onDownload(notice: SiteDownload): void;
    },
  ) {}

  /** A site view's download was saved, refused or failed (Electron's session, main/electron/site-views.ts): the page tells the person. */
  downloaded(notice: SiteDownload): void {
    this.deps.onDownload(notice);
  }

  /** Electron: tiles open in their own view from now on. */
  useViews(opener: SiteViewOpener): void {
    this.opener = opener;
  }

  open(tileId: string): SiteOpened {
    const tile = this.deps.find(tileId);
    const viewHost = this.opener !== null;
    const answer = (opened: boolean): SiteOpened => ({ opened, way: viewHost ? 'view' : 'frame', can: { print: viewHost, listen: viewHost }, zoom: SITE_ZOOM.initial });
    if (!isSiteTile(tile)) return answer(false);
    this.close();
    this.opened.add(tile.id);
    const open: Open = { tile, view: null, zoom: SITE_ZOOM.initial, asked: null };
    this.current = open;
    if (this.opener) {
      open.view = this.opener(tile, {
        ask: (url, host) => {
          if (this.current !== open) return;
          open.asked = url;
          this.deps.onAsk(url, host);
        },
        navigated: (url) => {
          if (this.current === open) this.deps.onNavigated(url);
        },
      });
    }
    return answer(true);
  }

  place(bounds: SiteRectangle): { placed: boolean } {
    const view = this.current?.view;
    if (!view) return { placed: false };
    view.setBounds(bounds);
    return { placed: true };
  }

  back(): SiteDone {
    return this.act((view) => view.back());
  }

  zoom(direction: 'bigger' | 'smaller'): { zoom: number } {
    const open = this.current;
    if (!open) return { zoom: SITE_ZOOM.initial };
    open.zoom = open.view ? open.view.zoom(direction) : nextZoom(open.zoom, direction);
    return { zoom: open.zoom };
  }

  print(): SiteDone {
    if (!this.opener) return { done: false, reason: 'not_available' };
    return this.act((view) => view.print());
  }

  async listen(): Promise<{ text: string | null; reason: SiteNotDone | null }> {
    if (!this.opener) return { text: null, reason: 'not_available' };
    const view = this.current?.view;
    if (!view) return { text: null, reason: 'no_site' };
    const text = await view.read();
    return text ? { text, reason: null } : { text: null, reason: 'nothing_to_read' };
  }

  /** Only the address the guard asked about, and only a plain web address. */
  leave(url: string): SiteDone {
    const open = this.current;
    if (!open) return { done: false, reason: 'no_site' };
    if (!open.view) return { done: false, reason: 'page' };
    if (open.asked === null || open.asked !== url || !guardedUrl(url)) return { done: false, reason: 'not_asked' };
    open.asked = null;
    open.view.go(url);
    return { done: true };
  }

  close(): { closed: boolean } {
    const open = this.current;
    if (!open) return { closed: false };
    this.current = null;
    open.view?.close();
    return { closed: true };
  }

  /** A visit ended: the view closes, and the tiles it opened are handed over (once) for the wipe. */
  endVisit(): string[] {
    this.close();
    const ids = [...this.opened].sort();
    this.opened.clear();
    return ids;
  }

  private act(run: (view: SiteViewHandle) => void): SiteDone {
    const open = this.current;
    if (!open) return { done: false, reason: 'no_site' };
    if (!open.view) return { done: false, reason: 'page' };
    run(open.view);
    return { done: true };
  }
}
