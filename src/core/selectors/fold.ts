/**
 * Folding text for identifier search, with a map back to the original.
 *
 * Two views of one text, of equal length, sharing one offset map:
 * - `base`: invisible formatting characters removed (zero-width space/joiners, bidi marks and
 *   isolates, soft hyphen, BOM, variation selectors: Unicode general category Cf and U+FE00–FE0F),
 *   compatibility forms folded one code point at a time when NFKC gives a single code point
 *   (full-width `ｓａｍ` → `sam`, mathematical `𝐬`, no-break spaces → space), and Unicode dashes
 *   → `-`. URLs, e-mail addresses and phone numbers are read from this view.
 * - `skeleton`: `base` with each non-ASCII BMP letter that the Unicode confusables table
 *   (npm `confusables`, derived from UTS #39 `confusables.txt`) maps to one ASCII letter or digit
 *   replaced by it (Cyrillic `ѕаm` → `sam`). Cue words and platform usernames are read from this
 *   view: every username we record is ASCII on its platform, so a look-alike letter in one is
 *   obfuscation, not a different name.
 *
 * Offsets are UTF-16 code units. Pure.
 */
import { confusablesMap } from 'confusables';
import type { SelectorFlag } from './types.ts';

/** A folded text and its map back to the original. */
export interface FoldedText {
  readonly original: string;
  readonly base: string;
  readonly skeleton: string;
  /**
   * `from[i]`: start in `original` of the code point that produced unit `i` of `base`; `null`
   * when nothing was folded (`base === original`, unit `i` is unit `i`).
   */
  readonly from: Int32Array | null;
  /** `to[i]`: end (exclusive) in `original` of that code point; `null` as for `from`. */
  readonly to: Int32Array | null;
}

const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const INVISIBLE = /^[\p{Cf}\uFE00-\uFE0F\u034F\u115F\u1160\u3164\uFFA0]$/u;

type Piece = { readonly base: string; readonly skeleton: string };
const cache = new Map<number, Piece>();

function foldCodePoint(cp: number): Piece {
  const hit = cache.get(cp);
  if (hit) return hit;
  const ch = String.fromCodePoint(cp);
  let base = ch;
  if (INVISIBLE.test(ch)) base = '';
  else if (DASHES.test(ch)) base = '-';
  else if (cp >= 0x80) {
    const k = ch.normalize('NFKC');
    if (k !== ch && [...k].length === 1) base = /\s/u.test(k) ? ' ' : k;
  }
  let skeleton = base;
  if (base.length === 1 && base.charCodeAt(0) >= 0x80 && LETTER_OR_DIGIT.test(base)) {
    const c = confusablesMap.get(base);
    if (c !== undefined && /^[A-Za-z0-9]$/.test(c)) skeleton = c;
  }
  const piece = { base, skeleton };
  if (cache.size < 65536) cache.set(cp, piece);
  return piece;
}

/**
 * Folds `original` into its `base` and `skeleton` views.
 * @param original - any text (a message text, a sender label).
 * @returns both views (equal length) and the offset map; `base === original` for plain ASCII text.
 */
export function foldText(original: string): FoldedText {
  if (/^[\x20-\x7e\n\t]*$/.test(original))
    return { original, base: original, skeleton: original, from: null, to: null };
  const base: string[] = [];
  const skeleton: string[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < original.length;) {
    const cp = original.codePointAt(i) ?? 0;
    const len = cp > 0xffff ? 2 : 1;
    const piece = foldCodePoint(cp);
    if (piece.base.length > 0) {
      base.push(piece.base);
      // The skeleton keeps base's length: a replacement is one unit for one unit.
      skeleton.push(piece.skeleton.length === piece.base.length ? piece.skeleton : piece.base);
      for (let u = 0; u < piece.base.length; u++) {
        from.push(i);
        to.push(i + len);
      }
    }
    i += len;
  }
  return {
    original,
    base: base.join(''),
    skeleton: skeleton.join(''),
    from: Int32Array.from(from),
    to: Int32Array.from(to),
  };
}

/**
 * Maps `[start, end)` in the folded views back to the original text.
 * @returns `[start, end)` in UTF-16 code units of `folded.original`; `end > start` when `end > start` was given.
 */
export function originalSpan(folded: FoldedText, start: number, end: number): [number, number] {
  const { from, to } = folded;
  if (from === null || to === null) return [start, Math.max(start, end)];
  if (end <= start) {
    const at = start < from.length ? (from[start] ?? 0) : folded.original.length;
    return [at, at];
  }
  return [from[start] ?? 0, to[end - 1] ?? folded.original.length];
}

/**
 * What folding changed inside `[start, end)` of the folded views, for the selector's flags.
 * `skeletonUsed` says whether the value was read from the skeleton view; `whole` examines the
 * whole original (a label), including invisible characters at its ends.
 */
export function foldFlags(
  folded: FoldedText,
  start: number,
  end: number,
  skeletonUsed: boolean,
  whole = false,
): SelectorFlag[] {
  const [s, e] = whole ? [0, folded.original.length] : originalSpan(folded, start, end);
  const raw = folded.original.slice(s, e);
  const base = folded.base.slice(start, end);
  const flags: SelectorFlag[] = [];
  if (raw === base && (!skeletonUsed || folded.skeleton.slice(start, end) === base)) return flags;
  let invisible = false;
  let compat = false;
  for (let i = 0; i < raw.length;) {
    const cp = raw.codePointAt(i) ?? 0;
    const ch = String.fromCodePoint(cp);
    const piece = foldCodePoint(cp);
    if (piece.base === '') invisible = true;
    else if (piece.base !== ch) compat = true;
    i += ch.length;
  }
  if (invisible) flags.push('invisible-removed');
  if (compat) flags.push('compatibility-folded');
  if (skeletonUsed && folded.skeleton.slice(start, end) !== base) flags.push('confusables-folded');
  return flags;
}

/** Folds a short string (a label, a username) to its skeleton view, lower-cased. */
export function skeletonOf(text: string): string {
  return foldText(text).skeleton.toLowerCase();
}
