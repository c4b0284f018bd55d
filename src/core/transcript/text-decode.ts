/**
 * Tolerant text decoding for chat exports that are "UTF-8, mostly": bytes that are not valid UTF-8
 * (RFC 3629 §3, §4) are read as Windows-1252 (WHATWG Encoding Standard, "windows-1252" index), the
 * usual source of stray bytes in hand-edited or re-saved exports. Every repair is counted so that
 * the parser can record a note; nothing is dropped.
 */
import { findInvalidUtf8 } from './lines.ts';

const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const fromCodes = String.fromCharCode;

/**
 * ASCII bytes `b[s, e)` to a string, eight characters per call (for short strings several times
 * faster than a TextDecoder call, whose fixed cost dominates below about 20 bytes). The caller
 * makes sure every byte is below 0x80.
 */
export function asciiGroups(b: Uint8Array, s: number, e: number): string {
  let out = '';
  let k = s;
  for (; k + 8 <= e; k += 8)
    out += fromCodes(
      b[k] as number,
      b[k + 1] as number,
      b[k + 2] as number,
      b[k + 3] as number,
      b[k + 4] as number,
      b[k + 5] as number,
      b[k + 6] as number,
      b[k + 7] as number,
    );
  const r = e - k;
  if (r === 0) return out;
  const c0 = b[k] as number;
  if (r === 1) return out + fromCodes(c0);
  const c1 = b[k + 1] as number;
  if (r === 2) return out + fromCodes(c0, c1);
  const c2 = b[k + 2] as number;
  if (r === 3) return out + fromCodes(c0, c1, c2);
  const c3 = b[k + 3] as number;
  if (r === 4) return out + fromCodes(c0, c1, c2, c3);
  const c4 = b[k + 4] as number;
  if (r === 5) return out + fromCodes(c0, c1, c2, c3, c4);
  const c5 = b[k + 5] as number;
  if (r === 6) return out + fromCodes(c0, c1, c2, c3, c4, c5);
  return out + fromCodes(c0, c1, c2, c3, c4, c5, b[k + 6] as number);
}

/**
 * Decodes `bytes[s, e)` as UTF-8 (RFC 3629), with a fast path for short ASCII.
 *
 * @returns the text, or `null` when the bytes are not valid UTF-8.
 */
export function decodeAsciiOrUtf8(bytes: Uint8Array, s: number, e: number): string | null {
  if (e <= s) return '';
  if (e - s <= 16) {
    let hi = 0;
    for (let k = s; k < e; k++) hi |= bytes[k] as number;
    if (hi < 0x80) return asciiGroups(bytes, s, e);
  }
  try {
    return fatal.decode(bytes.subarray(s, e));
  } catch {
    return null;
  }
}

/** Windows-1252 code points for bytes 0x80–0x9F (the rest of the upper half equals Latin-1). */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039,
  0x0152, 0x8d, 0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc,
  0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178,
];

/** The character Windows-1252 assigns to `byte` (0x81, 0x8D, 0x8F, 0x90, 0x9D map to the C1 control of that value). */
export function cp1252Char(byte: number): string {
  return String.fromCharCode(
    byte >= 0x80 && byte <= 0x9f ? (CP1252_HIGH[byte - 0x80] as number) : byte,
  );
}

/** Result of {@link decodeTolerant}. */
export interface DecodedText {
  readonly text: string;
  /** Number of bytes that were not valid UTF-8 and were read as Windows-1252. */
  readonly repairedBytes: number;
  /** Offset (into the input) of the first repaired byte, or -1. */
  readonly firstRepair: number;
}

/**
 * Decodes `bytes` as UTF-8; each byte of an invalid sequence is read as Windows-1252 instead.
 *
 * @param bytes - complete text (callers must not split a valid multi-byte sequence).
 * @returns the text and how many bytes were repaired (0 when the input was valid UTF-8).
 */
export function decodeTolerant(bytes: Uint8Array): DecodedText {
  try {
    return { text: fatal.decode(bytes), repairedBytes: 0, firstRepair: -1 };
  } catch {
    // fall through to the slow path
  }
  let out = '';
  let repaired = 0;
  let first = -1;
  let at = 0;
  while (at < bytes.length) {
    const rest = bytes.subarray(at);
    const bad = findInvalidUtf8(rest);
    if (bad < 0) {
      out += fatal.decode(rest);
      break;
    }
    if (bad > 0) out += fatal.decode(rest.subarray(0, bad));
    out += cp1252Char(rest[bad] as number);
    if (first < 0) first = at + bad;
    repaired++;
    at += bad + 1;
  }
  return { text: out, repairedBytes: repaired, firstRepair: first };
}

/** Replaces unpaired UTF-16 surrogates with U+FFFD; returns the text and how many were replaced. */
export function replaceLoneSurrogates(s: string): { text: string; replaced: number } {
  let replaced = 0;
  let out: string[] | undefined;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    if (c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    out ??= [];
    out.push(s.slice(from, i), '\uFFFD');
    from = i + 1;
    replaced++;
  }
  if (!out) return { text: s, replaced: 0 };
  out.push(s.slice(from));
  return { text: out.join(''), replaced };
}

/**
 * Chunk-by-chunk version of {@link decodeTolerant}: a multi-byte UTF-8 sequence split across two
 * chunks is completed before decoding. `onRepair` receives the absolute offset of the first
 * repaired byte of a chunk and how many bytes it repaired.
 */
export class TolerantStreamDecoder {
  #carry: Uint8Array | null = null;
  #offset = 0; // absolute offset of the next byte to decode
  #first = true;
  readonly #onRepair: (byteOffset: number, repairedBytes: number) => void;

  constructor(onRepair: (byteOffset: number, repairedBytes: number) => void = () => {}) {
    this.#onRepair = onRepair;
  }

  /** Decodes the next chunk (`final`: no more chunks follow). A leading UTF-8 BOM is dropped. */
  push(chunk: Uint8Array, final = false): string {
    let buf = chunk;
    if (this.#carry) {
      buf = new Uint8Array(this.#carry.length + chunk.length);
      buf.set(this.#carry, 0);
      buf.set(chunk, this.#carry.length);
      this.#carry = null;
    }
    let start = 0;
    if (this.#first && (buf.length >= 3 || final)) {
      this.#first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    } else if (this.#first) {
      this.#carry = buf.slice();
      return '';
    }
    let cut = buf.length;
    if (!final) {
      // keep back an incomplete multi-byte sequence at the end
      for (let k = buf.length - 1; k >= start && k >= buf.length - 3; k--) {
        const c = buf[k] as number;
        if ((c & 0xc0) === 0x80) continue;
        if (c >= 0xc0) {
          const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
          if (k + len > buf.length) cut = k;
        }
        break;
      }
    }
    const d = decodeTolerant(buf.subarray(start, cut));
    if (d.repairedBytes > 0) this.#onRepair(this.#offset + start + d.firstRepair, d.repairedBytes);
    if (cut < buf.length) this.#carry = buf.slice(cut);
    this.#offset += cut;
    return d.text;
  }
}
