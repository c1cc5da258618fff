/**
 * The shell's store of received lesson packs: a checked pack is switched in and the one before is
 * kept; a pack failing any check (size, sha256, archive, content) never replaces the working one and
 * leaves nothing behind; a lost `current` falls back to `previous`; tidying keeps what is in use.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkUnpackedPack } from '../../../main/lesson-feed/pack-check.ts';
import { PackRefused, PackStore } from '../../../main/lesson-feed/pack-store.ts';
import { loadLessonPack } from '../../../main/services/lessons.ts';
import { buildPack } from './support/packs.ts';
import { writeArchive } from '../../../lib/packs/archive.ts';
import { sha256Hex } from '../../../lib/packs/pack-index.ts';

const work = mkdtempSync(path.join(tmpdir(), 'passerelle-packs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const check = (entry: { id: string; version: number }) => (dir: string) => checkUnpackedPack(dir, entry);

function refusal(run: () => unknown): PackRefused {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PackRefused);
    return error as PackRefused;
  }
  throw new Error('expected a refusal');
}

describe('PackStore', () => {
  it('switches to a checked pack and keeps the one before', () => {
    const store = new PackStore(mkdtempSync(path.join(work, 'store-')));
    const v2 = buildPack(work, 'souris-bouger', 2);
    const v3 = buildPack(work, 'souris-bouger', 3);
    const first = store.install(v2.entry, v2.archive, check(v2.entry));
    expect(store.current('souris-bouger')).toEqual(first);
    expect(loadLessonPack(first.dir).manifest.version).toBe(2);
    const second = store.install(v3.entry, v3.archive, check(v3.entry));
    expect(store.current('souris-bouger')).toMatchObject({ version: 3, sha256: v3.entry.sha256 });
    // The folder the first version was read from is still there (a lesson in progress keeps it).
    expect(existsSync(path.join(first.dir, 'lesson.yaml'))).toBe(true);
    expect(store.held()).toEqual(new Map([['souris-bouger', { version: 3, sha256: v3.entry.sha256 }]]));
    expect(second.dir).not.toBe(first.dir);
  });

  it('refuses a pack whose size or sha256 differs from the index, before unpacking anything', () => {
    const store = new PackStore(mkdtempSync(path.join(work, 'store-')));
    const good = buildPack(work, 'souris-cliquer', 2);
    store.install(good.entry, good.archive, check(good.entry));
    const v3 = buildPack(work, 'souris-cliquer', 3);
    expect(refusal(() => store.install({ ...v3.entry, size: v3.entry.size + 1 }, v3.archive, check(v3.entry))).reason).toBe('size');
    const flipped = Buffer.from(v3.archive);
    flipped[100] = flipped[100]! ^ 1;
    expect(refusal(() => store.install(v3.entry, flipped, check(v3.entry))).reason).toBe('sha256');
    expect(store.current('souris-cliquer')).toMatchObject({ version: 2 });
    expect(readdirSync(path.join(store.root, 'souris-cliquer')).filter((f) => f.startsWith('.incoming'))).toEqual([]);
  });

  it('refuses an archive it cannot read and a pack that fails its check; the working pack stays and nothing is left behind', () => {
    const store = new PackStore(mkdtempSync(path.join(work, 'store-')));
    const good = buildPack(work, 'souris-glisser', 2);
    store.install(good.entry, good.archive, check(good.entry));
    const cases: Array<[string, Buffer, { id: string; version: number }, 'archive' | 'check', RegExp]> = [];
    const notGzip = Buffer.from('this is not a pack');
    cases.push(['not an archive', notGzip, { id: 'souris-glisser', version: 3 }, 'archive', /not a gzip archive/]);
    const wrongId = buildPack(work, 'souris-molette', 3);
    cases.push(['another lesson', wrongId.archive, { id: 'souris-glisser', version: 3 }, 'check', /the pack is lesson "souris-molette"/]);
    const wrongVersion = buildPack(work, 'souris-glisser', 4);
    cases.push(['another version', wrongVersion.archive, { id: 'souris-glisser', version: 3 }, 'check', /version 4, the index says 3/]);
    const missingPicture = buildPack(work, 'souris-glisser', 3, (dir) => rmSync(path.join(dir, 'pictures'), { recursive: true }));
    cases.push(['a picture missing', missingPicture.archive, { id: 'souris-glisser', version: 3 }, 'check', /is named but not in the pack/]);
    const badYaml = buildPack(work, 'souris-glisser', 3, (dir) => writeFileSync(path.join(dir, 'lesson.yaml'), 'id: souris-glisser\nversion: 3\nsteps: nope\n'));
    cases.push(['a broken manifest', badYaml.archive, { id: 'souris-glisser', version: 3 }, 'check', /does not match the schema/]);
    const noFrench = buildPack(work, 'souris-glisser', 3, (dir) => rmSync(path.join(dir, 'texts/fr.yaml')));
    cases.push(['no French', noFrench.archive, { id: 'souris-glisser', version: 3 }, 'check', /no French texts/]);
    for (const [what, archive, expected, reason, message] of cases) {
      const entry = { ...expected, sha256: sha256Hex(archive), size: archive.length };
      const error = refusal(() => store.install(entry, archive, check(expected)));
      expect(error.reason, what).toBe(reason);
      expect(error.message, what).toMatch(message);
      expect(store.current('souris-glisser'), what).toMatchObject({ version: 2, sha256: good.entry.sha256 });
      expect(loadLessonPack(store.current('souris-glisser')!.dir).manifest.version, what).toBe(2);
    }
    expect(readdirSync(path.join(store.root, 'souris-glisser')).sort()).toEqual(['current', expect.stringMatching(/^v2-[0-9a-f]{12}$/)]);
  });

  it('falls back to the previous pack when current names a folder that is gone', () => {
    const store = new PackStore(mkdtempSync(path.join(work, 'store-')));
    const v2 = buildPack(work, 'souris-double-clic', 2);
    const v3 = buildPack(work, 'souris-double-clic', 3);
    store.install(v2.entry, v2.archive, check(v2.entry));
    const latest = store.install(v3.entry, v3.archive, check(v3.entry));
    rmSync(latest.dir, { recursive: true });
    expect(store.current('souris-double-clic')).toMatchObject({ version: 2 });
    writeFileSync(path.join(store.root, 'souris-double-clic', 'current'), '{"half": ');
    expect(store.current('souris-double-clic')).toMatchObject({ version: 2 });
  });

  it('tidies unfinished unpacks and old folders, but keeps current, previous and a folder in use', () => {
    const store = new PackStore(mkdtempSync(path.join(work, 'store-')));
    const packs = [2, 3, 4].map((v) => buildPack(work, 'souris-molette', v));
    const installed = packs.map((p) => store.install(p.entry, p.archive, check(p.entry)));
    const packDir = path.join(store.root, 'souris-molette');
    mkdtempSync(path.join(packDir, '.incoming-'));
    writeFileSync(path.join(packDir, 'current.tmp'), '{');
    store.tidy(new Set([installed[0]!.dir]));
    expect(readdirSync(packDir).sort()).toEqual(['current', 'previous', ...installed.map((i) => path.basename(i.dir))].sort());
    store.tidy();
    expect(existsSync(installed[0]!.dir)).toBe(false);
    expect(existsSync(installed[1]!.dir)).toBe(true);
    expect(store.current('souris-molette')).toMatchObject({ version: 4 });
  });

  it('takes the same archive twice without harm, and refuses ids that are not pack ids', () => {
    const store = new PackStore(mkdtempSync(path.join(work, 'store-')));
    const v2 = buildPack(work, 'clavier-lettres', 2);
    const a = store.install(v2.entry, v2.archive, check(v2.entry));
    const b = store.install(v2.entry, v2.archive, check(v2.entry));
    expect(b).toEqual(a);
    expect(() => store.current('../etc')).toThrow(/not a pack id/);
    const archive = writeArchive([{ path: 'lesson.yaml', data: Buffer.from('x') }]);
    expect(() => store.install({ id: 'Bad/Id', version: 1, sha256: sha256Hex(archive), size: archive.length }, archive, () => {})).toThrow(/not a pack id/);
  });
});
