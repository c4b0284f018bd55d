/**
 * The WhatsApp "Export chat" message header, locale-independent.
 *
 * A record starts with a header written by the exporting phone in its own language and region
 * (research note `chat-formats.md` §1, fixtures README "Day/month order"):
 *
 * ```
 * Android   05/03/2024, 14:22 - Alex: text          3/8/24, 7:02 PM - Jordan: text
 *           20/6/2023 8:28 p. m. - Mateo: text      2023/12/20, 5:46 pm - Alex: text
 *           2024. 3. 5. 오후 7:02 - Min: text         05.03.24, 18:40 - <event text>
 * iOS       [15/06/2024, 10:00:00] Sam: text        ‎[3/14/24, 7:02:15 PM] Jamie: ‎image omitted
 * old iOS   12/24/17, 10:00:00 PM: Sam: text
 * ```
 *
 * The grammar: optional direction marks; `[` (iOS); a date of three numbers separated by one of
 * `/ . -` (the same one twice, optionally followed by a space; optionally a final `.`); a comma
 * and/or spaces; an optional marker word before the time (`오후`, `午後`); the time `H:MM` or
 * `H.MM` with optional seconds; an optional marker after it (`PM`, `a. m.`, `p.<U+00A0>m.`, with
 * U+202F/U+00A0/space before or inside); then `] ` (iOS), ` - ` (Android) or `: ` (old iOS).
 * Direction marks (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) are allowed where exporters
 * insert them: at the line start, around numbers and before the tail.
 *
 * Only the *shape* is recognised here. Whether a line really starts a message is decided per file
 * by its {@link HeaderShape} (every header of one export has the same shape) and whether its date
 * and time are possible (see `survey.ts` and `whatsapp-parser.ts`).
 *
 * {@link HEADER_RE} is the grammar's specification. The parser runs {@link scanHeader}, a hand-written
 * scan of the same language that allocates nothing (and `scanHeaderBytes` for UTF-8 bytes); the
 * tests check that all three accept the same lines with the same fields. Both scans can take a
 * memo of the date parts of earlier headers ({@link HeaderMemo}), which changes no result and
 * saves re-reading the date that consecutive messages share.
 *
 * Performance and safety: the expression is anchored at the line start and every quantifier in it
 * is bounded, and the scans only loop over bounded runs, so a match attempt examines at most
 * {@link MAX_HEADER_CHARS} characters whatever the length of the line (no catastrophic
 * backtracking on attacker-controlled text).
 */

const BIDI = '[\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069]';
const MARKS = `${BIDI}{0,4}`;
/** Space, NO-BREAK SPACE, NARROW NO-BREAK SPACE. */
const SP = '[ \\u00a0\\u202f]';

/**
 * The header expression. Capture groups:
 * 1 `[`, 2 first number, 3 date separator, 4 space after separator, 5 second number,
 * 6 third number, 7 trailing `.`, 8 comma, 9 marker before the time, 10 hour, 11 time separator,
 * 12 minute, 13 second, 14 marker after the time, 15 `]` tail, 16 `:` tail (the ` - ` tail has no group).
 */
export const HEADER_RE = new RegExp(
  '^' +
    MARKS +
    '(\\[)?' +
    MARKS +
    '(\\d{1,4})' +
    MARKS +
    `([./-])(${SP})?` +
    MARKS +
    '(\\d{1,2})' +
    MARKS +
    `\\3${SP}?` +
    MARKS +
    '(\\d{1,4})' +
    MARKS +
    '(\\.)?' +
    MARKS +
    `(?:(,)${SP}{0,2}|${SP}{1,2})` +
    MARKS +
    `(?:(\\p{L}{1,6}\\.?)${SP}{0,2}${MARKS})?` +
    '(\\d{1,2})([:.])(\\d{2})(?:\\11(\\d{2}))?' +
    MARKS +
    `(?:${SP}{0,2}(\\p{L}[\\p{L}.\\u00a0\\u202f ]{0,7}?)${MARKS})?` +
    `(?:(\\])${SP}?|${SP}?[-\\u2013]${SP}|(:)${SP})`,
  'u',
);

/**
 * Upper bound on the UTF-16 code units a header match can span. Every quantifier in
 * {@link HEADER_RE} is bounded; the sum of their maxima (13 runs of direction marks of at most 4,
 * plus at most 66 other characters) is below this. The tests check both facts: that the source
 * has no unbounded quantifier, and that a match depends only on this many leading characters.
 */
export const MAX_HEADER_CHARS = 160;

/** Record layouts. */
export type Layout = 'android' | 'ios' | 'ios-colon';

