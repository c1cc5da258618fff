/**
 * The shell's first script (issue 10): a renderer build of the current sources, and what its home
 * screen's start fetches — at most 100 KB of JS once gzipped (scripts/size-budget.ts, printed with the
 * figure), and only French strings the first frame carries (renderer/first-frame-strings.ts); and no
 * zod anywhere in the renderer (the zod-free halves: app/help/predicates.ts, app/tiles/kinds.ts and
 * site-hosts.ts, app/protocol/webzine-limits.ts, app/visitors/card-pictures.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build, type Plugin } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_FRAME_KEYS, FRENCH_STRINGS, pickStrings } from '../../renderer/first-frame-strings.ts';
import { describeInitialJs, initialScripts, overBudget, staticImports, type ScriptSize } from '../../scripts/size-budget.ts';

const root = path.resolve(import.meta.dirname, '../..');
let outDir: string;
let initial: ScriptSize[];
/** The source modules of each chunk, as the bundler wrote them. */
const modulesOf = new Map<string, string[]>();

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'renderer-size-'));
  const recorder: Plugin = {
    name: 'record-chunk-modules',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') modulesOf.set(chunk.fileName, Object.keys(chunk.modules));
    },
  };
  // A production build, as `npm run build:renderer` makes it (vitest sets NODE_ENV=test, which Vite would follow).
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), mode: 'production', logLevel: 'silent', plugins: [recorder], build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  initial = initialScripts(outDir);
}, 120_000);
afterAll(() => fs.rmSync(outDir, { recursive: true, force: true }));

/** The source files in the first script (the renderer's own, not libraries). */
const firstScriptSources = () =>
  initial
    .flatMap((s) => modulesOf.get(s.file) ?? [])
    .filter((id) => !id.includes('node_modules') && /\.(ts|tsx)$/.test(id))
    .map((id) => path.resolve(id));

describe('the shell’s first script', () => {
  it('is at most 100 KB of JS, gzipped', () => {
    console.log(describeInitialJs(initial));
    expect(initial.length).toBeGreaterThan(1);
    expect(overBudget(initial) ?? 'within budget').toBe('within budget');
  });

  it('carries no zod, nor does any screen loaded later (main validates; the renderer trusts the typed bridge)', () => {
    expect(modulesOf.size).toBeGreaterThan(10);
    const zod = [...modulesOf].flatMap(([file, ids]) => ids.filter((id) => id.includes('node_modules/zod/')).map((id) => `${file}: ${path.relative(root, id)}`));
    expect(zod).toEqual([]);
  });

  it('has every French string its screens use among the first frame’s strings', () => {
    const sources = firstScriptSources();
    expect(sources.some((f) => f.endsWith(path.join('home', 'Home.tsx')))).toBe(true);
    const covered = (key: string) => FIRST_FRAME_KEYS.some((k) => key === k || key.startsWith(`${k}.`));
    const missing: string[] = [];
    for (const file of sources) {
      const code = fs.readFileSync(file, 'utf8');
      // t('home.say'), i18next.t('error.title'), and t(`tiles.kind.${kind}`) (its fixed start).
      for (const m of code.matchAll(/\bt\(\s*(['"])([\w.]+)\1/g)) if (!covered(m[2]!)) missing.push(`${path.relative(root, file)}: ${m[2]}`);
      for (const m of code.matchAll(/\bt\(\s*`([\w.]+)\$\{/g)) if (!covered(m[1]!)) missing.push(`${path.relative(root, file)}: ${m[1]}…`);
    }
    expect(missing).toEqual([]);
  });
});

describe('size-budget.ts and first-frame-strings.ts', () => {
  it('follows static imports only: a chunk loaded on demand is not initial', () => {
    const code = 'import{a as b}from"./jsx-runtime-1.js";import"./side.js";export{c}from"./re.js";const l=()=>import("./Lazy-2.js");';
    expect(staticImports(code)).toEqual(['./jsx-runtime-1.js', './side.js', './re.js']);
  });

  it('fails over budget, naming the figure and the files', () => {
    const over = overBudget([
      { file: 'assets/index.js', bytes: 300_000, gzip: 90 * 1024 },
      { file: 'assets/schemas.js', bytes: 95_000, gzip: 26 * 1024 },
    ]);
    expect(over).toMatch(/116\.0 KB gzip \(budget 100\.0 KB\)/);
    expect(over).toMatch(/schemas\.js/);
    expect(over).toMatch(/over budget by 16\.0 KB/);
  });

  it('picks sections and single strings of fr.json, and refuses a key that is not there', () => {
    const fr = JSON.parse(fs.readFileSync(FRENCH_STRINGS, 'utf8'));
    const picked = pickStrings(fr, FIRST_FRAME_KEYS) as Record<string, Record<string, unknown>>;
    expect(picked.home).toEqual(fr.home);
    expect(picked.lessons).toEqual({ say: fr.lessons.say });
    expect(() => pickStrings(fr, ['home.nothing'])).toThrow(/home\.nothing: not in/);
  });
});
