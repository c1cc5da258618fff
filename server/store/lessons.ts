/**
 * The lessons area of the hub's store: the versions of lesson packs the hub offers, each with its
 * archive (lib/packs/archive.ts). The packs bundled with the hub are the baseline every association
 * sees (association null); an association's own versions (uploaded, or made from approved
 * recordings) are seen by that association alone. A pack only moves forward: a new version must be
 * higher than every version the association already sees.
 */

export type PackSource = 'bundled' | 'upload' | 'recordings';

export interface PackVersion {
  /** null: bundled with the hub, seen by every association. */
  associationId: string | null;
  id: string;
  version: number;
  sha256: string;
  size: number;
  source: PackSource;
  publishedAt: string;
  /** The console account that published it (null for bundled packs). */
  publishedBy: string | null;
}

export type NewPackVersion = Omit<PackVersion, 'publishedAt'>;

export type AddPackResult = { ok: true; version: PackVersion } | { ok: false; reason: 'not_newer'; latest: number };

export interface LessonsStore {
  /** Every version an association sees (bundled and its own), by pack id then version, newest last. */
  listPackVersions(associationId: string): Promise<PackVersion[]>;
  /** The archive of a version the association sees, or null. */
  getPackArchive(associationId: string, id: string, version: number): Promise<Buffer | null>;
  /** Adds an association's version, atomically refused unless newer than every version it sees. */
  addPackVersion(input: NewPackVersion & { associationId: string }, archive: Buffer): Promise<AddPackResult>;
  /** Adds a bundled version unless that (id, version) is already stored; true when added. */
  ensureBundledVersion(input: Omit<NewPackVersion, 'associationId' | 'source' | 'publishedBy'>, archive: Buffer): Promise<boolean>;
  /** Which bundled (id, version) pairs are stored, so that startup archives only what is new. */
  bundledVersions(): Promise<Set<string>>;
}

export const packKey = (id: string, version: number): string => `${id}@${version}`;
