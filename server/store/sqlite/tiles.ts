/** The tiles area in SQLite: one row per scope with a chosen set (JSON, checked before it is stored). */
import { resolveTiles, type MachineTiles, type TileScope, type TileSet } from '../../../app/tiles/model.ts';
import { parseSet, scopeKey, storedSets, type TileSetRow, type StoredTileSet, type TilesStore } from '../tiles.ts';
import type { SqliteContext } from './context.ts';

export class SqliteTiles implements TilesStore {
  constructor(private readonly x: SqliteContext) {}

  private get db() {
    return this.x.db;
  }

  async listSets(associationId: string): Promise<StoredTileSet[]> {
    const rows = this.db
      .prepare(
        `SELECT t.scope, t.scope_key, t.tiles, t.updated_at, a.first_name FROM tile_sets t LEFT JOIN accounts a ON a.id = t.updated_by
         WHERE t.association_id = ? ORDER BY t.scope, t.scope_key`,
      )
      .all(associationId) as TileSetRow[];
    return storedSets(rows);
  }

  async setTiles(associationId: string, scope: TileScope, tiles: TileSet | null, byAccountId: string): Promise<void> {
    const [kind, key] = scopeKey(scope);
    if (tiles === null) {
      this.db.prepare('DELETE FROM tile_sets WHERE association_id = ? AND scope = ? AND scope_key = ?').run(associationId, kind, key);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO tile_sets (association_id, scope, scope_key, tiles, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(association_id, scope, scope_key) DO UPDATE SET tiles = excluded.tiles, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(associationId, kind, key, JSON.stringify(tiles), this.x.iso(), byAccountId);
  }

  async machineTiles(machineId: string): Promise<MachineTiles | null> {
    const machine = this.db.prepare('SELECT association_id, mode, cohort FROM machines WHERE id = ?').get(machineId) as
      | { association_id: string; mode: 'home' | 'kiosk'; cohort: string }
      | undefined;
    if (!machine) return null;
    const loan = this.db.prepare('SELECT beneficiary_id FROM loans WHERE machine_id = ? AND ended_at IS NULL').get(machineId) as { beneficiary_id: string } | undefined;
    const read = (scope: TileScope) => {
      const [kind, key] = scopeKey(scope);
      const row = this.db.prepare('SELECT tiles FROM tile_sets WHERE association_id = ? AND scope = ? AND scope_key = ?').get(machine.association_id, kind, key) as
        | { tiles: string }
        | undefined;
      return parseSet(row?.tiles);
    };
    return resolveTiles({
      // A kiosk serves whoever walks up: its place's tiles, never a past loan's.
      person: machine.mode === 'home' && loan ? read({ kind: 'person', beneficiaryId: loan.beneficiary_id }) : null,
      place: machine.mode === 'kiosk' ? read({ kind: 'place', cohort: machine.cohort }) : null,
      association: read({ kind: 'association' }),
    });
  }
}
