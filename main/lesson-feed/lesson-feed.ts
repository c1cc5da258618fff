/**
 * The shell's side of the lesson feed: asks the hub for its signed lesson index (with the ETag of the
 * last one, so an unchanged index costs a 304), checks the signature against the hub's content key
 * this shell pinned, refuses an index older than the last accepted, downloads the packs that are new
 * or changed, and installs each through the PackStore (checked, atomic switch, previous kept). A pack
 * that fails is refused and remembered by its sha256 so it is not downloaded again until the hub
 * offers another; it never replaces the working pack. Nothing here touches a lesson in progress: the
 * caller reloads its list of lessons after an install, and a lesson already open keeps its folder.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { PackIndexError, packsToFetch, verifyPackIndex, type HeldPack, type PackIndexEntry } from '../../lib/packs/pack-index.ts';
import { checkUnpackedPack } from './pack-check.ts';
import { PackRefused, type InstalledPack, type PackStore } from './pack-store.ts';

export type IndexAnswer = { status: 304 } | { status: 200; body: string; etag: string | null };

/** How the feed reaches the hub (the shell's HubClient in production, anything in tests). */
export type LessonFeedTransport = {
  fetchIndex: (etag: string | null) => Promise<IndexAnswer>;
  fetchPack: (entry: PackIndexEntry) => Promise<Buffer>;
};

const FeedState = z
  .object({
    etag: z.string().nullable(),
    issuedAt: z.string().nullable(),
    /** Pack archives refused here, by id → sha256: not fetched again while the index offers the same. */
    refused: z.record(z.string(), z.string()),
  })
  .strict();
type FeedState = z.infer<typeof FeedState>;

export type FeedOutcome = {
  index: 'unchanged' | 'accepted' | 'refused' | 'unreachable' | 'no-key';
  /** Why the index was refused or could not be fetched. */
  reason?: string;
  installed: InstalledPack[];
  refused: Array<{ id: string; version: number; reason: string }>;
  failed: Array<{ id: string; version: number; reason: string }>;
};

export type LessonFeedOptions = {
  store: PackStore;
  transport: LessonFeedTransport;
  /** The hub's content public key, pinned at enrolment; null until then. */
  contentKey: () => KeyObject | null;
  /** Packs the app itself ships (id → version): never replaced by an older or equal one from the hub. */
  shipped: ReadonlyMap<string, number>;
  log?: (message: string) => void;
};

export class LessonFeed {
  private readonly stateFile: string;
  private running: Promise<FeedOutcome> | null = null;

  constructor(private readonly options: LessonFeedOptions) {
    this.stateFile = path.join(options.store.root, 'feed-state.json');
  }

  private readState(): FeedState {
    try {
      if (existsSync(this.stateFile)) return FeedState.parse(JSON.parse(readFileSync(this.stateFile, 'utf8')));
    } catch {
      /* a damaged state only costs one full index fetch */
    }
    return { etag: null, issuedAt: null, refused: {} };
  }

  private writeState(state: FeedState): void {
    writeFileSync(`${this.stateFile}.tmp`, JSON.stringify(state));
    renameSync(`${this.stateFile}.tmp`, this.stateFile);
  }

  /** What this shell holds, received or shipped: the higher version wins. */
  held(): Map<string, HeldPack> {
    const held = new Map<string, HeldPack>();
    for (const [id, version] of this.options.shipped) held.set(id, { version, sha256: null });
    for (const [id, pack] of this.options.store.held()) {
      const shipped = held.get(id);
      if (!shipped || pack.version >= shipped.version) held.set(id, pack);
    }
    return held;
  }

  /** Forgets the index accepted so far (another hub after a new enrolment): the next pass starts afresh. */
  forgetIndex(): void {
    this.writeState({ etag: null, issuedAt: null, refused: {} });
  }

  /** One pass; concurrent callers share the pass in progress. */
  sync(): Promise<FeedOutcome> {
    this.running ??= this.syncOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async syncOnce(): Promise<FeedOutcome> {
    const log = this.options.log ?? (() => {});
    const outcome: FeedOutcome = { index: 'unchanged', installed: [], refused: [], failed: [] };
    const key = this.options.contentKey();
    if (!key) return { ...outcome, index: 'no-key', reason: "no content key pinned yet (not enrolled)" };
    const state = this.readState();
    let answer: IndexAnswer;
    try {
      answer = await this.options.transport.fetchIndex(state.etag);
    } catch (error) {
      return { ...outcome, index: 'unreachable', reason: (error as Error).message };
    }
    if (answer.status === 304) return outcome;

    let index;
    try {
      index = verifyPackIndex(answer.body, key, state.issuedAt);
    } catch (error) {
      const reason = error instanceof PackIndexError ? error.reason : 'malformed';
      log(`lesson index refused (${reason}): ${(error as Error).message}`);
      return { ...outcome, index: 'refused', reason };
    }
    outcome.index = 'accepted';
    // Forget refusals of archives the hub no longer offers.
    const offered = new Map(index.packs.map((p) => [p.id, p.sha256]));
    for (const [id, sha256] of Object.entries(state.refused)) if (offered.get(id) !== sha256) delete state.refused[id];

    let incomplete = false;
    for (const entry of packsToFetch(index, this.held())) {
      if (state.refused[entry.id] === entry.sha256) continue;
      let archive: Buffer;
      try {
        archive = await this.options.transport.fetchPack(entry);
      } catch (error) {
        incomplete = true;
        outcome.failed.push({ id: entry.id, version: entry.version, reason: (error as Error).message });
        continue;
      }
      try {
        log(`lesson ${entry.id} version ${entry.version}: checking and switching in`);
        const installed = this.options.store.install(entry, archive, (dir) => checkUnpackedPack(dir, entry));
        outcome.installed.push(installed);
        log(`lesson ${entry.id} version ${entry.version} installed`);
      } catch (error) {
        if (!(error instanceof PackRefused)) throw error;
        state.refused[entry.id] = entry.sha256;
        outcome.refused.push({ id: entry.id, version: entry.version, reason: error.reason });
        log(`lesson ${entry.id} version ${entry.version} refused (${error.reason}): ${error.message}`);
      }
    }
    state.issuedAt = index.issuedAt;
    // The ETag is kept only once every pack was fetched: otherwise the next pass must see the index again.
    state.etag = incomplete ? null : answer.etag;
    this.writeState(state);
    return outcome;
  }
}
