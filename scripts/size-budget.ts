/**
 * The shell's size budget (issue 10): the JS a home screen's start fetches — the page's entry script
 * and every chunk it imports statically, the way the browser follows them — is at most 100 KB once
 * gzipped (level 9, as bench:shell counts it). Read from a renderer build's own files (index.html and
 * the chunks' import statements), so it measures any build, an old one included.
 *
 * `tsx scripts/size-budget.ts [dir]` (default dist/renderer) prints the figure and each file, and
 * exits 1 over budget; tests/build/renderer-size.test.ts builds the renderer and checks it in `npm test`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const INITIAL_JS_BUDGET = 100 * 1024;

export type ScriptSize = { file: string; bytes: number; gzip: number };

/** Chunks a script imports statically (`import … from "./x.js"`, `import "./x.js"`, `export … from`); `import("./x.js")` loads on demand and is not followed. */
export function staticImports(code: string): string[] {
  const found = new Set<string>();
  for (const match of code.matchAll(/\b(?:import|export)\s*(?:[^"'();]*?\bfrom\s*)?["']([^"']+\.js)["']/g)) found.add(match[1]!);
  return [...found];
}

/** The scripts the page starts with: its module scripts and modulepreloads, and what they import statically. */
export function initialScripts(dir: string): ScriptSize[] {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const queue = [
    ...[...html.matchAll(/<script\b[^>]*\btype="module"[^>]*\bsrc="([^"]+)"/g)].map((m) => m[1]!),
    ...[...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*\bhref="([^"]+)"/g)].map((m) => m[1]!),
  ].map((src) => path.resolve(dir, src));
  if (queue.length === 0) throw new Error(`${path.join(dir, 'index.html')} starts no module script: is it a renderer build?`);
  const seen = new Map<string, ScriptSize>();
  while (queue.length) {
    const file = queue.shift()!;
    if (seen.has(file)) continue;
    const code = fs.readFileSync(file);
    seen.set(file, { file: path.relative(dir, file), bytes: code.length, gzip: gzipSync(code, { level: 9 }).length });
    for (const spec of staticImports(code.toString('utf8'))) if (spec.startsWith('.')) queue.push(path.resolve(path.dirname(file), spec));
  }
  return [...seen.values()];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The figure and the files, one line each, biggest first. */
export function describeInitialJs(scripts: ScriptSize[]): string {
  const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
  const files = [...scripts].sort((a, b) => b.gzip - a.gzip).map((s) => `  ${kb(s.gzip).padStart(9)} gzip ${kb(s.bytes).padStart(9)}  ${s.file}`);
  return [`initial JS of the shell's home screen: ${kb(total)} gzip (budget ${kb(INITIAL_JS_BUDGET)})`, ...files].join('\n');
}

/** Null within budget, else what to say. */
export function overBudget(scripts: ScriptSize[]): string | null {
  const total = scripts.reduce((sum, s) => sum + s.gzip, 0);
  if (total <= INITIAL_JS_BUDGET) return null;
  return `${describeInitialJs(scripts)}\nover budget by ${kb(total - INITIAL_JS_BUDGET)}: load on demand what the home screen's first frame does not show (renderer/src/screens.ts).`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const dir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '..', 'dist', 'renderer'));
  const scripts = initialScripts(dir);
  const over = overBudget(scripts);
  console.log(over ?? describeInitialJs(scripts));
  process.exitCode = over ? 1 : 0;
}
