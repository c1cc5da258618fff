import fs from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * Chromium for the end-to-end tests: CHROME_PATH when given, else Debian's /usr/bin/chromium,
 * else Playwright's own browser if one is installed. The flags keep a headless run off the network.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p): p is string => !!p && fs.existsSync(p));
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--autoplay-policy=no-user-gesture-required',
    ],
  };
}
