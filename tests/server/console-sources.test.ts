/**
 * One home per idea in the hub's and console's sources (issue 9): checked on the files themselves so
 * that a second HTTP client or a re-written help-state test does not creep back in.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (/\.tsx?$/.test(name)) out.push(p);
  }
  return out;
}
const rel = (p: string) => relative(ROOT, p);

it('the console has one HTTP client: only server/console/src/api.ts calls fetch', () => {
  const callers = sources(join(ROOT, 'server/console/src')).filter((f) => /\bfetch\(/.test(readFileSync(f, 'utf8')));
  expect(callers.map(rel)).toEqual(['server/console/src/api.ts']);
});

it('help states are tested through app/help/states.ts predicates, not re-written as pairs of comparisons', () => {
  // "is it one of these two help states" and "is it neither of these two", on any variable.
  const HELP_STATES = new Set(['new', 'seen', 'claimed', 'calling_back', 'resolved', 'cancelled']);
  const pairs = [/state\s*===\s*'([a-z_]+)'\s*\|\|\s*[\w.?]*state\s*===\s*'([a-z_]+)'/g, /state\s*!==\s*'([a-z_]+)'\s*&&\s*[\w.?]*state\s*!==\s*'([a-z_]+)'/g];
  const comparesHelpStates = (text: string) => pairs.some((pair) => [...text.matchAll(pair)].some((m) => HELP_STATES.has(m[1]!) && HELP_STATES.has(m[2]!)));
  const offenders = ['server', 'app', 'renderer/src', 'main']
    .flatMap((dir) => sources(join(ROOT, dir)))
    // The home of the help-state predicates (zod-free, for the shell; states.ts re-exports them).
    .filter((f) => rel(f) !== 'app/help/predicates.ts')
    .filter((f) => comparesHelpStates(readFileSync(f, 'utf8')));
  expect(offenders.map(rel)).toEqual([]);
});

it('console strings are typed from the French file: no key is cast to ConsoleKey', () => {
  const casts = sources(join(ROOT, 'server/console/src')).filter((f) => /as ConsoleKey\b/.test(readFileSync(f, 'utf8')));
  expect(casts.map(rel)).toEqual([]);
});
