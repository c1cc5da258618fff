import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { paintsBeforeBridge, readFirstFrame, withFirstFrame } from '../../../app/bridge/first-frame.ts';

/** The renderer's real page, as Vite writes it (same `<html>` tag as the build). */
const page = fs.readFileSync(path.join(import.meta.dirname, '../../../renderer/index.html'), 'utf8');

/** The `<html>` element's attributes as the browser would read them (lang, dataset). */
function htmlElement(html: string): { lang: string; dir: string; dataset: Record<string, string> } {
  const tag = /<html\b([^>]*)>/i.exec(html)![1]!;
  const attributes = Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
  const dataset = Object.fromEntries(Object.entries(attributes).filter(([k]) => k.startsWith('data-')).map(([k, v]) => [k.slice(5), v]));
  return { lang: attributes.lang ?? '', dir: attributes.dir ?? '', dataset };
}

describe('the first frame written into the shell page', () => {
  it('writes the language, its direction and the mode on the page’s html tag, and nothing else changes', () => {
    const written = withFirstFrame(page, { mode: 'home', language: 'ar', asks: false });
    expect(htmlElement(written)).toEqual({ lang: 'ar', dir: 'rtl', dataset: { mode: 'home' } });
    expect(written.replace(/<html[^>]*>/, '')).toBe(page.replace(/<html[^>]*>/, ''));
    expect(htmlElement(withFirstFrame(page, { mode: 'kiosk', language: 'fr', asks: true }))).toEqual({ lang: 'fr', dir: 'ltr', dataset: { mode: 'kiosk', asks: 'true' } });
  });

  it('reads back what it wrote; a home page with no start question is painted before the bridge answers', () => {
    const home = readFirstFrame(htmlElement(withFirstFrame(page, { mode: 'home', language: 'en', asks: false })));
    expect(home).toEqual({ mode: 'home', language: 'en', asks: false });
    expect(paintsBeforeBridge(home)).toBe(true);
  });

  it('keeps a kiosk, a start question and a page that says nothing waiting for the bridge', () => {
    expect(paintsBeforeBridge(readFirstFrame(htmlElement(withFirstFrame(page, { mode: 'kiosk', language: 'fr', asks: false }))))).toBe(false);
    expect(paintsBeforeBridge(readFirstFrame(htmlElement(withFirstFrame(page, { mode: 'home', language: 'fr', asks: true }))))).toBe(false);
    // The page as built (Vite's dev server, an older host): lang="fr" but no mode.
    expect(readFirstFrame(htmlElement(page))).toEqual({ mode: null, language: null, asks: false });
    expect(paintsBeforeBridge(readFirstFrame({ lang: 'fr', dataset: { mode: 'Home' } }))).toBe(false);
    expect(readFirstFrame({ lang: 'de', dataset: { mode: 'home' } })).toEqual({ mode: 'home', language: null, asks: false });
  });

  it('refuses a mode or language it does not know, and leaves a page without an html tag as it is', () => {
    expect(() => withFirstFrame(page, { mode: 'home" onload="x' as 'home', language: 'fr', asks: false })).toThrow(/unknown mode or language/);
    expect(() => withFirstFrame(page, { mode: 'home', language: 'de' as 'fr', asks: false })).toThrow(/unknown mode or language/);
    expect(withFirstFrame('<p>no page</p>', { mode: 'home', language: 'fr', asks: false })).toBe('<p>no page</p>');
    // Only the html tag, not an <html-like> element or text further down.
    expect(withFirstFrame('<!doctype html><html><body><htmlx lang="x"></htmlx></body></html>', { mode: 'home', language: 'fr', asks: false })).toBe(
      '<!doctype html><html lang="fr" dir="ltr" data-mode="home"><body><htmlx lang="x"></htmlx></body></html>',
    );
  });
});