/**
 * The shape of a header, packed into a small integer: everything that stays the same for every
 * header of one export (layout, separators, year width and position, comma, seconds, markers),
 * and nothing that changes from line to line (the numbers, padding, which marker).
 */
export type HeaderShape = number;

const SHAPE_LAYOUT_MASK = 0b11;

/**
 * Packs the parts of a header that every header of one export shares into a {@link HeaderShape}.
 * Bits: 0–1 layout (0 Android, 1 iOS bracketed, 2 iOS with a colon after the time); 2–3 date
 * separator (0 `/`, 1 `.`, 2 `-`, 3 other); 4 a space after the separator; 5 four-digit first
 * number (year first); 6 four-digit last number; 7 a dot after the date; 8 a comma after it;
 * 9 a marker word before the time; 10 `.` between hours and minutes; 11 seconds; 12 a marker word
 * after the time. {@link shapeLayout}, {@link shapeYearFirst}, {@link shapeHasMarker} and
 * {@link describeShape} read them back.
 *
 * @param layoutCode - 0, 1 or 2 as above.
 * @param sep - the date separator's UTF-16 code unit (or byte).
 */
export function packHeaderShape(
  layoutCode: number,
  sep: number,
  sepSpace: boolean,
  n1Digits: number,
  n3Digits: number,
  dot: boolean,
  comma: boolean,
  markerBefore: boolean,
  timeSep: number,
  hasSeconds: boolean,
  markerAfter: boolean,
): HeaderShape {
  return (
    layoutCode |
    ((sep === 0x2f ? 0 : sep === 0x2e ? 1 : sep === 0x2d ? 2 : 3) << 2) |
    ((sepSpace ? 1 : 0) << 4) |
    ((n1Digits === 4 ? 1 : 0) << 5) |
    ((n3Digits === 4 ? 1 : 0) << 6) |
    ((dot ? 1 : 0) << 7) |
    ((comma ? 1 : 0) << 8) |
    ((markerBefore ? 1 : 0) << 9) |
    ((timeSep === 0x2e ? 1 : 0) << 10) |
    ((hasSeconds ? 1 : 0) << 11) |
    ((markerAfter ? 1 : 0) << 12)
  );
}

/** A header that matched; numbers unchecked. */
export interface HeaderMatch {
  readonly shape: HeaderShape;
  readonly layout: Layout;
  /** The three date numbers as written, in order, and the digit counts of the first and last. */
  readonly n1: number;
  readonly n2: number;
  readonly n3: number;
  readonly n1Digits: number;
  readonly n3Digits: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  /** Marker word before or after the time (`PM`, `p. m.`, `오후`), as written; null when none. */
  readonly marker: string | null;
  /** UTF-16 index in the line where the text after the header starts. */
  readonly bodyStart: number;
}

/** The fields {@link scanHeader} fills in; one object is reused for every line. */
export interface HeaderFields {
  shape: HeaderShape;
  n1: number;
  n2: number;
  n3: number;
  n1Digits: number;
  n3Digits: number;
  hour: number;
  minute: number;
  second: number;
  /** UTF-16 range of the marker word in the scanned text; both -1 when there is none. */
  markerStart: number;
  markerEnd: number;
  /** UTF-16 index in the scanned text where the text after the header starts. */
  bodyStart: number;
}

/** A zeroed {@link HeaderFields} to pass to {@link scanHeader}. */
export function newHeaderFields(): HeaderFields {
  return {
    shape: 0,
    n1: 0,
    n2: 0,
    n3: 0,
    n1Digits: 0,
    n3Digits: 0,
    hour: 0,
    minute: 0,
    second: 0,
    markerStart: -1,
    markerEnd: -1,
    bodyStart: 0,
  };
}

function isMark(c: number): boolean {
  return (
    c === 0x200e || c === 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
  );
}

function isSp(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x202f;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

const LETTER = /^\p{L}$/u;
const letterCache = new Map<number, boolean>();

/** Length in UTF-16 units of the letter (`\p{L}`) starting at `i`, or 0 when none starts there. */
function letterAt(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) return 1;
  if (c < 0x80 || Number.isNaN(c)) return 0;
  const cp = t.codePointAt(i) as number;
  let is = letterCache.get(cp);
  if (is === undefined) {
    is = LETTER.test(String.fromCodePoint(cp));
    if (letterCache.size < 4096) letterCache.set(cp, is);
  }
  return is ? (cp > 0xffff ? 2 : 1) : 0;
}

