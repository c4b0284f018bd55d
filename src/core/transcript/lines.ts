/**
 * Streaming line reader for line-based chat exports (WhatsApp .txt, imessage-exporter .txt).
 *
 * Splits a byte stream at LF, strips a CR before it (CRLF records), validates UTF-8 strictly and
 * tracks 1-based line numbers and 0-based byte offsets so that every message can be cited back to
 * the original bytes. Never holds more than one chunk plus one unfinished line in memory. Lines
 * come one at a time (`readLines`) or a batch at a time (`readLineBatches`, for large inputs).
 */
import { parseError, type SourceLocation } from '../errors.ts';

/** One line of text with where it is in the original bytes. */
export interface TextLine {
  /** The line without its terminator (LF or CRLF). A bare CR inside a line is kept. */
  readonly text: string;
  /** 1-based line number. */
  readonly line: number;
  /** 0-based byte offset of the line's first byte. */
  readonly byteOffset: number;
  /** Length in bytes, without the terminator. */
  readonly byteLength: number;
  /** True when the line ended with CRLF. */
  readonly crlf: boolean;
}

/** Options for {@link readLines}. */
export interface ReadLinesOptions {
  /** Display name of the file, for error messages. */
  readonly file: string;
  /** Entry inside an archive or folder, for error messages. */
  readonly entry?: string;
  /** Longest accepted line in bytes (default 64 MiB); longer raises PARSE_LINE_TOO_LONG. */
  readonly maxLineBytes?: number;
}

const LF = 0x0a;
const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Lines per {@link LineBatch} at most. */
export const BATCH_LINES = 512;
const fatalDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Finds the first invalid UTF-8 sequence in `bytes` (RFC 3629 §4: shortest form, no surrogates,
 * at most U+10FFFF). Returns its index, or -1 when the bytes are valid.
 */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i] as number;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function location(opts: ReadLinesOptions, line: number, byteOffset: number): SourceLocation {
  return opts.entry === undefined
    ? { file: opts.file, line, byteOffset }
    : { file: opts.file, entry: opts.entry, line, byteOffset };
}

/**
 * Whole lines decoded from one stretch of the input (lines of one chunk, with the unfinished line
 * carried over from the chunk before; batches of one chunk share their `text`). Line `k`
 * (0 ≤ k < `count`) is `text.slice(starts[k], ends[k])`, its number is `firstLine + k`. Built for
 * callers that read millions of lines: nothing is allocated per line, a line's text is only cut
 * out when asked.
 */
export interface LineBatch {
  /** The decoded lines, terminators included (a UTF-8 byte-order mark at the file start is not). */
  readonly text: string;
  /** Lines in the batch (at least 1); the arrays below may be longer, entries past it mean nothing. */
  readonly count: number;
  /** 1-based number of the batch's first line. */
  readonly firstLine: number;
  /** UTF-16 index in `text` where each line starts. */
  readonly starts: Int32Array;
  /** UTF-16 index in `text` where each line ends, before its terminator (LF or CRLF). */
  readonly ends: Int32Array;
  /** 0-based byte offset of each line's first byte in the file. */
  readonly byteOffsets: Float64Array;
  /** Length in bytes of each line, without the terminator. */
  readonly byteLengths: Float64Array;
  /** 1 where a line ended with CRLF, 0 where with LF (or with nothing, at the end of the file). */
  readonly crlf: Uint8Array;
}

/**
 * Line `k` of a batch as a {@link TextLine} (allocates the object and cuts out the text).
 *
 * @param batch - a batch from {@link readLineBatches}.
 * @param k - 0-based index of the line in the batch (0 ≤ k < `batch.count`).
 */
export function lineAt(batch: LineBatch, k: number): TextLine {
  return {
    text: batch.text.slice(batch.starts[k], batch.ends[k]),
    line: batch.firstLine + k,
    byteOffset: batch.byteOffsets[k] as number,
    byteLength: batch.byteLengths[k] as number,
    crlf: batch.crlf[k] === 1,
  };
}

/**
 * Reads `chunks` as UTF-8 text lines, a batch at a time: the complete lines of each chunk, decoded
 * together and handed over in {@link LineBatch}es of up to {@link BATCH_LINES} lines (one await
 * per batch instead of one per line). Same lines, numbers, offsets and errors as {@link readLines}.
 *
 * @param chunks - the bytes of one file or archive entry, in order.
 * @returns an async iterator of batches, in file order; a final line without terminator is part of
 *   the last batch, an empty final line after a trailing LF is not. A UTF-8 byte-order mark at the
 *   start is skipped (its 3 bytes still count in byte offsets).
 * @throws CustosError `PARSE_INVALID_UTF8` naming the line and byte offset of the first bad byte
 *   (before the batch that holds it is handed over); `PARSE_LINE_TOO_LONG` when a line exceeds
 *   `maxLineBytes`.
 */
