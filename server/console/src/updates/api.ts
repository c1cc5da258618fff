/** The "Mises à jour" and "Leçons" pages' calls to the hub (server/routes/updates-console.ts, lessons-console.ts). */
import type { LessonsView, RolloutView, UpdatesView } from '../../../../app/protocol/updates.ts';
import { call } from '../api.ts';

export type PublishedPack = { id: string; version: number; sha256: string; size: number; publishedAt: string };

export const updatesApi = {
  updates: () => call<UpdatesView>('GET', '/console/updates'),
  setRolloutPaused: (paused: boolean) => call<RolloutView>('PUT', '/console/updates/rollout', { paused }),
  lessons: () => call<LessonsView>('GET', '/console/lessons'),
  /** The archive as it is on disk (the .tar.gz of one lesson folder). */
  publishPack: (archive: Blob) => call<PublishedPack>('POST', '/console/lessons/packs', archive, { 'content-type': 'application/gzip' }),
};

export type { LessonsView, RolloutView, UpdatesView };
