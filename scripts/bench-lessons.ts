/**
 * `npm run bench:lessons`: how fast a lesson moves from one step to the next, and how much JS heap it
 * holds, in Chromium with the CPU slowed 4× (CDP Emulation.setCPUThrottlingRate, roughly an old loaned
 * laptop) — against a bare React page doing the same kind of step change, in the same run.
 *
 * Step-change time is measured inside the page: from the input event (pointer, click or key, as the
 * browser stamps it) to the first animation frame after the next step is in the DOM (and, to tell
 * script from rendering, to the moment the DOM changed). The shell runs
 * for real (hub, shell services, web host, renderer build); the lessons are taken with real
 * Playwright input. The heap is read through CDP after a forced garbage collection.
 *
 * The machine is shared and its load varies, so figures from separate runs cannot be compared:
 * `--renderer DIR` (default dist/renderer) and `--before DIR` (an older build) are measured in the same
 * run, `--rounds N` times (default 3) with the bare page, the order rotating each round; the medians of
 * each round are printed as the spread, and every figure is also given as a ratio to the bare page.
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../tests/e2e/support/browser.ts';
import { completeLesson, showLesson } from '../tests/e2e/support/lessons.ts';
import { startStack } from '../tests/e2e/support/stack.ts';
import { startWebHost, type WebHost } from '../main/webhost/server.ts';

const THROTTLE = 4;
const BASELINE_STEPS = 60;
const LESSONS = ['souris-bouger', 'souris-cliquer', 'souris-double-clic', 'souris-glisser', 'clavier-espace-effacer', 'arnaque-faux-message'];
const repo = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '3' }, renderer: { type: 'string', default: path.join(repo, 'dist', 'renderer') }, before: { type: 'string' } },
});
const ROUNDS = Math.max(1, Number(values.rounds));
const builds = [...(values.before ? [{ name: 'before', dir: path.resolve(values.before) }] : []), { name: values.before ? 'after' : 'lesson player', dir: path.resolve(values.renderer) }];
for (const b of builds) if (!fs.existsSync(path.join(b.dir, 'index.html'))) throw new Error(`no renderer build in ${b.dir}: run npm run build:renderer`);

/** In-page probe: input time → next frame after `[data-step-index]` changes. */
const PROBE = `
  window.__stepTimes = [];
  window.__commitTimes = [];
  let lastInput = 0;
  for (const type of ['pointerdown', 'pointerup', 'pointerover', 'click', 'keydown', 'wheel', 'input']) {
    addEventListener(type, (e) => { lastInput = e.timeStamp; }, { capture: true });
  }
  let lastIndex = null;
  new MutationObserver(() => {
    const el = document.querySelector('[data-step-index]');
    const index = el ? el.getAttribute('data-step-index') + ':' + el.getAttribute('data-step-kind') : null;
    if (index === lastIndex) return;
    const had = lastIndex !== null && index !== null;
    lastIndex = index;
    if (!had || lastInput === 0) return;
    const from = lastInput;
    window.__commitTimes.push(performance.now() - from);
    requestAnimationFrame(() => window.__stepTimes.push(performance.now() - from));
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-step-index'] });
`;

const BARE_PAGE = `
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
const star = 'data:image/svg+xml,' + encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 72 72"><path fill="#fcea2b" stroke="#000" stroke-width="2" d="M36 6l9 20 22 2-17 15 5 22-19-11-19 11 5-22L5 28l22-2z"/></svg>');
function Bare() {
  const [step, setStep] = useState(0);
  return (
    <main data-step-index={step} data-step-kind="show" style={{ fontFamily: 'sans-serif', textAlign: 'center' }}>
      <h1>Step {step + 1}</h1>
      <img src={star} width={200} height={200} alt="" />
      <p><button id="next" style={{ fontSize: 30, padding: 30 }} onClick={() => setStep((s) => s + 1)}>Continue</button></p>
    </main>
  );
}
createRoot(document.getElementById('root')).render(<Bare />);
`;

