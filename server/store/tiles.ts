/**
 * The tiles area of the hub's store (issue 13): the home-screen tiles chosen for the association (its
 * defaults), for one beneficiary, or for one kiosk place (a cohort). A set is stored whole, already
 * checked against app/tiles/model.ts; a scope with no set falls back (resolveTiles).
 */
import { TileSet, type MachineTiles, type TileScope } from '../../app/tiles/model.ts';

export interface StoredTileSet {
  scope: TileScope;
  tiles: TileSet;
  updatedAt: string;
  /** First name of the helper who last changed it. */
  updatedBy: string | null;
}

export interface TilesStore {
  /** Every set the association has chosen (defaults, people's, places'). */
  listSets(associationId: string): Promise<StoredTileSet[]>;
  /** Sets (or, with null, removes: back to the fallback) the tiles of one scope. */
  setTiles(associationId: string, scope: TileScope, tiles: TileSet | null, byAccountId: string): Promise<void>;
  /** What a machine shows: its beneficiary's set (home loan), its place's (kiosk), the association's, or the built-in set. */
  machineTiles(machineId: string): Promise<MachineTiles | null>;
}

// ---- shared by both stores -------------------------------------------------------------------------
export type TileSetRow = { scope: string; scope_key: string; tiles: string; updated_at: string; first_name: string | null };

/** A scope as its two columns: ('association', ''), ('person', id), ('place', cohort). */
export const scopeKey = (scope: TileScope): [string, string] =>
  scope.kind === 'association' ? ['association', ''] : scope.kind === 'person' ? ['person', scope.beneficiaryId] : ['place', scope.cohort];

function scopeOf(row: { scope: string; scope_key: string }): TileScope {
  if (row.scope === 'person') return { kind: 'person', beneficiaryId: row.scope_key };
  if (row.scope === 'place') return { kind: 'place', cohort: row.scope_key };
  return { kind: 'association' };
}

/** Stored only after validation; parsed again so that a row from an older schema never reaches a machine malformed. */
export const parseSet = (json: string | undefined): TileSet | null => (json === undefined ? null : (TileSet.safeParse(JSON.parse(json)).data ?? null));

export const storedSets = (rows: TileSetRow[]): StoredTileSet[] =>
  rows.flatMap((r) => {
    const tiles = parseSet(r.tiles);
    return tiles ? [{ scope: scopeOf(r), tiles, updatedAt: r.updated_at, updatedBy: r.first_name }] : [];
  });
