/**
 * `npm run bench:shell`: how fast the shell's home screen comes up on an old loaned PC, against a bare
 * Vite + React page built and served the same way, in the same run. Chromium with the CPU slowed 4×
 * (CDP Emulation.setCPUThrottlingRate), a fresh browser context (empty cache) for every load, the two
 * pages alternating, medians of `--runs` (default 7) loads each.
 *
 * Printed for each: first contentful paint, load event, the home screen on screen (its Lessons tile
 * in the DOM; for the bare page its button), the JS fetched before the load event (bytes over the wire,
 * and gzip of the same files; scripts/size-budget.ts counts the same from a build's files), JS heap
 * after a forced garbage collection. The shell runs for real: hub, shell services, web host, the renderer build (`--renderer DIR`, default dist/renderer). `--before DIR` adds an older
 * build to the same run, its loads interleaved with the others (the machine is shared and its load
 * varies: figures of separate runs cannot be compared), and prints both against the bare page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { chromium, type Browser } from 'playwright-core';
import { build } from 'vite';
import { createShell } from '../main/shell.ts';
import { startWebHost } from '../main/webhost/server.ts';
import { startHub } from '../server/hub.ts';
import { chromiumLaunchOptions } from '../tests/e2e/support/browser.ts';

const THROTTLE = 4;
const repo = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, renderer: { type: 'string', default: path.join(repo, 'dist', 'renderer') }, before: { type: 'string' } } });
const RUNS = Math.max(1, Number(values.runs));
const rendererDir = path.resolve(values.renderer);
const beforeDir = values.before ? path.resolve(values.before) : null;
const lessonsDir = path.join(repo, 'lessons');

/** The baseline: a bare Vite + React page (a heading, a picture, a button), built by Vite like the shell. */
async function buildBarePage(): Promise<string> {
  const root = path.join(repo, 'node_modules', '.cache', 'bench-shell-bare');
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><html lang="fr"><head><meta charset="UTF-8"><title>bare</title></head><body><div id="root"></div><script type="module" src="./main.jsx"></script></body></html>');
  fs.writeFileSync(
    path.join(root, 'main.jsx'),
    `import { useState } from 'react';
import { createRoot } from 'react-dom/client';
function Bare() {
  const [n, setN] = useState(0);
  return (
    <main style={{ fontFamily: 'sans-serif', textAlign: 'center' }}>
      <h1>Bonjour</h1>
      <img src="./star.svg" width="200" height="200" alt="" />
      <p><button data-testid="ready" style={{ fontSize: 30, padding: 30 }} onClick={() => setN(n + 1)}>Continuer {n}</button></p>
    </main>
  );
}
createRoot(document.getElementById('root')).render(<Bare />);
`,
  );
  fs.copyFileSync(path.join(repo, 'node_modules', 'openmoji', 'color', 'svg', '2B50.svg'), path.join(root, 'star.svg'));
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-shell-bare-'));
  await build({ root, base: './', plugins: [react()], logLevel: 'silent', build: { outDir, emptyOutDir: true, assetsInlineLimit: 0 } });
  fs.copyFileSync(path.join(root, 'star.svg'), path.join(outDir, 'star.svg'));
  return outDir;
}

type Load = { fcp: number; load: number; shown: number; jsBytes: number; jsGzip: number; heapMiB: number };

/** Marks when `selector` first appears, on the page's own clock. */
const SHOWN_PROBE = (selector: string) => `
  window.__shownAt = null;
  new MutationObserver((_, observer) => {
    if (document.querySelector(${JSON.stringify(selector)})) { window.__shownAt = performance.now(); observer.disconnect(); }
  }).observe(document, { subtree: true, childList: true });
`;

const gzipCache = new Map<string, number>();
async function gzipSize(url: string): Promise<number> {
  if (!gzipCache.has(url)) gzipCache.set(url, gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer()), { level: 9 }).length);
  return gzipCache.get(url)!;
}

async function measure(browser: Browser, url: string, selector: string): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.addInitScript(SHOWN_PROBE(selector));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector(selector);
  await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint').length > 0);
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const shown = (window as unknown as { __shownAt: number }).__shownAt;
    // The initial JS: scripts asked for before the load event (the other screens are fetched after it,
    // when the browser is idle; on a busy machine that can be before the bridge's tiles are on screen).
    const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
      (r) => new URL(r.name).pathname.endsWith('.js') && r.startTime <= nav.loadEventStart,
    );
    return {
      fcp: performance.getEntriesByName('first-contentful-paint')[0]!.startTime,
      load: nav.loadEventEnd,
      shown,
      scripts: scripts.map((r) => ({ url: r.name, bytes: r.transferSize })),
    };
  });
  await cdp.send('HeapProfiler.collectGarbage');
  const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  let jsGzip = 0;
  for (const script of timing.scripts) jsGzip += await gzipSize(script.url);
  await context.close();
  return { fcp: timing.fcp, load: timing.load, shown: timing.shown, jsBytes: timing.scripts.reduce((a, s) => a + s.bytes, 0), jsGzip, heapMiB: usedSize / 1024 / 1024 };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
