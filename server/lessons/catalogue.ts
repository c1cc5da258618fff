/**
 * The hub's lesson catalogue: which pack versions each association offers its machines, the signed
 * index they read, and publishing a new version. The packs bundled with the hub are archived into
 * the store at start (only those not stored yet); an association's index offers, for each pack, the
 * highest version it sees. The signed index is cached per association and made again when a version
 * is published: the same packs give the same bytes, so its ETag holds across restarts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { LessonManifest, LessonTexts } from '../../app/lessons/model.ts';
import { ArchiveError, readArchive, readFolder, writeArchive, type ArchiveEntry } from '../../lib/packs/archive.ts';
import { PACK_ID, sha256Hex, signPackIndex, type PackIndex, type PackIndexEntry } from '../../lib/packs/pack-index.ts';
import type { EventBus } from '../events.ts';
import { describeIssues, HttpError } from '../http.ts';
import { packKey, type HubStore, type PackSource, type PackVersion } from '../store/index.ts';
import type { ContentKey } from './content-key.ts';
import { checkPackForPublishing } from './pack-check.ts';

/** The wire form of an empty catalogue's time: before any pack. */
const EPOCH = '1970-01-01T00:00:00.000Z';

export type SignedIndex = { text: string; etag: string; index: PackIndex };

export type CatalogueOptions = {
  store: HubStore;
  bus: EventBus;
  contentKey: ContentKey;
  /** The packs bundled with the hub; none when absent. */
  lessonsDir?: string | undefined;
  /** A lessons folder with the rule files lessons:check reads (plain-language.yaml, schemas). */
  rulesDir: string;
  /** Where a bundled pack that cannot be archived is reported (it is left out, the others go on). */
  log?: (message: string, error?: unknown) => void;
};

