/**
 * First pass over a WhatsApp export: which header shape the file uses, and the evidence for its
 * day/month order and clock, gathered over every line (fixtures README "Day/month order").
 *
 * The pass looks only at the start of each line, on the raw bytes (`header-bytes.ts`), without
 * decoding the export to text: the second pass decodes it through `readLines`, validating UTF-8
 * strictly and reporting errors with their location. Memory stays bounded: one chunk, at most
 * {@link PREFIX_BYTES} of an unfinished line, and a few counters per shape (at most
 * {@link MAX_SHAPES} shapes are tracked).
 */
import { newHeaderFields, shapeHasMarker, shapeYearFirst, type HeaderShape } from './header.ts';
import { scanHeaderBytes } from './header-bytes.ts';
import {
  addChronology,
  addClockEvidence,
  addEvidence,
  decideClock,
  decideOrder,
  emptyChronology,
  emptyClockEvidence,
  emptyEvidence,
  type ClockDecision,
  type AttachmentDates,
  type Chronology,
  type ClockEvidence,
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

/** Marker words as text, cached by their bytes (a file uses two or three spellings). */
class MarkerTexts {
  readonly #byHash = new Map<number, { readonly bytes: Uint8Array; readonly text: string }>();

  get(bytes: Uint8Array, start: number, end: number): string {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
    const hit = this.#byHash.get(hash);
    if (
      hit !== undefined &&
      hit.bytes.length === end - start &&
      hit.bytes.every((b, k) => b === bytes[start + k])
    )
      return hit.text;
    const copy = bytes.slice(start, end);
    const text = lenient.decode(copy);
    if (this.#byHash.size < 64) this.#byHash.set(hash, { bytes: copy, text });
    return text;
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
  const scanLine = (bytes: Uint8Array, start: number, end: number): void => {
    lineNo++;
    if (!scanHeaderBytes(bytes, start, h)) return;
    let s = shapes.get(h.shape);
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
    s.count++;
    const marker = h.markerStart >= 0 ? markers.get(bytes, h.markerStart, h.markerEnd) : null;
    if (marker !== null) addClockEvidence(s.clock, marker, h.hour, lineNo);
    addChronology(s.chronology, h, h.hour, h.minute, h.second, marker);
    if (shapeYearFirst(h.shape)) return;
    current.reset(bytes, h.bodyStart, end);
    addEvidence(s.order, h, lineNo, current);
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
