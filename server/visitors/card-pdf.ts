/**
 * A kiosk visitor's card (issue 12), an A6 PDF to print: the visitor's name, their 4 pictures in order
 * (numbered 1 to 4), one sentence saying what to do with it, and a QR code that opens the visitor's
 * page in the console for a helper holding the card (the page asks the helper to sign in: the code
 * carries no personal data). Vector throughout: the OpenMoji pictures through svg-to-pdfkit, the QR
 * code as squares, DejaVu Sans for every script (Arabic names are shaped by fontkit).
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import SVGtoPDF from 'svg-to-pdfkit';
import type { CardCode } from '../../app/protocol/accompaniment.ts';
import type { Language } from '../../app/protocol/common.ts';
import { CARD_PICTURES } from '../../app/visitors/card-pictures.ts';

const PICTURES_DIR = fileURLToPath(new URL('./pictures/', import.meta.url));
const FONT = createRequire(import.meta.url).resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = path.join(path.dirname(FONT), 'DejaVuSans-Bold.ttf');

/** ISO 216 A6, in PDF points (105 × 148 mm). */
export const A6_POINTS = { width: 297.64, height: 419.53 } as const;

/** What the card says, in the visitor's language; French is always printed too, for the helpers. */
const INSTRUCTIONS: Record<Language, string> = {
  fr: 'Sur la borne : « J’ai une carte », puis ces 4 images dans l’ordre.',
  en: 'On the kiosk: “I have a card”, then these 4 pictures in order.',
  ar: 'على الجهاز: المس زر عندي بطاقة، ثم هذه الصور الأربع بالترتيب.',
};
const TITLE: Record<Language, string> = { fr: 'Ma carte Passerelle', en: 'My Passerelle card', ar: 'بطاقتي باسرال' };

export interface CardInput {
  name: string;
  language: Language;
  association: string;
  code: CardCode;
  /** Opened by the QR code: the visitor's page in the console. */
  url: string;
  issuedAt: string;
}

const svgCache = new Map<string, string>();
function pictureSvg(index: number): string {
  const picture = CARD_PICTURES[index];
  if (!picture) throw new Error(`no card picture ${index}`);
  let svg = svgCache.get(picture.hex);
  if (svg === undefined) {
    svg = fs.readFileSync(path.join(PICTURES_DIR, `${picture.hex}.svg`), 'utf8');
    svgCache.set(picture.hex, svg);
  }
  return svg;
}

/** Renders the card; resolves with the PDF's bytes. */
export async function renderVisitorCard(card: CardInput): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A6',
    margin: 0,
    info: { Title: `${TITLE.fr} — ${card.name}`, Author: card.association, Subject: 'Passerelle', CreationDate: new Date(card.issuedAt) },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const { width: W, height: H } = A6_POINTS;
  const margin = 18;

  // Frame and header: the association, then the visitor's name, big.
  doc.roundedRect(6, 6, W - 12, H - 12, 12).lineWidth(2).strokeColor('#1d4e89').stroke();
  doc.font('body').fontSize(9).fillColor('#333333').text(card.association, margin, 16, { width: W - 2 * margin, align: 'center' });
  doc.font('bold').fontSize(24).fillColor('#000000').text(card.name, margin, 30, { width: W - 2 * margin, align: 'center', lineBreak: false, ellipsis: true });

  // The 4 pictures, 2 × 2, each with its number in a circle.
  const cell = 110;
  const gap = 14;
  const gridX = (W - (2 * cell + gap)) / 2;
  const gridY = 68;
  card.code.forEach((pictureIndex, i) => {
    const x = gridX + (i % 2) * (cell + gap);
    const y = gridY + Math.floor(i / 2) * (cell + gap);
    doc.roundedRect(x, y, cell, cell, 10).lineWidth(1.5).strokeColor('#888888').stroke();
    SVGtoPDF(doc, pictureSvg(pictureIndex), x + 12, y + 12, { width: cell - 24, height: cell - 24, assumePt: true });
    doc.circle(x + 14, y + 14, 11).fillColor('#1d4e89').fill();
    doc.font('bold').fontSize(13).fillColor('#ffffff').text(String(i + 1), x + 3, y + 6.5, { width: 22, align: 'center', lineBreak: false });
  });

  // What to do with the card: in the visitor's language, and in French for the helpers.
  const textY = gridY + 2 * cell + gap + 10;
  const qrSize = 72;
  const textWidth = W - 2 * margin - qrSize - 10;
  const lines = card.language === 'fr' ? [INSTRUCTIONS.fr] : [INSTRUCTIONS[card.language], INSTRUCTIONS.fr];
  let y = textY;
  for (const line of lines) {
    const rtl = card.language === 'ar' && line === INSTRUCTIONS.ar;
    doc.font('body').fontSize(9).fillColor('#000000').text(line, margin, y, { width: textWidth, align: rtl ? 'right' : 'left', features: rtl ? ['rlig', 'calt'] : [] });
    y = doc.y + 4;
  }

  // The QR code, drawn module by module (vector: sharp at any printer resolution).
  const qr = QRCode.create(card.url, { errorCorrectionLevel: 'M' });
  const modules = qr.modules.size;
  const quiet = 2;
  const unit = qrSize / (modules + 2 * quiet);
  const qrX = W - margin - qrSize;
  const qrY = textY - 4;
  doc.rect(qrX, qrY, qrSize, qrSize).fillColor('#ffffff').fill();
  doc.fillColor('#000000');
  for (let row = 0; row < modules; row++) {
    for (let col = 0; col < modules; col++) {
      if (qr.modules.get(row, col)) doc.rect(qrX + (col + quiet) * unit, qrY + (row + quiet) * unit, unit + 0.01, unit + 0.01);
    }
  }
  doc.fill();

  // When it was issued (a newer card replaces it), for the helpers.
  doc.font('body').fontSize(7).fillColor('#555555').text(`${card.issuedAt.slice(0, 10)}`, margin, H - 22, { width: W - 2 * margin, align: 'center', lineBreak: false });
  doc.end();
  return done;
}
