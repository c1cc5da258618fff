/** pdf.js's worker module, imported on the page's own thread (pdf-page.ts). */
declare module 'pdfjs-dist/build/pdf.worker.min.mjs' {
  export const WorkerMessageHandler: unknown;
}
