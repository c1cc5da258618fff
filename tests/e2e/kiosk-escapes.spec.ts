/**
 * The escape list where Chromium can show it: the real renderer in Chromium through the web host,
 * the page's own fences (renderer/src/kiosk/guards.ts, installed in every mode) tried with real
 * mouse and keyboard input and real drag events. Each check has a control showing the same attempt
 * does escape where the fences are absent, so a check that passes means something. In Electron the
 * same attempts also meet main's decisions (tests/main/electron/escape-list.test.ts).
 */
import { expect, test, type Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
test.beforeAll(async () => {
  stack = await startStack();
});
test.afterAll(async () => {
  await stack.close();
});

/** The shell's home screen, with a marker that only survives if the document is not replaced. */
async function openShell(page: Page): Promise<void> {
  await page.goto(stack.webHost.url);
  await expect(page.getByTestId('tile-lessons')).toBeVisible();
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
}

async function stillInShell(page: Page, shellUrl: string): Promise<void> {
  expect(page.url()).toBe(shellUrl);
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere === true)).toBe(true);
  await expect(page.getByTestId('tile-lessons')).toBeVisible();
}

/** Adds a link to the page (as a compromised lesson text might) and returns its locator. */
async function injectLink(page: Page, attributes: Record<string, string>, text = 'lien') {
  await page.evaluate(
    ({ attributes, text }) => {
      const a = document.createElement('a');
      for (const [name, value] of Object.entries(attributes)) a.setAttribute(name, value);
      a.textContent = text;
      a.id = 'injected';
      a.style.cssText = 'position:fixed;left:400px;top:300px;width:200px;height:80px;display:block;background:#fff;z-index:99';
      document.getElementById('injected')?.remove();
      document.body.append(a);
    },
    { attributes, text },
  );
  return page.locator('#injected');
}

/** Records, in the bubbling phase (after the fences ran), whether each event was cancelled. */
async function recordCancellation(page: Page, types: string[]): Promise<void> {
  await page.evaluate((types) => {
    const seen: Array<{ type: string; key?: string; prevented: boolean }> = [];
    (window as unknown as { seen: typeof seen }).seen = seen;
    for (const type of types)
      document.addEventListener(type, (event) => seen.push({ type, key: (event as KeyboardEvent).key, prevented: event.defaultPrevented }));
  }, types);
}
const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: Array<{ type: string; key?: string; prevented: boolean }> }).seen);

test.describe('navigation out of the shell', () => {
  for (const href of ['https://example.org/', 'file:///etc/passwd', 'chrome://settings', 'http://127.0.0.1:9/elsewhere']) {
    test(`a click on a link to ${href} leaves the page where it is`, async ({ page }) => {
      await openShell(page);
      const shellUrl = page.url();
      let navigations = 0;
      page.on('framenavigated', (frame) => void (frame === page.mainFrame() && navigations++));
      await (await injectLink(page, { href })).click();
      await page.waitForTimeout(500);
      expect(navigations).toBe(0);
      await stillInShell(page, shellUrl);
    });
  }

  test('control: a link within the shell does navigate (the check above can fail)', async ({ page }) => {
    await openShell(page);
    await Promise.all([page.waitForEvent('framenavigated'), (await injectLink(page, { href: '/?elsewhere=1' })).click()]);
    expect(page.url()).toMatch(/elsewhere=1/);
  });
});

test.describe('new windows', () => {
  test('window.open, target=_blank and a middle click open nothing', async ({ page }) => {
    await openShell(page);
    let popups = 0;
    page.on('popup', () => void popups++);
    expect(await page.evaluate(() => window.open('https://example.org/', '_blank'))).toBeNull();
    await (await injectLink(page, { href: 'https://example.org/', target: '_blank' })).click();
    await (await injectLink(page, { href: '/?tab=1' })).click({ button: 'middle' });
    await page.waitForTimeout(500);
    expect(popups).toBe(0);
    expect(page.context().pages()).toHaveLength(1);
  });

  test('control: on a page without the fences the same target=_blank click opens a window', async ({ page }) => {
    await page.setContent('<a id="l" href="about:blank#x" target="_blank" style="display:block;width:200px;height:80px">x</a>');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('#l')]);
    expect(popup).toBeTruthy();
  });
});

test.describe('downloads', () => {
  test('a download link saves nothing', async ({ page }) => {
    await openShell(page);
    let downloads = 0;
    page.on('download', () => void downloads++);
    await (await injectLink(page, { href: 'data:text/plain,secret', download: 'note.txt' })).click();
    await (await injectLink(page, { href: '/index.html', download: '' })).click();
    await page.waitForTimeout(500);
    expect(downloads).toBe(0);
  });

  test('control: on a page without the fences the same link downloads', async ({ page }) => {
    await page.setContent('<a id="l" href="data:text/plain,secret" download="note.txt" style="display:block;width:200px;height:80px">x</a>');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#l')]);
    expect(download.suggestedFilename()).toBe('note.txt');
  });
});

/** Drops a file and a link on the page the way a drag from the desktop arrives. */
async function dropFileAndLink(page: Page): Promise<void> {
  const dataTransfer = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['<script>alert(1)</script>'], 'evil.html', { type: 'text/html' }));
    dt.setData('text/uri-list', 'https://example.org/');
    return dt;
  });
  for (const type of ['dragenter', 'dragover', 'drop']) await page.dispatchEvent('body', type, { dataTransfer });
}

