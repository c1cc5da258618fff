/**
 * The home screen's tiles (issue 13): at most 8 big tiles, chosen per person (a home loan's
 * beneficiary), per place (a kiosk site, i.e. a kiosk cohort) or for the whole association, in the
 * console; the machine receives its resolved list on its feed.
 *
 * ADDING A TILE KIND (e.g. "Raconter", "Journal"): add one entry to TILE_KIND_TRAITS
 * (app/tiles/kinds.ts, zod-free for the shell's first script) — its usage category (counted anonymously
 * per day, app/usage/registry.ts takes them from here), its default picture (app/tiles/pictures.ts)
 * and whether a set may hold it once only — and one to TILE_KINDS below: its settings (a zod object:
 * what the console asks for; NoSettings when none). Then give it a screen in renderer/src/tiles/openers.tsx and
 * its default label in the shell's and the console's locale files (`tiles.kind.<kind>`); both are
 * typed over TileKind, so the compiler lists what is missing. The hub, the store, the feed and the
 * console's editor need nothing more.
 */
import { z } from 'zod';
import { TilePicture } from './pictures.ts';
import { TILE_KIND_TRAITS } from './kinds.ts';
import { LoginProviderId, SitePattern, SiteUrl } from './sites.ts';

export const MAX_TILES = 8;

export const TileId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a tile id is 1 to 40 lower-case letters, digits or dashes');
/** The words under a tile: a site's official name, a contact's name; null: the kind's own word, translated. */
export const TileLabel = z
  .string()
  .trim()
  .min(1, 'a tile label is 1 to 40 characters')
  .max(40, 'a tile label is 1 to 40 characters')
  .refine((s) => !/[\p{Cc}<>]/u.test(s), 'a tile label has no control characters and no < or >');

const NoSettings = z.object({});

/** A website: where it opens, the domains that count as the real site, the login providers it uses. */
const WebsiteSettings = z.object({
  label: TileLabel,
  url: SiteUrl,
  domains: z.array(SitePattern).min(1).max(8),
  loginProviders: z.array(LoginProviderId).max(4).default([]),
});

/** A video call to one contact: a Jitsi Meet room or the association's own service, camera and microphone for that origin only. */
const CallSettings = z.object({ label: TileLabel, url: SiteUrl });

const T = TILE_KIND_TRAITS;
export const TILE_KINDS = {
  lessons: { ...T.lessons, settings: NoSettings },
  help: { ...T.help, settings: NoSettings },
  website: { ...T.website, settings: WebsiteSettings },
  call: { ...T.call, settings: CallSettings },
  story: { ...T.story, settings: NoSettings },
  journal: { ...T.journal, settings: NoSettings },
  photos: { ...T.photos, settings: NoSettings },
} as const satisfies { [K in keyof typeof TILE_KIND_TRAITS]: (typeof TILE_KIND_TRAITS)[K] & { settings: z.ZodObject } };

export type TileKind = keyof typeof TILE_KINDS;
export const TILE_KIND_NAMES = Object.keys(TILE_KINDS) as TileKind[];
export type TileCategory = (typeof TILE_KINDS)[TileKind]['category'];
export const TILE_CATEGORIES = [...new Set(TILE_KIND_NAMES.map((k) => TILE_KINDS[k].category))] as TileCategory[];

type Settings<K extends TileKind> = z.output<(typeof TILE_KINDS)[K]['settings']>;
/** A tile of one kind: its id, picture and label (its kind's own word when the kind has no settings label), and its settings. */
export type TileOf<K extends TileKind> = { kind: K; id: string; picture: TilePicture } & (Settings<K> extends { label: string } ? Settings<K> : { label?: string | null | undefined });
export type Tile = { [K in TileKind]: TileOf<K> }[TileKind];

function kindSchema(kind: TileKind) {
  const settings = TILE_KINDS[kind].settings as z.ZodObject;
  return z.object({ kind: z.literal(kind), id: TileId, picture: TilePicture, label: TileLabel.nullable().optional(), ...settings.shape }).strict();
}

/** One tile, whatever its kind (a union built from TILE_KINDS). */
export const Tile = z.discriminatedUnion(
  'kind',
  TILE_KIND_NAMES.map(kindSchema) as unknown as [ReturnType<typeof kindSchema>, ...ReturnType<typeof kindSchema>[]],
  { error: `a tile's kind is one of: ${TILE_KIND_NAMES.join(', ')}` },
) as unknown as z.ZodType<Tile>;

/** A home screen: 1 to 8 tiles, in order, ids unique, the single kinds (lessons, help, photos) at most once. */
export const TileSet = z
  .array(Tile)
  .min(1, `a home screen has 1 to ${MAX_TILES} tiles`)
  .max(MAX_TILES, `a home screen has 1 to ${MAX_TILES} tiles`)
  .superRefine((tiles, ctx) => {
    const ids = new Set<string>();
    const kinds = new Set<string>();
    tiles.forEach((tile, i) => {
      if (ids.has(tile.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `two tiles have the id "${tile.id}"` });
      ids.add(tile.id);
      if (TILE_KINDS[tile.kind].once && kinds.has(tile.kind)) ctx.addIssue({ code: 'custom', path: [i, 'kind'], message: `a home screen has at most one "${tile.kind}" tile` });
      kinds.add(tile.kind);
    });
  });
export type TileSet = Tile[];

/** Where a machine's tiles come from: its person's, its place's, the association's, or Passerelle's own. */
export const TileSource = z.enum(['person', 'place', 'association', 'builtin']);
export type TileSource = z.infer<typeof TileSource>;
export const MachineTiles = z.object({ tiles: TileSet, source: TileSource });
export type MachineTiles = z.infer<typeof MachineTiles>;

/** Whose tiles: the association's defaults, one beneficiary's, or one kiosk place's (its cohort). */
export type TileScope = { kind: 'association' } | { kind: 'person'; beneficiaryId: string } | { kind: 'place'; cohort: string };

/** What an association shows before its staff choose: the lessons and help. */
export const BUILTIN_TILES: Tile[] = [
  { kind: 'lessons', id: 'lessons', picture: 'books' },
  { kind: 'help', id: 'help', picture: 'phone' },
];

/**
 * The tiles a machine shows: a home loan's person's own set, else (a kiosk) its place's, else the
 * association's defaults, else the built-in set. A pure rule: the hub resolves with it, tests read it.
 */
export function resolveTiles(sets: { person?: TileSet | null; place?: TileSet | null; association?: TileSet | null }): MachineTiles {
  if (sets.person) return { tiles: sets.person, source: 'person' };
  if (sets.place) return { tiles: sets.place, source: 'place' };
  if (sets.association) return { tiles: sets.association, source: 'association' };
  return { tiles: BUILTIN_TILES, source: 'builtin' };
}

/** The default picture of a kind, for a new tile in the console. */
export const defaultPicture = (kind: TileKind): TilePicture => TILE_KINDS[kind].picture;
