import fs from 'node:fs';
import path from 'node:path';
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

/**
 * Chromium on its own profile folder, as scripts/start.ts opens the web host (`--user-data-dir`), with
 * third-party cookies and storage allowed: the most a site framed under the shell can keep. Chromium's
 * default refuses them, but that is a setting anyone at the machine can change; a visit's wipe must not
 * rest on it. Close the context, then remove `dir`.
 */
export function thirdPartyStorageProfile(dir: string): void {
  fs.mkdirSync(path.join(dir, 'Default'), { recursive: true });
  // cookie_controls_mode 0: "Allow third-party cookies" in chrome://settings/cookies.
  fs.writeFileSync(path.join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
}
