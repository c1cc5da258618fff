/**
 * The webzine's static site (issue 17), as a pure function: published stories in, files out. Plain HTML
 * and one CSS file, no JavaScript: every story is read and listened to with the browser alone (a native
 * <audio> player, with a link to the MP3 for a browser that has none). Large type, strong contrast,
 * one column. The site has one edition per reader's language (French at the root, `en/`, `ar/` right to
 * left), the same stories in each with the chrome around them translated (./i18n.ts) and a plain-link
 * language switch; each story keeps its own `lang`, and `dir="rtl"` when it is Arabic. The RSS feed of
 * each edition is rendered per request from `feed.json`, because RSS needs absolute addresses and only
 * the request knows the hub's public one.
 */
import type { Language } from '../../app/protocol/common.ts';
import type { StoryCredit, StorySection } from '../../app/protocol/webzine.ts';
import { direction, editionFolder, formatDate, LANGUAGE_NAMES, SITE_LANGUAGES, siteT, type SiteKey, type SiteLanguage, type SiteT } from './i18n.ts';

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
  /** Relative to an edition's folder. */
  page: string;
  /** Relative to the site's folder. */
  audio: { path: string; bytes: number };
}

export interface FeedData {
  associationName: string;
  items: FeedItem[];
}

const SECTION_ORDER: StorySection[] = ['quartier', 'souvenirs', 'cuisine', 'conseils', 'portraits', 'divers'];

export const issueFolder = (n: number) => `numero-${n}`;
export const photoFile = (id: string) => `media/${id}.jpg`;
export const audioFile = (id: string) => `media/${id}.mp3`;

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}

/** One edition's page being written: its language, and the way back to the site's folder. */
interface Edition {
  lang: SiteLanguage;
  t: SiteT;
  /** From the page to the site's folder (style, media, other editions). */
  root: string;
  /** The page, relative to its edition's folder ('' or 'numero-N/'). */
  page: string;
}

/**
 * A translated sentence as HTML: the sentence escaped, and each value (a name, an issue's title, typed by
 * people in any script) escaped and isolated in <bdi>, so that a French name in an Arabic sentence keeps
 * the sentence's order and its punctuation in place.
 */
function tHtml(e: Pick<Edition, 't'>, key: SiteKey, values: Record<string, string | number> = {}): string {
  const marks = Object.fromEntries(Object.keys(values).map((k) => [k, `\uE000${k}\uE000`]));
  return escapeHtml(e.t(key, marks)).replace(/\uE000(\w+)\uE000/g, (_, k: string) => `<bdi>${escapeHtml(String(values[k]))}</bdi>`);
}

/** The chrome around a story speaks the edition's language; the story keeps its own. */
function chromeAttrs(e: Edition): string {
  return `lang="${e.lang}" dir="${direction(e.lang)}"`;
}

function byline(story: SiteStory, e: Edition): string {
  const who = story.credit === 'anonymous' || !story.signature ? escapeHtml(e.t('toldAnonymously')) : tHtml(e, 'toldBy', { name: story.signature });
  return `${who} · ${formatDate(e.lang, story.publishedAt)}`;
}

function storyHtml(story: SiteStory, e: Edition): string {
  const rtl = story.language === 'ar' ? ' dir="rtl"' : ' dir="ltr"';
  const photo = story.photo
    ? `<figure><img src="${e.root}${photoFile(story.id)}" width="${story.photo.width}" height="${story.photo.height}" alt="${escapeHtml(story.photo.alt)}"></figure>`
    : '';
  const audio = `${e.root}${audioFile(story.id)}`;
  return `<article id="histoire-${story.id}" lang="${story.language}"${rtl}>
<h3>${escapeHtml(story.title)}</h3>
<p class="byline" ${chromeAttrs(e)}>${byline(story, e)}</p>
${photo}
<div class="listen" ${chromeAttrs(e)}><p class="listen-label" id="ecouter-${story.id}">${escapeHtml(e.t('listen'))}</p>
<audio controls preload="none" aria-labelledby="ecouter-${story.id}"><source src="${audio}" type="audio/mpeg"><a href="${audio}">${escapeHtml(e.t('listenFile'))}</a></audio></div>
${paragraphs(story.text)}
</article>`;
}

/** Plain links to the same page in the other editions (no script); the current one is marked, not hidden. */
function languageSwitch(e: Edition): string {
  const links = SITE_LANGUAGES.map((lang) => {
    const current = lang === e.lang ? ' aria-current="page"' : '';
    return `<li><a href="${e.root}${editionFolder(lang)}${e.page}" lang="${lang}" hreflang="${lang}"${current}>${LANGUAGE_NAMES[lang]}</a></li>`;
  }).join('');
  return `<nav class="languages" aria-label="${escapeHtml(e.t('languagesNav'))}"><ul>${links}</ul></nav>`;
}

function page(input: SiteInput, e: Edition, title: string, main: string): string {
  const t = e.t;
  const home = `${e.root}${editionFolder(e.lang)}`;
  const nav = input.issues.length
    ? `<nav aria-label="${escapeHtml(t('issuesNav'))}"><ul>${input.issues.map((i) => `<li><a href="${home}${issueFolder(i.number)}/">${tHtml(e, 'issue', { number: i.number, title: i.title })}</a></li>`).join('')}</ul></nav>`
    : '';
  const alternates = SITE_LANGUAGES.map((lang) => `<link rel="alternate" hreflang="${lang}" href="${e.root}${editionFolder(lang)}${e.page}">`).join('\n');
  return `<!doctype html>
<html lang="${e.lang}" dir="${direction(e.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${e.root}style.css">
${alternates}
<link rel="alternate" type="application/rss+xml" title="${escapeHtml(t('pageTitle', { page: t('journal'), association: input.associationName }))}" href="${home}feed.xml">
</head>
<body>
<a class="skip" href="#contenu">${escapeHtml(t('skip'))}</a>
<header>${languageSwitch(e)}<p class="masthead"><a href="${home}">${escapeHtml(t('journal'))}</a></p><p class="from"><bdi>${escapeHtml(input.associationName)}</bdi></p>${nav}</header>
<main id="contenu">
${main}
</main>
<footer><p>${tHtml(e, 'footer', { association: input.associationName })}</p>
<p><a href="${home}feed.xml">${escapeHtml(t('subscribe'))}</a></p></footer>
</body>
</html>
`;
}

