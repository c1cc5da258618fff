/**
 * Child process for the kill -9 test of the pack switch: installs the packs named on the command line
 * one after the other into a PackStore, printing each install stage as it is reached. With a stage
 * named in PAUSE_AT it stops there (prints "PAUSED <stage>" and waits) so that the parent kills it at
 * exactly that point; without one it runs through and the parent kills it at a random moment.
 *   argv: <root> <archive-file>:<id>:<version>:<sha256>:<size> ...
 */
import { readFileSync } from 'node:fs';
import { checkUnpackedPack } from '../../../../main/lesson-feed/pack-check.ts';
import { PackStore } from '../../../../main/lesson-feed/pack-store.ts';

const [root, ...packs] = process.argv.slice(2) as [string, ...string[]];
const pauseAt = process.env.PAUSE_AT;
const store = new PackStore(root);
process.stdout.write('READY\n');
for (;;) {
  for (const spec of packs) {
    const [file, id, version, sha256, size] = spec.split(':') as [string, string, string, string, string];
    const entry = { id, version: Number(version), sha256, size: Number(size) };
    store.install(entry, readFileSync(file), (dir) => checkUnpackedPack(dir, entry), (stage) => {
      process.stdout.write(`${stage} ${version}\n`);
      if (stage === pauseAt) {
        process.stdout.write(`PAUSED ${stage}\n`);
        // Blocks this thread for good: the parent's SIGKILL is the only way out.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
      }
    });
  }
  if (pauseAt) break;
}
