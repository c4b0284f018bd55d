/**
 * Streaming text lines for line-based exports that may mix encodings: like `lines.ts` (split at
 * LF, a CR before it removed, 1-based line numbers, 0-based byte offsets, a leading UTF-8 BOM
 * skipped), but bytes that are not valid UTF-8 are read as Windows-1252 and reported through
 * `onRepair` instead of failing the whole file. Memory: one chunk plus one unfinished line.
 */
import { parseError } from '../errors.ts';
import { decodeAsciiOrUtf8, decodeTolerant } from './text-decode.ts';
import type { TextLine } from './lines.ts';

/** Options of {@link readTolerantLines}. */
export interface TolerantLinesOptions {
  readonly file: string;
  readonly entry?: string;
  /** Longest accepted line in bytes (default 64 MiB); longer raises `PARSE_LINE_TOO_LONG`. */
  readonly maxLineBytes?: number;
  /** Called once per line that held invalid UTF-8, with the offset of its first repaired byte. */
  readonly onRepair?: (line: number, byteOffset: number, repairedBytes: number) => void;
}

const LF = 0x0a;
/** Bytes of input per batch of lines (keeps what a batch holds alive small). */
const SLICE_BYTES = 64 * 1024;

/** A line of a batch held bytes that were not valid UTF-8 (they were read as Windows-1252). */
export interface LineRepair {
  /** Index of the line in its batch. */
  readonly index: number;
  /** 0-based byte offset of the first repaired byte in the file. */
  readonly byteOffset: number;
  /** Number of bytes read as Windows-1252. */
  readonly repairedBytes: number;
}

/**
 * The lines of one stretch of the input, and which of them needed a repair: line `k`
 * (0 ≤ k < `count`) is `texts[k]`, number `firstLine + k`, at `byteOffsets[k]` (arrays rather than
 * an object per line: a large export has millions of lines).
 */
export interface TolerantLineBatch {
  readonly count: number;
  /** The decoded lines, without terminators. */
  readonly texts: readonly string[];
  /** 1-based number of the first line. */
  readonly firstLine: number;
  /** 0-based byte offset of each line's first byte (after a byte-order mark). */
  readonly byteOffsets: readonly number[];
  /** Length in bytes of each line, without its terminator. */
  readonly byteLengths: readonly number[];
  /** Whether each line ended with CRLF. */
  readonly crlf: readonly boolean[];
  /** Repaired lines, in order (usually none). */
  readonly repairs: readonly LineRepair[];
}

const NO_LINE_REPAIRS: readonly LineRepair[] = Object.freeze([]);

/**
 * Reads `chunks` as lines, a batch at a time (the complete lines of each 64 KiB of input): the same
 * lines as {@link readTolerantLines}, with one asynchronous step per batch instead of per line.
 * Repairs are not reported through `onRepair` but listed with each batch, so that the caller can
 * record them in line order, between its own notes.
 *
 * @returns batches in file order; lines as {@link readTolerantLines} yields them.
 * @throws CustosError `PARSE_LINE_TOO_LONG` naming the line and byte offset, after the batch of
 *   the lines before it.
 */