function skipMarks(t: string, i: number): number {
  if (t.charCodeAt(i) < 0x200e) return i; // the usual case: no mark
  const end = i + 4;
  while (i < end && isMark(t.charCodeAt(i))) i++;
  return i;
}

/** Matches the tail (`] `, ` - `, `: `) at `i`; returns the index after it and sets `tailKind`, or -1. */
let tailKind = 0; // 0 android, 1 ios, 2 ios-colon
function scanTail(t: string, i: number): number {
  const c = t.charCodeAt(i);
  if (c === 0x5d /* ] */) {
    tailKind = 1;
    return isSp(t.charCodeAt(i + 1)) ? i + 2 : i + 1;
  }
  if (isSp(c)) {
    const d = t.charCodeAt(i + 1);
    if ((d === 0x2d || d === 0x2013) && isSp(t.charCodeAt(i + 2))) {
      tailKind = 0;
      return i + 3;
    }
    return -1;
  }
  if ((c === 0x2d || c === 0x2013) && isSp(t.charCodeAt(i + 1))) {
    tailKind = 0;
    return i + 2;
  }
  if (c === 0x3a /* : */ && isSp(t.charCodeAt(i + 1))) {
    tailKind = 2;
    return i + 2;
  }
  return -1;
}

/**
 * The date parts (from the line start up to the hour) of the last headers a scan matched, so that
 * a line starting with the same text skips re-reading them: consecutive messages mostly share
 * their date. Sound because the date part of the grammar reads nothing past the hour's first digit
 * except to see that it is a digit, and it is one in both lines (see {@link scanHeader}).
 * Holds two date parts (a file may alternate between two, e.g. with and without a leading mark).
 */
export class HeaderMemo {
  /** Most recent first. */
  readonly #entries: DatePart[] = [];

  /** The remembered date part `text` starts with at `at`, followed by a digit, if any. */
  find(text: string, at: number): DatePart | undefined {
    for (const e of this.#entries) {
      const hourAt = at + e.prefix.length;
      if (isDigit(text.charCodeAt(hourAt)) && text.startsWith(e.prefix, at)) return e;
    }
    return undefined;
  }

