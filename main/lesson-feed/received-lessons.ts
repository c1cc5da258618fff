/**
 * The lessons the shell shows: those shipped with the app, each replaced by the version received from
 * the hub when that one is higher. A received lesson's files are read from its own version folder
 * (`/packs/<id>/<version folder>/…`), which stays on disk while a newer one is switched in: a lesson
 * already open keeps its pictures and sounds. A received pack that cannot be read leaves the shipped
 * one in place.
 */
import path from 'node:path';
import type { MachineLessonVersion } from '../../app/protocol/updates.ts';
import { loadLessonPack, type LoadedLesson } from '../services/lessons.ts';
import type { InstalledPack } from './pack-store.ts';

export function withReceived(shipped: readonly LoadedLesson[], received: readonly InstalledPack[], log: (message: string, error?: unknown) => void = () => {}): LoadedLesson[] {
  const byId = new Map(shipped.map((lesson) => [lesson.manifest.id, lesson]));
  for (const pack of received) {
    const current = byId.get(pack.id);
    if (current && current.manifest.version >= pack.version) continue;
    try {
      const lesson = loadLessonPack(pack.dir, { urlBase: `packs/${pack.id}/${path.basename(pack.dir)}`, source: 'received' });
      if (lesson.manifest.id === pack.id) byId.set(pack.id, lesson);
    } catch (error) {
      log(`received lesson ${pack.id} version ${pack.version} could not be read; the shipped one stays`, error);
    }
  }
  return [...byId.values()].sort((a, b) => a.manifest.order - b.manifest.order || a.manifest.id.localeCompare(b.manifest.id));
}

/** What the update status says about lessons: each one's version and where it came from. */
export function lessonVersions(lessons: Iterable<LoadedLesson>): MachineLessonVersion[] {
  return [...lessons].map((l) => ({ id: l.manifest.id, version: l.manifest.version, source: l.source })).sort((a, b) => a.id.localeCompare(b.id));
}
