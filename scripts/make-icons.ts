/**
 * Rasterises build/icons/passerelle.svg into the PNG sizes a Linux desktop asks for
 * (build/icons/<size>x<size>.png, read by electron-builder's `linux.icon: build/icons`).
 * Uses a local Chromium through playwright-core: CHROME_PATH, else /usr/bin/chromium.
 * Run: npx tsx scripts/make-icons.ts — then commit the PNGs with the SVG.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const iconsDir = path.join(root, 'build', 'icons');
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

async function main(): Promise<void> {
  const svg = readFileSync(path.join(iconsDir, 'passerelle.svg'), 'utf8');
  const executablePath = [process.env.CHROME_PATH, '/usr/bin/chromium'].find((p): p is string => !!p && existsSync(p));
  const browser = await chromium.launch({ ...(executablePath ? { executablePath } : {}), args: ['--no-sandbox', '--headless'] });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
    for (const size of ICON_SIZES) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent"><img src="${src}" width="${size}" height="${size}" style="display:block"></body></html>`);
      await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
      const file = path.join(iconsDir, `${size}x${size}.png`);
      await page.screenshot({ path: file, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
      console.log(path.relative(root, file));
    }
  } finally {
    await browser.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
