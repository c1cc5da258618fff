import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { TilesOverview } from '../../../../app/protocol/tiles.ts';
import { defaultPicture, MAX_TILES, type Tile, type TileKind } from '../../../../app/tiles/model.ts';
import { TILE_PICTURE_NAMES, type TilePicture } from '../../../../app/tiles/pictures.ts';
import { suggestedDomains } from '../../../../app/tiles/sites.ts';
import { tilePictures } from '../../../../renderer/src/tiles/tile-pictures.ts';
import { api } from '../api.ts';
import { errorKey } from '../errors.ts';
import { hasRole } from '../../../../app/protocol/hub.ts';
import type { PageProps } from '../routes.ts';
import { useConsoleT, type ConsoleKey } from '../t.ts';
import { Status } from '../ui.tsx';
import './tiles.css';

/** Whose tiles are being edited: "defaults", "person:<id>" or "place:<cohort>". */
type ScopeKey = string;

const KIND_KEYS: Record<TileKind, ConsoleKey> = { lessons: 'tiles.kind.lessons', help: 'tiles.kind.help', website: 'tiles.kind.website', call: 'tiles.kind.call', story: 'tiles.kind.story', journal: 'tiles.kind.journal', photos: 'tiles.kind.photos' };

/**
 * The tiles of a person's or a place's home screen (issue 13), or the association's defaults: up to 8,
 * in order, each with its picture from the OpenMoji catalogue. A scope without its own set shows what
 * it falls back to; "Personnaliser" starts from that. Staff set the defaults and places; every helper a person's.
 */
export default function TilesPage({ me }: PageProps) {
  const { t } = useConsoleT();
  const [overview, setOverview] = useState<TilesOverview | null>(null);
  const [scope, setScope] = useState<ScopeKey>('defaults');
  const [draft, setDraft] = useState<Tile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const id = useId();
  const staff = hasRole(me.role, 'staff');

  const reload = () => api.tiles().then(setOverview, (err: unknown) => setError(t(errorKey(err))));
  useEffect(() => void reload(), []); // eslint-disable-line react-hooks/exhaustive-deps
  useEffect(() => {
    if (!staff && scope === 'defaults' && overview?.people[0]) setScope(`person:${overview.people[0].id}`);
  }, [overview, staff, scope]);

  const current = useMemo(() => {
    if (!overview) return null;
    if (scope === 'defaults') return { own: overview.defaults.tiles, fallback: overview.builtin, editable: staff };
    if (scope.startsWith('person:')) {
      const p = overview.people.find((x) => `person:${x.id}` === scope);
      return { own: p?.tiles ?? null, fallback: overview.defaults.tiles ?? overview.builtin, editable: true };
    }
    const place = overview.places.find((x) => `place:${x.cohort}` === scope);
    return { own: place?.tiles ?? null, fallback: overview.defaults.tiles ?? overview.builtin, editable: staff };
  }, [overview, scope, staff]);
  useEffect(() => setDraft(current?.own ?? null), [current]);

  const save = async (tiles: Tile[] | null) => {
    setError(null);
    setDone(null);
    try {
      if (scope === 'defaults') await api.saveDefaultTiles(tiles);
      else if (scope.startsWith('person:')) await api.savePersonTiles(scope.slice(7), tiles);
      else await api.savePlaceTiles(scope.slice(6), tiles);
      await reload();
      setDone(t('tiles.saved'));
    } catch (err) {
      setError(t(errorKey(err)));
    }
  };
  const move = (i: number, by: number) => setDraft((d) => d && swap(d, i, i + by));
  const patch = (i: number, p: Partial<Tile>) => setDraft((d) => d && d.map((tile, j) => (j === i ? ({ ...tile, ...p } as Tile) : tile)));

  if (!overview || !current) return <main id="main" className="page"><h1>{t('tiles.heading')}</h1><Status error={error} /></main>;
  const shown = draft ?? current.fallback;
  return (
    <main id="main" className="page tiles-page">
      <h1>{t('tiles.heading')}</h1>
      <div className="field">
        <label htmlFor={`${id}-scope`}>{t('tiles.scope')}</label>
        <select id={`${id}-scope`} value={scope} onChange={(e) => setScope(e.target.value)} data-testid="tiles-scope">
          <option value="defaults">{t('tiles.defaults')}</option>
          {overview.places.map((p) => (
            <option key={p.cohort} value={`place:${p.cohort}`}>{t('tiles.place', { name: p.cohort })}</option>
          ))}
          {overview.people.map((p) => (
            <option key={p.id} value={`person:${p.id}`}>{t('tiles.person', { name: p.firstName })}</option>
          ))}
        </select>
      </div>
      <section className="panel" aria-labelledby={`${id}-list`}>
        <h2 id={`${id}-list`}>{draft ? t('tiles.own') : t('tiles.fallback')}</h2>
        <ol className="tile-rows" data-testid="tile-rows">
          {shown.map((tile, i) => (
            <li key={tile.id} className="tile-row">
              <img src={tilePictures[tile.picture]} alt="" className="tile-row__picture" />
              <span className="tile-row__name">
                <strong>{tile.label ?? t(KIND_KEYS[tile.kind])}</strong>
                <span className="hint">{t(KIND_KEYS[tile.kind])}{'url' in tile ? ` · ${tile.url}` : ''}</span>
              </span>
              {draft && current.editable ? (
                <span className="tile-row__actions">
                  <label className="visually-hidden" htmlFor={`${id}-pic-${i}`}>{t('tiles.picture')}</label>
                  <select id={`${id}-pic-${i}`} value={tile.picture} onChange={(e) => patch(i, { picture: e.target.value as TilePicture })} data-testid={`tile-picture-${tile.id}`}>
                    {TILE_PICTURE_NAMES.map((p) => (
                      <option key={p} value={p}>{p}</option>
                    ))}
                  </select>
                  <button type="button" className="secondary" onClick={() => move(i, -1)} disabled={i === 0} aria-label={t('tiles.up', { name: tile.label ?? t(KIND_KEYS[tile.kind]) })}>↑</button>
                  <button type="button" className="secondary" onClick={() => move(i, 1)} disabled={i === shown.length - 1} aria-label={t('tiles.down', { name: tile.label ?? t(KIND_KEYS[tile.kind]) })} data-testid={`tile-down-${tile.id}`}>↓</button>
                  <button type="button" className="secondary danger" onClick={() => setDraft((d) => d && d.filter((_, j) => j !== i))} disabled={shown.length <= 1}>{t('tiles.remove')}</button>
                </span>
              ) : null}
            </li>
          ))}
        </ol>
        {current.editable ? (
          <div className="actions">
            {draft ? (
              <button type="button" className="primary" onClick={() => void save(draft)} data-testid="tiles-save">{t('tiles.save')}</button>
            ) : (
              <button type="button" className="secondary" onClick={() => setDraft(current.fallback)} data-testid="tiles-customise">{t('tiles.customise')}</button>
            )}
            {current.own && scope !== 'defaults' ? <button type="button" className="secondary" onClick={() => void save(null)}>{t('tiles.useFallback')}</button> : null}
          </div>
        ) : null}
        <Status error={error} done={done} testId="tiles-status" />
      </section>
      {draft && current.editable && draft.length < MAX_TILES ? <AddTile existing={draft} onAdd={(tile) => setDraft([...draft, tile])} /> : null}
    </main>
  );
}

