/** The console's side of the tiles (issue 13): what the tile editor reads and sends. */
import { z } from 'zod';
import { MachineTiles, TileSet, type Tile } from '../tiles/model.ts';

export { MachineTiles };

/** A set for one scope, or null: back to the fallback (the place's or association's, or the built-in set). */
export const TilesUpdate = z.object({ tiles: TileSet.nullable() }).strict();
export type TilesUpdate = z.infer<typeof TilesUpdate>;

export interface TileSetView {
  tiles: Tile[] | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

export interface TilesOverview {
  /** The association's defaults (null: the built-in set below). */
  defaults: TileSetView;
  builtin: Tile[];
  /** Every beneficiary, with their own set when a helper chose one. */
  people: Array<TileSetView & { id: string; firstName: string }>;
  /** Every kiosk place (the cohorts of kiosk machines, and any place with a set). */
  places: Array<TileSetView & { cohort: string; kiosks: number }>;
}
