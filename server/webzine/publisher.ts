/**
 * Writes an association's webzine to `<data>/webzine/<association id>/` after every publication or
 * withdrawal: the whole site is rebuilt in a new folder and switched in by rename, so a withdrawn story's
 * page, photo and audio are gone from disk as soon as the call that withdrew it returns. Rebuilds of one
 * association run one after the other.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { HubStore } from '../store/index.ts';
import { editionFolder, SITE_LANGUAGES } from './i18n.ts';
import { stripJpegMetadata } from './media.ts';
import { audioFile, photoFile, renderSite, type FeedData, type SiteStory } from './site.ts';

export class WebzinePublisher {
  private readonly queue = new Map<string, Promise<void>>();

  constructor(
    private readonly store: HubStore,
    readonly root: string,
  ) {}

  folder(associationId: string): string {
    return join(this.root, associationId);
  }

  /** Rebuilds the association's site; resolves once the new folder is in place. */
  rebuild(associationId: string): Promise<void> {
    const previous = this.queue.get(associationId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => this.build(associationId));
    this.queue.set(associationId, next);
    return next;
  }

  /** The site exists on disk (built at least once since the data folder was made, with every edition). */
  async ensure(associationId: string): Promise<void> {
    const folder = this.folder(associationId);
    if (!SITE_LANGUAGES.every((lang) => existsSync(join(folder, editionFolder(lang), 'index.html')))) await this.rebuild(associationId);
  }

  feed(associationId: string): FeedData | null {
    try {
      return JSON.parse(readFileSync(join(this.folder(associationId), 'feed.json'), 'utf8')) as FeedData;
    } catch {
      return null;
    }
  }

  private async build(associationId: string): Promise<void> {
    const settings = await this.store.accounts.getSettings(associationId);
    const published = await this.store.webzine.publishedStories(associationId);
    const issues = (await this.store.webzine.listIssues(associationId)).filter((i) => published.some((s) => s.issue === i.number));
    const stories: SiteStory[] = published.map((s) => {
      const photo = s.photo ? stripJpegMetadata(s.photo) : null;
      return {
        id: s.id,
        title: s.title,
        text: s.text,
        signature: s.signature,
        credit: s.credit,
        language: s.language,
        section: s.section ?? 'divers',
        issue: s.issue ?? 0,
        publishedAt: s.publishedAt ?? s.updatedAt,
        photo: photo ? { width: photo.width, height: photo.height, alt: s.photoAlt, bytes: photo.bytes.length } : null,
        audioBytes: s.audio.length,
      };
    });
    const { files, feed } = renderSite({ associationName: settings?.name ?? 'Passerelle', issues, stories });

    mkdirSync(this.root, { recursive: true, mode: 0o755 });
    const target = this.folder(associationId);
    const fresh = `${target}.${randomUUID()}.tmp`;
    const write = (rel: string, data: string | Buffer) => {
      const file = join(fresh, rel);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, data);
    };
    try {
      for (const [rel, text] of files) write(rel, text);
      write('feed.json', JSON.stringify(feed));
      for (const s of published) {
        write(audioFile(s.id), s.audio);
        if (s.photo) write(photoFile(s.id), s.photo);
      }
      const old = `${target}.${randomUUID()}.old`;
      if (existsSync(target)) renameSync(target, old);
      renameSync(fresh, target);
      rmSync(old, { recursive: true, force: true });
    } finally {
      rmSync(fresh, { recursive: true, force: true });
    }
  }
}
