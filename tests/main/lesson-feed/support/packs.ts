/**
 * Real lesson packs at chosen versions, as archives with their index entries: a copy of a shipped
 * lesson with its `version:` line changed (and, for a "changed" pack, one sentence reworded).
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readFolder, writeArchive } from '../../../../lib/packs/archive.ts';
import { sha256Hex, type PackIndexEntry } from '../../../../lib/packs/pack-index.ts';

export const LESSONS = path.resolve(import.meta.dirname, '../../../../lessons');

export type BuiltPack = { entry: PackIndexEntry; archive: Buffer; dir: string };

/** Lesson `id` from lessons/ at `version`; `edit` may change the copied folder before it is archived. */
export function buildPack(work: string, id: string, version: number, edit: (dir: string) => void = () => {}): BuiltPack {
  const dir = path.join(mkdtempSync(path.join(work, `${id}-v${version}-`)), id);
  cpSync(path.join(LESSONS, id), dir, { recursive: true });
  const manifest = path.join(dir, 'lesson.yaml');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^version: \d+$/m, `version: ${version}`));
  edit(dir);
  const archive = writeArchive(readFolder(dir));
  return { entry: { id, version, sha256: sha256Hex(archive), size: archive.length }, archive, dir };
}
