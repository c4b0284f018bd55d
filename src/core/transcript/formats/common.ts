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
import { isValidTimeZone, LocalTimeResolver } from '../local-time.ts';
import type { ScanContext } from '../ordering.ts';
import type { DetectionProbe, ExportSource, MessageOrigin } from '../types.ts';

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

/**
 * Streams one JSON entry, yielding every value `select` asks to emit, with the repairs that fell
 * inside it. Repairs are recorded as notes on `ctx`; a truncated file gives an `INPUT_TRUNCATED`
 * note (the records before the cut are kept).
 *
 * @throws CustosError `PARSE_BAD_JSON` / `PARSE_TOO_LARGE` from {@link JsonStreamReader}.
 */
export async function* jsonRecords(
  source: ExportSource,
  entry: string,
  ctx: ScanContext,
  select: (path: readonly PathPart[]) => SelectMode,
  prune?: ReadonlySet<string>,
): AsyncGenerator<JsonRecord> {
  const queue: JsonRecord[] = [];
  let pending = new Map<string, string>(); // repair code → explanation, once per record
  const reader = new JsonStreamReader({
    file: source.label,
    ...(source.kind === 'file' ? {} : { entry }),
    select,
    ...(prune ? { prune } : {}),
    allowTruncated: true,
    onRepair(r) {
      const message = JSON_REPAIR_TEXT[r.code];
      // the note keeps the first origin only: make one only then
      if (ctx.notes.has(r.code)) ctx.notes.add(r.code, message);
      else ctx.notes.add(r.code, message, originOf(source, entry, r.byteOffset));
      if (r.code !== 'NUMBER_KEPT_AS_TEXT') pending.set(r.code, message);
    },
    onValue(path, value, start, end) {
      queue.push({
        path: [...path],
        value,
        start,
        end,
        repairs:
          pending.size === 0 ? [] : [...pending].map(([code, message]) => ({ code, message })),
      });
      if (pending.size > 0) pending = new Map();
    },
  });
  for await (const chunk of source.open(entry)) {
    reader.write(chunk);
    if (queue.length > 0) {
      yield* queue;
      queue.length = 0;
    }
  }
  const result = reader.end();
  if (queue.length > 0) yield* queue;
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

/** Decodes the start of a probe head as text (invalid bytes become U+FFFD; detection only). */
export function headText(head: Uint8Array, maxBytes = 16384): string {
  let s = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, maxBytes));
  if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
  return s;
}

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
      if (!isValidTimeZone(this.#zone))
        throw parseError(
          'PARSE_BAD_TIMEZONE',
          `unknown time zone ${JSON.stringify(this.#zone)}; expected an IANA zone such as Europe/London`,
          loc,
        );
      this.#r = new LocalTimeResolver(this.#zone);
    }
    return this.#r;
  }
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
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/.exec(s);
  if (!m) return null;
  return {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    millisecond: Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
  };
}

const ISO_OFFSET_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** ISO 8601 with `Z` or an offset to epoch milliseconds (sub-millisecond digits truncated), or null. */
export function parseIsoWithOffset(s: string): { epochMs: number; offsetMinutes: number } | null {
  const m = ISO_OFFSET_RE.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const sec = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, sec, ms));
  date.setUTCFullYear(y);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  let offsetMinutes = 0;
  const z = m[8] as string;
  if (z !== 'Z') {
    const digits = z.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return { epochMs: date.getTime() - offsetMinutes * 60_000, offsetMinutes };
}

/** UTC ISO string with microsecond precision when the microseconds are not a whole millisecond. */
export function formatUtcMicros(epochMicros: number): string {
  const ms = Math.floor(epochMicros / 1000);
  const micro = epochMicros - ms * 1000;
  const d = new Date(ms).toISOString(); // 2024-05-04T16:20:31.123Z
  return micro === 0 ? d : `${d.slice(0, -1)}${String(micro).padStart(3, '0')}Z`;
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
