/**
 * What pressing a tile does, per kind (the shell's half of app/tiles/model.ts's registry): go to a
 * screen the shell already has (the lessons, the help flow), or show the kind's own screen. Typed over
 * TileKind: a kind added to the registry without its opener here is a compile error.
 */
import type { ComponentType } from 'react';
import type { Tile, TileKind } from '../../../app/tiles/model.ts';
import { JournalTile, Photos, SiteBrowser, StoryTile } from '../screens.ts';

/** What a tile's own screen is given: its tile, the way home, Help, and the top bar's "listen again". */
export type TileScreenProps = { tile: Tile; onHome: () => void; onHelp: () => void; registerListen: (listen: () => void) => void };

/** `ownBar`: the screen draws its own bar (Home, Help…); the others are shown under the shell's top bar. */
export type TileOpen = { to: 'lessons' } | { to: 'help' } | { to: 'screen'; Screen: ComponentType<TileScreenProps>; ownBar?: true };

export const tileOpeners: Record<TileKind, TileOpen> = {
  lessons: { to: 'lessons' },
  help: { to: 'help' },
  website: { to: 'screen', Screen: SiteBrowser, ownBar: true },
  call: { to: 'screen', Screen: SiteBrowser, ownBar: true },
  story: { to: 'screen', Screen: StoryTile },
  journal: { to: 'screen', Screen: JournalTile },
  photos: { to: 'screen', Screen: Photos, ownBar: true },
};
