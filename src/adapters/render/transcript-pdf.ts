/**
 * Renders a transcript exhibit to PDF for people to read in court: A4, every page headed with the
 * transcript's exhibit reference, its SHA-256 and the source exhibit's SHA-256, and numbered
 * "Page n of N"; one block per message with its index, time, sender, text and attachments.
 *
 * Text goes through a fallback chain of embedded Noto fonts (`fonts.ts`), split into runs per
 * font; fontkit shapes each run (Arabic joining, right-to-left order within a run, emoji
 * sequences). A code point no font has is written as `[U+XXXX]`, never dropped. The output is
 * deterministic: the PDF dates are the given `date`, font names carry no random tag, so the same
 * transcript renders to the same bytes (its SHA-256 can be recorded and re-derived).
 *
 * Limits: no full Unicode bidi (a right-to-left run inside left-to-right text keeps its place);
 * emoji are monochrome.
 */
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';
import type { Message, Transcript } from '../../core/transcript/types.ts';
import type { TranscriptPdfInput } from '../../ports/bundle-io.ts';
import { FONT_CHAIN, layoutCached, loadFont, pdfLibFontkit, type LoadedFont } from './fonts.ts';

const PAGE: [number, number] = [595.28, 841.89];
const MARGIN_X = 48;
const BODY_TOP = PAGE[1] - 78;
const BODY_BOTTOM = 54;
const BODY_SIZE = 9.5;
const LINE = 13;
const INDENT = 14;
const WIDTH = PAGE[0] - 2 * MARGIN_X;

const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.42, 0.42, 0.45);
const META = rgb(0.13, 0.25, 0.45);

/** Marks, joiners, variation selectors, skin tones, tags and the keycap: they attach to the previous character. */
function isAttached(ch: string): boolean {
  const cp = ch.codePointAt(0) as number;
  return (
    /^\p{M}$/u.test(ch) ||
    cp === 0x200c ||
    cp === 0x200d ||
    (cp >= 0xfe00 && cp <= 0xfe0f) ||
    cp === 0x20e3 ||
    (cp >= 0x1f3fb && cp <= 0x1f3ff) ||
    (cp >= 0xe0020 && cp <= 0xe007f)
  );
}
/** Zero-width joiners and variation selectors: dropped when the run's font lacks them. */
function isInvisible(ch: string): boolean {
  const cp = ch.codePointAt(0) as number;
  return cp === 0x200c || cp === 0x200d || (cp >= 0xfe00 && cp <= 0xfe0f);
}
/** Characters any font may draw: they stay in the current run when its font has them. */
const COMMON = /^[\p{Zs}\p{P}\p{N}\p{S}]$/u;

interface Run {
  readonly font: number;
  readonly text: string;
}

/** One visual line: runs in logical order, a style and an indent. */
interface Line {
  readonly runs: readonly Run[];
  readonly size: number;
  readonly color: RGB;
  readonly indent: number;
  /** Extra space before the line, points. */
  readonly gap: number;
  /** Keep with the next line (a message header). */
  readonly keep: boolean;
}

/** Lazily embedded fonts of the chain for one document. */
class FontSet {
  private readonly loaded: (LoadedFont | undefined)[] = [];
  private readonly embedded: (PDFFont | undefined)[] = [];
  private readonly widths = new Map<string, number>();

  constructor(private readonly doc: PDFDocument) {}

  private font(i: number): LoadedFont {
    let f = this.loaded[i];
    if (!f) {
      f = loadFont(FONT_CHAIN[i] as (typeof FONT_CHAIN)[number]);
      this.loaded[i] = f;
    }
    return f;
  }

  /** True for a text font (not emoji or symbols). */
  isText(i: number): boolean {
    return FONT_CHAIN[i]?.text === true;
  }

  has(i: number, cp: number): boolean {
    return this.font(i).font.hasGlyphForCodePoint(cp);
  }

  /** Index of the first font of the chain with a glyph for `cp`, or -1. */
  pick(cp: number): number {
    for (let i = 0; i < FONT_CHAIN.length; i++) if (this.has(i, cp)) return i;
    return -1;
  }

