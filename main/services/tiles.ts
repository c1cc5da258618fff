/**
 * The home screen's tiles on the machine (issue 13): the set the hub last sent on the feed, kept in
 * the shell's store so that the home screen works offline and at once after a restart; the built-in
 * set until the hub has said anything.
 */
import { BUILTIN_TILES, MachineTiles, type Tile } from '../../app/tiles/model.ts';
import { getSetting, setSetting, type ShellDb } from '../store/db.ts';

const KEY = 'tiles';

export class TileService {
  private listeners = new Set<(tiles: MachineTiles) => void>();

  constructor(private readonly db: ShellDb) {}

  current(): MachineTiles {
    const raw = getSetting(this.db, KEY);
    // A stored set from an older version that no longer parses falls back to the built-in one.
    const parsed = raw ? MachineTiles.safeParse(JSON.parse(raw)) : null;
    return parsed?.success ? parsed.data : { tiles: BUILTIN_TILES, source: 'builtin' };
  }

  /** The hub's word (hello or a 'tiles' event); listeners hear it only when it changes something. */
  apply(next: MachineTiles): void {
    const json = JSON.stringify(next);
    if (json === getSetting(this.db, KEY)) return;
    setSetting(this.db, KEY, json);
    for (const listener of this.listeners) listener(next);
  }

  find(id: string): Tile | null {
    return this.current().tiles.find((t) => t.id === id) ?? null;
  }

  onChange(listener: (tiles: MachineTiles) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