test.describe('drag and drop', () => {
  test('a dropped file or link is refused: every drag-over and drop is cancelled, nothing navigates', async ({ page }) => {
    await openShell(page);
    const shellUrl = page.url();
    await recordCancellation(page, ['dragenter', 'dragover', 'drop']);
    await dropFileAndLink(page);
    expect(await seen(page)).toEqual([
      { type: 'dragenter', prevented: true },
      { type: 'dragover', prevented: true },
      { type: 'drop', prevented: true },
    ]);
    await stillInShell(page, shellUrl);
  });

  test('a link cannot even be picked up and dragged', async ({ page }) => {
    await openShell(page);
    await recordCancellation(page, ['dragstart']);
    const link = await injectLink(page, { href: 'https://example.org/' });
    await link.dragTo(page.getByTestId('tile-lessons'));
    expect(await seen(page)).toEqual([{ type: 'dragstart', prevented: true }]);
  });

  test('control: on a page without the fences the same drop is not cancelled', async ({ page }) => {
    await page.setContent('<p>plain page</p>');
    await recordCancellation(page, ['dragenter', 'dragover', 'drop']);
    await dropFileAndLink(page);
    expect((await seen(page)).map((e) => e.prevented)).toEqual([false, false, false]);
  });
});

test.describe('context menu, shortcut keys, file pickers', () => {
  test('the right button opens no context menu (the menu key and Shift+F10 are cancelled as keys, below)', async ({ page }) => {
    await openShell(page);
    await recordCancellation(page, ['contextmenu']);
    await page.getByTestId('tile-lessons').click({ button: 'right' });
    await page.mouse.click(50, 700, { button: 'right' });
    expect(await seen(page)).toEqual([
      { type: 'contextmenu', prevented: true },
      { type: 'contextmenu', prevented: true },
    ]);
  });

  test('the page cancels the shortcuts main blocks, and lets editing keys through', async ({ page }) => {
    await openShell(page);
    await recordCancellation(page, ['keydown']);
    for (const key of ['F5', 'Control+r', 'Control+Shift+I', 'Control+p', 'Control+o', 'Alt+ArrowLeft', 'F11', 'F12', 'Shift+F10', 'ContextMenu', 'Control+c'])
      await page.keyboard.press(key);
    const keydowns = (await seen(page)).filter((e) => !['Control', 'Shift', 'Alt'].includes(e.key ?? ''));
    expect(keydowns.map((e) => `${e.key}:${e.prevented}`)).toEqual(['F5:true', 'r:true', 'I:true', 'p:true', 'o:true', 'ArrowLeft:true', 'F11:true', 'F12:true', 'F10:true', 'ContextMenu:true', 'c:false']);
    await stillInShell(page, page.url());
  });

  test('no file picker exists: no <input type=file> on screen, no File System Access pickers', async ({ page }) => {
    await openShell(page);
    expect(await page.evaluate(() => [typeof (window as unknown as Record<string, unknown>).showOpenFilePicker, typeof (window as unknown as Record<string, unknown>).showSaveFilePicker, typeof (window as unknown as Record<string, unknown>).showDirectoryPicker])).toEqual([
      'undefined',
      'undefined',
      'undefined',
    ]);
    for (const tile of ['tile-lessons', 'home-button', 'help-button']) {
      await page.getByTestId(tile).click();
      expect(await page.locator('input[type=file]').count(), tile).toBe(0);
    }
  });
});

/**
 * `<input type=file>` opens the GTK chooser, which no Electron API can intercept (electron 10967,
 * 32671): the shell must never render one. Scans the renderer's sources and its built bundle.
 */
const FILE_INPUT = /type\s*=\s*["'{]\s*["']?file["']|type\s*:\s*["']file["']|\.type\s*=\s*["']file["']|webkitdirectory|\bshow(?:Open|Save)FilePicker\s*\(|\bshowDirectoryPicker\s*\(/;

function filesUnder(dir: string, extensions: string[]): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && extensions.some((x) => e.name.endsWith(x))).map((e) => path.join(e.parentPath, e.name));
}

test.describe('file inputs in the code', () => {
  const repo = path.resolve(import.meta.dirname, '../..');

  test('the scan finds a file input where there is one (control)', () => {
    for (const sample of ['<input type="file" />', "<input type='file'/>", 'jsx("input",{type:"file",onChange:f})', 'el.type = "file"', '<input webkitdirectory>', 'await window.showOpenFilePicker()']) {
      expect(FILE_INPUT.test(sample), sample).toBe(true);
    }
    expect(FILE_INPUT.test('<input type="text" />')).toBe(false);
  });

  test('no renderer source renders a file input or calls a file picker', () => {
    const hits = filesUnder(path.join(repo, 'renderer/src'), ['.ts', '.tsx']).filter((file) => FILE_INPUT.test(fs.readFileSync(file, 'utf8')));
    expect(hits).toEqual([]);
  });

  test('nor does the built bundle (what Electron and the web host serve)', () => {
    const bundles = filesUnder(path.join(repo, 'dist/renderer'), ['.js']);
    expect(bundles.length).toBeGreaterThan(0);
    expect(bundles.filter((file) => FILE_INPUT.test(fs.readFileSync(file, 'utf8')))).toEqual([]);
  });
});
