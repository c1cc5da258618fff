/**
 * `npm start` builds only what changed since its last build, and quietly: a build's output is shown
 * only when it fails. Each build has a fingerprint of its inputs (every file's path, size and
 * modification time); a build whose fingerprint matches the one stored beside its output is skipped.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export type BuildStep = { name: string; inputs: string[]; output: string; command: string[] };

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git']);

function walk(entry: string, into: string[]): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(entry);
  } catch {
    return;
  }
  if (stat.isFile()) {
    into.push(`${entry}\0${stat.size}\0${stat.mtimeMs}`);
    return;
  }
  if (!stat.isDirectory()) return;
  for (const name of fs.readdirSync(entry).sort()) if (!SKIPPED_DIRS.has(name)) walk(path.join(entry, name), into);
}

/** The fingerprint of a build's inputs: changes when any input file is added, removed or touched. */
export function fingerprint(inputs: readonly string[]): string {
  const lines: string[] = [];
  for (const input of inputs) walk(input, lines);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

const stampOf = (step: BuildStep, cwd: string) => path.resolve(cwd, step.output, '.passerelle-build');
const inputsOf = (step: BuildStep, cwd: string) => step.inputs.map((input) => path.resolve(cwd, input));

export function isFresh(step: BuildStep, cwd: string): boolean {
  try {
    return fs.readFileSync(stampOf(step, cwd), 'utf8') === fingerprint(inputsOf(step, cwd));
  } catch {
    return false;
  }
}

/** Run one build with its output captured; on failure the output is printed and the promise rejects. */
function run(step: BuildStep, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = step.command;
    const child = spawn(command!, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolve();
      process.stderr.write(Buffer.concat(output));
      reject(new Error(`the ${step.name} build failed (exit code ${code})`));
    });
  });
}

/** Build every stale step, one after the other (two cores); returns the names of those built. */
export async function buildStale(steps: readonly BuildStep[], cwd: string, onStart: (step: BuildStep) => void): Promise<string[]> {
  const built: string[] = [];
  for (const step of steps) {
    if (isFresh(step, cwd)) continue;
    // Fingerprinted before the build: a file touched while building makes the next start build again.
    const print = fingerprint(inputsOf(step, cwd));
    onStart(step);
    await run(step, cwd);
    fs.mkdirSync(path.resolve(cwd, step.output), { recursive: true });
    fs.writeFileSync(stampOf(step, cwd), print);
    built.push(step.name);
  }
  return built;
}
