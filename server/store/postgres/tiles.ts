/** The tiles area in PostgreSQL: one row per scope with a chosen set (JSON text, checked before it is stored). */
import { resolveTiles, type MachineTiles, type TileScope, type TileSet } from '../../../app/tiles/model.ts';
import { parseSet, scopeKey, storedSets, type StoredTileSet, type TileSetRow, type TilesStore } from '../tiles.ts';
import type { PgContext } from './db.ts';

export class PgTiles implements TilesStore {
  constructor(private readonly x: PgContext) {}

  async listSets(associationId: string): Promise<StoredTileSet[]> {
    const rows = await this.x.sql.rows<TileSetRow>(
      `SELECT t.scope, t.scope_key, t.tiles, t.updated_at, a.first_name FROM tile_sets t LEFT JOIN accounts a ON a.id = t.updated_by
       WHERE t.association_id = $1 ORDER BY t.scope, t.scope_key`,
      [associationId],
    );
    return storedSets(rows);
  }

  async setTiles(associationId: string, scope: TileScope, tiles: TileSet | null, byAccountId: string): Promise<void> {
    const [kind, key] = scopeKey(scope);
    if (tiles === null) {
      await this.x.sql.run('DELETE FROM tile_sets WHERE association_id = $1 AND scope = $2 AND scope_key = $3', [associationId, kind, key]);
      return;
    }
    await this.x.sql.run(
      `INSERT INTO tile_sets (association_id, scope, scope_key, tiles, updated_at, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (association_id, scope, scope_key) DO UPDATE SET tiles = excluded.tiles, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [associationId, kind, key, JSON.stringify(tiles), this.x.iso(), byAccountId],
    );
  }

  async machineTiles(machineId: string): Promise<MachineTiles | null> {
    const machine = await this.x.sql.one<{ association_id: string; mode: 'home' | 'kiosk'; cohort: string; beneficiary_id: string | null }>(
      `SELECT m.association_id, m.mode, m.cohort, l.beneficiary_id FROM machines m
       LEFT JOIN loans l ON l.machine_id = m.id AND l.ended_at IS NULL WHERE m.id = $1`,
      [machineId],
    );
    if (!machine) return null;
    const sets = await this.x.sql.rows<{ scope: string; scope_key: string; tiles: string }>('SELECT scope, scope_key, tiles FROM tile_sets WHERE association_id = $1', [machine.association_id]);
    const read = (scope: TileScope) => {
      const [kind, key] = scopeKey(scope);
      return parseSet(sets.find((s) => s.scope === kind && s.scope_key === key)?.tiles);
    };
    return resolveTiles({
      // A kiosk serves whoever walks up: its place's tiles, never a past loan's.
      person: machine.mode === 'home' && machine.beneficiary_id ? read({ kind: 'person', beneficiaryId: machine.beneficiary_id }) : null,
      place: machine.mode === 'kiosk' ? read({ kind: 'place', cohort: machine.cohort }) : null,
      association: read({ kind: 'association' }),
    });
  }
}
