/** The lesson packs' rows, shared by the SQLite and PostgreSQL stores (same columns, same mapping). */
import type { PackSource, PackVersion } from '../lessons.ts';

export interface PackRow {
  association_id: string | null;
  id: string;
  version: number;
  sha256: string;
  size: number;
  source: PackSource;
  published_at: string;
  published_by: string | null;
}

/** The columns of a pack version, without its archive (listed before it in every INSERT). */
export const COLUMNS = 'association_id, id, version, sha256, size, source, published_at, published_by';

export const toVersion = (r: PackRow): PackVersion => ({
  associationId: r.association_id,
  id: r.id,
  version: r.version,
  sha256: r.sha256,
  size: r.size,
  source: r.source,
  publishedAt: r.published_at,
  publishedBy: r.published_by,
});
