import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

/** The accompagnants' console, served by the hub at /console/. */
export default defineConfig({
  root: here,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: `${repo}dist/console`,
    emptyOutDir: true,
    sourcemap: false,
  },
  server: {
    // `npx vite --config server/console/vite.config.ts` against a hub on 8600.
    proxy: {
      '/api': { target: 'http://127.0.0.1:8600', ws: true },
      '/livez': 'http://127.0.0.1:8600',
    },
  },
});
