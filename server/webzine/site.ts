/**
 * The webzine's static site (issue 17), as a pure function: published stories in, files out. Plain HTML
 * and one CSS file, no JavaScript: every story is read and listened to with the browser alone (a native
 * <audio> player, with a link to the MP3 for a browser that has none). Large type, strong contrast,
 * one column. The site speaks French (the association's language); each story carries its own `lang`,
 * and `dir="rtl"` when it is Arabic. The RSS feed is rendered per request (feed.ts) from `feed.json`,
 * because RSS needs absolute addresses and only the request knows the hub's public one.
 */
import type { Language } from '../../app/protocol/common.ts';
import type { StoryCredit, StorySection } from '../../app/protocol/webzine.ts';

export interface SiteStory {
  id: string;
  title: string;
  text: string;
  signature: string;
  credit: StoryCredit;
  language: Language;
  section: StorySection;
  issue: number;
  publishedAt: string;
  photo: { width: number; height: number; alt: string; bytes: number } | null;
  audioBytes: number;
}

export interface SiteIssue {
  number: number;
  title: string;
}

export interface SiteInput {
  associationName: string;
  issues: SiteIssue[];
  stories: SiteStory[];
}

export interface FeedItem {
  id: string;
  title: string;
  text: string;
  signature: string;
  language: Language;
  publishedAt: string;
  /** Relative to the site's folder. */
  page: string;
  audio: { path: string; bytes: number };
}

export interface FeedData {
  title: string;
  description: string;
  items: FeedItem[];
}

export const SECTION_NAMES: Record<StorySection, string> = {
  quartier: 'La vie du quartier',
  souvenirs: 'Souvenirs',
  cuisine: 'Cuisine et recettes',
  conseils: 'Conseils et bons plans',
  portraits: 'Portraits',
  divers: 'Un peu de tout',
};
const SECTION_ORDER = Object.keys(SECTION_NAMES) as StorySection[];

export const issueFolder = (n: number) => `numero-${n}`;
export const photoFile = (id: string) => `media/${id}.jpg`;
export const audioFile = (id: string) => `media/${id}.mp3`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const dateFr = (iso: string) => new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Paris' }).format(new Date(iso));

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

function byline(story: SiteStory): string {
  return story.credit === 'anonymous' || !story.signature ? 'Raconté anonymement' : `Raconté par ${escapeHtml(story.signature)}`;
}

/** One story; `root` leads from the page back to the site's folder. */
function storyHtml(story: SiteStory, root: string): string {
  const rtl = story.language === 'ar' ? ' dir="rtl"' : '';
  const photo = story.photo
    ? `<figure><img src="${root}${photoFile(story.id)}" width="${story.photo.width}" height="${story.photo.height}" alt="${escapeHtml(story.photo.alt)}"></figure>`
    : '';
  return `<article id="histoire-${story.id}" lang="${story.language}"${rtl}>
<h3>${escapeHtml(story.title)}</h3>
<p class="byline" lang="fr" dir="ltr">${byline(story)} · ${dateFr(story.publishedAt)}</p>
${photo}
<div class="listen" lang="fr" dir="ltr"><p class="listen-label" id="ecouter-${story.id}">Écouter l’histoire</p>
<audio controls preload="none" aria-labelledby="ecouter-${story.id}"><source src="${root}${audioFile(story.id)}" type="audio/mpeg"><a href="${root}${audioFile(story.id)}">Écouter l’histoire (fichier MP3)</a></audio></div>
${paragraphs(story.text)}
</article>`;
}

function page(input: SiteInput, title: string, root: string, main: string): string {
  const nav = input.issues.length
    ? `<nav aria-label="Les numéros"><ul>${input.issues.map((i) => `<li><a href="${root}${issueFolder(i.number)}/">N° ${i.number} — ${escapeHtml(i.title)}</a></li>`).join('')}</ul></nav>`
    : '';
  return `<!doctype html>
<html lang="fr" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${root}style.css">
<link rel="alternate" type="application/rss+xml" title="${escapeHtml(`Le journal — ${input.associationName}`)}" href="${root}feed.xml">
</head>
<body>
<a class="skip" href="#contenu">Aller aux histoires</a>
<header><p class="masthead"><a href="${root}">Le journal du quartier</a></p><p class="from">${escapeHtml(input.associationName)}</p>${nav}</header>
<main id="contenu">
${main}
</main>
<footer><p>Des histoires racontées à voix haute par les habitants, écrites avec les bénévoles de ${escapeHtml(input.associationName)}.</p>
<p><a href="${root}feed.xml">S’abonner au journal (flux RSS)</a></p></footer>
</body>
</html>
`;
}

function issueMain(issue: SiteIssue, stories: SiteStory[], root: string): string {
  const sections = SECTION_ORDER.map((section) => {
    const inSection = stories.filter((s) => s.section === section);
    if (!inSection.length) return '';
    return `<section aria-labelledby="rubrique-${section}"><h2 id="rubrique-${section}">${SECTION_NAMES[section]}</h2>\n${inSection.map((s) => storyHtml(s, root)).join('\n')}</section>`;
  }).join('\n');
  return `<h1>N° ${issue.number} — ${escapeHtml(issue.title)}</h1>\n${sections || '<p>Ce numéro n’a pas encore d’histoire.</p>'}`;
}

