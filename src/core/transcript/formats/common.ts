/**
 * Helpers shared by the chat-export parsers in this folder: locations and origins, streaming JSON
 * entries into ordered items with their repairs, content sampling for detection, and time helpers.
 */
import { parseError, type ParseErrorCode, type SourceLocation } from '../../errors.ts';
import {
  JsonStreamReader,
  sampleJson,
  type JsonRepair,
  type JsonValue,
  type PathPart,
  type SelectMode,
} from '../json-stream.ts';
import {
  formatUtc,
  formatWithOffset,
  isValidLocalDate,
  isValidTimeZone,
  LocalTimeResolver,
  type LocalDateTime,
} from '../local-time.ts';
import type { ScanContext } from '../ordering.ts';
import type { Detection, DetectionProbe, ExportSource, FormatId, MessageOrigin } from '../types.ts';

/** Location of an entry for error messages: the entry is named only for folders and archives. */
export function entryLocation(source: ExportSource, entry: string): SourceLocation {
  return source.kind === 'file' ? { file: source.label } : { file: source.label, entry };
}

/** Origin of a record inside an entry (entry omitted for single-file exports). */
export function originOf(
  source: ExportSource,
  entry: string,
  byteOffset?: number,
  byteLength?: number,
  line?: number,
): MessageOrigin {
  if (source.kind === 'file' && line === undefined && byteOffset !== undefined) {
    return byteLength === undefined ? { byteOffset } : { byteOffset, byteLength };
  }
  const o: { entry?: string; byteOffset?: number; byteLength?: number; line?: number } = {};
  if (source.kind !== 'file') o.entry = entry;
  if (line !== undefined) o.line = line;
  if (byteOffset !== undefined) o.byteOffset = byteOffset;
  if (byteLength !== undefined) o.byteLength = byteLength;
  return o;
}

/** Throws a `PARSE_*` error located at a record. */
export function failAt(
  code: ParseErrorCode,
  message: string,
  source: ExportSource,
  entry: string,
  at: { byteOffset?: number; line?: number },
): never {
  throw parseError(code, message, { ...entryLocation(source, entry), ...at });
}

/** Total size in bytes of the named entries of an export (for {@link emitInOrder}'s `inputBytes`). */
export function entriesBytes(source: ExportSource, entries: readonly string[]): number {
  const wanted = new Set(entries);
  let total = 0;
  for (const e of source.entries) if (wanted.has(e.path)) total += e.size;
  return total;
}

/** The bytes of an entry, each chunk reported to `ctx.read` (for the ordering's memory projection). */
export async function* readCounted(
  source: ExportSource,
  entry: string,
  ctx: ScanContext,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of source.open(entry)) {
    ctx.read(chunk.length);
    yield chunk;
  }
}

/** Last path segment (`/` or `\` separated). */
export function baseName(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut >= 0 ? path.slice(cut + 1) : path;
}

/** Directory part of an entry path, `''` at the root. */
export function dirName(path: string): string {
  const cut = path.lastIndexOf('/');
  return cut >= 0 ? path.slice(0, cut) : '';
}

