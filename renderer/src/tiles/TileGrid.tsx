import { useTranslation } from 'react-i18next';
import type { Tile } from '../../../app/tiles/model.ts';
import { TILE_KIND_TRAITS } from '../../../app/tiles/kinds.ts';
import { speak } from '../speech.ts';
import { tilePictures } from './tile-pictures.ts';
import './tiles.css';

/** The words under a tile: its own label (a site's or a contact's name), else its kind's word. */
export function useTileLabel(): (tile: Tile) => string {
  const { t } = useTranslation();
  return (tile) => tile.label ?? t(`tiles.kind.${tile.kind}`);
}

/** A tile's test id: the kind for the kinds a set holds once (tile-lessons, tile-help), else its id. */
export const tileTestId = (tile: Tile) => (TILE_KIND_TRAITS[tile.kind].once ? `tile-${tile.kind}` : `tile-${tile.id}`);

/** Columns for `count` tiles: one row when few, never more than 4 across; narrower beside the next lesson. */
export function tileColumns(count: number, besideNextLesson: boolean): number {
  if (besideNextLesson) return count <= 2 ? 1 : count <= 4 ? 2 : count <= 6 ? 3 : 4;
  return count <= 4 ? Math.max(count, 1) : count <= 6 ? 3 : 4;
}

/** Up to 8 big tiles: a picture and its words, said aloud when pointed at and when pressed. */
export function TileGrid({ tiles, onOpen, besideNextLesson }: { tiles: Tile[]; onOpen: (tile: Tile) => void; besideNextLesson: boolean }) {
  const label = useTileLabel();
  return (
    <ul className="tile-grid" style={{ gridTemplateColumns: `repeat(${tileColumns(tiles.length, besideNextLesson)}, minmax(0, 1fr))` }} data-testid="tile-grid">
      {tiles.map((tile) => (
        <li key={tile.id}>
          <button
            type="button"
            className={`tile tile--${tile.kind}`}
            data-testid={tileTestId(tile)}
            data-kind={tile.kind}
            onPointerEnter={() => void speak(label(tile))}
            onClick={() => {
              void speak(label(tile));
              onOpen(tile);
            }}
          >
            <img src={tilePictures[tile.picture]} alt="" aria-hidden="true" draggable={false} />
            <span>{label(tile)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
