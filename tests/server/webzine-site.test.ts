/**
 * The public journal in the reader's language (issue 17): one edition per language, French at the root,
 * `en/` and `ar/` (right to left), the chrome translated around stories that keep their own language, a
 * plain-link language switch to the same page, and one RSS feed per edition.
 */
import { describe, expect, it } from 'vitest';
import { preferredLanguage, SITE_LANGUAGES, SITE_LOCALES } from '../../server/webzine/i18n.ts';
import { renderFeed, renderSite, type SiteInput, type SiteStory } from '../../server/webzine/site.ts';

const story = (over: Partial<SiteStory>): SiteStory => ({
  id: '11111111-1111-4111-8111-111111111111',
  title: 'Le jardin partagé',
  text: 'Au printemps, nous avons planté des tomates.',
  signature: 'Jeanne',
  credit: 'first_name',
  language: 'fr',
  section: 'quartier',
  issue: 1,
  publishedAt: '2026-04-12T10:00:00.000Z',
  photo: null,
  audioBytes: 1000,
  ...over,
});
const input: SiteInput = {
  associationName: 'Les Amis du Quartier',
  issues: [{ number: 1, title: 'Printemps' }],
  stories: [
    story({}),
    story({ id: '22222222-2222-4222-8222-222222222222', title: 'حديقة الحي', text: 'زرعنا الطماطم.', language: 'ar', credit: 'anonymous', section: 'souvenirs' }),
  ],
};
const { files, feed } = renderSite(input);
const file = (path: string) => {
  const html = files.get(path);
  expect(html, path).toBeDefined();
  return html as string;
};

function leaves(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v as object, `${prefix}${k}.`)));
}

