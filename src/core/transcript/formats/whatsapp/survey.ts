/**
 * First pass over a WhatsApp export: which header shape the file uses, and the evidence for its
 * day/month order and clock, gathered over every line (fixtures README "Day/month order").
 *
 * The pass looks only at the start of each line, on the raw bytes (`header-bytes.ts`), without
 * decoding the export to text: the second pass decodes it through `readLineBatches`, validating
 * UTF-8 strictly and reporting errors with their location. Memory stays bounded: one chunk, at most
 * {@link PREFIX_BYTES} of an unfinished line, and a few counters per shape (at most
 * {@link MAX_SHAPES} shapes are tracked).
 */
import { newHeaderFields, shapeHasMarker, shapeYearFirst, type HeaderShape } from './header.ts';
import { HeaderBytesMemo, scanHeaderBytes } from './header-bytes.ts';
import {
  addChronologyKeys,
  addClockEvidenceOf,
  addEvidenceKeys,
  dateKeyIn,
  decideClock,
  decideOrder,
  emptyChronology,
  emptyClockEvidence,
  emptyEvidence,
  markerInfo,
  timeKey,
  type ClockDecision,
  type AttachmentDates,
  type Chronology,
  type ClockEvidence,
  type MarkerInfo,
  type OrderDecision,
  type OrderEvidence,
} from './date-order.ts';
import { dateInFileName, referencedFileName } from './placeholders.ts';

/** Bytes kept of a line that spans chunks: enough for a header and an attachment name. */
export const PREFIX_BYTES = 4096;
/** Distinct header shapes tracked per file. */
export const MAX_SHAPES = 32;

/** Counters for one header shape. */
export interface ShapeSurvey {
  readonly shape: HeaderShape;
  count: number;
  /** 1-based line of the first header of this shape. */
  readonly firstLine: number;
  readonly order: OrderEvidence;
  readonly clock: ClockEvidence;
  readonly chronology: Chronology;
}

/** Archive facts the survey may use. */
export interface SurveyArchive {
  /** The zip-entry modification date (`[y, m, d]`) of a referenced file, if the archive has it. */
  readonly entryDate: (fileName: string) => readonly [number, number, number] | null;
}

/** What the first pass found. */
export interface Survey {
  /** Lines in the entry. */
  readonly lines: number;
  /** Shapes by number of header lines, most first. */
  readonly shapes: readonly ShapeSurvey[];
}

/** The decisions for the chosen shape. */
export interface Decisions {
  readonly shape: ShapeSurvey;
  readonly order: OrderDecision;
  readonly clock: ClockDecision;
}

const lenient = new TextDecoder('utf-8');

/** The attachment of the line being surveyed, found only when asked. */
class LineAttachment implements AttachmentDates {
  #bytes: Uint8Array = new Uint8Array(0);
  #bodyAt = 0;
  #end = 0;
  #name: string | null | undefined;
  readonly #archive: SurveyArchive | undefined;

  constructor(archive: SurveyArchive | undefined) {
    this.#archive = archive;
  }

  reset(bytes: Uint8Array, bodyAt: number, end: number): void {
    this.#bytes = bytes;
    this.#bodyAt = bodyAt;
    this.#end = end;
    this.#name = undefined;
  }

  #fileName(): string | null {
    if (this.#name !== undefined) return this.#name;
    this.#name = null;
    const bytes = this.#bytes;
    let e = this.#end;
    if (bytes[e - 1] === 0x0d) e--;
    const last = bytes[e - 1];
    if (last !== 0x3e && last !== 0x29) return null;
    const body = lenient.decode(
      bytes.subarray(this.#bodyAt, Math.min(e, this.#bodyAt + PREFIX_BYTES)),
    );
    const colon = body.indexOf(': ');
    if (colon > 0) this.#name = referencedFileName(body.slice(colon + 2));
    return this.#name;
  }

  fileNameDate(): readonly [number, number, number] | null {
    const n = this.#fileName();
    return n === null ? null : dateInFileName(n);
  }

  entryDate(): readonly [number, number, number] | null {
    const n = this.#archive === undefined ? null : this.#fileName();
    return n === null || this.#archive === undefined ? null : this.#archive.entryDate(n);
  }
}

/** Marker words, looked up by their bytes (a file uses two or three spellings). */
class MarkerTexts {
  readonly #known: { readonly bytes: Uint8Array; readonly info: MarkerInfo }[] = [];

