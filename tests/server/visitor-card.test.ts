/**
 * A kiosk visitor's card (issue 12) read back by real parsers: pdf.js checks an A6 page with the
 * visitor's name and the instruction in their language; pdftoppm renders it and jsQR reads the QR code
 * back to the visitor's console page.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, describe, expect, it } from 'vitest';
import { A6_POINTS, renderVisitorCard } from '../../server/visitors/card-pdf.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function pdfText(pdf: Buffer): Promise<{ width: number; height: number; pages: number; text: string; operators: number }> {
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false, isEvalSupported: false }).promise;
  const page = await doc.getPage(1);
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const ops = await page.getOperatorList();
  const text = content.items.map((i) => ('str' in i ? i.str : '')).join(' ');
  const out = { width: viewport.width, height: viewport.height, pages: doc.numPages, text, operators: ops.fnArray.length };
  await doc.destroy();
  return out;
}

const url = 'http://127.0.0.1:8600/console/#/people/6f1c2e3a-1111-4222-8333-944455556666';
const card = (over: Partial<Parameters<typeof renderVisitorCard>[0]> = {}) =>
  renderVisitorCard({ name: 'Josiane', language: 'fr', association: 'Passerelle Lyon', code: [0, 5, 12, 9], url, issuedAt: '2026-11-30T10:00:00.000Z', ...over });

describe('the visitor card PDF', () => {
  it('is one A6 page with the name, the association and the instruction, drawn as vectors', async () => {
    const parsed = await pdfText(await card());
    expect(parsed.pages).toBe(1);
    expect(parsed.width).toBeCloseTo(A6_POINTS.width, 0);
    expect(parsed.height).toBeCloseTo(A6_POINTS.height, 0);
    expect(parsed.text).toContain('Josiane');
    expect(parsed.text).toContain('Passerelle Lyon');
    expect(parsed.text.replace(/\s+/g, ' ')).toContain('ces 4 images dans l’ordre');
    // Four vector pictures (a few dozen shapes each), the frames and the QR code: hundreds of drawing operations.
    expect(parsed.operators).toBeGreaterThan(300);
  });

  it('for an Arabic-speaking visitor, prints the instruction in Arabic and in French', async () => {
    const parsed = await pdfText(await card({ name: 'فاطمة', language: 'ar' }));
    expect(parsed.text.replace(/\s+/g, ' ')).toContain('ces 4 images dans l’ordre');
    // The shaped Arabic text is extractable (letters, in whatever presentation forms the font used).
    expect(parsed.text).toMatch(/[\u0600-\u06FF\uFB50-\uFDFF\uFE70-\uFEFF]/);
  });

  it('has a QR code that reads back as the visitor’s page in the console (rendered by pdftoppm)', async () => {
    let pdftoppm = true;
    try {
      execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    } catch {
      pdftoppm = false;
    }
    if (!pdftoppm) {
      console.warn('pdftoppm (Debian poppler-utils) is missing: the QR code could not be rendered; .ci/run installs it');
      expect(process.env.CI, 'CI installs poppler-utils: pdftoppm must be there').toBeFalsy();
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'passerelle-card-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'card.pdf'), await card());
    execFileSync('pdftoppm', ['-png', '-r', '200', '-singlefile', join(dir, 'card.pdf'), join(dir, 'card')]);
    const png = PNG.sync.read(readFileSync(join(dir, 'card.png')));
    const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(found?.data).toBe(url);
  });
});