export async function* readTolerantLineBatches(
  chunks: AsyncIterable<Uint8Array>,
  opts: Omit<TolerantLinesOptions, 'onRepair'>,
): AsyncGenerator<TolerantLineBatch> {
  const max = opts.maxLineBytes ?? 64 * 1024 * 1024;
  let parts: Uint8Array[] = [];
  let partLen = 0;
  let lineStart = 0; // byte offset of the current line
  let lineNo = 1;
  let first = true;
  let texts: string[] = [];
  let byteOffsets: number[] = [];
  let byteLengths: number[] = [];
  let crlfs: boolean[] = [];
  let firstLine = 1;
  let repairs: LineRepair[] | null = null;

  /** Adds the line `bytes[from, to)` (its LF not included). */
  const make = (bytes: Uint8Array, from: number, to: number, crlfPossible: boolean): void => {
    let end = to;
    let crlf = false;
    if (crlfPossible && end > from && bytes[end - 1] === 0x0d) {
      end--;
      crlf = true;
    }
    let start = from;
    if (first) {
      first = false;
      if (bytes[from] === 0xef && bytes[from + 1] === 0xbb && bytes[from + 2] === 0xbf) start += 3;
    }
    const skip = start - from;
    let text = decodeAsciiOrUtf8(bytes, start, end);
    if (text === null) {
      const d = decodeTolerant(bytes.subarray(start, end));
      (repairs ??= []).push({
        index: texts.length,
        byteOffset: lineStart + skip + d.firstRepair,
        repairedBytes: d.repairedBytes,
      });
      text = d.text;
    }
    if (texts.length === 0) firstLine = lineNo;
    texts.push(text);
    byteOffsets.push(lineStart + skip);
    byteLengths.push(Math.max(0, end - start));
    crlfs.push(crlf);
  };
  const tooLong = () =>
    parseError(
      'PARSE_LINE_TOO_LONG',
      `line is longer than ${max} bytes; expected a chat export with line breaks between messages`,
      {
        file: opts.file,
        ...(opts.entry === undefined ? {} : { entry: opts.entry }),
        line: lineNo,
        byteOffset: lineStart,
      },
    );
  const take = (): TolerantLineBatch => {
    const b = {
      count: texts.length,
      texts,
      firstLine,
      byteOffsets,
      byteLengths,
      crlf: crlfs,
      repairs: repairs ?? NO_LINE_REPAIRS,
    };
    texts = [];
    byteOffsets = [];
    byteLengths = [];
    crlfs = [];
    repairs = null;
    return b;
  };

  for await (const input of chunks) {
    // a plain view: subarrays of Node Buffers are several times slower to make
    const chunk =
      input.constructor === Uint8Array
        ? input
        : new Uint8Array(input.buffer, input.byteOffset, input.length);
    for (let from = 0; from < chunk.length; from += SLICE_BYTES) {
      const piece =
        from === 0 && chunk.length <= SLICE_BYTES
          ? chunk
          : chunk.subarray(from, from + SLICE_BYTES);
      let error: Error | null = null;
      let at = 0;
      while (at < piece.length) {
        const nl = piece.indexOf(LF, at);
        if (nl < 0) {
          parts.push(piece.slice(at)); // a copy: the producer may reuse its buffer
          partLen += piece.length - at;
          if (partLen > max) error = tooLong();
          break;
        }
        let length: number;
        if (partLen === 0) {
          length = nl - at;
          if (length > max) {
            error = tooLong();
            break;
          }
          make(piece, at, nl, true);
        } else {
          const bytes = new Uint8Array(partLen + nl - at);
          let k = 0;
          for (const p of parts) {
            bytes.set(p, k);
            k += p.length;
          }
          bytes.set(piece.subarray(at, nl), k);
          parts = [];
          partLen = 0;
          length = bytes.length;
          if (length > max) {
            error = tooLong();
            break;
          }
          make(bytes, 0, length, true);
        }
        lineStart += length + 1;
        lineNo++;
        at = nl + 1;
      }
      if (texts.length > 0) yield take();
      if (error) throw error;
    }
  }
  if (partLen > 0) {
    const bytes = new Uint8Array(partLen);
    let k = 0;
    for (const p of parts) {
      bytes.set(p, k);
      k += p.length;
    }
    make(bytes, 0, bytes.length, false);
    yield take();
  }
}

/**
 * Reads `chunks` as lines of text, one at a time (a thin layer over
 * {@link readTolerantLineBatches}; `onRepair` is called just before the repaired line is yielded).
 *
 * @returns lines in order; a final line without terminator is yielded, an empty one after a final
 *   LF is not.
 * @throws CustosError `PARSE_LINE_TOO_LONG` naming the line and byte offset.
 */
export async function* readTolerantLines(
  chunks: AsyncIterable<Uint8Array>,
  opts: TolerantLinesOptions,
): AsyncGenerator<TextLine> {
  for await (const b of readTolerantLineBatches(chunks, opts)) {
    let r = 0;
    for (let k = 0; k < b.count; k++) {
      const rep = b.repairs[r];
      if (rep?.index === k) {
        r++;
        opts.onRepair?.(b.firstLine + k, rep.byteOffset, rep.repairedBytes);
      }
      yield tolerantLineAt(b, k);
    }
  }
}

/**
 * Line `k` of a batch as a {@link TextLine} (allocates the object).
 *
 * @param batch - a batch from {@link readTolerantLineBatches}.
 * @param k - 0-based index of the line in the batch (0 ≤ k < `batch.count`).
 */
export function tolerantLineAt(batch: TolerantLineBatch, k: number): TextLine {
  return {
    text: batch.texts[k] as string,
    line: batch.firstLine + k,
    byteOffset: batch.byteOffsets[k] as number,
    byteLength: batch.byteLengths[k] as number,
    crlf: batch.crlf[k] as boolean,
  };
}