const CSS = `:root { color-scheme: light; --ink: #1a1a1a; --paper: #fffdf7; --accent: #0b5394; }
* { box-sizing: border-box; }
html { font-size: 137.5%; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem 1.25rem 3rem; font-family: "DejaVu Sans", Verdana, sans-serif; line-height: 1.6; color: var(--ink); background: var(--paper); }
a { color: var(--accent); text-underline-offset: 0.2em; }
a:focus-visible, audio:focus-visible { outline: 0.2rem solid #b45f06; outline-offset: 0.2rem; }
.skip { position: absolute; left: -100rem; }
.skip:focus { left: 1rem; top: 1rem; background: #fff; padding: 0.5rem 1rem; }
header { border-bottom: 0.25rem solid var(--ink); margin-bottom: 1.5rem; }
.masthead { font-size: 2rem; font-weight: bold; margin: 0; }
.masthead a { color: var(--ink); text-decoration: none; }
.from { margin: 0 0 0.5rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
nav a { display: inline-block; min-height: 2.75rem; padding: 0.4rem 0; }
h1 { font-size: 1.8rem; line-height: 1.25; }
h2 { font-size: 1.4rem; border-top: 0.15rem solid #888; padding-top: 1rem; margin-top: 2.5rem; }
article { margin: 1.5rem 0 2.5rem; }
article h3 { font-size: 1.5rem; line-height: 1.3; margin-bottom: 0.25rem; }
[dir="rtl"] { text-align: right; }
[lang="ar"] { font-family: "DejaVu Sans", "Noto Naskh Arabic", sans-serif; line-height: 1.9; }
.byline { color: #444; margin-top: 0; }
[dir="rtl"] .byline, [dir="rtl"] .listen { text-align: right; }
figure { margin: 1rem 0; }
img { max-width: 100%; height: auto; border-radius: 0.5rem; }
audio { width: 100%; min-height: 3rem; }
.listen-label { font-weight: bold; margin: 0.5rem 0 0.25rem; }
footer { border-top: 0.15rem solid #888; margin-top: 3rem; font-size: 0.9rem; }
footer a, .skip { display: inline-block; min-height: 2.75rem; padding: 0.5rem 0; }
`;

/** Every file of the site, by path relative to its folder (media are copied by the publisher). */
export function renderSite(input: SiteInput): { files: Map<string, string>; feed: FeedData } {
  const files = new Map<string, string>();
  files.set('style.css', CSS);
  const latest = input.issues[0];
  const latestStories = latest ? input.stories.filter((s) => s.issue === latest.number) : [];
  files.set(
    'index.html',
    page(
      input,
      `Le journal du quartier — ${input.associationName}`,
      '',
      latest ? issueMain(latest, latestStories, '') : '<h1>Le journal du quartier</h1>\n<p>Le premier numéro se prépare : revenez bientôt.</p>',
    ),
  );
  for (const issue of input.issues) {
    const stories = input.stories.filter((s) => s.issue === issue.number);
    files.set(`${issueFolder(issue.number)}/index.html`, page(input, `N° ${issue.number} — ${issue.title} — Le journal du quartier`, '../', issueMain(issue, stories, '../')));
  }
  const feed: FeedData = {
    title: `Le journal du quartier — ${input.associationName}`,
    description: 'Des histoires racontées à voix haute par les habitants.',
    items: [...input.stories]
      .sort((a, b) => b.publishedAt.localeCompare(a.publishedAt))
      .map((s) => ({
        id: s.id,
        title: s.title,
        text: s.text,
        signature: s.credit === 'anonymous' ? '' : s.signature,
        language: s.language,
        publishedAt: s.publishedAt,
        page: `${issueFolder(s.issue)}/#histoire-${s.id}`,
        audio: { path: audioFile(s.id), bytes: s.audioBytes },
      })),
  };
  return { files, feed };
}

/** RSS 2.0 with the site's absolute address (`base` ends with a slash). */
export function renderFeed(feed: FeedData, base: string): string {
  const x = escapeHtml;
  const items = feed.items
    .map(
      (i) => `<item>
<title>${x(i.title)}</title>
<link>${x(base + i.page)}</link>
<guid isPermaLink="false">${i.id}</guid>
<pubDate>${new Date(i.publishedAt).toUTCString()}</pubDate>
${i.signature ? `<dc:creator>${x(i.signature)}</dc:creator>\n` : ''}<description>${x(i.text)}</description>
<enclosure url="${x(base + i.audio.path)}" length="${i.audio.bytes}" type="audio/mpeg"/>
</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>${x(feed.title)}</title>
<link>${x(base)}</link>
<description>${x(feed.description)}</description>
<language>fr</language>
${items}
</channel>
</rss>
`;
}
