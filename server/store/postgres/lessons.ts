/** The lessons area in PostgreSQL: pack versions and their archives (bytea, a few hundred kB each). */
import { packKey, type AddPackResult, type LessonsStore, type NewPackVersion, type PackVersion } from '../lessons.ts';
import { COLUMNS, toVersion, type PackRow } from '../sqlite/lessons-rows.ts';
import type { PgContext } from './db.ts';

export class PgLessons implements LessonsStore {
  constructor(private readonly x: PgContext) {}

  async listPackVersions(associationId: string): Promise<PackVersion[]> {
    const rows = await this.x.sql.rows<PackRow>(
      `SELECT ${COLUMNS} FROM lesson_packs WHERE association_id IS NULL OR association_id = $1 ORDER BY id, version, published_at`,
      [associationId],
    );
    return rows.map(toVersion);
  }

  async getPackArchive(associationId: string, id: string, version: number): Promise<Buffer | null> {
    // The association's own version wins over a bundled one of the same number.
    const row = await this.x.sql.one<{ archive: Buffer }>(
      'SELECT archive FROM lesson_packs WHERE id = $1 AND version = $2 AND (association_id IS NULL OR association_id = $3) ORDER BY association_id IS NULL LIMIT 1',
      [id, version, associationId],
    );
    return row ? row.archive : null;
  }

  async addPackVersion(input: NewPackVersion & { associationId: string }, archive: Buffer): Promise<AddPackResult> {
    return this.x.tx(
      async (sql): Promise<AddPackResult> => {
        // One publication at a time per pack and association: the check and the insert see the same latest.
        await sql.run("SELECT pg_advisory_xact_lock(hashtext('passerelle.lesson_packs'), hashtext($1 || ':' || $2))", [input.associationId, input.id]);
        const latest = await sql.one<{ v: number | null }>(
          'SELECT MAX(version) AS v FROM lesson_packs WHERE id = $1 AND (association_id IS NULL OR association_id = $2)',
          [input.id, input.associationId],
        );
        if (latest?.v !== null && latest?.v !== undefined && input.version <= latest.v) return { ok: false, reason: 'not_newer', latest: latest.v };
        const publishedAt = this.x.iso();
        await sql.run(`INSERT INTO lesson_packs (${COLUMNS}, archive) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
          input.associationId,
          input.id,
          input.version,
          input.sha256,
          input.size,
          input.source,
          publishedAt,
          input.publishedBy,
          archive,
        ]);
        return { ok: true, version: { ...input, publishedAt } };
      },
      { retryOnUnique: true },
    );
  }

  async ensureBundledVersion(input: Omit<NewPackVersion, 'associationId' | 'source' | 'publishedBy'>, archive: Buffer): Promise<boolean> {
    const changed = await this.x.sql.run(
      `INSERT INTO lesson_packs (${COLUMNS}, archive) VALUES (NULL, $1, $2, $3, $4, 'bundled', $5, NULL, $6) ON CONFLICT DO NOTHING`,
      [input.id, input.version, input.sha256, input.size, this.x.iso(), archive],
    );
    return changed === 1;
  }

  async bundledVersions(): Promise<Set<string>> {
    const rows = await this.x.sql.rows<{ id: string; version: number }>('SELECT id, version FROM lesson_packs WHERE association_id IS NULL');
    return new Set(rows.map((r) => packKey(r.id, r.version)));
  }
}