/** Joins a directory and a relative path, resolving `./` and `../` segments. */
export function joinPath(dir: string, rel: string): string {
  const out: string[] = dir ? dir.split('/') : [];
  for (const seg of rel.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/');
}

/** Plain-language text for each JSON repair code. */
export const JSON_REPAIR_TEXT: Record<JsonRepair['code'], string> = {
  INVALID_ESCAPE_REPAIRED:
    'invalid JSON escape: \\xHH read as the character U+00HH; other unknown escapes kept as written',
  INVALID_UTF8_REPAIRED:
    'bytes that are not valid UTF-8 were read as Windows-1252 (mixed encodings)',
  LONE_SURROGATE_REPLACED:
    'a \\u escape named half of a UTF-16 surrogate pair without the other half; replaced by U+FFFD',
  RAW_CONTROL_CHARACTER:
    'a control character appeared unescaped inside a JSON string; kept as it is',
  TRAILING_COMMA_IGNORED: 'a comma before a closing bracket was ignored',
  NUMBER_KEPT_AS_TEXT:
    'an integer too large for exact arithmetic was kept as its digits (e.g. an unquoted id)',
};

/** Text of the truncation note. */
export const TRUNCATED_TEXT =
  'the file ends in the middle of the data (truncated or damaged export); messages before that point were read, the incomplete last record was not';

/** One emitted JSON value with its byte range and the repairs made inside it. */
export interface JsonRecord {
  readonly path: readonly PathPart[];
  readonly value: JsonValue;
  readonly start: number;
  readonly end: number;
  readonly repairs: readonly { code: string; message: string }[];
}

/** Bytes of input per batch of records. */
const BATCH_BYTES = 64 * 1024;

/** The `repairs` of a record without any (shared: never modify). */
export const NO_REPAIRS: readonly { code: string; message: string }[] = Object.freeze([]);

/**
 * Streams one JSON entry, yielding every value `select` asks to emit, with the repairs that fell
 * inside it, in batches: the records completed by each chunk of input, in file order (one
 * asynchronous step per chunk rather than per record). Repairs are recorded as notes on `ctx`; a
 * truncated file gives an `INPUT_TRUNCATED` note (the records before the cut are kept).
 *
 * @param keysOnlyBuild - while `ctx.keysOnly`, the members of each record (by its path) that the
 *   parser still needs; the others are read and checked, not built (`buildOnly` of the reader).
 * @throws CustosError `PARSE_BAD_JSON` / `PARSE_TOO_LARGE` from {@link JsonStreamReader}.
 */
export async function* jsonRecords(
  source: ExportSource,
  entry: string,
  ctx: ScanContext,
  select: (path: readonly PathPart[]) => SelectMode,
  prune?: ReadonlySet<string>,
  keysOnlyBuild?: (path: readonly PathPart[]) => ReadonlySet<string> | undefined,
): AsyncGenerator<JsonRecord[]> {
  let queue: JsonRecord[] = [];
  let pending: Map<string, string> | null = null; // repair code → explanation, once per record
  const reader = new JsonStreamReader({
    file: source.label,
    ...(source.kind === 'file' ? {} : { entry }),
    select,
    ...(prune ? { prune } : {}),
    ...(keysOnlyBuild
      ? {
          buildOnly: (path: readonly PathPart[]) =>
            ctx.keysOnly ? keysOnlyBuild(path) : undefined,
        }
      : {}),
    allowTruncated: true,
    onRepair(r) {
      const message = JSON_REPAIR_TEXT[r.code];
      // the note keeps the first origin only: make one only then
      if (ctx.notes.has(r.code)) ctx.notes.addNow(r.code, message);
      else ctx.notes.addNow(r.code, message, originOf(source, entry, r.byteOffset));
      if (r.code !== 'NUMBER_KEPT_AS_TEXT') (pending ??= new Map()).set(r.code, message);
    },
    onValue(path, value, start, end) {
      let repairs = NO_REPAIRS;
      if (pending) {
        repairs = [...pending].map(([code, message]) => ({ code, message }));
        pending = null;
      }
      queue.push({ path: path.slice(), value, start, end, repairs });
    },
  });
  for await (const chunk of source.open(entry)) {
    ctx.read(chunk.length);
    // Slices of a large chunk keep each batch, and so what is alive at a garbage collection, small.
    // The notes the records give are held back until the whole chunk was read, so that they come
    // after the chunk's repairs, as when a chunk was read at once (the order notes appear in).
    ctx.notes.hold();
    for (let at = 0; at < chunk.length; at += BATCH_BYTES) {
      reader.write(
        at === 0 && chunk.length <= BATCH_BYTES ? chunk : chunk.subarray(at, at + BATCH_BYTES),
        at > 0,
      );
      if (queue.length > 0) {
        yield queue;
        queue = [];
      }
    }
    ctx.notes.release();
  }
  const result = reader.end();
  if (queue.length > 0) yield queue;
  if (result)
    ctx.notes.add('INPUT_TRUNCATED', TRUNCATED_TEXT, originOf(source, entry, result.truncatedAt));
}

const sampleCache = new WeakMap<Uint8Array, JsonValue | null>();

/** The partial JSON document at the start of an entry (cached per probe head), or null. */
export function sampleHead(head: Uint8Array): JsonValue | null {
  let v = sampleCache.get(head);
  if (v === undefined) {
    // Only bother when the first non-space byte opens a JSON object or array.
    let i = 0;
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
    while (
      i < head.length &&
      (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)
    )
      i++;
    v = head[i] === 0x7b || head[i] === 0x5b ? (sampleJson(head, 3, 512) ?? null) : null;
    sampleCache.set(head, v);
  }
  return v;
}

/** Every probed entry whose head satisfies `test`, in path order. */
export function matchingEntries(
  probe: DetectionProbe,
  test: (head: Uint8Array, path: string) => boolean,
): string[] {
  const out: string[] = [];
  for (const [path, head] of probe.heads) if (test(head, path)) out.push(path);
  return out.sort();
}

/**
 * Detection for a format recognised from the head of each entry: every entry that `confidence`
 * scores above 0, in path order, with the best score as the detection's confidence.
 *
 * @param confidence - 0 (not this format) to 1 (certainly this format) for one entry's head bytes.
 * @returns null when no entry is of this format.
 */
export function detectEntriesByHead(
  probe: DetectionProbe,
  format: FormatId,
  confidence: (head: Uint8Array) => number,
): Detection | null {
  let best = 0;
  const entries = matchingEntries(probe, (head) => {
    const c = confidence(head);
    if (c > best) best = c;
    return c > 0;
  });
  return entries.length ? { format, confidence: best, entries } : null;
}

/**
 * Records the `MULTIPLE_CONVERSATIONS` note when one export held several conversations (files,
 * channels, chats, threads) whose messages go into one transcript in time order; nothing when
 * `count` is 0 or 1. Names up to ten of them when `names` are given.
 *
 * @param what - the plural noun for what was found, e.g. `'channels'`, `'CSV files'`.
 */
export function noteMergedConversations(
  ctx: ScanContext,
  count: number,
  what: string,
  names: readonly string[] = [],
): void {
  if (count <= 1) return;
  const listed = names.length
    ? ` (${names.slice(0, 10).join(', ')}${names.length > 10 ? ', …' : ''})`
    : '';
  ctx.notes.add(
    'MULTIPLE_CONVERSATIONS',
    `the export holds ${count} ${what}${listed}; their messages are merged in one transcript in time order`,
  );
}

/** Decodes the start of a probe head as text (invalid bytes become U+FFFD; detection only). */
export function headText(head: Uint8Array, maxBytes = 16384): string {
  let s = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, maxBytes));
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
}

