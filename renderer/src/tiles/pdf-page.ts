/**
 * A PDF's page drawn by the page itself with pdf.js (issue 13: a document's thumbnail is its first
 * page). pdf.js's worker code runs on the page's own thread (`globalThis.pdfjsWorker`): the shell's CSP
 * allows no Worker (worker-src 'none'), and a person's PDFs are a few pages. No eval, no PDF scripts
 * (pdf.js runs none unless asked), loaded only when a document is shown.
 */
import type { PDFDocumentProxy } from 'pdfjs-dist';

/**
 * pdf.js's own copies of the 14 standard PDF fonts (Helvetica, Times…, which bills and forms use without
 * embedding them), bundled as files of the build and fetched only when a PDF needs one. Without them
 * the page falls back on look-alike system fonts and its words come out spaced apart. Their licences
 * (LICENSE_FOXIT: BSD, LICENSE_LIBERATION: SIL OFL 1.1) ship beside them; the credits screen names them.
 */
const STANDARD_FONTS = import.meta.glob('../../../node_modules/pdfjs-dist/standard_fonts/{*.pfb,*.ttf,LICENSE_*}', { query: '?url', import: 'default', eager: true }) as Record<string, string>;

class BundledStandardFonts {
  async fetch({ filename }: { filename: string }): Promise<Uint8Array> {
    const url = Object.entries(STANDARD_FONTS).find(([file]) => file.endsWith(`/${filename}`))?.[1];
    if (!url) throw new Error(`no standard font ${filename}`);
    return new Uint8Array(await (await fetch(url)).arrayBuffer());
  }
}

let library: Promise<typeof import('pdfjs-dist')> | null = null;

function pdfjs(): Promise<typeof import('pdfjs-dist')> {
  library ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs')]).then(([lib, worker]) => {
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = worker;
    return lib;
  });
  return library;
}

/** Open a PDF from the bridge's data: URL. */
export async function openPdf(dataUrl: string): Promise<PDFDocumentProxy> {
  const binary = atob(dataUrl.slice(dataUrl.indexOf(',') + 1));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const lib = await pdfjs();
  return lib.getDocument({ data: bytes, isEvalSupported: false, enableXfa: false, disableAutoFetch: true, useSystemFonts: false, StandardFontDataFactory: BundledStandardFonts }).promise;
}

/** Draw page `number` (from 1) into `canvas`, as large as fits `box` (CSS pixels), sharp on the screen. */
export async function drawPdfPage(doc: PDFDocumentProxy, number: number, canvas: HTMLCanvasElement, box: { width: number; height: number }): Promise<void> {
  const page = await doc.getPage(number);
  const natural = page.getViewport({ scale: 1 });
  const fit = Math.min(box.width / natural.width, box.height / natural.height);
  const viewport = page.getViewport({ scale: fit * (window.devicePixelRatio || 1) });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.inlineSize = `${Math.floor(natural.width * fit)}px`;
  canvas.style.blockSize = `${Math.floor(natural.height * fit)}px`;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  await page.render({ canvasContext: context, viewport }).promise;
}