describe('the journal in the reader’s language', () => {
  it('every translation has exactly the French keys, none empty, and keeps the placeholders', () => {
    const french = leaves(SITE_LOCALES.fr).sort();
    for (const lang of SITE_LANGUAGES) {
      const locale = SITE_LOCALES[lang] as unknown as Record<string, unknown>;
      expect(leaves(locale).sort(), lang).toEqual(french);
      for (const key of french) {
        const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], locale) as string;
        const frValue = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], SITE_LOCALES.fr) as string;
        expect(value.trim(), `${lang} ${key}`).not.toBe('');
        expect(value.match(/\{\{\w+\}\}/g)?.sort(), `${lang} ${key} placeholders`).toEqual(frValue.match(/\{\{\w+\}\}/g)?.sort());
      }
    }
  });

  it('writes one edition per language: French at the root, English and Arabic in their folders', () => {
    for (const path of ['index.html', 'numero-1/index.html', 'en/index.html', 'en/numero-1/index.html', 'ar/index.html', 'ar/numero-1/index.html']) file(path);
    expect(file('index.html')).toContain('<html lang="fr" dir="ltr">');
    expect(file('en/numero-1/index.html')).toContain('<html lang="en" dir="ltr">');
    expect(file('ar/index.html')).toContain('<html lang="ar" dir="rtl">');
    expect(file('ar/numero-1/index.html')).toContain('<html lang="ar" dir="rtl">');
  });

  it('translates the chrome (title, skip link, navigation, sections, byline, date, listen, feed link) and nothing of French is left in Arabic', () => {
    const fr = file('numero-1/index.html');
    expect(fr).toContain('<title>N° 1 — Printemps — Le journal du quartier — Les Amis du Quartier</title>');
    expect(fr).toContain('Aller aux histoires');
    expect(fr).toContain('Raconté par <bdi>Jeanne</bdi> · 12 avril 2026');
    const ar = file('ar/numero-1/index.html');
    expect(ar).toContain('<title>العدد 1 — Printemps — جريدة الحي — Les Amis du Quartier</title>');
    expect(ar).toContain('<a class="skip" href="#contenu">انتقل إلى القصص</a>');
    expect(ar).toContain('<nav aria-label="الأعداد">');
    expect(ar).toContain('<h2 id="rubrique-quartier">حياة الحي</h2>');
    expect(ar).toContain('بصوت <bdi>Jeanne</bdi> · 12 أبريل 2026');
    expect(ar).toContain('استمع إلى القصة');
    expect(ar).toContain('اشترك في الجريدة (موجز RSS)');
    for (const french of ['Raconté', 'Écouter', 'Aller aux', 'numéros', 'S’abonner', 'La vie du quartier', 'avril']) expect(ar, french).not.toContain(french);
    const en = file('en/index.html');
    expect(en).toContain('Told anonymously · 12 April 2026');
    expect(en).toContain('Listen to the story');
  });

  it('names and titles typed in any script are escaped and isolated (<bdi>) inside translated sentences', () => {
    const { files: hostile } = renderSite({ ...input, associationName: 'A&B <script>', issues: [{ number: 2, title: '<i>Été</i>' }], stories: [story({ issue: 2, signature: 'Zoé "<b>"' })] });
    const ar = hostile.get('ar/index.html') as string;
    expect(ar).toContain('<h1>العدد <bdi>2</bdi> — <bdi>&lt;i&gt;Été&lt;/i&gt;</bdi></h1>');
    expect(ar).toContain('بصوت <bdi>Zoé &quot;&lt;b&gt;&quot;</bdi>');
    expect(ar).toContain('متطوعو <bdi>A&amp;B &lt;script&gt;</bdi>.');
    expect(ar).not.toMatch(/<script|<b>|<i>/);
  });

  it('each story keeps its own language and direction; the chrome inside it speaks the edition’s', () => {
    const ar = file('ar/index.html');
    expect(ar).toContain('<article id="histoire-11111111-1111-4111-8111-111111111111" lang="fr" dir="ltr">');
    expect(ar).toContain('<p class="byline" lang="ar" dir="rtl">');
    const fr = file('index.html');
    expect(fr).toContain('<article id="histoire-22222222-2222-4222-8222-222222222222" lang="ar" dir="rtl">');
    expect(fr).toContain('<p class="byline" lang="fr" dir="ltr">Raconté anonymement');
  });

  it('the language switch is plain links to the same page in each edition, and each link leads to a page that exists', () => {
    const ar = file('ar/numero-1/index.html');
    expect(ar).not.toMatch(/<script/i);
    expect(ar).toContain('<a href="../../numero-1/" lang="fr" hreflang="fr">Français</a>');
    expect(ar).toContain('<a href="../../en/numero-1/" lang="en" hreflang="en">English</a>');
    expect(ar).toContain('<a href="../../ar/numero-1/" lang="ar" hreflang="ar" aria-current="page">العربية</a>');
    // Every relative link of every page resolves to a written file.
    for (const [path, html] of files) {
      if (!path.endsWith('.html')) continue;
      for (const [, href] of html.matchAll(/(?:href|src)="([^"#]+)"/g)) {
        const target = new URL(href as string, `http://x/${path}`).pathname.slice(1);
        const written = target.endsWith('/') || target === '' ? `${target}index.html` : target;
        if (written.startsWith('media/')) continue;
        expect(files.has(written) || written.endsWith('feed.xml'), `${path} → ${href}`).toBe(true);
      }
    }
  });

  it('each edition has its feed, titled in its language, linking to its own pages and to the shared audio', () => {
    const base = 'https://hub.example/webzine/a/';
    const ar = renderFeed(feed, base, 'ar');
    expect(ar).toContain('<title>جريدة الحي — Les Amis du Quartier</title>');
    expect(ar).toContain('<language>ar</language>');
    expect(ar).toContain('<link>https://hub.example/webzine/a/ar/numero-1/#histoire-11111111-1111-4111-8111-111111111111</link>');
    expect(ar).toContain('url="https://hub.example/webzine/a/media/11111111-1111-4111-8111-111111111111.mp3"');
    const fr = renderFeed(feed, base);
    expect(fr).toContain('<title>Le journal du quartier — Les Amis du Quartier</title>');
    expect(fr).toContain('<link>https://hub.example/webzine/a/numero-1/#histoire-11111111-1111-4111-8111-111111111111</link>');
    expect(file('ar/index.html')).toContain('<link rel="alternate" type="application/rss+xml" title="جريدة الحي — Les Amis du Quartier" href="../ar/feed.xml">');
  });

  it('the browser’s Accept-Language picks the edition, French when it asks for none of ours', () => {
    expect(preferredLanguage(undefined)).toBe('fr');
    expect(preferredLanguage('ar-MA,ar;q=0.9,fr;q=0.8')).toBe('ar');
    expect(preferredLanguage('de-DE,en-GB;q=0.7,fr;q=0.5')).toBe('en');
    expect(preferredLanguage('fr;q=0.4, ar;q=0.9')).toBe('ar');
    expect(preferredLanguage('ar;q=0, es')).toBe('fr');
    expect(preferredLanguage('*')).toBe('fr');
  });
});
