/**
 * kill -9 during a pack switch: a child process installs a new version of a lesson over a working
 * one and is killed with SIGKILL — at each stage of the install in turn, then at random moments of a
 * run of installs. After each kill, a fresh store (as the next start of the shell opens it) finds a
 * complete, checkable pack in use: the old one if the switch had not happened, the new one if it had,
 * never a half. Tidying then removes what the crash left, and the next install goes through.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkUnpackedPack } from '../../../main/lesson-feed/pack-check.ts';
import { PackStore, type InstallStage } from '../../../main/lesson-feed/pack-store.ts';
import { loadLessonPack } from '../../../main/services/lessons.ts';
import { buildPack, type BuiltPack } from './support/packs.ts';

const CHILD = path.join(import.meta.dirname, 'support/install-child.ts');
const work = mkdtempSync(path.join(tmpdir(), 'passerelle-pack-crash-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function archiveSpec(pack: BuiltPack): string {
  const file = path.join(work, `${pack.entry.id}-${pack.entry.version}-${pack.entry.sha256.slice(0, 8)}.tar.gz`);
  writeFileSync(file, pack.archive);
  const { id, version, sha256, size } = pack.entry;
  return `${file}:${id}:${version}:${sha256}:${size}`;
}

/** Runs the child; kills it when `killWhen` says so, given everything it printed. Returns the output. */
function runChild(root: string, specs: string[], env: Record<string, string>, killWhen: (output: string) => boolean, delayMs = 0): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, root, ...specs], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    let output = '';
    let errors = '';
    let killing = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!killing && killWhen(output)) {
        killing = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve(output) : reject(new Error(`the child ended by itself: ${errors || output}`))));
  });
}

/** What the next start sees: a complete pack at one of the expected versions. */
function inUseAfterRestart(root: string, id: string): number {
  const store = new PackStore(root);
  const pack = store.current(id);
  expect(pack).not.toBeNull();
  checkUnpackedPack(pack!.dir, { id, version: pack!.version });
  expect(loadLessonPack(pack!.dir).manifest.version).toBe(pack!.version);
  store.tidy();
  expect(readdirSync(path.join(root, id)).filter((f) => f.startsWith('.incoming') || f.endsWith('.tmp'))).toEqual([]);
  return pack!.version;
}

describe('a pack switch killed with SIGKILL', () => {
  const stages: InstallStage[] = ['verified', 'unpacked', 'checked', 'placed', 'previous-kept', 'switched'];

  it.each(stages)('leaves a complete pack in use when killed at "%s"', async (stage) => {
    const root = mkdtempSync(path.join(work, 'store-'));
    const old = buildPack(work, 'souris-bouger', 2);
    const next = buildPack(work, 'souris-bouger', 3);
    new PackStore(root).install(old.entry, old.archive, (dir) => checkUnpackedPack(dir, old.entry));
    const output = await runChild(root, [archiveSpec(next)], { PAUSE_AT: stage }, (out) => out.includes(`PAUSED ${stage}`));
    expect(output).toContain(`PAUSED ${stage}`);
    // Only the rename of `current` switches: before it the old pack is in use, from it the new one.
    expect(inUseAfterRestart(root, 'souris-bouger')).toBe(stage === 'switched' ? 3 : 2);
    // The next start installs the new version cleanly.
    const store = new PackStore(root);
    store.install(next.entry, next.archive, (dir) => checkUnpackedPack(dir, next.entry));
    expect(store.current('souris-bouger')).toMatchObject({ version: 3 });
  });

  it('leaves a complete pack in use when killed at random moments of a run of switches', async () => {
    const root = mkdtempSync(path.join(work, 'store-'));
    const versions = [2, 3, 4].map((v) => buildPack(work, 'souris-cliquer', v));
    new PackStore(root).install(versions[0]!.entry, versions[0]!.archive, (dir) => checkUnpackedPack(dir, versions[0]!.entry));
    const specs = versions.map(archiveSpec);
    const seen = new Set<number>();
    for (let round = 0; round < 6; round++) {
      // Kill once the child has started working, after a random 0-40 ms of installs.
      await runChild(root, specs, {}, (out) => out.includes('verified'), Math.floor(Math.random() * 40));
      seen.add(inUseAfterRestart(root, 'souris-cliquer'));
    }
    for (const version of seen) expect([2, 3, 4]).toContain(version);
  });
});
