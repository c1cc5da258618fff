import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/{app,lib,main,server,renderer,lessons,build,scripts}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    pool: 'forks',
  },
});
