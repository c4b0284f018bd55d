/**
 * The header grammar of `header.ts`, matched directly on UTF-8 bytes.
 *
 * The first pass (`survey.ts`) only needs the header fields of each line; scanning the bytes
 * avoids decoding the whole export to text a second time (the second pass decodes it through
 * `readLines`). Same language as {@link HEADER_RE} and {@link scanHeader}: the tests check all
 * three agree on every line they try, with positions mapped from UTF-16 units to bytes.
 *
 * Multi-byte pieces of the grammar, in UTF-8: direction marks U+200E/U+200F (E2 80 8E/8F),
 * U+202A–U+202E (E2 80 AA–AE), U+2066–U+2069 (E2 81 A6–A9); spaces U+00A0 (C2 A0) and U+202F
 * (E2 80 AF); the en dash U+2013 (E2 80 93); letters outside ASCII (decoded and tested against
 * `\p{L}`). Invalid UTF-8 simply does not match (the second pass reports it).
 */
import { packHeaderShape, type HeaderFields } from './header.ts';

const LETTER = /^\p{L}$/u;
const letterCache = new Map<number, boolean>();

function isDigit(b: number | undefined): boolean {
  return b !== undefined && b >= 48 && b <= 57;
}

/** Byte length of the direction mark at `i`, or 0. */
function markAt(s: Uint8Array, i: number): number {
  if (s[i] !== 0xe2) return 0;
  const b1 = s[i + 1];
  const b2 = s[i + 2];
  if (b2 === undefined) return 0;
  if (b1 === 0x80 && (b2 === 0x8e || b2 === 0x8f || (b2 >= 0xaa && b2 <= 0xae))) return 3;
  if (b1 === 0x81 && b2 >= 0xa6 && b2 <= 0xa9) return 3;
  return 0;
}

/** Byte length of the space (U+0020, U+00A0, U+202F) at `i`, or 0. */
function spAt(s: Uint8Array, i: number): number {
  const b = s[i];
  if (b === 0x20) return 1;
  if (b === 0xc2 && s[i + 1] === 0xa0) return 2;
  if (b === 0xe2 && s[i + 1] === 0x80 && s[i + 2] === 0xaf) return 3;
  return 0;
}

/** Byte length of `-` or U+2013 at `i`, or 0. */
function dashAt(s: Uint8Array, i: number): number {
  const b = s[i];
  if (b === 0x2d) return 1;
  if (b === 0xe2 && s[i + 1] === 0x80 && s[i + 2] === 0x93) return 3;
  return 0;
}

