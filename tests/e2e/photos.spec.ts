/**
 * "Photos et documents" (issue 13), end to end in the web host: the person's Pictures and Documents
 * (a home folder made for the test) and a USB key (a folder the test's mount table says UDisks2 mounted
 * under /media/<user>) as big thumbnails; a photo full screen, turned; deleting asks aloud first and
 * the photo lands in the trash; a key plugged in is announced and its shelf opens.
 */
import { expect, test, type Browser, type Page, chromium } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { PNG } from 'pngjs';
import { addHelper, adminApi, openConsole } from './help-support.ts';
import { checkConsoleScreen, checkShellScreen } from './support/screens.ts';
import { chromiumLaunchOptions } from './support/browser.ts';
import { startStack, type Stack } from './support/stack.ts';

let stack: Stack;
let browser: Browser;
let root: string;
let home: string;
let media: string;
let mounts: string;

/** A picture that looks like one: a sky, a sun and a field, in the given colours. */
function landscape(width: number, height: number, sky: [number, number, number], field: [number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const sun = (x - width * 0.7) ** 2 + (y - height * 0.25) ** 2 < (Math.min(width, height) * 0.1) ** 2;
      const [r, g, b] = sun ? [250, 210, 40] : y > height * 0.6 ? field : sky;
      png.data[i] = r;
      png.data[i + 1] = g;
      png.data[i + 2] = b;
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

function put(file: string, bytes: Buffer | string, minutesAgo: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  const when = new Date(Date.now() - minutesAgo * 60_000);
  fs.utimesSync(file, when, when);
}

/** A real two-page bill, made with pdfkit: the shell draws its pages with pdf.js. */
function bill(): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  doc.fontSize(36).fillColor('#1d4ed8').text('EDF', 72, 72).fontSize(24).fillColor('#000000').text('Facture du 12 novembre', 72, 140).text('Montant : 42,10 euros', 72, 190);
  doc.rect(72, 260, 450, 120).fill('#fde68a');
  doc.addPage().fontSize(24).fillColor('#000000').text('Page 2 : vos consommations', 72, 72);
  doc.end();
  return done;
}

test.beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-photos-'));
  home = path.join(root, 'home', 'jeanne');
  media = path.join(root, 'media', 'jeanne');
  mounts = path.join(root, 'mounts');
  fs.writeFileSync(mounts, '/dev/sda1 / ext4 rw 0 0\n');
  put(path.join(home, '.config', 'user-dirs.dirs'), 'XDG_PICTURES_DIR="$HOME/Images"\nXDG_DOCUMENTS_DIR="$HOME/Documents"\n', 100);
  put(path.join(home, 'Images', 'Mamie_et_Leo.png'), landscape(640, 480, [120, 180, 240], [60, 160, 60]), 1);
  put(path.join(home, 'Images', 'Le_jardin.png'), landscape(640, 480, [250, 170, 120], [110, 150, 40]), 2);
  put(path.join(home, 'Images', 'Noel.png'), landscape(480, 640, [30, 40, 110], [240, 240, 250]), 3);
  put(path.join(home, 'Images', 'Vacances', 'La_plage.png'), landscape(640, 480, [100, 200, 250], [240, 220, 150]), 4);
  put(path.join(home, 'Images', 'Le_chat.png'), landscape(640, 480, [200, 200, 210], [150, 110, 80]), 5);
  put(path.join(home, 'Images', 'Anniversaire.png'), landscape(640, 480, [240, 150, 200], [250, 230, 120]), 6);
  put(path.join(home, 'Images', 'Le_marche.png'), landscape(640, 480, [160, 220, 250], [200, 90, 60]), 7);
  put(path.join(home, 'Documents', 'Facture_EDF.pdf'), await bill(), 8);
  stack = await startStack({ myFiles: { home, mediaDir: media, mountsFile: mounts } });
  browser = await chromium.launch(chromiumLaunchOptions());
  const api = await adminApi(stack);
  const tiles = [
    { kind: 'lessons', id: 'lessons', picture: 'books' },
    { kind: 'photos', id: 'photos', picture: 'photos' },
    { kind: 'help', id: 'help', picture: 'phone' },
  ];
  expect((await api('PUT', '/console/tiles/defaults', { tiles })).status).toBe(200);
});
test.afterAll(async () => {
  await browser?.close();
  await stack?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function openPhotos(language: 'fr' | 'ar'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${stack.webHost.url}&lang=${language}`);
  await page.getByTestId('tile-photos').click();
  await expect(page.getByTestId('photos')).toBeVisible();
  return page;
}

const thumbs = (page: Page) => page.getByTestId('photo-thumb');
const lastSpoken = (page: Page) => page.evaluate(() => document.body.dataset.lastSpoken ?? '');

for (const language of ['fr', 'ar'] as const) {
  test(`photos as big thumbnails, one full screen and turned, the delete question (${language})`, async () => {
    const page = await openPhotos(language);
    // Six at a time, newest first, each drawn from its own bytes.
    await expect(thumbs(page)).toHaveCount(6);
    await expect(thumbs(page).first()).toHaveAttribute('data-id', 'pictures/Mamie_et_Leo.png');
    await expect(thumbs(page).locator('img.photo-thumb__picture')).toHaveCount(6);
    await expect.poll(() => thumbs(page).locator('img.photo-thumb__picture').evaluateAll((imgs) => imgs.every((i) => (i as HTMLImageElement).naturalWidth > 0))).toBe(true);
    await checkShellScreen(page, `photos-grid-${language}`);
    await page.getByTestId('photos-next').click();
    await expect(thumbs(page)).toHaveCount(1);
    await page.getByTestId('photos-previous').click();

    await thumbs(page).nth(2).click(); // Noël: a portrait picture
    await expect(page.getByTestId('photo-view-picture')).toBeVisible();
    await page.getByTestId('photo-rotate').click();
    await expect(page.getByTestId('photo-view-picture')).toHaveAttribute('data-turns', '1');
    await checkShellScreen(page, `photos-viewer-${language}`);

    await page.getByTestId('photo-delete').click();
    await expect(page.getByTestId('photo-delete-ask')).toBeVisible();
    await expect.poll(() => lastSpoken(page)).toBe(language === 'fr' ? 'Supprimer cette photo ?' : 'حذف هذه الصورة؟');
    await checkShellScreen(page, `photos-delete-${language}`);
    await page.getByTestId('photo-keep').click();
    await expect(page.getByTestId('photo-view')).toBeVisible();
    expect(fs.existsSync(path.join(home, 'Images', 'Noel.png'))).toBe(true);

    await page.getByTestId('photo-back').click();
    await page.getByTestId('photos-shelf-pdf').click();
    await expect(thumbs(page)).toHaveCount(1);
    await expect(thumbs(page)).toContainText('Facture EDF');
    // A PDF's thumbnail is its first page, and it opens page by page.
    await expect(thumbs(page).getByTestId('pdf-page')).toHaveAttribute('data-drawn', 'yes');
    await thumbs(page).click();
    const sheet = page.getByTestId('photo-view').getByTestId('pdf-page');
    await expect(sheet).toHaveAttribute('data-drawn', 'yes');
    await page.getByTestId('pdf-page-after').click();
    await expect(sheet).toHaveAttribute('data-page', '2');
    await expect(page.getByTestId('pdf-page-after')).toBeDisabled();
    await page.getByTestId('pdf-page-before').click();
    await expect(sheet).toHaveAttribute('data-page', '1');
    await checkShellScreen(page, `photos-pdf-${language}`);
    await page.context().close();
  });
}

test('a photo deleted after the spoken question goes to the trash; a USB key plugged in is announced and shown', async () => {
  const page = await openPhotos('fr');
  await page.getByTestId('photos-next').click(); // the seventh photo is on the second page
  await page.locator('[data-id="pictures/Le_marche.png"]').click();
  await page.getByTestId('photo-delete').click();
  await page.getByTestId('photo-delete-yes').click();
  await expect(page.getByTestId('photos')).toBeVisible();
  await expect.poll(() => lastSpoken(page)).toBe("C'est dans la corbeille.");
  expect(fs.existsSync(path.join(home, 'Images', 'Le_marche.png'))).toBe(false);
  expect(fs.existsSync(path.join(home, '.local', 'share', 'Trash', 'files', 'Le_marche.png'))).toBe(true);
  await expect(page.locator('[data-id="pictures/Le_marche.png"]')).toHaveCount(0);

  // The key: UDisks2 mounts it under /media/<user>/<label>; the screen finds it on its next look.
  put(path.join(media, 'CLE USB', 'DCIM', 'Bapteme.png'), landscape(640, 480, [250, 250, 255], [180, 200, 240]), 0);
  fs.writeFileSync(mounts, `/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 ${media}/CLE\\040USB vfat rw,nosuid,nodev 0 0\n`);
  await expect(page.getByTestId('photos')).toHaveAttribute('data-shelf', 'usb', { timeout: 8000 });
  await expect(thumbs(page)).toHaveCount(1);
  await expect(thumbs(page)).toHaveAttribute('data-id', 'usb-CLE USB/DCIM/Bapteme.png');
  await expect.poll(() => lastSpoken(page)).toBe('Une clé USB est branchée. Voici ses photos.');
  await checkShellScreen(page, 'photos-usb-fr');
  // Taken out: its shelf goes.
  fs.writeFileSync(mounts, '/dev/sda1 / ext4 rw 0 0\n');
  await expect(page.getByTestId('photos-shelf-usb')).toHaveCount(0, { timeout: 8000 });
  await page.context().close();
});

test('"Envoyer à l’association": photos go with the help request (up to three), a fourth is refused with Help, and the helper sees them on the card', async () => {
  const helper = await addHelper(stack, 'Nadia');
  const console = await openConsole(browser, stack, helper);
  const sendPhoto = async (page: Page, id: string) => {
    await page.locator(`[data-id="${id}"]`).click();
    await page.getByTestId('photo-send').click();
  };
  const fr = await openPhotos('fr');
  await sendPhoto(fr, 'pictures/Le_jardin.png');
  await expect(fr.getByTestId('photo-sent')).toBeVisible();
  await expect(fr.getByTestId('photo-send')).toHaveAttribute('data-sent', 'sent');
  await expect.poll(() => lastSpoken(fr)).toBe("C'est envoyé à l'association. Une personne va regarder.");
  await checkShellScreen(fr, 'photos-sent-fr');

  // The same machine, in Arabic: the second and third go with the same open request.
  const ar = await openPhotos('ar');
  await sendPhoto(ar, 'pictures/Le_chat.png');
  await expect(ar.getByTestId('photo-sent')).toBeVisible();
  await expect.poll(() => lastSpoken(ar)).toBe('تم الإرسال إلى الجمعية. سينظر فيه شخص.');
  await checkShellScreen(ar, 'photos-sent-ar');
  await ar.getByTestId('photo-back').click();
  await sendPhoto(ar, 'pictures/Anniversaire.png');
  await expect(ar.getByTestId('photo-sent')).toBeVisible();
  await ar.getByTestId('photo-back').click();
  // A fourth: refused, said, with Help at hand.
  await sendPhoto(ar, 'pictures/Mamie_et_Leo.png');
  await expect(ar.getByTestId('photo-refused')).toHaveAttribute('data-reason', 'tooMany');
  await expect(ar.getByTestId('photo-send')).toHaveAttribute('data-sent', 'no');
  await expect.poll(() => lastSpoken(ar)).toBe('أرسلت ثلاثة ملفات مع طلب المساعدة. سيتصل بك شخص. للتحدث الآن، المس مساعدة.');
  await checkShellScreen(ar, 'photos-refused-ar');
  await fr.getByTestId('photo-back').click();
  await sendPhoto(fr, 'pictures/Noel.png');
  await expect(fr.getByTestId('photo-refused')).toHaveAttribute('data-reason', 'tooMany');
  await expect.poll(() => lastSpoken(fr)).toBe("Trois documents sont déjà partis avec votre demande d'aide. Une personne va vous rappeler. Pour parler maintenant, touchez Aide.");
  await checkShellScreen(fr, 'photos-refused-fr');
  await fr.getByTestId('photo-refused-ok').click();
  await expect(fr.getByTestId('photo-refused')).toHaveCount(0);

  const card = console.getByTestId('help-card').filter({ has: console.getByTestId('help-files') });
  await expect(card).toHaveCount(1, { timeout: 10_000 });
  await expect(card.getByTestId('help-file')).toHaveCount(3, { timeout: 10_000 });
  await expect(card.getByTestId('help-file').first()).toContainText('Le_jardin.png');
  await expect.poll(() => card.getByTestId('help-file-photo').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([640, 640, 640]);
  await card.scrollIntoViewIfNeeded();
  await checkConsoleScreen(console, 'console-help-file-fr');
  await console.evaluate(() => localStorage.setItem('passerelle.console.lang', 'ar'));
  await console.reload();
  await expect(console.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(card.getByTestId('help-file')).toHaveCount(3, { timeout: 10_000 });
  await expect.poll(() => card.getByTestId('help-file-photo').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth))).toEqual([640, 640, 640]);
  await card.scrollIntoViewIfNeeded();
  await checkConsoleScreen(console, 'console-help-file-ar');
  await fr.context().close();
  await ar.context().close();
  await console.context().close();
});
