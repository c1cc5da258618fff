import react from '@vitejs/plugin-react';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { firstFrameStrings } from './first-frame-strings.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

// base './' so the same build loads from app://shell/ (Electron) and http://127.0.0.1 (web host).
export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), firstFrameStrings()],
  build: {
    // Chromium (Electron's and the web host's) supports modulepreload: the polyfill would only add to the first script.
    modulePreload: { polyfill: false },
    outDir: path.resolve(here, '../dist/renderer'),
    emptyOutDir: true,
    // Keep every asset a file: the CSP forbids nothing we need, and data: URLs bloat the bundle.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
});
