/**
 * Where the shell's files are. The bundle is `<root>/dist/electron/main.cjs` both in the repository
 * and in app.asar, so the app root is two folders up from it; the renderer build is in the root.
 * Lessons are in the repository's `lessons/`, or, packaged, an extra resource beside app.asar.
 */
import path from 'node:path';

export type AppLocations = { appRoot: string; rendererDir: string; lessonsDir: string; preloadPath: string };

export function appLocations(options: { isPackaged: boolean; bundleDir: string; resourcesPath: string }): AppLocations {
  const appRoot = path.resolve(options.bundleDir, '..', '..');
  return {
    appRoot,
    rendererDir: path.join(appRoot, 'dist', 'renderer'),
    lessonsDir: options.isPackaged ? path.join(options.resourcesPath, 'lessons') : path.join(appRoot, 'lessons'),
    preloadPath: path.join(options.bundleDir, 'preload.cjs'),
  };
}