  remember(part: DatePart): void {
    if (this.#entries.length >= 2) this.#entries.pop();
    this.#entries.unshift(part);
  }
}

/** What the date part of a header leaves for the time part; positions relative to the line start. */
interface DatePart {
  readonly prefix: string;
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
 * Matches a header at UTF-16 index `at` of `text`, without allocating: the same language as
 * {@link HEADER_RE} (the tests check that both agree), implemented as a bounded scan.
 *
 * @param text - a line, or a chunk holding many lines (the scan never crosses a line break).
 * @param at - where the line starts.
 * @param out - receives the fields when the result is true (reuse one object).
 * @param memo - date parts of earlier headers, to skip re-reading a shared one (same result
 *   either way; allocates a little when it remembers a new date part).
 * @returns true when a header starts at `at`. Examines at most {@link MAX_HEADER_CHARS} units.
 */
export function scanHeader(
  text: string,
  at: number,
  out: HeaderFields,
  memo?: HeaderMemo,
): boolean {
  let i: number;
  let bracket: boolean;
  let n1: number;
  let n2: number;
  let n3: number;
  let n1Digits: number;
  let n3Digits: number;
  let sep: number;
  let sepSpace: boolean;
  let dot: boolean;
  let comma: boolean;
  let preStart: number;
  let preEnd: number;
  let k: number;
  const known = memo?.find(text, at);
  if (known !== undefined) {
    i = at + known.prefix.length;
    ({ bracket, n1, n2, n3, n1Digits, n3Digits, sep, sepSpace, dot, comma } = known);
    preStart = known.preStart >= 0 ? at + known.preStart : -1;
    preEnd = known.preEnd >= 0 ? at + known.preEnd : -1;
  } else {
    i = at;
    const c0 = text.charCodeAt(i);
    if (!(isDigit(c0) || c0 === 0x5b || isMark(c0))) return false;
    i = skipMarks(text, i);
    bracket = text.charCodeAt(i) === 0x5b;
    if (bracket) i++;
    i = skipMarks(text, i);
    // First number: 1-4 digits.
    n1 = 0;
    k = 0;
    for (; k < 4 && isDigit(text.charCodeAt(i)); k++, i++) n1 = n1 * 10 + text.charCodeAt(i) - 48;
    if (k === 0 || isDigit(text.charCodeAt(i))) return false;
    n1Digits = k;
    i = skipMarks(text, i);
    sep = text.charCodeAt(i);
    if (sep !== 0x2f && sep !== 0x2e && sep !== 0x2d) return false;
    i++;
    sepSpace = isSp(text.charCodeAt(i));
    if (sepSpace) i++;
    i = skipMarks(text, i);
    n2 = 0;
    for (k = 0; k < 2 && isDigit(text.charCodeAt(i)); k++, i++)
      n2 = n2 * 10 + text.charCodeAt(i) - 48;
    if (k === 0 || isDigit(text.charCodeAt(i))) return false;
    i = skipMarks(text, i);
    if (text.charCodeAt(i) !== sep) return false;
    i++;
    if (isSp(text.charCodeAt(i))) i++;
    i = skipMarks(text, i);
    n3 = 0;
    for (k = 0; k < 4 && isDigit(text.charCodeAt(i)); k++, i++)
      n3 = n3 * 10 + text.charCodeAt(i) - 48;
    if (k === 0 || isDigit(text.charCodeAt(i))) return false;
    n3Digits = k;
    i = skipMarks(text, i);
    dot = text.charCodeAt(i) === 0x2e;
    if (dot) i++;
    i = skipMarks(text, i);
    // Between date and time: a comma and up to two spaces, or one or two spaces.
    comma = text.charCodeAt(i) === 0x2c;
    if (comma) {
      i++;
      if (isSp(text.charCodeAt(i))) i++;
      if (isSp(text.charCodeAt(i))) i++;
    } else {
      if (!isSp(text.charCodeAt(i))) return false;
      i++;
      if (isSp(text.charCodeAt(i))) i++;
    }
    i = skipMarks(text, i);
    // Optional marker before the time: 1-6 letters, an optional dot, up to two spaces, marks.
    preStart = -1;
    preEnd = -1;
    let len = letterAt(text, i);
    if (len > 0) {
      preStart = i;
      let letters = 0;
      while (len > 0 && letters < 6) {
        i += len;
        letters++;
        len = letterAt(text, i);
      }
      if (len > 0) return false;
      if (text.charCodeAt(i) === 0x2e) i++;
      preEnd = i;
      if (isSp(text.charCodeAt(i))) i++;
      if (isSp(text.charCodeAt(i))) i++;
      i = skipMarks(text, i);
    }
    // Here `i` is where the hour should start. Everything above read the text before `i`, and at
    // `i` only looked for a letter, a dot, a space or a mark: a digit there is none of them.
  }
  const hourAt = i;
  // Time: H or HH, `:` or `.`, MM, optionally the same separator and SS.
  let hour = 0;
  for (k = 0; k < 2 && isDigit(text.charCodeAt(i)); k++, i++)
    hour = hour * 10 + text.charCodeAt(i) - 48;
  if (k === 0) return false;
  const tsep = text.charCodeAt(i);
  if (tsep !== 0x3a && tsep !== 0x2e) return false;
  if (!isDigit(text.charCodeAt(i + 1)) || !isDigit(text.charCodeAt(i + 2))) return false;
  const minute = (text.charCodeAt(i + 1) - 48) * 10 + text.charCodeAt(i + 2) - 48;
  i += 3;
  let second = 0;
  let hasSeconds = false;
  if (
    text.charCodeAt(i) === tsep &&
    isDigit(text.charCodeAt(i + 1)) &&
    isDigit(text.charCodeAt(i + 2))
  ) {
    second = (text.charCodeAt(i + 1) - 48) * 10 + text.charCodeAt(i + 2) - 48;
    hasSeconds = true;
    i += 3;
  }
  i = skipMarks(text, i);
  // Optional marker after the time (shortest that lets the tail match), then the tail.
  let postStart = -1;
  let postEnd = -1;
  let bodyStart = -1;
  let j = i;
  if (isSp(text.charCodeAt(j))) j++;
  if (isSp(text.charCodeAt(j))) j++;
  const len = letterAt(text, j);
  if (len > 0) {
    let q = j + len;
    for (let extra = 0; ; extra++) {
      const after = scanTail(text, skipMarks(text, q));
      if (after >= 0) {
        postStart = j;
        postEnd = q;
        bodyStart = after;
        break;
      }
      if (extra === 7) break;
      const c = text.charCodeAt(q);
      const l = c === 0x2e || c === 0x20 || c === 0xa0 || c === 0x202f ? 1 : letterAt(text, q);
      if (l === 0) break;
      q += l;
    }
  }
  if (bodyStart < 0) bodyStart = scanTail(text, i);
  if (bodyStart < 0) return false;
  if (bracket !== (tailKind === 1)) return false;
  if (memo !== undefined && known === undefined) {
    memo.remember({
      prefix: text.slice(at, hourAt),
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

const scratch = newHeaderFields();

/**
 * Matches a header at the start of `line` (allocating convenience form of {@link scanHeader}).
 *
 * @param line - one line of the export, without its line terminator.
 * @returns the header fields, or null when the line does not start with the header shape.
 */
export function matchHeader(line: string): HeaderMatch | null {
  if (!scanHeader(line, 0, scratch)) return null;
  const f = scratch;
  return {
    shape: f.shape,
    layout: shapeLayout(f.shape),
    n1: f.n1,
    n2: f.n2,
    n3: f.n3,
    n1Digits: f.n1Digits,
    n3Digits: f.n3Digits,
    hour: f.hour,
    minute: f.minute,
    second: f.second,
    marker: f.markerStart >= 0 ? line.slice(f.markerStart, f.markerEnd) : null,
    bodyStart: f.bodyStart,
  };
}

/**
 * The specification form: matches `line` with {@link HEADER_RE} itself. Same result as
 * {@link matchHeader}; slower (it allocates the captures). Used by the tests as the oracle.
 */
export function matchHeaderRegex(line: string): HeaderMatch | null {
  const m = HEADER_RE.exec(line);
  if (m === null) return null;
  const d1 = m[2] as string;
  const d3 = m[6] as string;
  const preMarker = m[9];
  const postMarker = m[14];
  const seconds = m[13];
  const layout: Layout =
    m[15] !== undefined ? 'ios' : m[16] !== undefined ? 'ios-colon' : 'android';
  // A bracketed header closes with `]`; an unbracketed one never does.
  if ((m[1] !== undefined) !== (layout === 'ios')) return null;
  const shape = packHeaderShape(
    layout === 'android' ? 0 : layout === 'ios' ? 1 : 2,
    (m[3] as string).charCodeAt(0),
    m[4] !== undefined,
    d1.length,
    d3.length,
    m[7] !== undefined,
    m[8] !== undefined,
    preMarker !== undefined,
    (m[11] ?? ':').charCodeAt(0),
    seconds !== undefined,
    postMarker !== undefined,
  );
  return {
    shape,
    layout,
    n1: Number(d1),
    n2: Number(m[5]),
    n3: Number(d3),
    n1Digits: d1.length,
    n3Digits: d3.length,
    hour: Number(m[10]),
    minute: Number(m[12]),
    second: seconds === undefined ? 0 : Number(seconds),
    marker: postMarker ?? preMarker ?? null,
    bodyStart: m[0].length,
  };
}

/** The layout a shape stands for. */
export function shapeLayout(shape: HeaderShape): Layout {
  const l = shape & SHAPE_LAYOUT_MASK;
  return l === 0 ? 'android' : l === 1 ? 'ios' : 'ios-colon';
}

/** True when headers of this shape write the year first with four digits (`2023/12/20`). */
export function shapeYearFirst(shape: HeaderShape): boolean {
  return ((shape >> 5) & 1) === 1;
}

/** True when headers of this shape carry an AM/PM-style marker word. */
export function shapeHasMarker(shape: HeaderShape): boolean {
  return ((shape >> 9) & 1) === 1 || ((shape >> 12) & 1) === 1;
}

/** A readable description of a shape, for notes and error messages (e.g. `[D/M/YYYY, H:MM:SS]`). */
export function describeShape(shape: HeaderShape): string {
  const sep = ['/', '.', '-', '?'][(shape >> 2) & 3] ?? '?';
  const sp = (shape >> 4) & 1 ? ' ' : '';
  const y1 = (shape >> 5) & 1;
  const y4 = (shape >> 6) & 1;
  const date = y1
    ? `YYYY${sep}${sp}M${sep}${sp}D`
    : `N${sep}${sp}N${sep}${sp}${y4 ? 'YYYY' : 'YY'}`;
  const dot = (shape >> 7) & 1 ? '.' : '';
  const comma = (shape >> 8) & 1 ? ',' : '';
  const pre = (shape >> 9) & 1 ? 'AM/PM ' : '';
  const tsep = (shape >> 10) & 1 ? '.' : ':';
  const secs = (shape >> 11) & 1 ? `${tsep}SS` : '';
  const post = (shape >> 12) & 1 ? ' AM/PM' : '';
  const time = `${pre}H${tsep}MM${secs}${post}`;
  const layout = shapeLayout(shape);
  const core = `${date}${dot}${comma} ${time}`;
  return layout === 'ios'
    ? `[${core}] Name: text`
    : layout === 'ios-colon'
      ? `${core}: Name: text`
      : `${core} - Name: text`;
}
