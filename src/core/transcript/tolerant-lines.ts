/**
 * Streaming text lines for line-based exports that may mix encodings: like `lines.ts` (split at
 * LF, a CR before it removed, 1-based line numbers, 0-based byte offsets, a leading UTF-8 BOM
 * skipped), but bytes that are not valid UTF-8 are read as Windows-1252 and reported through
 * `onRepair` instead of failing the whole file. Memory: one chunk plus one unfinished line.
 */
import { parseError } from '../errors.ts';
import { decodeTolerant } from './text-decode.ts';
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
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads `chunks` as lines of text.
 *
 * @returns lines in order; a final line without terminator is yielded, an empty one after a final
 *   LF is not.
 * @throws CustosError `PARSE_LINE_TOO_LONG` naming the line and byte offset.
 */
export async function* readTolerantLines(
  chunks: AsyncIterable<Uint8Array>,
  opts: TolerantLinesOptions,
): AsyncGenerator<TextLine> {
  const max = opts.maxLineBytes ?? 64 * 1024 * 1024;
  let parts: Uint8Array[] = [];
  let partLen = 0;
  let lineStart = 0; // byte offset of the current line
  let lineNo = 1;
  let first = true;

  const make = (bytes: Uint8Array, crlfPossible: boolean): TextLine => {
    let body = bytes;
    let crlf = false;
    if (crlfPossible && body.length > 0 && body[body.length - 1] === 0x0d) {
      body = body.subarray(0, body.length - 1);
      crlf = true;
    }
    let skip = 0;
    if (first) {
      first = false;
      if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) skip = 3;
    }
    const content = body.subarray(skip);
    let text: string;
    try {
      text = utf8.decode(content);
    } catch {
      const d = decodeTolerant(content);
      opts.onRepair?.(lineNo, lineStart + skip + d.firstRepair, d.repairedBytes);
      text = d.text;
    }
    return { text, line: lineNo, byteOffset: lineStart + skip, byteLength: content.length, crlf };
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

  for await (const chunk of chunks) {
    let at = 0;
    while (at < chunk.length) {
      const nl = chunk.indexOf(LF, at);
      if (nl < 0) {
        parts.push(chunk.slice(at)); // a copy: the producer may reuse its buffer
        partLen += chunk.length - at;
        if (partLen > max) throw tooLong();
        break;
      }
      let bytes: Uint8Array;
      if (partLen === 0) bytes = chunk.subarray(at, nl);
      else {
        bytes = new Uint8Array(partLen + nl - at);
        let k = 0;
        for (const p of parts) {
          bytes.set(p, k);
          k += p.length;
        }
        bytes.set(chunk.subarray(at, nl), k);
        parts = [];
        partLen = 0;
      }
      if (bytes.length > max) throw tooLong();
      yield make(bytes, true);
      lineStart += bytes.length + 1;
      lineNo++;
      at = nl + 1;
    }
  }
  if (partLen > 0) {
    const bytes = new Uint8Array(partLen);
    let k = 0;
    for (const p of parts) {
      bytes.set(p, k);
      k += p.length;
    }
    yield make(bytes, false);
  }
}
