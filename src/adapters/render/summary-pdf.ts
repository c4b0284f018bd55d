/**
 * A short tabular summary as PDF (the programme's counts-only transparency summary): A4, a title,
 * a subtitle, a section/label/value table with wrapped labels, notes, and page numbers. Text is
 * set in Noto Sans, embedded as a subset (SIL OFL 1.1; see `fonts.ts`), so the file prints the
 * same everywhere. Implements {@link SummaryDocumentRenderer}.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { SummaryDocument, SummaryDocumentRenderer } from '../../ports/summary-document.ts';
import { FONT_CHAIN, loadFont, pdfLibFontkit } from './fonts.ts';

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN = 56;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.42, 0.42, 0.45);
const RULE = rgb(0.8, 0.8, 0.82);
const LABEL_X = MARGIN + 110;
const VALUE_RIGHT = PAGE[0] - MARGIN;
const LABEL_WIDTH = VALUE_RIGHT - 90 - LABEL_X;

/** Splits `text` into lines no wider than `width` points at `size` (breaking at spaces). */
function wrap(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/**
 * Renders `doc` as PDF bytes. Characters outside Noto Sans (Latin, Greek, Cyrillic) are replaced
 * by `?`: the summary's labels are Custos's own English text.
 */
export async function renderSummaryPdf(doc: SummaryDocument): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(pdfLibFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const spec = FONT_CHAIN[0] as (typeof FONT_CHAIN)[number];
  const loaded = loadFont(spec);
  const font = await pdf.embedFont(loaded.bytes, { subset: true, customName: spec.name });
  const safe = (s: string): string =>
    [...s]
      .map((ch) => (loaded.font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0) ? ch : '?'))
      .join('');
  pdf.setTitle(safe(doc.title));
  pdf.setSubject(safe(doc.subtitle));
  pdf.setCreator('Custos');
  pdf.setProducer('pdf-lib with fontkit');
  pdf.setCreationDate(new Date(doc.generatedAt));
  pdf.setModificationDate(new Date(doc.generatedAt));

  const pages: PDFPage[] = [];
  let page = pdf.addPage(PAGE);
  pages.push(page);
  let y = PAGE[1] - MARGIN;
  const newPage = (): void => {
    page = pdf.addPage(PAGE);
    pages.push(page);
    y = PAGE[1] - MARGIN;
  };
  const text = (s: string, x: number, size: number, color = INK): void => {
    page.drawText(safe(s), { x, y, size, font, color });
  };

  text(doc.title, MARGIN, 18);
  y -= 22;
  text(doc.subtitle, MARGIN, 11, GREY);
  y -= 14;
  text(`Generated ${doc.generatedAt.slice(0, 16).replace('T', ' ')} UTC`, MARGIN, 8.5, GREY);
  y -= 26;

  let section = '';
  for (const row of doc.rows) {
    const lines = wrap(font, safe(row.label), 10, LABEL_WIDTH);
    const height = lines.length * 13 + 6;
    if (y - height < MARGIN + 20) newPage();
    if (row.section !== section) {
      section = row.section;
      text(section, MARGIN, 10);
    }
    lines.forEach((l, i) => {
      page.drawText(l, { x: LABEL_X, y: y - i * 13, size: 10, font, color: INK });
    });
    const value = safe(row.value);
    page.drawText(value, {
      x: VALUE_RIGHT - font.widthOfTextAtSize(value, 10),
      y,
      size: 10,
      font,
      color: INK,
    });
    y -= height;
    page.drawLine({
      start: { x: MARGIN, y: y + 9 },
      end: { x: VALUE_RIGHT, y: y + 9 },
      thickness: 0.4,
      color: RULE,
    });
  }
  y -= 12;
  for (const note of doc.notes) {
    const lines = wrap(font, safe(note), 8.5, VALUE_RIGHT - MARGIN);
    if (y - lines.length * 11 < MARGIN) newPage();
    for (const l of lines) {
      page.drawText(l, { x: MARGIN, y, size: 8.5, font, color: GREY });
      y -= 11;
    }
    y -= 4;
  }
  pages.forEach((p, i) => {
    const label = `Page ${i + 1} of ${pages.length}`;
    p.drawText(label, {
      x: VALUE_RIGHT - font.widthOfTextAtSize(label, 8),
      y: MARGIN / 2,
      size: 8,
      font,
      color: GREY,
    });
  });
  return pdf.save({ useObjectStreams: false });
}

/** The renderer the composition roots hand to the use cases. */
export const summaryDocuments: SummaryDocumentRenderer = { renderPdf: renderSummaryPdf };