  async pdfFont(i: number): Promise<PDFFont> {
    let f = this.embedded[i];
    if (!f) {
      const spec = FONT_CHAIN[i] as (typeof FONT_CHAIN)[number];
      f = await this.doc.embedFont(this.font(i).bytes, { subset: true, customName: spec.name });
      this.embedded[i] = f;
    }
    return f;
  }

  /** Advance width of `text` in font `i` at `size`, points (as pdf-lib will draw it). */
  width(i: number, text: string, size: number): number {
    const key = `${i}\u0000${size}\u0000${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      const f = this.font(i);
      w =
        (layoutCached(f.font, text).glyphs.reduce((n, g) => n + g.advanceWidth, 0) * size) /
        f.font.unitsPerEm;
      if (this.widths.size > 50_000) this.widths.clear();
      this.widths.set(key, w);
    }
    return w;
  }
}

/** Splits text into runs of one font each (see the module comment). */
function toRuns(text: string, fonts: FontSet): Run[] {
  const runs: { font: number; text: string }[] = [];
  const cur = (): { font: number; text: string } | undefined => runs.at(-1);
  for (const ch of text.replace(/\t/g, '    ').replace(/\r/g, '')) {
    const cp = ch.codePointAt(0) as number;
    const last = cur();
    if (isAttached(ch) && last) {
      if (isInvisible(ch) && !fonts.has(last.font, cp)) continue;
      last.text += ch;
      continue;
    }
    if (last && COMMON.test(ch) && fonts.isText(last.font) && fonts.has(last.font, cp)) {
      last.text += ch;
      continue;
    }
    let font = cp < 0x20 || (cp >= 0x7f && cp < 0xa0) ? -1 : fonts.pick(cp);
    let piece = ch;
    if (font < 0) {
      font = 0;
      piece = `[U+${cp.toString(16).toUpperCase().padStart(4, '0')}]`;
    }
    if (last && last.font === font) last.text += piece;
    else runs.push({ font, text: piece });
  }
  return runs;
}

/** Word-wraps one logical line (runs) to `max` points; returns visual lines as runs. */
function wrap(runs: readonly Run[], fonts: FontSet, size: number, max: number): Run[][] {
  // Flatten to characters tagged with their run's font, then break at spaces greedily.
  const chars: { font: number; ch: string }[] = [];
  for (const r of runs) for (const ch of r.text) chars.push({ font: r.font, ch });
  const lines: Run[][] = [];
  const toRunsOf = (slice: readonly { font: number; ch: string }[]): Run[] => {
    const out: { font: number; text: string }[] = [];
    for (const c of slice) {
      const last = out.at(-1);
      if (last && last.font === c.font) last.text += c.ch;
      else out.push({ font: c.font, text: c.ch });
    }
    return out;
  };
  const widthOf = (slice: readonly { font: number; ch: string }[]): number =>
    toRunsOf(slice).reduce((n, r) => n + fonts.width(r.font, r.text, size), 0);
  let start = 0;
  while (start < chars.length) {
    // Skip leading spaces of continuation lines.
    if (lines.length > 0) while (start < chars.length && chars[start]?.ch === ' ') start++;
    if (start >= chars.length) break;
    let end = start;
    let lastBreak = -1;
    let width = 0;
    while (end < chars.length) {
      const c = chars[end] as { font: number; ch: string };
      const w = fonts.width(c.font, c.ch, size);
      if (width + w > max && end > start) break;
      width += w;
      end++;
      if (c.ch === ' ') lastBreak = end;
    }
    if (end < chars.length && lastBreak > start) end = lastBreak;
    // Per-character widths are exact for simple text (pdf-lib draws glyph advances, no kerning);
    // shaping (joining, conjuncts, ligatures) changes them: re-check such slices whole.
    if (
      chars
        .slice(start, end)
        .some((c) => c.font !== 0 || c.ch.length > 1 || c.ch.charCodeAt(0) > 0x2af)
    ) {
      while (end - start > 1 && widthOf(chars.slice(start, end)) > max) end--;
    }
    lines.push(toRunsOf(chars.slice(start, end)));
    start = end;
  }
  if (lines.length === 0) lines.push([]);
  return lines;
}

function describeAttachment(a: Message['attachments'][number]): string {
  const bits = [a.fileName ?? 'unnamed file'];
  if (a.kind) bits.push(a.kind);
  if (a.contentType) bits.push(a.contentType);
  if (a.size !== undefined) bits.push(`${a.size} bytes`);
  if (a.omitted) bits.push('not included in the export');
  else if (a.inArchive === false) bits.push('not in the archive');
  else if (a.inArchive === true) bits.push('in the archive');
  return `[attachment: ${bits.join(', ')}]`;
}

/** Builds every visual line of the document body. */
function bodyLines(t: Transcript, input: TranscriptPdfInput, fonts: FontSet): Line[] {
  const lines: Line[] = [];
  const add = (
    text: string,
    o: { size?: number; color?: RGB; indent?: number; gap?: number; keep?: boolean } = {},
  ): void => {
    const size = o.size ?? BODY_SIZE;
    const indent = o.indent ?? 0;
    const paragraphs = text.split('\n');
    paragraphs.forEach((para, p) => {
      const wrapped = wrap(toRuns(para, fonts), fonts, size, WIDTH - indent);
      wrapped.forEach((runs, i) =>
        lines.push({
          runs,
          size,
          color: o.color ?? INK,
          indent,
          gap: p === 0 && i === 0 ? (o.gap ?? 0) : 0,
          keep: o.keep === true && p === paragraphs.length - 1 && i === wrapped.length - 1,
        }),
      );
    });
  };
  add(`Transcript ${input.exhibitRef} of exhibit ${input.sourceRef}`, { size: 13 });
  add(
    `Format ${t.format}, made by ${t.parser.name} ${t.parser.version}; times as in the export${t.assumedTimezone ? `, naive local times read in ${t.assumedTimezone}` : ''}.`,
    { color: GREY, gap: 4 },
  );
  if (t.title !== undefined) add(`Chat: ${t.title}`);
  add(`Participants: ${t.participants.join(', ') || 'none named'}`);
  const first = t.messages[0];
  const last = t.messages.at(-1);
  add(
    `Messages: ${t.messages.length}${first && last ? `, from ${first.timestamp} to ${last.timestamp}` : ''}`,
  );
  for (const n of t.notes)
    add(`Parser note ${n.code}: ${n.message}`, { color: GREY, indent: INDENT });
  add(
    'The transcript JSON (same exhibit) is the authoritative text; this PDF is a rendering of it.',
    { color: GREY, gap: 4 },
  );
  for (const m of t.messages) {
    const flags = [
      m.system ? 'system event' : '',
      m.edited ? `edited${m.editedTimestamp ? ` ${m.editedTimestamp}` : ''}` : '',
      m.deleted ? 'deleted' : '',
      m.timestampAmbiguous ? 'time ambiguous (clock change)' : '',
    ]
      .filter(Boolean)
      .join(', ');
    add(
      `#${m.index}   ${m.timestamp}   ${m.sender ?? (m.actor ? `${m.actor}` : '(no sender)')}${flags ? `   (${flags})` : ''}`,
      {
        color: META,
        gap: 5,
        keep: true,
        size: 8.5,
      },
    );
    if (m.text !== '') add(m.text, { indent: INDENT, color: m.system ? GREY : INK });
    for (const a of m.attachments) add(describeAttachment(a), { indent: INDENT, color: GREY });
  }
  return lines;
}