/** Byte length of the letter (`\p{L}`) at `i`, or 0. */
function letterAt(s: Uint8Array, i: number): number {
  const b = s[i];
  if (b === undefined) return 0;
  if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) return 1;
  if (b < 0xc2 || b > 0xf4) return 0;
  const n = b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
  let cp = b & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
  for (let k = 1; k < n; k++) {
    const c = s[i + k];
    if (c === undefined || (c & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (c & 0x3f);
  }
  if (
    (n === 3 && cp < 0x800) ||
    (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
    (cp >= 0xd800 && cp <= 0xdfff)
  )
    return 0;
  let is = letterCache.get(cp);
  if (is === undefined) {
    is = LETTER.test(String.fromCodePoint(cp));
    if (letterCache.size < 4096) letterCache.set(cp, is);
  }
  return is ? n : 0;
}

function skipMarks(s: Uint8Array, i: number): number {
  if (s[i] !== 0xe2) return i; // the usual case: no mark
  for (let k = 0; k < 4; k++) {
    const n = markAt(s, i);
    if (n === 0) break;
    i += n;
  }
  return i;
}

let tailKind = 0;
function scanTail(s: Uint8Array, i: number): number {
  const b = s[i];
  if (b === 0x5d) {
    tailKind = 1;
    return i + 1 + spAt(s, i + 1);
  }
  const sp = spAt(s, i);
  if (sp > 0) {
    const d = dashAt(s, i + sp);
    if (d > 0) {
      const sp2 = spAt(s, i + sp + d);
      if (sp2 > 0) {
        tailKind = 0;
        return i + sp + d + sp2;
      }
    }
    return -1;
  }
  const d = dashAt(s, i);
  if (d > 0) {
    const sp2 = spAt(s, i + d);
    if (sp2 === 0) return -1;
    tailKind = 0;
    return i + d + sp2;
  }
  if (b === 0x3a) {
    const sp2 = spAt(s, i + 1);
    if (sp2 === 0) return -1;
    tailKind = 2;
    return i + 1 + sp2;
  }
  return -1;
}

/**
 * The byte form of `HeaderMemo` (`header.ts`): the date parts of the last headers matched, so a
 * line starting with the same bytes followed by a digit skips re-reading them.
 */
export class HeaderBytesMemo {
  /** Most recent first. */
  readonly #entries: DatePartBytes[] = [];

  /** The remembered date part `bytes` starts with at `at`, followed by a digit, if any. */
  find(bytes: Uint8Array, at: number): DatePartBytes | undefined {
    search: for (const e of this.#entries) {
      const p = e.prefix;
      const n = p.length;
      if (!isDigit(bytes[at + n])) continue;
      for (let k = 0; k < n; k++) if (bytes[at + k] !== p[k]) continue search;
      return e;
    }
    return undefined;
  }

  remember(part: DatePartBytes): void {
    if (this.#entries.length >= 2) this.#entries.pop();
    this.#entries.unshift(part);
  }
}

/** What the date part of a header leaves for the time part; positions relative to the line start. */
interface DatePartBytes {
  readonly prefix: Uint8Array;
  readonly bracket: boolean;
  readonly n1: number;
  readonly n2: number;
  readonly n3: number;
  readonly n1Digits: number;
  readonly n3Digits: number;
  readonly sep: number;
  readonly sepSpace: boolean;
  readonly dot: boolean;
  readonly comma: boolean;
  readonly preStart: number;
  readonly preEnd: number;
}

/**
 * Matches a header at byte `at` of UTF-8 `bytes` (a line, or a chunk of many lines; the scan never
 * crosses a line break). Fills `out` like {@link scanHeader}, with byte positions.
 *
 * @param memo - date parts of earlier headers, to skip re-reading a shared one (same result either
 *   way; allocates a little when it remembers a new date part).
 * @returns true when a header starts at `at`.
 */
export function scanHeaderBytes(
  bytes: Uint8Array,
  at: number,
  out: HeaderFields,
  memo?: HeaderBytesMemo,
): boolean {
  const s = bytes;
  let i: number;
  let bracket: boolean;
  let n1: number;
  let n2: number;
  let n3: number;
  let n1Digits: number;
  let n3Digits: number;
  let sep: number | undefined;
  let sepSpace: boolean;
  let dot: boolean;
  let comma: boolean;
  let preStart: number;
  let preEnd: number;
  let k: number;
  let sp: number;
  let len: number;
  const known = memo?.find(s, at);
  if (known !== undefined) {
    i = at + known.prefix.length;
    ({ bracket, n1, n2, n3, n1Digits, n3Digits, sep, sepSpace, dot, comma } = known);
    preStart = known.preStart >= 0 ? at + known.preStart : -1;
    preEnd = known.preEnd >= 0 ? at + known.preEnd : -1;
  } else {
    i = at;
    const b0 = s[i];
    if (!(isDigit(b0) || b0 === 0x5b || markAt(s, i) > 0)) return false;
    i = skipMarks(s, i);
    bracket = s[i] === 0x5b;
    if (bracket) i++;
    i = skipMarks(s, i);
    n1 = 0;
    k = 0;
    for (; k < 4 && isDigit(s[i]); k++, i++) n1 = n1 * 10 + (s[i] as number) - 48;
    if (k === 0 || isDigit(s[i])) return false;
    n1Digits = k;
    i = skipMarks(s, i);
    sep = s[i];
    if (sep !== 0x2f && sep !== 0x2e && sep !== 0x2d) return false;
    i++;
    sp = spAt(s, i);
    sepSpace = sp > 0;
    i += sp;
    i = skipMarks(s, i);
    n2 = 0;
    for (k = 0; k < 2 && isDigit(s[i]); k++, i++) n2 = n2 * 10 + (s[i] as number) - 48;
    if (k === 0 || isDigit(s[i])) return false;
    i = skipMarks(s, i);
    if (s[i] !== sep) return false;
    i++;
    i += spAt(s, i);
    i = skipMarks(s, i);
    n3 = 0;
    for (k = 0; k < 4 && isDigit(s[i]); k++, i++) n3 = n3 * 10 + (s[i] as number) - 48;
    if (k === 0 || isDigit(s[i])) return false;
    n3Digits = k;
    i = skipMarks(s, i);
    dot = s[i] === 0x2e;
    if (dot) i++;
    i = skipMarks(s, i);
    comma = s[i] === 0x2c;
    if (comma) {
      i++;
      i += spAt(s, i);
      i += spAt(s, i);
    } else {
      sp = spAt(s, i);
      if (sp === 0) return false;
      i += sp;
      i += spAt(s, i);
    }
    i = skipMarks(s, i);
    preStart = -1;
    preEnd = -1;
    len = letterAt(s, i);
    if (len > 0) {
      preStart = i;
      let letters = 0;
      while (len > 0 && letters < 6) {
        i += len;
        letters++;
        len = letterAt(s, i);
      }
      if (len > 0) return false;
      if (s[i] === 0x2e) i++;
      preEnd = i;
      i += spAt(s, i);
      i += spAt(s, i);
      i = skipMarks(s, i);
    }
    // Here `i` is where the hour should start (`scanHeader` says why a digit there ends the date).
  }
  const hourAt = i;
  let hour = 0;
  for (k = 0; k < 2 && isDigit(s[i]); k++, i++) hour = hour * 10 + (s[i] as number) - 48;
  if (k === 0) return false;
  const tsep = s[i];
  if (tsep !== 0x3a && tsep !== 0x2e) return false;
  if (!isDigit(s[i + 1]) || !isDigit(s[i + 2])) return false;
  const minute = ((s[i + 1] as number) - 48) * 10 + (s[i + 2] as number) - 48;
  i += 3;
  let second = 0;
  let hasSeconds = false;
  if (s[i] === tsep && isDigit(s[i + 1]) && isDigit(s[i + 2])) {
    second = ((s[i + 1] as number) - 48) * 10 + (s[i + 2] as number) - 48;
    hasSeconds = true;
    i += 3;
  }
  i = skipMarks(s, i);
  let postStart = -1;
  let postEnd = -1;
  let bodyStart = -1;
  let j = i;
  j += spAt(s, j);
  j += spAt(s, j);
  len = letterAt(s, j);
  if (len > 0) {
    let q = j + len;
    for (let extra = 0; ; extra++) {
      const after = scanTail(s, skipMarks(s, q));
      if (after >= 0) {
        postStart = j;
        postEnd = q;
        bodyStart = after;
        break;
      }
      if (extra === 7) break;
      const c = s[q];
      const l = c === 0x2e || c === 0x20 ? 1 : spAt(s, q) || letterAt(s, q);
      if (l === 0) break;
      q += l;
    }
  }
  if (bodyStart < 0) bodyStart = scanTail(s, i);
  if (bodyStart < 0) return false;
  if (bracket !== (tailKind === 1)) return false;
  if (memo !== undefined && known === undefined) {
    memo.remember({
      prefix: s.slice(at, hourAt),
      bracket,
      n1,
      n2,
      n3,
      n1Digits,
      n3Digits,
      sep,
      sepSpace,
      dot,
      comma,
      preStart: preStart >= 0 ? preStart - at : -1,
      preEnd: preEnd >= 0 ? preEnd - at : -1,
    });
  }
  out.shape = packHeaderShape(
    tailKind,
    sep,
    sepSpace,
    n1Digits,
    n3Digits,
    dot,
    comma,
    preStart >= 0,
    tsep,
    hasSeconds,
    postStart >= 0,
  );
  out.n1 = n1;
  out.n2 = n2;
  out.n3 = n3;
  out.n1Digits = n1Digits;
  out.n3Digits = n3Digits;
  out.hour = hour;
  out.minute = minute;
  out.second = second;
  // A word after the time wins over one before it (`klo 7.02 PM`): the one before is then a connective.
  out.markerStart = postStart >= 0 ? postStart : preStart;
  out.markerEnd = postStart >= 0 ? postEnd : preEnd;
  out.bodyStart = bodyStart;
  return true;
}
