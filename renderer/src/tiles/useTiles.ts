import { useEffect, useState } from 'react';
import type { MachineTiles } from '../../../app/tiles/model.ts';
import { bridge } from '../bridge.ts';

/** The machine's tiles, as main keeps them; redrawn when the hub sends new ones. */
export function useTiles(): MachineTiles | null {
  const [tiles, setTiles] = useState<MachineTiles | null>(null);
  useEffect(() => {
    let live = true;
    void bridge.getTiles({}).then((t) => live && setTiles(t));
    const off = bridge.on('tilesChanged', setTiles);
    return () => {
      live = false;
      off();
    };
  }, []);
  return tiles;
}