type Summary = Record<keyof Load, number>;
const spread = (values: number[]) => `${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)} ms`;
const summary = (loads: Load[]): Summary => ({
  fcp: median(loads.map((l) => l.fcp)),
  load: median(loads.map((l) => l.load)),
  shown: median(loads.map((l) => l.shown)),
  jsBytes: median(loads.map((l) => l.jsBytes)),
  jsGzip: median(loads.map((l) => l.jsGzip)),
  heapMiB: median(loads.map((l) => l.heapMiB)),
});

for (const d of [rendererDir, ...(beforeDir ? [beforeDir] : [])]) if (!fs.existsSync(path.join(d, 'index.html'))) throw new Error(`no renderer build in ${d}: run npm run build:renderer`);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-shell-'));
const hub = await startHub({ port: 0, dataDir: path.join(dir, 'hub') });
const shell = await createShell({ dataDir: path.join(dir, 'shell'), hubUrl: hub.url, lessonsDir, appVersion: '0.0.0-bench' });
await shell.enrol(hub.seed.demoMachine.enrolmentCode!.code);
await shell.handlers.setUsageConsent({ granted: false }); // straight to the home screen
const bareDir = await buildBarePage();
// Every page through the same web host code: same headers, same file serving, no compression.
const pages = [
  { name: 'bare page', host: await startWebHost({ shell, rendererDir: bareDir, lessonsDir }), selector: '[data-testid="ready"]', loads: [] as Load[] },
  ...(beforeDir ? [{ name: 'before', host: await startWebHost({ shell, rendererDir: beforeDir, lessonsDir }), selector: '[data-testid="tile-lessons"]', loads: [] as Load[] }] : []),
  { name: beforeDir ? 'after' : 'shell home', host: await startWebHost({ shell, rendererDir, lessonsDir }), selector: '[data-testid="tile-lessons"]', loads: [] as Load[] },
];
const browser = await chromium.launch(chromiumLaunchOptions());
try {
  // One warm-up of each (Chromium's own start-up costs), then measured loads, the order rotating.
  for (const page of pages) await measure(browser, page.host.url, page.selector);
  for (let i = 0; i < RUNS; i++) {
    for (let j = 0; j < pages.length; j++) {
      const page = pages[(i + j) % pages.length]!;
      page.loads.push(await measure(browser, page.host.url, page.selector));
    }
  }
  const [bare, ...shells] = pages.map((p) => ({ name: p.name, s: summary(p.loads), spread: spread(p.loads.map((l) => l.fcp)) }));
  const b = bare!.s;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const cells = (key: keyof Summary, unit: (v: number) => string) =>
    shells.map((x) => `${unit(x.s[key]).padStart(10)} ${`${(x.s[key] / b[key]).toFixed(2)}×`.padStart(7)}`).join(' ');
  const row = (name: string, key: keyof Summary, unit: (v: number) => string) => `${name.padEnd(26)} ${unit(b[key]).padStart(10)} ${cells(key, unit)}`;
  console.log(`bench:shell — Chromium ${browser.version()}, CPU throttled ${THROTTLE}×, 1366×768, medians of ${RUNS} interleaved cold loads`);
  console.log(`renderer: ${path.relative(repo, rendererDir) || rendererDir}${beforeDir ? `, before: ${path.relative(repo, beforeDir) || beforeDir}` : ''}`);
  console.log(`${''.padEnd(26)} ${'bare page'.padStart(10)} ${shells.map((x) => `${x.name.padStart(10)} ${'ratio'.padStart(7)}`).join(' ')}`);
  console.log(row('first contentful paint', 'fcp', ms));
  console.log(row('load event', 'load', ms));
  console.log(row('home on screen', 'shown', ms));
  console.log(row('initial JS transferred', 'jsBytes', kb));
  console.log(row('initial JS, gzip', 'jsGzip', kb));
  console.log(row('JS heap after load', 'heapMiB', (v) => `${v.toFixed(2)} MiB`));
  console.log(`spread of FCP (min–max): ${[bare!, ...shells].map((x) => `${x.name} ${x.spread}`).join('; ')}`);
  console.log(`goals: FCP and load within 1.3× of the bare page; initial JS ≤ 100 KB gzip (now ${kb(shells.at(-1)!.s.jsGzip)})`);
} finally {
  await browser.close();
  for (const page of pages) await page.host.close();
  await shell.close();
  await hub.close();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(bareDir, { recursive: true, force: true });
}
