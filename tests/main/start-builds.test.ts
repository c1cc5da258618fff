/** `npm start` builds only what changed: a build runs when its inputs changed, and is skipped otherwise. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStale, fingerprint, type BuildStep } from '../../scripts/start/builds.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-builds-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('npm start builds', () => {
  it('builds once, skips while nothing changed, builds again after a source changes', async () => {
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'a.ts'), 'one');
    const counter = path.join(dir, 'count');
    // The "build" appends a line to a file and writes its output folder, like vite does.
    const step: BuildStep = {
      name: 'test',
      inputs: ['src'],
      output: 'out',
      command: [process.execPath, '-e', `require('fs').appendFileSync(${JSON.stringify(counter)}, 'x'); require('fs').mkdirSync('out', { recursive: true })`],
    };
    const count = () => fs.readFileSync(counter, 'utf8').length;
    expect(await buildStale([step], dir, () => undefined)).toEqual(['test']);
    expect(await buildStale([step], dir, () => undefined)).toEqual([]);
    expect(count()).toBe(1);
    const before = fingerprint([path.join(dir, 'src')]);
    fs.writeFileSync(path.join(dir, 'src', 'b.ts'), 'two');
    expect(fingerprint([path.join(dir, 'src')])).not.toBe(before);
    expect(await buildStale([step], dir, () => undefined)).toEqual(['test']);
    expect(count()).toBe(2);
  });

  it('prints a failed build’s output and stops', async () => {
    const step: BuildStep = { name: 'broken', inputs: [], output: 'never', command: [process.execPath, '-e', 'process.exit(3)'] };
    await expect(buildStale([step], dir, () => undefined)).rejects.toThrow('the broken build failed (exit code 3)');
  });
});
