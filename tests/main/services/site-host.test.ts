/**
 * The site calls' host side (issue 13): the web host's answers (the page's frame does back, leave and
 * zoom; print and Listen are not available), Electron's view driven through the same calls (a recorded
 * view stands for Electron's, which cannot run here), the guard's question and the view's address sent
 * to the page, "Quitter" only to the address asked, and the kiosk wipe's partitions.
 */
import { describe, expect, it } from 'vitest';
import type { Tile, TileOf } from '../../../app/tiles/model.ts';
import { SiteHost, type SiteViewEvents, type SiteViewHandle } from '../../../main/services/site-host.ts';
import { partitionsToWipe } from '../../../main/policy/site-views.ts';

const ameli: TileOf<'website'> = { kind: 'website', id: 'ameli', picture: 'hospital', label: 'Ameli', url: 'https://www.ameli.fr/', domains: ['ameli.fr', 'www.ameli.fr'], loginProviders: ['franceconnect'] };
const caf: TileOf<'website'> = { kind: 'website', id: 'caf', picture: 'euro', label: 'CAF', url: 'https://www.caf.fr/', domains: ['caf.fr'], loginProviders: [] };
const tiles: Tile[] = [ameli, caf, { kind: 'lessons', id: 'lessons', picture: 'books' }];

function host() {
  const sent: Array<[string, ...string[]]> = [];
  const sites = new SiteHost({ find: (id) => tiles.find((t) => t.id === id) ?? null, onAsk: (url, h) => sent.push(['ask', url, h]), onNavigated: (url) => sent.push(['navigated', url]), onDownload: (n) => sent.push(['download', n.outcome, n.fileName]) });
  return { sites, sent };
}

function recordingViews(sites: SiteHost) {
  const done: string[] = [];
  const opened: Array<{ tile: string; events: SiteViewEvents }> = [];
  sites.useViews((tile, events) => {
    opened.push({ tile: tile.id, events });
    let zoom = 1.25;
    const view: SiteViewHandle = {
      back: () => void done.push(`${tile.id} back`),
      zoom: (d) => (zoom += d === 'bigger' ? 0.25 : -0.25),
      print: () => void done.push(`${tile.id} print`),
      read: async () => (tile.id === 'ameli' ? 'Mon compte ameli.' : null),
      setBounds: (b) => void done.push(`${tile.id} at ${b.x},${b.y} ${b.width}x${b.height}`),
      go: (url) => void done.push(`${tile.id} go ${url}`),
      close: () => void done.push(`${tile.id} close`),
    };
    return view;
  });
  return { done, opened };
}

describe('site host, web host (the page frames the site)', () => {
  it('opens only a site tile, says the frame way, and leaves back, leave and placing to the page', async () => {
    const { sites } = host();
    expect(sites.open('lessons')).toEqual({ opened: false, way: 'frame', can: { print: false, listen: false }, zoom: 1.25 });
    expect(sites.open('nope').opened).toBe(false);
    expect(sites.back()).toEqual({ done: false, reason: 'no_site' });
    expect(sites.open('ameli')).toEqual({ opened: true, way: 'frame', can: { print: false, listen: false }, zoom: 1.25 });
    expect(sites.place({ x: 0, y: 112, width: 1366, height: 656 })).toEqual({ placed: false });
    expect(sites.back()).toEqual({ done: false, reason: 'page' });
    expect(sites.leave('https://evil.example/')).toEqual({ done: false, reason: 'page' });
    expect(sites.print()).toEqual({ done: false, reason: 'not_available' });
    expect(await sites.listen()).toEqual({ text: null, reason: 'not_available' });
    expect(sites.zoom('bigger')).toEqual({ zoom: 1.5 });
    expect(sites.zoom('bigger')).toEqual({ zoom: 1.75 });
    expect(sites.zoom('bigger')).toEqual({ zoom: 2 });
    expect(sites.zoom('bigger')).toEqual({ zoom: 2 });
    expect(sites.close()).toEqual({ closed: true });
    expect(sites.close()).toEqual({ closed: false });
  });
});