function swap(list: Tile[], i: number, j: number): Tile[] {
  if (j < 0 || j >= list.length) return list;
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

/** A new website or video-call tile (or the lessons or help, when the set lacks them). */
function AddTile({ existing, onAdd }: { existing: Tile[]; onAdd: (tile: Tile) => void }) {
  const { t } = useConsoleT();
  const id = useId();
  const [kind, setKind] = useState<TileKind>('website');
  const [label, setLabel] = useState('');
  const [url, setUrl] = useState('https://');
  const [franceConnect, setFranceConnect] = useState(false);
  const kinds = (['website', 'call', 'lessons', 'help'] as TileKind[]).filter((k) => (k !== 'lessons' && k !== 'help') || !existing.some((tile) => tile.kind === k));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const tileId = `${kind}-${Date.now().toString(36)}`;
    const picture = defaultPicture(kind);
    if (kind === 'website') {
      let domains: string[] = [];
      try {
        domains = suggestedDomains(url);
      } catch {
        /* the hub says what an address must be */
      }
      onAdd({ kind, id: tileId, picture, label: label.trim(), url: url.trim(), domains, loginProviders: franceConnect ? ['franceconnect'] : [] });
    } else if (kind === 'call') onAdd({ kind, id: tileId, picture, label: label.trim(), url: url.trim() });
    else onAdd({ kind, id: kind, picture });
    setLabel('');
    setUrl('https://');
  };
  return (
    <form className="panel form-grid" onSubmit={submit} aria-labelledby={`${id}-add`}>
      <h2 id={`${id}-add`}>{t('tiles.add')}</h2>
      <div className="field">
        <label htmlFor={`${id}-kind`}>{t('tiles.kindLabel')}</label>
        <select id={`${id}-kind`} value={kind} onChange={(e) => setKind(e.target.value as TileKind)} data-testid="tile-add-kind">
          {kinds.map((k) => (
            <option key={k} value={k}>{t(KIND_KEYS[k])}</option>
          ))}
        </select>
      </div>
      {kind === 'website' || kind === 'call' ? (
        <>
          <div className="field">
            <label htmlFor={`${id}-label`}>{kind === 'call' ? t('tiles.contact') : t('tiles.siteName')}</label>
            <input id={`${id}-label`} required maxLength={40} value={label} onChange={(e) => setLabel(e.target.value)} data-testid="tile-add-label" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-url`}>{t('tiles.address')}</label>
            <input id={`${id}-url`} required type="url" maxLength={2000} value={url} onChange={(e) => setUrl(e.target.value)} aria-describedby={`${id}-url-hint`} data-testid="tile-add-url" />
            <span id={`${id}-url-hint`} className="hint">{kind === 'call' ? t('tiles.callHint') : t('tiles.addressHint')}</span>
          </div>
          {kind === 'website' ? (
            <label className="choice">
              <input type="checkbox" checked={franceConnect} onChange={(e) => setFranceConnect(e.target.checked)} />
              {t('tiles.franceConnect')}
            </label>
          ) : null}
        </>
      ) : null}
      <div className="actions">
        <button type="submit" className="secondary" data-testid="tile-add">{t('tiles.addButton')}</button>
      </div>
    </form>
  );
}