async function bareBundle(): Promise<string> {
  const result = await build({
    stdin: { contents: BARE_PAGE, loader: 'tsx', resolveDir: repo },
    bundle: true,
    write: false,
    minify: true,
    jsx: 'automatic',
    format: 'iife',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

async function throttle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  return cdp;
}

async function heapMiB(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

async function probeTimes(page: Page, name: '__stepTimes' | '__commitTimes'): Promise<number[]> {
  return page.evaluate((key) => (window as unknown as Record<string, number[]>)[key]!, name);
}

function stats(times: number[]) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { n: sorted.length, median: at(0.5), p90: at(0.9), max: sorted.at(-1)! };
}

const format = (s: ReturnType<typeof stats>) => `median ${s.median.toFixed(1)} ms, p90 ${s.p90.toFixed(1)} ms, max ${s.max.toFixed(1)} ms (n=${s.n})`;

type Run = { times: number[]; commits: number[]; heapLoaded: number; heapAfter: number; kinds: string[] };

/** The bare React page: same probe, same throttling, same kind of click. */
async function runBare(browser: Browser, bundle: string): Promise<Run> {
  const bare = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await bare.setContent(`<!doctype html><html><body><div id="root"></div><script>${PROBE}</script><script>${bundle}</script></body></html>`);
  await throttle(bare);
  await bare.waitForSelector('#next');
  const heapLoaded = await heapMiB(bare);
  for (let i = 0; i < BASELINE_STEPS; i++) {
    await bare.click('#next');
    await bare.waitForSelector(`[data-step-index="${i + 1}"]`);
  }
  await bare.waitForTimeout(200);
  const run = { times: await probeTimes(bare, '__stepTimes'), commits: await probeTimes(bare, '__commitTimes'), heapLoaded, heapAfter: await heapMiB(bare), kinds: [] };
  await bare.close();
  return run;
}

/** The shell from one build: real lessons, real input. */
async function runShell(browser: Browser, host: WebHost): Promise<Run> {
  const shell = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await shell.addInitScript(PROBE);
  await throttle(shell);
  await shell.goto(host.url);
  await shell.getByTestId('tile-lessons').click();
  await shell.getByTestId('lesson-map').waitFor();
  const heapLoaded = await heapMiB(shell);
  const kinds: string[] = [];
  for (const id of LESSONS) {
    await (await showLesson(shell, id)).click();
    kinds.push(...(await completeLesson(shell)));
    await shell.getByTestId('lesson-map').click();
  }
  await shell.waitForTimeout(200);
  const run = { times: await probeTimes(shell, '__stepTimes'), commits: await probeTimes(shell, '__commitTimes'), heapLoaded, heapAfter: await heapMiB(shell), kinds };
  await shell.close();
  return run;
}

const stack = await startStack();
const hosts = await Promise.all(builds.map((b) => startWebHost({ shell: stack.shell, rendererDir: b.dir, lessonsDir: path.join(repo, 'lessons') })));
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  const bundle = await bareBundle();
  const variants = [{ name: 'bare React page', run: () => runBare(browser, bundle) }, ...builds.map((b, i) => ({ name: b.name, run: () => runShell(browser, hosts[i]!) }))];
  const runs = variants.map(() => [] as Run[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (let j = 0; j < variants.length; j++) {
      const k = (round + j) % variants.length;
      runs[k]!.push(await variants[k]!.run());
    }
  }
  const pooled = runs.map((rs) => stats(rs.flatMap((r) => r.times)));
  const b = pooled[0]!;
  console.log(`bench:lessons — Chromium ${browser.version()}, CPU throttled ${THROTTLE}×, viewport 1366×768, ${ROUNDS} interleaved rounds`);
  console.log(`builds: ${builds.map((x) => `${x.name} = ${path.relative(repo, x.dir) || x.dir}`).join(', ')}; lessons: ${LESSONS.join(', ')}`);
  variants.forEach((v, i) => {
    const s = pooled[i]!;
    const roundMedians = runs[i]!.map((r) => stats(r.times).median.toFixed(1)).join(' / ');
    console.log(`step change, ${v.name.padEnd(16)}: ${format(s)}; ${(s.median / b.median).toFixed(2)}× bare median, ${(s.p90 / b.p90).toFixed(2)}× bare p90; round medians ${roundMedians} ms`);
  });
  variants.forEach((v, i) => {
    const commits = stats(runs[i]!.flatMap((r) => r.commits));
    const heap = runs[i]!.at(-1)!;
    console.log(`${v.name.padEnd(16)}: input → DOM updated median ${commits.median.toFixed(1)} ms (the rest is style, layout, paint); JS heap ${heap.heapLoaded.toFixed(2)} MiB loaded, ${heap.heapAfter.toFixed(2)} MiB after ${heap.times.length} steps`);
  });
  console.log(`step kinds: ${[...new Set(runs.flat().flatMap((r) => r.kinds))].join(', ')}`);
  console.log('goals: lesson step change median ≤ 25 ms, p90 ≤ 50 ms at 4× throttle');
} finally {
  await browser.close();
  for (const host of hosts) await host.close();
  await stack.close();
}
