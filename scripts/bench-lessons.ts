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
 */
import { build } from 'esbuild';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { chromiumLaunchOptions } from '../tests/e2e/support/browser.ts';
import { completeLesson, showLesson } from '../tests/e2e/support/lessons.ts';
import { startStack } from '../tests/e2e/support/stack.ts';

const THROTTLE = 4;
const BASELINE_STEPS = 60;
const LESSONS = ['souris-bouger', 'souris-cliquer', 'souris-double-clic', 'souris-glisser', 'clavier-espace-effacer', 'arnaque-faux-message'];
const repo = path.resolve(import.meta.dirname, '..');

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

const stack = await startStack();
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  // Baseline: a bare React page, same probe, same throttling, same kind of click.
  const bare = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await bare.setContent(`<!doctype html><html><body><div id="root"></div><script>${PROBE}</script><script>${await bareBundle()}</script></body></html>`);
  await throttle(bare);
  await bare.waitForSelector('#next');
  const bareHeapLoaded = await heapMiB(bare);
  for (let i = 0; i < BASELINE_STEPS; i++) {
    await bare.click('#next');
    await bare.waitForSelector(`[data-step-index="${i + 1}"]`);
  }
  await bare.waitForTimeout(200);
  const bareTimes = await probeTimes(bare, '__stepTimes');
  const bareCommits = await probeTimes(bare, '__commitTimes');
  const bareHeapAfter = await heapMiB(bare);

  // The shell: real lessons, real input.
  const shell = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await shell.addInitScript(PROBE);
  await throttle(shell);
  await shell.goto(stack.webHost.url);
  await shell.getByTestId('tile-lessons').click();
  await shell.getByTestId('lesson-map').waitFor();
  const shellHeapLoaded = await heapMiB(shell);
  const kinds: string[] = [];
  for (const id of LESSONS) {
    await (await showLesson(shell, id)).click();
    kinds.push(...(await completeLesson(shell)));
    await shell.getByTestId('lesson-map').click();
  }
  await shell.waitForTimeout(200);
  const shellTimes = await probeTimes(shell, '__stepTimes');
  const shellCommits = await probeTimes(shell, '__commitTimes');
  const shellHeapAfter = await heapMiB(shell);

  const b = stats(bareTimes);
  const s = stats(shellTimes);
  console.log(`bench:lessons — Chromium ${browser.version()}, CPU throttled ${THROTTLE}×, viewport 1366×768`);
  console.log(`step change, bare React page  : ${format(b)}`);
  console.log(`step change, lesson player    : ${format(s)} over ${LESSONS.length} lessons (${[...new Set(kinds)].join(', ')})`);
  console.log(`step change, ratio (median)   : ${(s.median / b.median).toFixed(2)}× the bare page`);
  console.log(`of which input → DOM updated  : bare median ${stats(bareCommits).median.toFixed(1)} ms, lesson player median ${stats(shellCommits).median.toFixed(1)} ms (the rest is style, layout, paint)`);
  console.log(`JS heap, bare React page      : ${bareHeapLoaded.toFixed(2)} MiB loaded, ${bareHeapAfter.toFixed(2)} MiB after ${BASELINE_STEPS} steps`);
  console.log(`JS heap, shell                : ${shellHeapLoaded.toFixed(2)} MiB on the map, ${shellHeapAfter.toFixed(2)} MiB after ${shellTimes.length} steps`);
} finally {
  await browser.close();
  await stack.close();
}