export async function* readLineBatches(
  chunks: AsyncIterable<Uint8Array>,
  opts: ReadLinesOptions,
): AsyncGenerator<LineBatch> {
  const maxLine = opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  let carry: Uint8Array[] = []; // pieces of the unfinished line
  let carryLength = 0;
  let carryOffset = 0; // byte offset of carry[0] in the file
  let lineNo = 1;
  let first = true;

  /**
   * The LF-terminated lines in `buf`, in batches of at most {@link BATCH_LINES};
   * `lastIsSynthetic`: the final LF was added here.
   */
  function* batches(
    buf: Uint8Array,
    bufOffset: number,
    lastIsSynthetic: boolean,
  ): Generator<LineBatch> {
    let start = 0;
    if (first) {
      first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    }
    let text: string;
    try {
      text = fatalDecoder.decode(buf.subarray(start));
    } catch {
      const bad = Math.max(findInvalidUtf8(buf.subarray(start)), 0) + start;
      let line = lineNo;
      for (let k = start; k < bad; k++) if (buf[k] === LF) line++;
      const byte = (buf[bad] ?? 0).toString(16).padStart(2, '0');
      throw parseError(
        'PARSE_INVALID_UTF8',
        `invalid UTF-8 byte 0x${byte}; expected UTF-8 text`,
        location(opts, line, bufOffset + bad),
      );
    }
    // LF is one byte and one UTF-16 unit, and never part of a multi-byte sequence, so byte
    // positions and string positions of line ends advance in lockstep. A line takes at least as
    // many bytes as UTF-16 units, so its LF is at or after the byte it would be at if the line were
    // ASCII, and when that byte is an LF it is the line's own (the line holds none).
    const lastNl = text.length - 1;
    let pos = 0;
    let bytePos = start;
    while (pos < text.length) {
      // Small batches: what the caller makes of a batch is garbage before the next one is made.
      const starts = new Int32Array(BATCH_LINES);
      const ends = new Int32Array(BATCH_LINES);
      const byteOffsets = new Float64Array(BATCH_LINES);
      const byteLengths = new Float64Array(BATCH_LINES);
      const crlf = new Uint8Array(BATCH_LINES);
      const firstLine = lineNo;
      let n = 0;
      for (; n < BATCH_LINES && pos < text.length; n++) {
        const nl = text.indexOf('\n', pos);
        const ifAscii = bytePos + (nl - pos);
        const byteNl = buf[ifAscii] === LF ? ifAscii : buf.indexOf(LF, ifAscii);
        let end = nl;
        let byteLength = byteNl - bytePos;
        // A CR before the LF is part of a CRLF terminator, except before the LF added at the end.
        if (nl > pos && text.charCodeAt(nl - 1) === 0x0d && !(lastIsSynthetic && nl === lastNl)) {
          end--;
          byteLength--;
          crlf[n] = 1;
        }
        starts[n] = pos;
        ends[n] = end;
        byteOffsets[n] = bufOffset + bytePos;
        byteLengths[n] = byteLength;
        pos = nl + 1;
        bytePos = byteNl + 1;
      }
      lineNo += n;
      yield { text, count: n, firstLine, starts, ends, byteOffsets, byteLengths, crlf };
    }
  }

  for await (const chunk of chunks) {
    if (chunk.length === 0) continue;
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf < 0) {
      carry.push(chunk);
      carryLength += chunk.length;
      if (carryLength > maxLine) throw tooLong(opts, lineNo, carryOffset, maxLine);
      continue;
    }
    carry.push(chunk.subarray(0, lastLf + 1));
    const buf = concat(carry, carryLength + lastLf + 1);
    checkLongLines(buf, opts, lineNo, carryOffset, maxLine);
    const rest = chunk.slice(lastLf + 1);
    yield* batches(buf, carryOffset, false);
    carryOffset += buf.length;
    carry = rest.length > 0 ? [rest] : [];
    carryLength = rest.length;
    if (carryLength > maxLine) throw tooLong(opts, lineNo, carryOffset, maxLine);
  }
  if (carryLength > 0) {
    carry.push(new Uint8Array([LF]));
    yield* batches(concat(carry, carryLength + 1), carryOffset, true);
  }
}

/**
 * Reads `chunks` as UTF-8 text lines, one at a time (a thin layer over {@link readLineBatches};
 * callers that read millions of lines should take the batches).
 *
 * @param chunks - the bytes of one file or archive entry, in order.
 * @returns an async iterator of {@link TextLine}; a final line without terminator is yielded too,
 *   an empty final line after a trailing LF is not. A UTF-8 byte-order mark at the start is skipped
 *   (its 3 bytes still count in byte offsets).
 * @throws CustosError `PARSE_INVALID_UTF8` naming the line and byte offset of the first bad byte;
 *   `PARSE_LINE_TOO_LONG` when a line exceeds `maxLineBytes`.
 */
export async function* readLines(
  chunks: AsyncIterable<Uint8Array>,
  opts: ReadLinesOptions,
): AsyncGenerator<TextLine> {
  for await (const b of readLineBatches(chunks, opts))
    for (let k = 0; k < b.count; k++) yield lineAt(b, k);
}

function checkLongLines(
  buf: Uint8Array,
  opts: ReadLinesOptions,
  lineNo: number,
  offset: number,
  maxLine: number,
): void {
  if (buf.length <= maxLine) return;
  let start = 0;
  let line = lineNo;
  for (;;) {
    const nl = buf.indexOf(LF, start);
    const end = nl < 0 ? buf.length : nl;
    if (end - start > maxLine) throw tooLong(opts, line, offset + start, maxLine);
    if (nl < 0) return;
    start = nl + 1;
    line++;
  }
}

function tooLong(opts: ReadLinesOptions, line: number, byteOffset: number, max: number) {
  return parseError(
    'PARSE_LINE_TOO_LONG',
    `line is longer than ${max} bytes; expected a chat export with line breaks between messages`,
    location(opts, line, byteOffset),
  );
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1 && parts[0]?.length === length) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