/** Height a line takes, points. */
const lineHeight = (l: Line): number => l.size * (LINE / BODY_SIZE);

/** Splits lines into pages: a message header never ends a page. */
function paginate(lines: readonly Line[]): Line[][] {
  const pages: Line[][] = [[]];
  let y = BODY_TOP;
  for (const l of lines) {
    let page = pages.at(-1) as Line[];
    const need = (page.length > 0 ? l.gap : 0) + lineHeight(l) + (l.keep ? LINE : 0);
    if (page.length > 0 && y - need < BODY_BOTTOM) {
      page = [];
      pages.push(page);
      y = BODY_TOP;
    }
    y -= (page.length > 0 ? l.gap : 0) + lineHeight(l);
    page.push(l);
  }
  return pages;
}

async function drawRuns(
  page: PDFPage,
  fonts: FontSet,
  runs: readonly Run[],
  x: number,
  y: number,
  size: number,
  color: RGB,
): Promise<number> {
  let cx = x;
  for (const r of runs) {
    if (r.text === '') continue;
    page.drawText(r.text, { x: cx, y, size, font: await fonts.pdfFont(r.font), color });
    cx += fonts.width(r.font, r.text, size);
  }
  return cx - x;
}

async function drawText(
  page: PDFPage,
  fonts: FontSet,
  text: string,
  x: number,
  y: number,
  size: number,
  color: RGB,
  align: 'left' | 'right' | 'center' = 'left',
): Promise<void> {
  const runs = toRuns(text, fonts);
  const w = runs.reduce((n, r) => n + fonts.width(r.font, r.text, size), 0);
  const at = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
  await drawRuns(page, fonts, runs, at, y, size, color);
}

