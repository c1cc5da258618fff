/** The lessons area in SQLite: pack versions and their archives (BLOBs, a few hundred kB each). */
import { packKey, type AddPackResult, type LessonsStore, type NewPackVersion, type PackVersion } from '../lessons.ts';
import type { SqliteContext } from './context.ts';
import { COLUMNS, toVersion, type PackRow } from './lessons-rows.ts';

export class SqliteLessons implements LessonsStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  async listPackVersions(associationId: string): Promise<PackVersion[]> {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM lesson_packs WHERE association_id IS NULL OR association_id = ? ORDER BY id, version, published_at`)
      .all(associationId) as PackRow[];
    return rows.map(toVersion);
  }

  async getPackArchive(associationId: string, id: string, version: number): Promise<Buffer | null> {
    // The association's own version wins over a bundled one of the same number.
    const row = this.db
      .prepare('SELECT archive FROM lesson_packs WHERE id = ? AND version = ? AND (association_id IS NULL OR association_id = ?) ORDER BY association_id IS NULL LIMIT 1')
      .get(id, version, associationId) as { archive: Buffer } | undefined;
    return row ? row.archive : null;
  }

  async addPackVersion(input: NewPackVersion & { associationId: string }, archive: Buffer): Promise<AddPackResult> {
    return this.x.write((): AddPackResult => {
      const latest = this.db
        .prepare('SELECT MAX(version) AS v FROM lesson_packs WHERE id = ? AND (association_id IS NULL OR association_id = ?)')
        .get(input.id, input.associationId) as { v: number | null };
      if (latest.v !== null && input.version <= latest.v) return { ok: false, reason: 'not_newer', latest: latest.v };
      const publishedAt = this.x.iso();
      this.db
        .prepare(`INSERT INTO lesson_packs (${COLUMNS}, archive) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
        .run(input.associationId, input.id, input.version, input.sha256, input.size, input.source, publishedAt, input.publishedBy, archive);
      return { ok: true, version: { ...input, publishedAt } };
    });
  }

  async ensureBundledVersion(input: Omit<NewPackVersion, 'associationId' | 'source' | 'publishedBy'>, archive: Buffer): Promise<boolean> {
    const info = this.db
      .prepare(`INSERT OR IGNORE INTO lesson_packs (${COLUMNS}, archive) VALUES (NULL, ?, ?, ?, ?, 'bundled', ?, NULL, ?)`)
      .run(input.id, input.version, input.sha256, input.size, this.x.iso(), archive);
    return info.changes === 1;
  }

  async bundledVersions(): Promise<Set<string>> {
    const rows = this.db.prepare('SELECT id, version FROM lesson_packs WHERE association_id IS NULL').all() as Array<{ id: string; version: number }>;
    return new Set(rows.map((r) => packKey(r.id, r.version)));
  }
}