/** The highest version of each pack an association sees. */
export function latestVersions(versions: readonly PackVersion[]): PackVersion[] {
  const latest = new Map<string, PackVersion>();
  for (const v of versions) {
    const held = latest.get(v.id);
    if (!held || v.version > held.version || (v.version === held.version && v.associationId !== null)) latest.set(v.id, v);
  }
  return [...latest.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** Files at the archive's root, or inside its one top folder (what `tar czf x.tar.gz <id>/` makes). */
function packRoot(files: ArchiveEntry[]): ArchiveEntry[] {
  if (files.some((f) => f.path === 'lesson.yaml')) return files;
  const tops = new Set(files.map((f) => f.path.split('/')[0]));
  const [top] = tops;
  if (tops.size === 1 && top && files.some((f) => f.path === `${top}/lesson.yaml`)) {
    return files.map((f) => ({ path: f.path.slice(top.length + 1), data: f.data }));
  }
  throw new HttpError(422, 'pack_refused', 'The archive has no lesson.yaml at its root (nor in one folder at its root): send the archive of one lesson folder.');
}

export class LessonCatalogue {
  private readonly cache = new Map<string, SignedIndex>();
  private readonly titles = new Map<string, string>();
  private seeding: Promise<string[]> | null = null;

  constructor(private readonly options: CatalogueOptions) {}

  get publicKeyPem(): string {
    return this.options.contentKey.publicPem;
  }

  /**
   * Archives the bundled packs the store does not hold yet, once, on first use: a hub that nobody
   * asks for lessons (tests, a restart loop) spends nothing on it. Returns the ids@versions added.
   */
  ready(): Promise<string[]> {
    this.seeding ??= this.seedBundled();
    return this.seeding;
  }

  private async seedBundled(): Promise<string[]> {
    const dir = this.options.lessonsDir;
    if (!dir || !existsSync(dir)) return [];
    const stored = await this.options.store.lessons.bundledVersions();
    const added: string[] = [];
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const packDir = join(dir, entry.name);
      if (!entry.isDirectory() || !PACK_ID.test(entry.name) || !existsSync(join(packDir, 'lesson.yaml'))) continue;
      try {
        const manifest = LessonManifest.parse(YAML.parse(readFileSync(join(packDir, 'lesson.yaml'), 'utf8')));
        if (stored.has(packKey(manifest.id, manifest.version))) continue;
        const archive = writeArchive(readFolder(packDir));
        if (await this.options.store.lessons.ensureBundledVersion({ id: manifest.id, version: manifest.version, sha256: sha256Hex(archive), size: archive.length }, archive)) {
          added.push(packKey(manifest.id, manifest.version));
        }
      } catch (error) {
        this.options.log?.(`bundled lesson pack ${entry.name} left out of the lesson feed`, error);
      }
    }
    if (added.length > 0) this.changed(null);
    return added;
  }

  /** Every version an association sees, bundled packs included. */
  async versions(associationId: string): Promise<PackVersion[]> {
    await this.ready();
    return this.options.store.lessons.listPackVersions(associationId);
  }

  /** The association's signed index (cached). */
  async index(associationId: string): Promise<SignedIndex> {
    const cached = this.cache.get(associationId);
    if (cached) return cached;
    const latest = latestVersions(await this.versions(associationId));
    const packs: PackIndexEntry[] = latest.map((v) => ({ id: v.id, version: v.version, sha256: v.sha256, size: v.size }));
    const issuedAt = latest.reduce((max, v) => (v.publishedAt > max ? v.publishedAt : max), EPOCH);
    const index: PackIndex = { format: 1, issuedAt: new Date(issuedAt).toISOString(), packs };
    const text = signPackIndex(index, this.options.contentKey.privateKey);
    const signed = { text, etag: `"${sha256Hex(Buffer.from(text)).slice(0, 32)}"`, index };
    this.cache.set(associationId, signed);
    return signed;
  }

  async archive(associationId: string, id: string, version: number): Promise<Buffer | null> {
    await this.ready();
    return this.options.store.lessons.getPackArchive(associationId, id, version);
  }

  /** The French title of a pack version (read from its archive once, then remembered by sha256). */
  async title(associationId: string, version: PackVersion): Promise<string> {
    const known = this.titles.get(version.sha256);
    if (known !== undefined) return known;
    let title = version.id;
    const archive = await this.archive(associationId, version.id, version.version);
    const french = archive ? readArchive(archive).find((f) => f.path === 'texts/fr.yaml') : undefined;
    if (french) {
      const parsed = LessonTexts.safeParse(YAML.parse(french.data.toString('utf8')));
      if (parsed.success) title = parsed.data.title;
    }
    this.titles.set(version.sha256, title);
    return title;
  }

  /** An archive's ETag value: its sha256. */
  archiveTag(archive: Buffer): string {
    return sha256Hex(archive);
  }

  /**
   * Publishes a new version of a pack for an association, from an uploaded archive or from files
   * (approved recordings). Refused with an HttpError saying why: not a readable archive (400), not
   * newer than the version offered (409), a problem lessons:check finds (422).
   */
  async publish(associationId: string, accountId: string, upload: Buffer | ArchiveEntry[], source: Exclude<PackSource, 'bundled'>): Promise<PackVersion> {
    let files: ArchiveEntry[];
    try {
      files = packRoot(Buffer.isBuffer(upload) ? readArchive(upload) : [...upload]);
    } catch (error) {
      if (error instanceof ArchiveError) throw new HttpError(400, 'invalid_archive', `The pack is not an archive the hub accepts: ${error.message}. Send the .tar.gz of one lesson folder.`);
      throw error;
    }
    const parsed = LessonManifest.safeParse(YAML.parse(files.find((f) => f.path === 'lesson.yaml')!.data.toString('utf8')));
    if (!parsed.success) throw new HttpError(422, 'pack_refused', `lesson.yaml does not match the schema: ${describeIssues(parsed.error.issues, LessonManifest)}`);
    const { id, version } = parsed.data;
    const current = latestVersions(await this.versions(associationId));
    const offered = current.find((v) => v.id === id);
    if (offered && version <= offered.version) {
      throw new HttpError(409, 'not_newer', `The hub already offers ${id} version ${offered.version}: raise "version" in lesson.yaml above ${offered.version}.`);
    }
    const others = await Promise.all(
      current.filter((v) => v.id !== id).map(async (v) => ({ id: v.id, files: readArchive((await this.archive(associationId, v.id, v.version))!) })),
    );
    const problems = await checkPackForPublishing({ id, files, others, rulesDir: this.options.rulesDir });
    if (problems.length > 0) {
      const listed = problems.slice(0, 8).map((p) => `${p.lesson}: ${p.message}`);
      throw new HttpError(422, 'pack_refused', `lessons:check found ${problems.length} problem(s): ${listed.join(' | ')}`);
    }
    const archive = writeArchive(files);
    const result = await this.options.store.lessons.addPackVersion(
      { associationId, id, version, sha256: sha256Hex(archive), size: archive.length, source, publishedBy: accountId },
      archive,
    );
    if (!result.ok) throw new HttpError(409, 'not_newer', `The hub already offers ${id} version ${result.latest}: raise "version" in lesson.yaml above ${result.latest}.`);
    this.changed(associationId);
    return result.version;
  }

  /** Drops the cached index (one association, or all for bundled packs) and tells the machines. */
  private changed(associationId: string | null): void {
    if (associationId === null) this.cache.clear();
    else this.cache.delete(associationId);
    this.options.bus.publish('lessons.changed', { associationId });
  }
}