/**
 * Renders the PDF.
 * @param creator - written as the PDF Creator, e.g. `Custos 0.1.0`.
 * @returns the PDF bytes.
 */
export async function renderTranscriptPdf(
  input: TranscriptPdfInput,
  creator: string,
  producer: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  // fontkit 2 has the API pdf-lib calls (create, layout, glyphs, subsets via the adapter).
  doc.registerFontkit(pdfLibFontkit as unknown as Parameters<PDFDocument['registerFontkit']>[0]);
  const fonts = new FontSet(doc);
  const pages = paginate(bodyLines(input.transcript, input, fonts));
  const total = pages.length;
  for (const [n, lines] of pages.entries()) {
    const page = doc.addPage(PAGE);
    const [w, h] = PAGE;
    await drawText(
      page,
      fonts,
      `Exhibit ${input.exhibitRef} — transcript of ${input.sourceRef}`,
      MARGIN_X,
      h - 32,
      10,
      INK,
    );
    await drawText(
      page,
      fonts,
      `Page ${n + 1} of ${total}`,
      w - MARGIN_X,
      h - 32,
      10,
      INK,
      'right',
    );
    await drawText(
      page,
      fonts,
      `Source ${input.sourceRef} SHA-256 ${input.sourceSha256}`,
      MARGIN_X,
      h - 45,
      7.5,
      GREY,
    );
    await drawText(
      page,
      fonts,
      `Transcript ${input.exhibitRef} SHA-256 ${input.exhibitSha256}`,
      MARGIN_X,
      h - 55,
      7.5,
      GREY,
    );
    page.drawLine({
      start: { x: MARGIN_X, y: h - 61 },
      end: { x: w - MARGIN_X, y: h - 61 },
      thickness: 0.5,
      color: GREY,
    });
    page.drawLine({
      start: { x: MARGIN_X, y: 40 },
      end: { x: w - MARGIN_X, y: 40 },
      thickness: 0.5,
      color: GREY,
    });
    await drawText(
      page,
      fonts,
      `Exhibit ${input.exhibitRef} · derived from ${input.sourceRef} · Page ${n + 1} of ${total}`,
      w / 2,
      28,
      8,
      GREY,
      'center',
    );
    let y = BODY_TOP;
    for (const [i, l] of lines.entries()) {
      if (i > 0) y -= l.gap;
      await drawRuns(page, fonts, l.runs, MARGIN_X + l.indent, y - l.size, l.size, l.color);
      y -= lineHeight(l);
    }
  }
  const date = new Date(input.date);
  doc.setTitle(`Exhibit ${input.exhibitRef}: transcript of ${input.sourceRef}`);
  doc.setSubject(
    `Source ${input.sourceRef} SHA-256 ${input.sourceSha256}; transcript SHA-256 ${input.exhibitSha256}`,
  );
  doc.setCreator(creator);
  doc.setProducer(producer);
  doc.setCreationDate(date);
  doc.setModificationDate(date);
  return doc.save();
}