  get(bytes: Uint8Array, start: number, end: number): MarkerInfo {
    const len = end - start;
    search: for (const k of this.#known) {
      const b = k.bytes;
      if (b.length !== len) continue;
      for (let i = 0; i < len; i++) if (b[i] !== bytes[start + i]) continue search;
      return k.info;
    }
    const copy = bytes.slice(start, end);
    const info = markerInfo(lenient.decode(copy));
    if (this.#known.length < 64) this.#known.push({ bytes: copy, info });
    return info;
  }
}

/**
 * Surveys one entry.
 *
 * @param chunks - the entry's bytes.
 * @param archive - zip facts for the date-order evidence (optional).
 * @returns counters per header shape; never throws for bad input (errors are the second pass's).
 */
export async function surveyExport(
  chunks: AsyncIterable<Uint8Array>,
  archive?: SurveyArchive,
): Promise<Survey> {
  const shapes = new Map<HeaderShape, ShapeSurvey>();
  const markers = new MarkerTexts();
  let lineNo = 0;

  // One long-lived object answers the attachment questions for the line being looked at.
  const current = new LineAttachment(archive);
  const h = newHeaderFields();
  const memo = new HeaderBytesMemo();
  let last: ShapeSurvey | undefined;
  // The date of the header before, read in the three orders: consecutive headers mostly share it.
  let n1 = -1;
  let n2 = -1;
  let n3 = -1;
  let digits = -1;
  let dmy = -1;
  let mdy = -1;
  let ymd = -1;
  const scanLine = (bytes: Uint8Array, start: number, end: number): void => {
    lineNo++;
    if (!scanHeaderBytes(bytes, start, h, memo)) return;
    let s = last !== undefined && last.shape === h.shape ? last : shapes.get(h.shape);
    if (s === undefined) {
      if (shapes.size >= MAX_SHAPES) return;
      s = {
        shape: h.shape,
        count: 0,
        firstLine: lineNo,
        order: emptyEvidence(),
        clock: emptyClockEvidence(),
        chronology: emptyChronology(),
      };
      shapes.set(h.shape, s);
    }
    last = s;
    s.count++;
    const d = h.n1Digits * 8 + h.n3Digits;
    if (h.n1 !== n1 || h.n2 !== n2 || h.n3 !== n3 || d !== digits) {
      n1 = h.n1;
      n2 = h.n2;
      n3 = h.n3;
      digits = d;
      dmy = dateKeyIn(h, 'DMY');
      mdy = dateKeyIn(h, 'MDY');
      ymd = dateKeyIn(h, 'YMD');
    }
    let half = -1;
    if (h.markerStart >= 0) {
      const marker = markers.get(bytes, h.markerStart, h.markerEnd);
      addClockEvidenceOf(s.clock, marker, h.hour, lineNo);
      half = marker.half;
    }
    addChronologyKeys(s.chronology, dmy, mdy, ymd, timeKey(h.hour, h.minute, h.second, half));
    if (shapeYearFirst(h.shape)) return;
    current.reset(bytes, h.bodyStart, end);
    addEvidenceKeys(s.order, dmy, mdy, h.n1 !== h.n2, lineNo, current);
  };

  // The start of a line that continues in the next chunks: its pieces, at most PREFIX_BYTES in all.
  let pieces: Uint8Array[] = [];
  let pieceBytes = 0;
  let open = false;
  const flush = (): void => {
    const single = pieces.length === 1 ? pieces[0] : undefined;
    const line = single ?? new Uint8Array(pieceBytes);
    if (single === undefined) {
      let at = 0;
      for (const p of pieces) {
        line.set(p, at);
        at += p.length;
      }
    }
    pieces = [];
    pieceBytes = 0;
    open = false;
    scanFirst(line, 0, line.length);
  };
  const keep = (bytes: Uint8Array): void => {
    const take = Math.min(bytes.length, PREFIX_BYTES - pieceBytes);
    if (take > 0) {
      pieces.push(bytes.slice(0, take));
      pieceBytes += take;
    }
    open = true;
  };
  // The first line may start with a byte-order mark (its bytes still count as line 1).
  const scanFirst = (bytes: Uint8Array, start: number, end: number): void => {
    if (
      lineNo === 0 &&
      bytes[start] === 0xef &&
      bytes[start + 1] === 0xbb &&
      bytes[start + 2] === 0xbf
    )
      start += 3;
    scanLine(bytes, start, end);
  };

  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    let start = 0;
    if (open) {
      const nl = chunk.indexOf(0x0a);
      if (nl < 0) {
        keep(chunk);
        continue;
      }
      keep(chunk.subarray(0, nl));
      flush();
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      scanFirst(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) keep(chunk.subarray(start));
  }
  if (open) flush();

  const list = [...shapes.values()].sort((a, b) => b.count - a.count || a.firstLine - b.firstLine);
  return { lines: lineNo, shapes: list };
}

/**
 * Chooses the file's header shape (the one most lines have; on a tie, the earliest) and decides
 * its date order and clock.
 *
 * @param exportDate - the chat entry's zip modification date, for the date-order fallback.
 * @returns null when no line has a header shape.
 */
export function decide(
  survey: Survey,
  exportDate?: readonly [number, number, number],
): Decisions | null {
  const shape = survey.shapes[0];
  if (shape === undefined) return null;
  return {
    shape,
    order: decideOrder(shape.order, shapeYearFirst(shape.shape), exportDate),
    clock: decideClock(shape.clock, shapeHasMarker(shape.shape)),
  };
}
