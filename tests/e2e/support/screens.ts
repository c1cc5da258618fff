/**
 * The checks every shell screen gets in the end-to-end tests: a screenshot to look at, axe-core
 * with no violations, every clickable target at least 64 × 64 CSS px (the Help button 96 × 96),
 * no file input (it would open the desktop's file chooser), and nothing below the fold of the
 * 1366 × 768 screen — a person who cannot scroll yet must see it all.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Locator, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export const screenshotsDir = path.join('test-results', 'screens');

export type ScreenCheckOptions = {
  /** Let transitions (target growth, animations) settle before measuring. */
  settleMs?: number;
  /** Require the page to fit the viewport without scrolling (default true). */
  fits?: boolean;
};

export async function checkShellScreen(page: Page, name: string, options: ScreenCheckOptions = {}): Promise<void> {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  await page.waitForTimeout(options.settleMs ?? 350);
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`) });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.$$eval('button, a[href], [role="button"], input', (elements) =>
    elements
      .map((e) => ({
        label: (e.textContent ?? e.getAttribute('aria-label') ?? '').trim(),
        box: e.getBoundingClientRect(),
        min: e.getAttribute('data-testid') === 'help-button' ? 96 : 64,
      }))
      .filter(({ box, min }) => box.width > 0 && (box.width < min || box.height < min))
      .map(({ label, box }) => `${label} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small, `${name}: targets too small`).toEqual([]);
  expect(await page.locator('input[type=file]').count()).toBe(0);
  if (options.fits ?? true) {
    const overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    expect(overflow, `${name} is taller than the screen`).toBeLessThanOrEqual(0);
  }
}

/**
 * The checks every console screen gets: a full-page screenshot to look at, axe-core with no
 * violations, every target on screen at least 44 × 44 CSS px, and nothing wider than the 1366 px
 * screen (a helper scrolls down a long page, never sideways).
 */
export async function checkConsoleScreen(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  await page.waitForTimeout(250);
  await page.screenshot({ path: path.join(screenshotsDir, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  const small = await page.$$eval('main button, main a[href], main input:not([type=radio]):not([type=checkbox]), main select, header button, header a[href]', (elements) =>
    elements
      .map((e) => ({ label: (e.textContent ?? e.getAttribute('aria-label') ?? '').trim(), box: e.getBoundingClientRect() }))
      .filter(({ box }) => box.width > 0 && box.bottom > 0 && (box.width < 44 || box.height < 44))
      .map(({ label, box }) => `${label} ${Math.round(box.width)}×${Math.round(box.height)}`),
  );
  expect(small, `${name}: targets under 44 px`).toEqual([]);
  const sideways = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(sideways, `${name} is wider than the screen`).toBeLessThanOrEqual(0);
}

/** Nothing lies over the control: scrolled into view, the topmost element at its centre is the control itself (or inside it). */
export async function expectUncovered(control: Locator): Promise<void> {
  await control.scrollIntoViewIfNeeded();
  const on = await control.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return top === null ? 'nothing' : element.contains(top) ? 'itself' : `${top.tagName.toLowerCase()}.${[...top.classList].join('.')} ${top.getAttribute('data-testid') ?? ''}`.trim();
  });
  expect(on, 'what lies at the control’s centre').toBe('itself');
}

/** No two controls on screen overlap (a fixed button such as the kiosk's "J'ai fini" over a bar's button, say). */
export async function expectControlsApart(page: Page): Promise<void> {
  const overlaps = await page.$$eval('button, a[href], [role="button"]', (elements) => {
    const shown = elements
      .map((e) => ({ e, box: e.getBoundingClientRect(), name: (e.getAttribute('data-testid') ?? e.textContent ?? '').trim() }))
      .filter(({ box }) => box.width > 0 && box.height > 0);
    const found: string[] = [];
    for (const [i, a] of shown.entries()) {
      for (const b of shown.slice(i + 1)) {
        if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
        const apart = a.box.right <= b.box.left || b.box.right <= a.box.left || a.box.bottom <= b.box.top || b.box.bottom <= a.box.top;
        if (!apart) found.push(`${a.name} × ${b.name}`);
      }
    }
    return found;
  });
  expect(overlaps, 'controls lying over each other').toEqual([]);
}
