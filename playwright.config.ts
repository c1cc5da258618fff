import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './tests/e2e/support/browser.ts';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  outputDir: 'test-results/playwright',
  // Spec files run two at a time (each file's tests in order, on its own hub and shell with ports
  // chosen at run time): the whole suite fits CI's time on two cores. PASSERELLE_E2E_WORKERS=1 runs
  // one browser at a time, to look at a flaky timing alone.
  workers: Number(process.env.PASSERELLE_E2E_WORKERS) || 2,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    launchOptions: chromiumLaunchOptions(),
    // The most common screen of the reconditioned laptops the association lends.
    viewport: { width: 1366, height: 768 },
    locale: 'fr-FR',
  },
});
