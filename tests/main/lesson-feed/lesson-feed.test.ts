/**
 * The shell's lesson feed decisions, with a transport that answers like the hub (ETag and 304, signed
 * index, pack archives): what is installed, what is refused and remembered, what is retried, and what
 * a replayed or foreign index changes (nothing). The same feed against the real hub is in the hub's
 * lesson routes tests.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sha256Hex, signPackIndex, type PackIndex, type PackIndexEntry } from '../../../lib/packs/pack-index.ts';
import { LessonFeed, type IndexAnswer, type LessonFeedTransport } from '../../../main/lesson-feed/lesson-feed.ts';
import { PackStore } from '../../../main/lesson-feed/pack-store.ts';
import { buildPack, type BuiltPack } from './support/packs.ts';

const work = mkdtempSync(path.join(tmpdir(), 'passerelle-feed-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const hubKey = generateKeyPairSync('ed25519');

/** A hub in memory: the signed index with an ETag, the archives, and a log of what was asked. */
class FakeHub implements LessonFeedTransport {
  packs = new Map<string, BuiltPack>();
  indexText = '';
  asked: string[] = [];
  failPacks = false;
  publish(packs: BuiltPack[], issuedAt: string, key: KeyObject = hubKey.privateKey): void {
    for (const pack of packs) this.packs.set(`${pack.entry.id}@${pack.entry.version}`, pack);
    const index: PackIndex = { format: 1, issuedAt, packs: packs.map((p) => p.entry) };
    this.indexText = signPackIndex(index, key);
  }
  async fetchIndex(etag: string | null): Promise<IndexAnswer> {
    const current = `"${sha256Hex(Buffer.from(this.indexText)).slice(0, 16)}"`;
    this.asked.push(etag === current ? 'index 304' : 'index 200');
    return etag === current ? { status: 304 } : { status: 200, body: this.indexText, etag: current };
  }
  async fetchPack(entry: PackIndexEntry): Promise<Buffer> {
    this.asked.push(`pack ${entry.id}@${entry.version}`);
    if (this.failPacks) throw new Error('connection reset');
    const pack = this.packs.get(`${entry.id}@${entry.version}`);
    if (!pack) throw new Error('404');
    return pack.archive;
  }
}

function feed(hub: FakeHub, shipped: Record<string, number> = {}, key: KeyObject | null = hubKey.publicKey) {
  const store = new PackStore(mkdtempSync(path.join(work, 'packs-')));
  return { store, feed: new LessonFeed({ store, transport: hub, contentKey: () => key, shipped: new Map(Object.entries(shipped)) }) };
}

describe('LessonFeed', () => {
  it('installs new versions, then costs a 304 while the index is unchanged', async () => {
    const hub = new FakeHub();
    hub.publish([buildPack(work, 'souris-bouger', 2), buildPack(work, 'souris-cliquer', 1)], '2025-06-01T10:00:00.000Z');
    const { store, feed: lessons } = feed(hub, { 'souris-bouger': 1, 'souris-cliquer': 1 });
    const first = await lessons.sync();
    expect(first.index).toBe('accepted');
    expect(first.installed.map((p) => `${p.id}@${p.version}`)).toEqual(['souris-bouger@2']);
    expect(store.current('souris-bouger')).toMatchObject({ version: 2 });
    const second = await lessons.sync();
    expect(second).toEqual({ index: 'unchanged', installed: [], refused: [], failed: [] });
    expect(hub.asked).toEqual(['index 200', 'pack souris-bouger@2', 'index 304']);
  });

  it('refuses an index signed by another key, or older than the last accepted, and installs nothing from it', async () => {
    const hub = new FakeHub();
    const { store, feed: lessons } = feed(hub);
    hub.publish([buildPack(work, 'souris-molette', 3)], '2025-06-01T10:00:00.000Z', generateKeyPairSync('ed25519').privateKey);
    expect(await lessons.sync()).toMatchObject({ index: 'refused', reason: 'signature', installed: [] });
    expect(store.list()).toEqual([]);

    hub.publish([buildPack(work, 'souris-molette', 3)], '2025-06-02T10:00:00.000Z');
    expect((await lessons.sync()).installed).toHaveLength(1);
    // A cache replays the index of 1 June, signed by the hub itself, offering version 2.
    hub.publish([buildPack(work, 'souris-molette', 2)], '2025-06-01T10:00:00.000Z');
    expect(await lessons.sync()).toMatchObject({ index: 'refused', reason: 'stale' });
    expect(store.current('souris-molette')).toMatchObject({ version: 3 });
  });

  it('refuses a pack that fails its checks, keeps the working one, and does not download it again', async () => {
    const hub = new FakeHub();
    const good = buildPack(work, 'souris-glisser', 2);
    hub.publish([good], '2025-06-01T10:00:00.000Z');
    const { store, feed: lessons } = feed(hub);
    await lessons.sync();
    // Version 3 announces itself as another lesson inside: the shell's check refuses it.
    const bad = buildPack(work, 'souris-glisser', 3, (dir) => {
      const file = path.join(dir, 'lesson.yaml');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^version: 3$/m, 'version: 9'));
    });
    hub.publish([bad], '2025-06-02T10:00:00.000Z');
    const outcome = await lessons.sync();
    expect(outcome.refused).toEqual([{ id: 'souris-glisser', version: 3, reason: 'check' }]);
    expect(store.current('souris-glisser')).toMatchObject({ version: 2, sha256: good.entry.sha256 });
    hub.indexText = hub.indexText + ' '; // the same index, another ETag: a full answer, same packs
    hub.asked = [];
    await lessons.sync();
    expect(hub.asked).toEqual(['index 200']);
  });

  it('retries a pack whose download failed at the next pass (the ETag is not kept meanwhile)', async () => {
    const hub = new FakeHub();
    hub.publish([buildPack(work, 'clavier-lettres', 2)], '2025-06-01T10:00:00.000Z');
    const { store, feed: lessons } = feed(hub);
    hub.failPacks = true;
    expect((await lessons.sync()).failed).toEqual([{ id: 'clavier-lettres', version: 2, reason: 'connection reset' }]);
    hub.failPacks = false;
    expect((await lessons.sync()).installed.map((p) => p.version)).toEqual([2]);
    expect(store.current('clavier-lettres')).toMatchObject({ version: 2 });
  });

  it('keeps a pack the app ships at the same or a higher version, and waits for a pinned key', async () => {
    const hub = new FakeHub();
    hub.publish([buildPack(work, 'souris-double-clic', 2)], '2025-06-01T10:00:00.000Z');
    const { feed: lessons } = feed(hub, { 'souris-double-clic': 2 });
    expect((await lessons.sync()).installed).toEqual([]);
    expect(hub.asked).toEqual(['index 200']);
    expect((await feed(hub, {}, null).feed.sync()).index).toBe('no-key');
  });

  it('shares one pass between callers that ask at the same time', async () => {
    const hub = new FakeHub();
    hub.publish([buildPack(work, 'clavier-prenom', 2)], '2025-06-01T10:00:00.000Z');
    const { feed: lessons } = feed(hub);
    const [a, b] = await Promise.all([lessons.sync(), lessons.sync()]);
    expect(a).toBe(b);
    expect(hub.asked.filter((x) => x.startsWith('pack'))).toHaveLength(1);
  });
});
