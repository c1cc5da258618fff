/**
 * Bundles the Electron main process and the preload (`npm run build:electron`):
 * - dist/electron/main.cjs: Node (Electron's), CommonJS; electron, the native better-sqlite3 and
 *   electron-updater (which loads electron lazily) stay external and come from node_modules;
 * - dist/electron/preload.cjs: ONE CommonJS file, as a sandboxed preload cannot require modules.
 * The preload must stay tiny: the build fails if zod or another package slips into it.
 */
import { build, type Metafile } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'electron');
/** Electron 45 runs Node 22 and Chromium 142. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

function packagesIn(metafile: Metafile): string[] {
  return Object.keys(metafile.inputs).filter((input) => input.includes('node_modules/'));
}

export async function buildElectron(): Promise<void> {
  await build({
    entryPoints: [path.join(root, 'main/electron/main.ts')],
    outfile: path.join(outDir, 'main.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_TARGET,
    external: ['electron', 'better-sqlite3', 'electron-updater'],
    sourcemap: true,
    logLevel: 'warning',
  });

  const preload = await build({
    entryPoints: [path.join(root, 'main/electron/preload.ts')],
    outfile: path.join(outDir, 'preload.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: CHROME_TARGET,
    external: ['electron'],
    metafile: true,
    sourcemap: false,
    logLevel: 'warning',
  });
  const leaked = packagesIn(preload.metafile);
  if (leaked.length > 0) throw new Error(`the preload bundles packages it must not need: ${leaked.join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildElectron().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