const HOUR_MS = 3_600_000;

/**
 * A {@link LocalTimeResolver} whose zone offsets are remembered per hour: the offset at the first
 * and the last millisecond of an hour is looked up once (two `Intl` calls), and when they agree
 * the whole hour has that offset (no zone changes its offset twice within an hour). Local times
 * near a daylight-saving change otherwise cost several `Intl` calls each (a few microseconds
 * apiece). Same answers as the plain resolver.
 */
class HourlyOffsetResolver extends LocalTimeResolver {
  readonly #hours = new Map<number, number | null>();

  override offsetAt(epochMs: number): number {
    const h = Math.floor(epochMs / HOUR_MS);
    let o = this.#hours.get(h);
    if (o === undefined) {
      const first = super.offsetAt(h * HOUR_MS);
      const last = super.offsetAt(h * HOUR_MS + HOUR_MS - 1);
      o = first === last ? first : null;
      if (this.#hours.size >= 100_000) this.#hours.clear();
      this.#hours.set(h, o);
    }
    return o ?? super.offsetAt(epochMs);
  }
}

/**
 * Resolvers by zone, shared by every parse (and every pass over an export): a resolver only caches
 * what the zone's rules say about each local hour, so sharing it saves the zone lookups again.
 */
const RESOLVERS = new Map<string, LocalTimeResolver>();
const MAX_SHARED_RESOLVERS = 32;

/** A lazily created resolver for naive local times in the declared zone. */
export class LazyResolver {
  readonly #zone: string;
  #r: LocalTimeResolver | undefined;
  constructor(zone: string) {
    this.#zone = zone;
  }
  /** @throws CustosError `PARSE_BAD_TIMEZONE` when the declared zone is unknown. */
  get(loc: SourceLocation): LocalTimeResolver {
    if (!this.#r) {
      let r = RESOLVERS.get(this.#zone);
      if (!r) {
        if (!isValidTimeZone(this.#zone))
          throw parseError(
            'PARSE_BAD_TIMEZONE',
            `unknown time zone ${JSON.stringify(this.#zone)}; expected an IANA zone such as Europe/London`,
            loc,
          );
        r = new HourlyOffsetResolver(this.#zone);
        if (RESOLVERS.size >= MAX_SHARED_RESOLVERS) RESOLVERS.clear();
        RESOLVERS.set(this.#zone, r);
      }
      this.#r = r;
    }
    return this.#r;
  }
}

const DAY_MS = 86_400_000;
/** `00` … `99`. */
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
let prefixDay = NaN;
let prefix = '';
const offsetSuffixes = new Map<number, string>();

/**
 * `YYYY-MM-DDTHH:MM:SS[.mmm]` of a wall time in ms (years 1970–9999, whole ms), the date part
 * cached; the milliseconds only when not zero, unless `ms3`.
 */
function isoWall(wall: number, ms3 = false): string {
  const day = Math.floor(wall / DAY_MS);
  if (day !== prefixDay) {
    const d = new Date(day * DAY_MS);
    prefix = `${String(d.getUTCFullYear()).padStart(4, '0')}-${TWO_DIGITS[d.getUTCMonth() + 1] as string}-${TWO_DIGITS[d.getUTCDate()] as string}T`;
    prefixDay = day;
  }
  let r = wall - day * DAY_MS;
  const ms = r % 1000;
  r = (r - ms) / 1000;
  const sec = r % 60;
  r = (r - sec) / 60;
  const min = r % 60;
  const hour = (r - min) / 60;
  const hms = `${TWO_DIGITS[hour] as string}:${TWO_DIGITS[min] as string}:${TWO_DIGITS[sec] as string}`;
  return ms === 0 && !ms3 ? prefix + hms : `${prefix}${hms}.${String(ms).padStart(3, '0')}`;
}

function plainWall(wall: number): boolean {
  return Number.isInteger(wall) && wall >= 0 && wall <= MAX_EPOCH_MS;
}

/**
 * Same text as `formatUtc` of `local-time.ts` (`2024-03-10T08:15:00Z`, milliseconds when not
 * zero), faster for the millions of timestamps of a large export: the date part is computed once
 * per day.
 *
 * @param epochMs - milliseconds since the epoch.
 */
export function isoUtc(epochMs: number): string {
  return plainWall(epochMs) ? `${isoWall(epochMs)}Z` : formatUtc(epochMs);
}

/**
 * Same text as `formatWithOffset(epochMs, offsetMinutes)` of `local-time.ts`
 * (`2024-03-10T03:15:00-04:00`), with the date part computed once per day.
 *
 * @param epochMs - milliseconds since the epoch.
 * @param offsetMinutes - the offset to show; the wall time printed is `epochMs + offset`.
 */
export function isoWithOffset(epochMs: number, offsetMinutes: number): string {
  const wall = epochMs + offsetMinutes * 60_000;
  if (!plainWall(wall) || !Number.isInteger(offsetMinutes))
    return formatWithOffset(epochMs, offsetMinutes);
  let suffix = offsetSuffixes.get(offsetMinutes);
  if (suffix === undefined) {
    const abs = Math.abs(offsetMinutes);
    suffix = `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
    if (offsetSuffixes.size > 256) offsetSuffixes.clear();
    offsetSuffixes.set(offsetMinutes, suffix);
  }
  return isoWall(wall) + suffix;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Same answer as `isValidLocalDate` of `local-time.ts` (a real calendar date and time in the
 * proleptic Gregorian calendar, years 1–9999) without building a luxon DateTime per message.
 */
export function validLocalDate(l: LocalDateTime): boolean {
  if (!Number.isInteger(l.year) || l.year < 1 || l.year > 9999) return false;
  if (l.month < 1 || l.month > 12 || l.day < 1) return false;
  if (l.hour < 0 || l.hour > 23 || l.minute < 0 || l.minute > 59 || l.second < 0 || l.second > 59)
    return false;
  if (!Number.isInteger(l.month)) return isValidLocalDate(l);
  const y = l.year;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return l.day <= (l.month === 2 && leap ? 29 : (MONTH_DAYS[l.month - 1] as number));
}

/** Naive `YYYY-MM-DDTHH:MM:SS[.fff]` (also with a space) to local fields, or null. */
export function parseNaiveIso(s: string): {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
} | null {
  // `^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$`, by positions
  const n = s.length;
  if (n < 16 || s.charCodeAt(4) !== 0x2d || s.charCodeAt(7) !== 0x2d || s.charCodeAt(13) !== 0x3a)
    return null;
  const sep = s.charCodeAt(10);
  if (sep !== 0x54 && sep !== 0x20) return null;
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 7);
  const day = digitsAt(s, 8, 10);
  const hour = digitsAt(s, 11, 13);
  const minute = digitsAt(s, 14, 16);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return null;
  let second = 0;
  let millisecond = 0;
  if (n > 16) {
    if (s.charCodeAt(16) !== 0x3a || n < 19) return null;
    second = digitsAt(s, 17, 19);
    if (second < 0) return null;
    if (n > 19) {
      const count = n - 20;
      if (s.charCodeAt(19) !== 0x2e || count < 1 || count > 9 || digitsAt(s, 20, n) < 0)
        return null;
      millisecond =
        digitsAt(s, 20, 20 + Math.min(3, count)) * (count >= 3 ? 1 : count === 2 ? 10 : 100);
    }
  }
  return { year, month, day, hour, minute, second, millisecond };
}

/** Value of the decimal digits `s[from, to)`, or -1 when one is not a digit. */
function digitsAt(s: string, from: number, to: number): number {
  let v = 0;
  for (let k = from; k < to; k++) {
    const d = s.charCodeAt(k) - 0x30; // NaN past the end
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * ISO 8601 with `Z` or an offset to epoch milliseconds (sub-millisecond digits truncated), or null.
 * Accepts exactly `YYYY-MM-DDTHH:MM[:SS[.f{1,9}]](Z|±HH[:]MM)` with a real calendar date, hours ≤
 * 23, minutes and seconds ≤ 59 and offset hours ≤ 23 (read character by character: no regular
 * expression per message).
 */
export function parseIsoWithOffset(s: string): { epochMs: number; offsetMinutes: number } | null {
  const n = s.length;
  if (
    n < 17 ||
    s.charCodeAt(4) !== 0x2d ||
    s.charCodeAt(7) !== 0x2d ||
    s.charCodeAt(10) !== 0x54 ||
    s.charCodeAt(13) !== 0x3a
  )
    return null;
  const y = digitsAt(s, 0, 4);
  const mo = digitsAt(s, 5, 7);
  const d = digitsAt(s, 8, 10);
  const h = digitsAt(s, 11, 13);
  const mi = digitsAt(s, 14, 16);
  if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0) return null;
  let k = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(k) === 0x3a) {
    sec = digitsAt(s, k + 1, k + 3);
    if (sec < 0 || k + 3 > n) return null;
    k += 3;
    if (s.charCodeAt(k) === 0x2e) {
      let e = k + 1;
      while (e < n && e - k <= 9) {
        const c = s.charCodeAt(e);
        if (c < 0x30 || c > 0x39) break;
        e++;
      }
      const count = e - k - 1;
      if (count < 1 || count > 9) return null;
      ms =
        digitsAt(s, k + 1, k + 1 + Math.min(3, count)) * (count >= 3 ? 1 : count === 2 ? 10 : 100);
      k = e;
    }
  }
  let offsetMinutes = 0;
  const z = s.charCodeAt(k);
  if (z === 0x5a) {
    if (k + 1 !== n) return null;
  } else if (z === 0x2b || z === 0x2d) {
    const colon = s.charCodeAt(k + 3) === 0x3a;
    const end = k + (colon ? 6 : 5);
    if (end !== n) return null;
    const oh = digitsAt(s, k + 1, k + 3);
    const om = digitsAt(s, colon ? k + 4 : k + 3, end);
    if (oh < 0 || om < 0 || oh > 23 || om > 59) return null;
    offsetMinutes = (z === 0x2d ? -1 : 1) * (oh * 60 + om);
  } else return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  if (d > (mo === 2 && leap ? 29 : (MONTH_DAYS[mo - 1] as number))) return null;
  const epoch = daysFromCivil(y, mo, d) * DAY_MS + ((h * 60 + mi) * 60 + sec) * 1000 + ms;
  return { epochMs: epoch - offsetMinutes * 60_000, offsetMinutes };
}

/** UTC ISO string with microsecond precision when the microseconds are not a whole millisecond. */
export function formatUtcMicros(epochMicros: number): string {
  const ms = Math.floor(epochMicros / 1000);
  const micro = epochMicros - ms * 1000;
  // 2024-05-04T16:20:31.123 (the text of Date#toISOString without its Z)
  const d = plainWall(ms) ? isoWall(ms, true) : new Date(ms).toISOString().slice(0, -1);
  return micro === 0 ? `${d}Z` : `${d}${String(micro).padStart(3, '0')}Z`;
}

/**
 * Years a naive local chat timestamp may have (1970–2199). Earlier years are no chat export's, and
 * IANA zones give them local-mean-time offsets in seconds, which ISO 8601 offsets cannot express.
 */
export function plausibleYear(year: number): boolean {
  return year >= 1970 && year <= 2199;
}

/** Largest plausible epoch in milliseconds (year 9999) for range checks. */
export const MAX_EPOCH_MS = 253402300799999;