function issueMain(issue: SiteIssue, stories: SiteStory[], e: Edition): string {
  const sections = SECTION_ORDER.map((section) => {
    const inSection = stories.filter((s) => s.section === section);
    if (!inSection.length) return '';
    return `<section aria-labelledby="rubrique-${section}"><h2 id="rubrique-${section}">${escapeHtml(e.t(`section.${section}`))}</h2>\n${inSection.map((s) => storyHtml(s, e)).join('\n')}</section>`;
  }).join('\n');
  return `<h1>${tHtml(e, 'issue', { number: issue.number, title: issue.title })}</h1>\n${sections || `<p>${escapeHtml(e.t('emptyIssue'))}</p>`}`;
}

const CSS = `:root { color-scheme: light; --ink: #1a1a1a; --paper: #fffdf7; --accent: #0b5394; }
* { box-sizing: border-box; }
html { font-size: 137.5%; }
body { margin: 0 auto; max-width: 46rem; padding: 1rem 1.25rem 3rem; font-family: "DejaVu Sans", Verdana, sans-serif; line-height: 1.6; color: var(--ink); background: var(--paper); }
a { color: var(--accent); text-underline-offset: 0.2em; }
a:focus-visible, audio:focus-visible { outline: 0.2rem solid #b45f06; outline-offset: 0.2rem; }
/* Off screen on the reading's start side until focused (logical side: an Arabic page does not scroll sideways). */
.skip { position: absolute; inset-inline-start: -100rem; }
.skip:focus { inset-inline-start: 1rem; top: 1rem; background: #fff; padding: 0.5rem 1rem; }
header { border-bottom: 0.25rem solid var(--ink); margin-bottom: 1.5rem; }
.masthead { font-size: 2rem; font-weight: bold; margin: 0; }
.masthead a { color: var(--ink); text-decoration: none; }
.from { margin: 0 0 0.5rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; }
nav a { display: inline-block; min-height: 2.75rem; padding: 0.4rem 0; }
.languages ul { margin: 0.5rem 0 0; justify-content: flex-end; gap: 0.5rem 1rem; }
.languages a { padding: 0.4rem 0.6rem; min-width: 2.75rem; }
.languages a[aria-current] { color: var(--ink); font-weight: bold; text-decoration: none; border: 0.15rem solid var(--ink); border-radius: 0.4rem; }
h1 { font-size: 1.8rem; line-height: 1.25; }
h2 { font-size: 1.4rem; border-top: 0.15rem solid #888; padding-top: 1rem; margin-top: 2.5rem; }
article { margin: 1.5rem 0 2.5rem; }
article h3 { font-size: 1.5rem; line-height: 1.3; margin-bottom: 0.25rem; }
[dir="rtl"] { text-align: right; }
[dir="ltr"] { text-align: left; }
[lang="ar"] { font-family: "DejaVu Sans", "Noto Naskh Arabic", sans-serif; line-height: 1.9; }
.byline { color: #444; margin-top: 0; }
/* The byline and the player follow their story's side, whatever the edition's language. */
article[dir="rtl"] .byline, article[dir="rtl"] .listen { text-align: right; }
article[dir="ltr"] .byline, article[dir="ltr"] .listen { text-align: left; }
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
  for (const lang of SITE_LANGUAGES) {
    const t = siteT(lang);
    const folder = editionFolder(lang);
    const up = lang === 'fr' ? '' : '../';
    const home: Edition = { lang, t, root: up, page: '' };
    files.set(
      `${folder}index.html`,
      page(
        input,
        home,
        t('pageTitle', { page: t('journal'), association: input.associationName }),
        latest ? issueMain(latest, latestStories, home) : `<h1>${escapeHtml(t('journal'))}</h1>\n<p>${escapeHtml(t('firstIssueSoon'))}</p>`,
      ),
    );
    for (const issue of input.issues) {
      const e: Edition = { lang, t, root: `${up}../`, page: `${issueFolder(issue.number)}/` };
      const stories = input.stories.filter((s) => s.issue === issue.number);
      const title = t('pageTitle', { page: `${t('issue', { number: issue.number, title: issue.title })} — ${t('journal')}`, association: input.associationName });
      files.set(`${folder}${issueFolder(issue.number)}/index.html`, page(input, e, title, issueMain(issue, stories, e)));
    }
  }
  const feed: FeedData = {
    associationName: input.associationName,
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

/** RSS 2.0 of one edition, with the site's absolute address (`base` ends with a slash). */
export function renderFeed(feed: FeedData, base: string, lang: SiteLanguage = 'fr'): string {
  const x = escapeHtml;
  const t = siteT(lang);
  const edition = base + editionFolder(lang);
  const items = feed.items
    .map(
      (i) => `<item>
<title>${x(i.title)}</title>
<link>${x(edition + i.page)}</link>
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
<title>${x(t('pageTitle', { page: t('journal'), association: feed.associationName }))}</title>
<link>${x(edition)}</link>
<description>${x(t('feedDescription'))}</description>
<language>${lang}</language>
${items}
</channel>
</rss>
`;
}