describe('site host, Electron (a view per tile)', () => {
  it('drives the view through the calls, and closes the previous one when another tile opens', async () => {
    const { sites } = host();
    const { done } = recordingViews(sites);
    expect(sites.open('ameli')).toEqual({ opened: true, way: 'view', can: { print: true, listen: true }, zoom: 1.25 });
    expect(sites.place({ x: 0, y: 112, width: 1366, height: 656 })).toEqual({ placed: true });
    expect(sites.back()).toEqual({ done: true });
    expect(sites.zoom('bigger')).toEqual({ zoom: 1.5 });
    expect(sites.print()).toEqual({ done: true });
    expect(await sites.listen()).toEqual({ text: 'Mon compte ameli.', reason: null });
    sites.open('caf');
    expect(await sites.listen()).toEqual({ text: null, reason: 'nothing_to_read' });
    sites.close();
    expect(sites.print()).toEqual({ done: false, reason: 'no_site' });
    expect(await sites.listen()).toEqual({ text: null, reason: 'no_site' });
    expect(done).toEqual(['ameli at 0,112 1366x656', 'ameli back', 'ameli print', 'ameli close', 'caf close']);
  });

  it("sends the guard's question and the view's address to the page, and leaves only to the address asked", () => {
    const { sites, sent } = host();
    const { done, opened } = recordingViews(sites);
    sites.open('ameli');
    const view = opened[0]!.events;
    expect(sites.leave('https://evil.example/')).toEqual({ done: false, reason: 'not_asked' });
    view.navigated('https://www.ameli.fr/assure');
    view.ask('https://www.service-public.fr/', 'www.service-public.fr');
    expect(sites.leave('https://evil.example/')).toEqual({ done: false, reason: 'not_asked' });
    expect(sites.leave('https://www.service-public.fr/')).toEqual({ done: true });
    // Once: the same answer again does not navigate twice.
    expect(sites.leave('https://www.service-public.fr/')).toEqual({ done: false, reason: 'not_asked' });
    view.ask('javascript:alert(1)', 'x');
    expect(sites.leave('javascript:alert(1)')).toEqual({ done: false, reason: 'not_asked' });
    // A closed view's late events reach nobody.
    sites.open('caf');
    view.ask('https://evil.example/', 'evil.example');
    view.navigated('https://www.ameli.fr/late');
    expect(sent).toEqual([
      ['navigated', 'https://www.ameli.fr/assure'],
      ['ask', 'https://www.service-public.fr/', 'www.service-public.fr'],
      ['ask', 'javascript:alert(1)', 'x'],
    ]);
    expect(done).toContain('ameli go https://www.service-public.fr/');
    expect(done.filter((d) => d.includes(' go '))).toHaveLength(1);
  });

  it("at a visit's end: the view closes and the tiles opened are handed over once, for the kiosk wipe", () => {
    const { sites } = host();
    const { done } = recordingViews(sites);
    sites.open('caf');
    sites.open('ameli');
    sites.open('ameli');
    sites.open('lessons');
    const ids = sites.endVisit();
    expect(ids).toEqual(['ameli', 'caf']);
    expect(done.at(-1)).toBe('ameli close');
    expect(partitionsToWipe('kiosk', ids)).toEqual(['tile-ameli', 'tile-caf']);
    expect(partitionsToWipe('home', ids)).toEqual([]);
    expect(sites.endVisit()).toEqual([]);
  });
});

describe('site host, downloads', () => {
  it('passes the Electron session\'s download notices to the page, whichever tile is open (or none)', () => {
    const { sites, sent } = host();
    sites.downloaded({ outcome: 'refused', fileName: 'setup.exe' });
    sites.open('ameli');
    sites.downloaded({ outcome: 'saved', fileName: 'attestation (2).pdf' });
    expect(sent).toEqual([
      ['download', 'refused', 'setup.exe'],
      ['download', 'saved', 'attestation (2).pdf'],
    ]);
  });
});
