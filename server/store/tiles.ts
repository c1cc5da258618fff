/**
 * The tiles area of the hub's store (issue 13): the home-screen tiles chosen for the association (its
 * defaults), for one beneficiary, or for one kiosk place (a cohort). A set is stored whole, already
 * checked against app/tiles/model.ts; a scope with no set falls back (resolveTiles).
 */
import type { MachineTiles, TileScope, TileSet } from '../../app/tiles/model.ts';

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
