import { useEffect, useRef, useState } from 'react';
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { MyFile } from '../../../app/tiles/my-files.ts';
import { pictograms } from '../pictograms.ts';
import { drawPdfPage, openPdf } from './pdf-page.ts';
import { useFileData } from './useFileData.ts';

type Props = { file: MyFile; page: number; onPages?: (count: number) => void; onBroken?: () => void };

/**
 * One page of a person's PDF, drawn to fit the box it is given (a thumbnail: the first page; the
 * viewer: the page the person turned to). A PDF pdf.js cannot read shows the big document picture.
 */
export function PdfPage({ file, page, onPages, onBroken }: Props) {
  const { dataUrl, failed } = useFileData(file);
  const [doc, setDoc] = useState<PDFDocumentProxy | null>(null);
  const [broken, setBroken] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  /** One drawing at a time on a canvas (pdf.js refuses two). */
  const drawing = useRef<Promise<void>>(Promise.resolve());
  const pagesListener = useRef(onPages);
  const brokenListener = useRef(onBroken);

  useEffect(() => {
    if (!dataUrl) return;
    let live = true;
    let opened: PDFDocumentProxy | null = null;
    openPdf(dataUrl).then(
      (d) => {
        opened = d;
        if (!live) return void d.destroy();
        setDoc(d);
        pagesListener.current?.(d.numPages);
      },
      () => live && setBroken(true),
    );
    return () => {
      live = false;
      void opened?.destroy();
    };
  }, [dataUrl]);

  useEffect(() => {
    const target = canvas.current;
    const frame = box.current;
    if (!doc || !target || !frame) return;
    const { width, height } = frame.getBoundingClientRect();
    drawing.current = drawing.current.then(() => drawPdfPage(doc, Math.min(page, doc.numPages), target, { width, height })).catch(() => setBroken(true));
  }, [doc, page]);

  useEffect(() => {
    if (failed || broken) brokenListener.current?.();
  }, [failed, broken]);

  return (
    <div ref={box} className="pdf-page" data-testid="pdf-page" data-page={page} data-drawn={doc && !broken ? 'yes' : 'no'}>
      {failed || broken || !doc ? <img src={pictograms.pageFacingUp} alt="" aria-hidden="true" className="pdf-page__icon" /> : null}
      <canvas ref={canvas} className="pdf-page__canvas" hidden={failed || broken || !doc} aria-hidden="true" />
    </div>
  );
}
