/**
 * The home-screen tiles, the console's side (issue 13): the overview (defaults, each person's, each
 * kiosk place's), and one PUT per scope. Staff set the association's defaults and the places'; every
 * helper may set the tiles of a person they follow. The machine receives its tiles on its feed
 * (machine-feed.ts), resolved by the store.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Uuid } from '../../app/protocol/common.ts';
import { API_PREFIX, Cohort } from '../../app/protocol/hub.ts';
import { TilesUpdate, type TileSetView, type TilesOverview } from '../../app/protocol/tiles.ts';
import { BUILTIN_TILES, type TileScope } from '../../app/tiles/model.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { StoredTileSet } from '../store/index.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

const NONE: TileSetView = { tiles: null, updatedAt: null, updatedBy: null };
const view = (set: StoredTileSet | undefined): TileSetView => (set ? { tiles: set.tiles, updatedAt: set.updatedAt, updatedBy: set.updatedBy } : NONE);

export function registerTileRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, guards, bus } = deps;
  const associationOf = (req: FastifyRequest) => authOf(req).account.associationId;

  async function save(req: FastifyRequest, scope: TileScope): Promise<TileSetView> {
    const { tiles } = parseOr400(TilesUpdate, req.body);
    const associationId = associationOf(req);
    await store.tiles.setTiles(associationId, scope, tiles, authOf(req).account.id);
    bus.publish('tiles.changed', { associationId });
    const sets = await store.tiles.listSets(associationId);
    return view(sets.find((s) => JSON.stringify(s.scope) === JSON.stringify(scope)));
  }

  app.get(`${API_PREFIX}/console/tiles`, { onRequest: guards.read('accompagnant') }, async (req): Promise<TilesOverview> => {
    const associationId = associationOf(req);
    const [sets, beneficiaries, machines] = await Promise.all([
      store.tiles.listSets(associationId),
      store.register.listBeneficiaries(associationId),
      store.register.listMachines(associationId),
    ]);
    const kiosks = new Map<string, number>();
    for (const m of machines) if (m.mode === 'kiosk') kiosks.set(m.cohort, (kiosks.get(m.cohort) ?? 0) + 1);
    for (const s of sets) if (s.scope.kind === 'place' && !kiosks.has(s.scope.cohort)) kiosks.set(s.scope.cohort, 0);
    const find = (match: (scope: TileScope) => boolean) => view(sets.find((s) => match(s.scope)));
    return {
      defaults: find((s) => s.kind === 'association'),
      builtin: BUILTIN_TILES,
      people: beneficiaries.map((b) => ({ id: b.id, firstName: b.firstName, ...find((s) => s.kind === 'person' && s.beneficiaryId === b.id) })),
      places: [...kiosks].sort(([a], [b]) => a.localeCompare(b)).map(([cohort, count]) => ({ cohort, kiosks: count, ...find((s) => s.kind === 'place' && s.cohort === cohort) })),
    };
  });

  app.put(`${API_PREFIX}/console/tiles/defaults`, { onRequest: guards.write('staff') }, async (req) => save(req, { kind: 'association' }));

  app.put<{ Params: { id: string } }>(`${API_PREFIX}/console/tiles/people/:id`, { onRequest: guards.write('accompagnant') }, async (req) => {
    const id = parseOr400(Uuid, req.params.id, 'beneficiary id in the path');
    if (!(await store.register.getBeneficiary(associationOf(req), id))) throw new HttpError(404, 'not_found', "Cette personne n'existe pas dans votre association.");
    return save(req, { kind: 'person', beneficiaryId: id });
  });

  app.put<{ Params: { cohort: string } }>(`${API_PREFIX}/console/tiles/places/:cohort`, { onRequest: guards.write('staff') }, async (req) => {
    const cohort = parseOr400(Cohort, req.params.cohort, 'place (kiosk site) in the path');
    return save(req, { kind: 'place', cohort });
  });
}
