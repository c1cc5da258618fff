/**
 * The console's "Mises à jour" page (staff): the release the hub offers, whether its rollout is
 * paused, and each machine's app and lesson versions with its updater's and lesson feed's last
 * results (from the machines' update statuses). Pausing or resuming the rollout is for the admins of
 * the association that operates the hub: the release folder is the hub's, shared by every
 * association it serves.
 */
import type { FastifyInstance } from 'fastify';
import { API_PREFIX, hasRole } from '../../app/protocol/hub.ts';
import { RolloutUpdate, type MachineUpdatesView, type RolloutView, type UpdatesView } from '../../app/protocol/updates.ts';
import { latestVersions } from '../lessons/catalogue.ts';
import { readRelease } from '../updates/release-folder.ts';
import { HttpError, parseOr400 } from '../http.ts';
import type { Account, RolloutState } from '../store/index.ts';
import { authOf } from './console-guards.ts';
import type { HubDeps } from './deps.ts';

export function registerUpdateConsoleRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store, guards, lessons, updatesDir } = deps;

  async function mayChangeRollout(account: Account): Promise<boolean> {
    if (!hasRole(account.role, 'admin')) return false;
    return (await store.accounts.defaultAssociation())?.id === account.associationId;
  }
  const rolloutView = async (state: RolloutState, account: Account): Promise<RolloutView> => ({ ...state, canChange: await mayChangeRollout(account) });

  app.get(`${API_PREFIX}/console/updates`, { onRequest: guards.read('staff') }, async (req): Promise<UpdatesView> => {
    const { account } = authOf(req);
    const [statuses, versions, rollout] = await Promise.all([
      store.updates.listStatuses(account.associationId),
      lessons.versions(account.associationId),
      store.updates.getRollout(),
    ]);
    const offered = new Map(latestVersions(versions).map((v) => [v.id, v.version]));
    const machines: MachineUpdatesView[] = statuses.map((row) => ({
      machineId: row.machineId,
      assetTag: row.assetTag,
      lastSeen: row.lastSeen,
      appVersion: row.status?.appVersion ?? null,
      lessonsBehind: row.status?.lessons.filter((l) => (offered.get(l.id) ?? 0) > l.version).length ?? 0,
      lessonCount: row.status?.lessons.length ?? 0,
      updater: row.status?.updater ?? null,
      lessonFeed: row.status?.lessonFeed ?? null,
      statusAt: row.status?.at ?? null,
    }));
    return { release: updatesDir ? readRelease(updatesDir) : null, rollout: await rolloutView(rollout, account), machines };
  });

  app.put(`${API_PREFIX}/console/updates/rollout`, { onRequest: guards.write('admin') }, async (req): Promise<RolloutView> => {
    const { account } = authOf(req);
    const { paused } = parseOr400(RolloutUpdate, req.body);
    if (!(await mayChangeRollout(account))) {
      throw new HttpError(403, 'forbidden', "Only the admins of the association that operates this hub may pause or resume the rollout of app updates.");
    }
    return rolloutView(await store.updates.setRolloutPaused(paused, account.id), account);
  });
}
