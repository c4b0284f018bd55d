/**
 * A tolerant, streaming JSON reader for chat exports (RFC 8259 plus the breakages real exporters
 * write), built for inputs far larger than memory.
 *
 * Why our own: exports are not always valid JSON. Telegram Desktop writes control characters as
 * C-style `\x0C` escapes (telegramdesktop/tdesktop#27571) and once wrote 19-digit ids unquoted
 * (#24961); hand-edited files carry stray Windows-1252 bytes. No streaming parser on npm accepts
 * those, and strict parsers fail on the whole file. This reader accepts them, records every repair
 * with its byte offset, and otherwise follows RFC 8259 strictly.
 *
 * How it streams: the caller says, for each value under a "descend" container, whether to descend
 * into it, build it whole and hand it over ("emit"), or skip it. Only emitted values are built, so
 * memory holds one emitted value (one chat message) plus one input chunk, whatever the file size.
 * A caller that needs only some fields of each record (`buildOnly`) gets those built and the rest
 * read and checked, with the same repairs reported.
 *
 * Speed: bytes are scanned as numbers; a string without escapes in one chunk becomes one string
 * (short ASCII strings, mostly keys, come from a small cache), integers and literals need no
 * string, and containers reuse one frame per depth.
 *
 * Repairs (each reported through `onRepair`):
 * - `\xHH` escapes are read as U+00HH; an unknown escape `\q` keeps the backslash and the character;
 * - lone UTF-16 surrogates from `\uD83D` without its pair become U+FFFD;
 * - raw control characters inside strings are kept as they are;
 * - bytes that are not valid UTF-8 are read as Windows-1252;
 * - a comma before `]` or `}` is ignored;
 * - integers outside ±(2^53 − 1) are returned as their literal digits (a string), not rounded.
 */
import { parseError, type SourceLocation } from '../errors.ts';
import { asciiGroups, decodeTolerant } from './text-decode.ts';

/** A parsed JSON value. A `__proto__` key is an own data property (never the prototype). */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}
/** One step of a path from the root: an object key or an array index. */
export type PathPart = string | number;
/** What to do with a value found inside a "descend" container. */
export type SelectMode = 'descend' | 'emit' | 'skip';

/** Codes of the repairs the reader makes. */
export type JsonRepairCode =
  | 'INVALID_ESCAPE_REPAIRED'
  | 'INVALID_UTF8_REPAIRED'
  | 'LONE_SURROGATE_REPLACED'
  | 'RAW_CONTROL_CHARACTER'
  | 'TRAILING_COMMA_IGNORED'
  | 'NUMBER_KEPT_AS_TEXT';

/** One repair: what, and where (0-based byte offset in the entry). */
export interface JsonRepair {
  readonly code: JsonRepairCode;
  readonly byteOffset: number;
  /** Short technical detail, e.g. the escape sequence as written. */
  readonly detail: string;
}

/** Options of {@link JsonStreamReader}. */
export interface JsonReaderOptions {
  /** Display name of the file, for error locations. */
  readonly file: string;
  /** Entry inside a folder or archive, for error locations. */
  readonly entry?: string;
  /**
   * Decides for each value inside a descended container (and for the root, path `[]`). Default:
   * descend into the root, emit everything else. `path` is live: copy it to keep it.
   */
  readonly select?: (path: readonly PathPart[]) => SelectMode;
  /** Receives every emitted value with its byte range `[start, end)` in the entry. */
  readonly onValue?: (
    path: readonly PathPart[],
    value: JsonValue,
    start: number,
    end: number,
  ) => void;
  /** A descended container starts. */
  readonly onEnter?: (path: readonly PathPart[], kind: 'object' | 'array', start: number) => void;
  /** A descended container ends (`end` is the offset after its closing bracket). */
  readonly onExit?: (path: readonly PathPart[], end: number) => void;
  /** Receives every repair. */
  readonly onRepair?: (repair: JsonRepair) => void;
  /** Object keys whose values are never built inside emitted values (parsed and skipped). */
  readonly prune?: ReadonlySet<string>;
  /**
   * For each emitted value (its path), the object keys whose values are built inside it; the other
   * members, at any depth, are read and checked (every repair is reported exactly as if they were
   * built, `prune` still applies) but not built. `undefined` builds everything (the default). For
   * a reading that needs only a few fields of each record.
   */
  readonly buildOnly?: (path: readonly PathPart[]) => ReadonlySet<string> | undefined;
  /** Deepest accepted nesting (default 256). */
  readonly maxDepth?: number;
  /** Longest accepted string, in bytes as written (default 64 MiB); longer raises `PARSE_TOO_LARGE`. */
  readonly maxStringBytes?: number;
  /**
   * Sampling (format detection on the first bytes of a file): build the root whole, keep at most
   * `maxArrayItems` items of each array and `maxStringChars` characters of each string.
   */
  readonly sample?: { readonly maxArrayItems: number; readonly maxStringChars: number };
  /**
   * Accept input that ends inside a value: `end()` then reports the offset where the incomplete
   * emitted value (or the innermost open container) began, instead of throwing.
   */
  readonly allowTruncated?: boolean;
}

const enum Mode {
  Descend,
  Build,
  Skip,
  /** Read with every repair reported as in `Build`, but not built (see `buildOnly`). */
  Check,
}
/** Flag added to a {@link Mode} by `#begin` for a value that is emitted. */
const EMIT = 4;
const MODE_BITS = 3;
const enum St {
  /** expecting a value (root, after ':' or after ',' in an array) */
  Value,
  /** array just opened: value or ']' */
  ValueOrEnd,
  /** object just opened: key or '}' */
  KeyOrEnd,
  /** after ',' in an object */
  Key,
  Colon,
  /** after a value inside a container */
  CommaOrEnd,
  /** after the root value */
  Done,
}
const enum Tok {
  None,
  Str,
  Num,
  Lit,
}

/** An open container. Frames are reused per depth (one allocation per depth, not per container). */
interface Frame {
  isObject: boolean;
  mode: Mode;
  container: JsonObject | JsonValue[] | null;
  start: number;
  /** This container is the top of an emitted value. */
  emit: boolean;
  key: string;
  index: number;
  /** Items kept so far (sampling). */
  kept: number;
  afterComma: boolean;
}

const WS = new Uint8Array(256);
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;
const NUM_CHAR = new Uint8Array(256);
for (const c of '0123456789+-.eE') NUM_CHAR[c.charCodeAt(0)] = 1;
const NUMBER_RE = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const SIMPLE_ESCAPE: Record<number, string> = {
  0x22: '"',
  0x5c: '\\',
  0x2f: '/',
  0x62: '\b',
  0x66: '\f',
  0x6e: '\n',
  0x72: '\r',
  0x74: '\t',
};

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Recently seen short ASCII strings (keys, names, types repeat on every message): no new string. */
const SHORT_CACHE: (string | undefined)[] = new Array<string | undefined>(4096);

function shortAscii(buf: Uint8Array, s: number, e: number): string {
  let h = 0x811c9dc5;
  for (let k = s; k < e; k++) h = Math.imul(h ^ (buf[k] as number), 0x01000193);
  const slot = (h >>> 0) & 4095;
  const cached = SHORT_CACHE[slot];
  const n = e - s;
  if (cached !== undefined && cached.length === n) {
    let k = 0;
    while (k < n && cached.charCodeAt(k) === buf[s + k]) k++;
    if (k === n) return cached;
  }
  const out = n <= 16 ? asciiGroups(buf, s, e) : fatalUtf8.decode(buf.subarray(s, e));
  SHORT_CACHE[slot] = out;
  return out;
}

/**
 * The value of `b[s, e)` when it is an RFC 8259 integer of at most 15 digits (exact as a double),
 * else `undefined` (the caller then takes the general path).
 */
function smallInteger(b: Uint8Array, s: number, e: number): number | undefined {
  const neg = b[s] === 0x2d;
  const p = neg ? s + 1 : s;
  const digits = e - p;
  if (digits < 1 || digits > 15 || (digits > 1 && b[p] === 0x30)) return undefined;
  let v = 0;
  for (let k = p; k < e; k++) {
    const d = (b[k] as number) - 0x30;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}

/** `true`, `false` or `null` spelt by `b[s, e)`, else `undefined`. */
function literal(b: Uint8Array, s: number, e: number): boolean | null | undefined {
  const n = e - s;
  if (n === 4) {
    if (b[s] === 0x74 && b[s + 1] === 0x72 && b[s + 2] === 0x75 && b[s + 3] === 0x65) return true;
    if (b[s] === 0x6e && b[s + 1] === 0x75 && b[s + 2] === 0x6c && b[s + 3] === 0x6c) return null;
  } else if (
    n === 5 &&
    b[s] === 0x66 &&
    b[s + 1] === 0x61 &&
    b[s + 2] === 0x6c &&
    b[s + 3] === 0x73 &&
    b[s + 4] === 0x65
  )
    return false;
  return undefined;
}

function hexValue(b: number): number {
  if (b >= 0x30 && b <= 0x39) return b - 0x30;
  const l = b | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return -1;
}

function describeByte(b: number | undefined): string {
  if (b === undefined) return 'end of input';
  if (b >= 0x21 && b <= 0x7e) return `'${String.fromCharCode(b)}'`;
  return `byte 0x${b.toString(16).padStart(2, '0')}`;
}

/**
 * Push-style streaming JSON reader: call {@link write} with each chunk of bytes, then {@link end}.
 * Callbacks run synchronously inside `write`/`end`.
 *
 * @throws CustosError `PARSE_BAD_JSON` (with file, entry, line and byte offset) for input that is
 *   not JSON even after the repairs above; `PARSE_TOO_LARGE` for a string over `maxStringBytes` or
 *   nesting deeper than `maxDepth`.
 */
export class JsonStreamReader {
  readonly #o: JsonReaderOptions;
  readonly #select: (path: readonly PathPart[]) => SelectMode;
  readonly #maxDepth: number;
  readonly #maxString: number;
  /** Open containers are `#frames[0, #depth)`; the rest are spare frames for reuse. */
  readonly #frames: Frame[] = [];
  #depth = 0;
  readonly #path: PathPart[] = [];
  #state: St = St.Value;
  #root: JsonValue | undefined = undefined;
  #rootStarted = false;
  /** Absolute offset of the first byte of the current buffer. */
  #base = 0;
  /** Lines (LF bytes) before the current buffer. */
  #linesBefore = 0;
  /** Offset where the buffer of the caller's current chunk began (see `write`). */
  #chunkBase = 0;
  /**
   * LF bytes the scan has passed in the current buffer. An LF outside a string is whitespace, inside
   * one a raw control character; a scan that stops inside a token has passed no LF after the stop.
   */
  #lf = 0;
  #carry: Uint8Array | null = null;
  #first = true;
  // current token
  #tok: Tok = Tok.None;
  #tokStart = 0;
  #tokMode: Mode = Mode.Skip;
  #tokEmit = false;
  #strIsKey = false;
  #str = '';
  /** Pieces of a string with escapes (joined once at the end: repeated `+=` is superlinear in V8). */
  #strMore: string[] | null = null;
  #strBytes = 0;
  #strPending = -1; // a high surrogate waiting for its pair
  #text = '';
  // start of the emitted value currently open, for truncation reports
  #emitStart = -1;
  /** `buildOnly` of the emitted value being read. */
  #keep: ReadonlySet<string> | undefined = undefined;

  constructor(options: JsonReaderOptions) {
    this.#o = options;
    this.#select = options.select ?? ((p) => (p.length === 0 ? 'descend' : 'emit'));
    this.#maxDepth = options.maxDepth ?? 256;
    this.#maxString = options.maxStringBytes ?? 64 * 1024 * 1024;
  }

  /** The root value (sampling mode, or when the root was emitted whole); may be partial after a truncated end. */
  get root(): JsonValue | undefined {
    return this.#root;
  }

  /** Bytes consumed so far. */
  get offset(): number {
    return this.#base + (this.#carry?.length ?? 0);
  }

  #loc(at: number, buf?: Uint8Array, bufIndex?: number): SourceLocation {
    let line = this.#linesBefore + 1;
    if (buf && bufIndex !== undefined) {
      for (let k = buf.indexOf(0x0a); k >= 0 && k < bufIndex; k = buf.indexOf(0x0a, k + 1)) line++;
    }
    const base: SourceLocation =
      this.#o.entry === undefined
        ? { file: this.#o.file }
        : { file: this.#o.file, entry: this.#o.entry };
    return { ...base, line, byteOffset: at };
  }

  #fail(msg: string, buf: Uint8Array, i: number): never {
    throw parseError('PARSE_BAD_JSON', msg, this.#loc(this.#base + i, buf, i));
  }

  /** Fails at the start of the current token (which may lie in an earlier chunk). */
  #failToken(msg: string, buf: Uint8Array): never {
    const i = this.#tokStart - this.#base;
    throw parseError(
      'PARSE_BAD_JSON',
      msg,
      i >= 0 ? this.#loc(this.#tokStart, buf, i) : this.#loc(this.#tokStart),
    );
  }

  #repair(code: JsonRepairCode, byteOffset: number, detail: string): void {
    this.#o.onRepair?.({ code, byteOffset, detail });
  }

  /**
   * Feeds the next chunk of bytes.
   *
   * @param sameChunk - `input` continues the chunk of the previous call (a caller that hands over
   *   a large chunk in pieces). The one repair located by its buffer rather than its byte, an
   *   unpaired high surrogate, then names the offset where that chunk's buffer began, as when the
   *   chunk was written at once.
   */
  write(input: Uint8Array, sameChunk = false): void {
    if (input.length === 0) return;
    if (!sameChunk) this.#chunkBase = this.#base;
    // a plain view: subarrays of Node Buffers are several times slower to make
    const chunk =
      input.constructor === Uint8Array
        ? input
        : new Uint8Array(input.buffer, input.byteOffset, input.length);
    let buf: Uint8Array;
    if (this.#carry) {
      buf = new Uint8Array(this.#carry.length + chunk.length);
      buf.set(this.#carry, 0);
      buf.set(chunk, this.#carry.length);
      this.#carry = null;
    } else buf = chunk;
    let i = 0;
    if (this.#first) {
      if (buf.length < 3 && buf[0] === 0xef) {
        this.#carry = buf.slice();
        return;
      }
      this.#first = false;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3;
    }
    this.#lf = 0;
    const stop = this.#run(buf, i, false);
    // remember lines consumed (every LF before `stop` was seen by the scan, and none after it)
    // and carry the unfinished token
    this.#linesBefore += this.#lf;
    if (stop < buf.length) this.#carry = buf.slice(stop);
    this.#base += stop;
  }

  /**
   * Signals the end of input.
   *
   * @returns `null` when the input was complete; with `allowTruncated`, the byte offset where the
   *   incomplete emitted value (or innermost open container) began when the input ended inside it.
   * @throws CustosError `PARSE_BAD_JSON` when the input is empty or ends inside a value (without
   *   `allowTruncated`).
   */
  end(): { truncatedAt: number } | null {
    const buf = this.#carry ?? new Uint8Array(0);
    this.#carry = null;
    this.#chunkBase = this.#base;
    if (this.#first && buf.length > 0) {
      this.#first = false;
    }
    const stop = this.#run(buf, 0, true);
    if (stop < buf.length) this.#fail('unexpected end of input inside a value', buf, stop);
    if (this.#state === St.Done) return null;
    if (!this.#rootStarted && this.#tok === Tok.None) {
      throw parseError(
        'PARSE_BAD_JSON',
        'no JSON value found; expected a JSON document',
        this.#loc(this.#base + buf.length),
      );
    }
    if (this.#o.allowTruncated) {
      const at =
        this.#emitStart >= 0
          ? this.#emitStart
          : this.#depth > 0
            ? (this.#frames[this.#depth - 1] as Frame).start
            : this.#tokStart;
      return { truncatedAt: at };
    }
    throw parseError(
      'PARSE_BAD_JSON',
      'unexpected end of input; the JSON document is incomplete (truncated file?)',
      this.#loc(this.#base + buf.length, buf, buf.length),
    );
  }

  // ---- values --------------------------------------------------------------------------------

  /**
   * Decides the mode of a value starting now at `at`; pushes its path part when under a descend
   * frame. Returns the {@link Mode}, plus {@link EMIT} when the value is to be emitted.
   */
  #begin(at: number): number {
    const parent = this.#depth > 0 ? (this.#frames[this.#depth - 1] as Frame) : undefined;
    if (!parent) {
      this.#rootStarted = true;
      if (this.#o.sample) return Mode.Build;
      return this.#selected(this.#select(this.#path), at);
    }
    if (parent.mode === Mode.Build) {
      if (this.#o.sample && !parent.isObject && parent.kept >= this.#o.sample.maxArrayItems)
        return Mode.Skip;
      if (parent.isObject && this.#o.prune?.has(parent.key)) return Mode.Skip;
      if (parent.isObject && this.#keep && !this.#keep.has(parent.key)) return Mode.Check;
      return Mode.Build;
    }
    if (parent.mode === Mode.Skip) return Mode.Skip;
    if (parent.mode === Mode.Check)
      return parent.isObject && this.#o.prune?.has(parent.key) ? Mode.Skip : Mode.Check;
    this.#path.push(parent.isObject ? parent.key : parent.index);
    return this.#selected(this.#select(this.#path), at);
  }

  #selected(m: SelectMode, at: number): number {
    if (m === 'descend') return Mode.Descend;
    if (m !== 'emit') return Mode.Skip;
    this.#emitStart = at;
    this.#keep = this.#o.buildOnly?.(this.#path);
    return Mode.Build | EMIT;
  }

  /** A value is complete: attach it to its parent, emit it, and advance the parent's state. */
  #finish(value: JsonValue, mode: Mode, emit: boolean, start: number, end: number): void {
    const parent = this.#depth > 0 ? this.#frames[this.#depth - 1] : undefined;
    if (emit) {
      this.#emitStart = -1;
      this.#keep = undefined;
      this.#o.onValue?.(this.#path, value, start, end);
    }
    if (!parent) {
      if (mode === Mode.Build) this.#root = value;
      this.#state = St.Done;
      return;
    }
    if (parent.mode === Mode.Descend) this.#path.pop();
    else if (
      parent.mode === Mode.Build &&
      mode === Mode.Build &&
      (value === null || typeof value !== 'object')
    )
      this.#attach(parent, value);
    if (!parent.isObject) parent.index++;
    parent.afterComma = false;
    this.#state = St.CommaOrEnd;
  }

  /** Containers are attached when they open (so a truncated sample keeps them), scalars when complete. */
  #attach(parent: Frame, value: JsonValue): void {
    if (parent.isObject) {
      const key = parent.key;
      if (key === '__proto__')
        Object.defineProperty(parent.container, key, {
          value,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      else (parent.container as JsonObject)[key] = value;
    } else {
      (parent.container as JsonValue[]).push(value);
      parent.kept++;
    }
  }

  #open(isObject: boolean, at: number, buf: Uint8Array, i: number): void {
    if (this.#depth >= this.#maxDepth) {
      throw parseError(
        'PARSE_TOO_LARGE',
        `JSON nested deeper than ${this.#maxDepth} levels; expected a chat export`,
        this.#loc(this.#base + i, buf, i),
      );
    }
    const m = this.#begin(at);
    const mode = (m & MODE_BITS) as Mode;
    const emit = m >= EMIT;
    let container: JsonObject | JsonValue[] | null = null;
    if (mode === Mode.Build) container = isObject ? {} : [];
    const parent = this.#top();
    if (!parent && mode === Mode.Build) this.#root = container ?? undefined;
    else if (parent?.mode === Mode.Build && container) this.#attach(parent, container);
    let f = this.#frames[this.#depth];
    if (f) {
      f.isObject = isObject;
      f.mode = mode;
      f.container = container;
      f.start = at;
      f.emit = emit;
      f.key = '';
      f.index = 0;
      f.kept = 0;
      f.afterComma = false;
    } else {
      f = {
        isObject,
        mode,
        container,
        start: at,
        emit,
        key: '',
        index: 0,
        kept: 0,
        afterComma: false,
      };
      this.#frames.push(f);
    }
    this.#depth++;
    if (mode === Mode.Descend) this.#o.onEnter?.(this.#path, isObject ? 'object' : 'array', at);
    this.#state = isObject ? St.KeyOrEnd : St.ValueOrEnd;
  }

  #close(at: number): void {
    const f = this.#frames[--this.#depth] as Frame; // callers check that a frame is open
    const container = f.container;
    f.container = null;
    if (f.mode === Mode.Descend) this.#o.onExit?.(this.#path, at + 1);
    this.#finish(container, f.mode, f.emit, f.start, at + 1);
  }

  // ---- the state machine ---------------------------------------------------------------------

  /** Processes `buf` from `i`; returns where an unfinished token begins (or `buf.length`). */
  #run(buf: Uint8Array, i: number, atEnd: boolean): number {
    const n = buf.length;
    for (;;) {
      if (this.#tok !== Tok.None) {
        const next =
          this.#tok === Tok.Str ? this.#string(buf, i, atEnd) : this.#word(buf, i, atEnd);
        if (next < 0) return this.#resumeAt;
        i = next;
      }
      while (i < n) {
        const w = buf[i] as number;
        if (!WS[w]) break;
        if (w === 0x0a) this.#lf++;
        i++;
      }
      if (i >= n) return n;
      const b = buf[i] as number;
      const at = this.#base + i;
      switch (this.#state) {
        case St.Done:
          this.#fail(`unexpected ${describeByte(b)} after the end of the JSON document`, buf, i);
        // falls through (never returns)
        case St.Value:
        case St.ValueOrEnd:
          if (b === 0x5d && this.#state === St.ValueOrEnd) {
            this.#close(at);
            i++;
            continue;
          }
          if (
            b === 0x5d &&
            this.#state === St.Value &&
            this.#top()?.afterComma &&
            !this.#top()?.isObject
          ) {
            this.#repair('TRAILING_COMMA_IGNORED', at, ',]');
            this.#close(at);
            i++;
            continue;
          }
          i = this.#value(buf, i, b, at);
          continue;
        case St.KeyOrEnd:
        case St.Key:
          if (b === 0x22) {
            this.#startString(
              at,
              true,
              this.#top()?.mode === Mode.Skip ? Mode.Skip : Mode.Build,
              false,
            );
            i++;
            continue;
          }
          if (b === 0x7d && (this.#state === St.KeyOrEnd || this.#top()?.afterComma)) {
            if (this.#state === St.Key) this.#repair('TRAILING_COMMA_IGNORED', at, ',}');
            this.#close(at);
            i++;
            continue;
          }
          this.#fail(
            `unexpected ${describeByte(b)}; expected an object key in double quotes`,
            buf,
            i,
          );
        // falls through (never returns)
        case St.Colon:
          if (b !== 0x3a)
            this.#fail(`unexpected ${describeByte(b)}; expected ':' after an object key`, buf, i);
          this.#state = St.Value;
          i++;
          continue;
        case St.CommaOrEnd: {
          const f = this.#top() as Frame;
          if (b === 0x2c) {
            f.afterComma = true;
            this.#state = f.isObject ? St.Key : St.Value;
            i++;
            continue;
          }
          if ((b === 0x7d && f.isObject) || (b === 0x5d && !f.isObject)) {
            this.#close(at);
            i++;
            continue;
          }
          this.#fail(
            `unexpected ${describeByte(b)}; expected ',' or '${f.isObject ? '}' : ']'}'`,
            buf,
            i,
          );
        }
      }
    }
  }

  #resumeAt = 0;

  #top(): Frame | undefined {
    return this.#depth > 0 ? this.#frames[this.#depth - 1] : undefined;
  }

  #value(buf: Uint8Array, i: number, b: number, at: number): number {
    if (b === 0x7b || b === 0x5b) {
      this.#open(b === 0x7b, at, buf, i);
      return i + 1;
    }
    if (b === 0x22) {
      const m = this.#begin(at);
      this.#startString(at, false, m & MODE_BITS, m >= EMIT);
      return i + 1;
    }
    if (NUM_CHAR[b] || (b >= 0x61 && b <= 0x7a)) {
      const m = this.#begin(at);
      this.#tok = NUM_CHAR[b] ? Tok.Num : Tok.Lit;
      this.#tokStart = at;
      this.#tokMode = m & MODE_BITS;
      this.#tokEmit = m >= EMIT;
      this.#text = '';
      return i;
    }
    this.#fail(`unexpected ${describeByte(b)}; expected a JSON value`, buf, i);
  }

  #startString(at: number, isKey: boolean, mode: Mode, emit: boolean): void {
    this.#tok = Tok.Str;
    this.#tokStart = at;
    this.#strIsKey = isKey;
    this.#tokMode = isKey && this.#top()?.mode === Mode.Descend ? Mode.Build : mode;
    this.#tokEmit = emit;
    this.#str = '';
    this.#strMore = null;
    this.#strBytes = 0;
    this.#strPending = -1;
  }

  /** Numbers and literals; returns the index after the token, or -1 (resume at #resumeAt). */
  #word(buf: Uint8Array, i: number, atEnd: boolean): number {
    const n = buf.length;
    const start = i;
    const isNum = this.#tok === Tok.Num;
    while (i < n) {
      const b = buf[i] as number;
      if (isNum ? !NUM_CHAR[b] : !(b >= 0x61 && b <= 0x7a)) break;
      i++;
      if (this.#text.length + (i - start) > 4096)
        this.#failToken('number or literal longer than 4096 characters', buf);
    }
    if (this.#text === '' && (i < n || atEnd)) {
      // the whole token is in this buffer: plain integers and literals without a string
      const v = isNum ? smallInteger(buf, start, i) : literal(buf, start, i);
      if (v !== undefined) {
        this.#tok = Tok.None;
        this.#finish(v, this.#tokMode, this.#tokEmit, this.#tokStart, this.#base + i);
        return i;
      }
    }
    this.#text += String.fromCharCode(...buf.subarray(start, i));
    if (i >= n && !atEnd) {
      // token may continue in the next chunk: carry nothing (text kept), resume from the next buffer start
      this.#resumeAt = n;
      return -1;
    }
    const text = this.#text;
    this.#text = '';
    this.#tok = Tok.None;
    let value: JsonValue;
    if (isNum) {
      if (!NUMBER_RE.test(text))
        this.#failToken(`invalid number ${JSON.stringify(text.slice(0, 40))}`, buf);
      value = Number(text);
      if (!Number.isSafeInteger(value) && /^-?[0-9]+$/.test(text)) {
        this.#repair('NUMBER_KEPT_AS_TEXT', this.#tokStart, text);
        value = text;
      }
    } else if (text === 'true') value = true;
    else if (text === 'false') value = false;
    else if (text === 'null') value = null;
    else
      this.#failToken(
        `unexpected word ${JSON.stringify(text.slice(0, 40))}; expected a JSON value`,
        buf,
      );
    this.#finish(value, this.#tokMode, this.#tokEmit, this.#tokStart, this.#base + i);
    return i;
  }

  #append(s: string): void {
    if (this.#strMore) this.#strMore.push(s);
    else if (this.#str === '') this.#str = s;
    else this.#strMore = [this.#str, s];
  }

  #pushText(s: string): void {
    const mode = this.#tokMode;
    if (mode === Mode.Skip) {
      this.#strPending = -1;
      return;
    }
    if (this.#strPending >= 0) {
      if (mode === Mode.Build) this.#append('\uFFFD');
      this.#repair('LONE_SURROGATE_REPLACED', this.#chunkBase, 'unpaired high surrogate');
      this.#strPending = -1;
    }
    if (mode === Mode.Build) this.#append(s);
  }

  #decodeSegment(buf: Uint8Array, s: number, e: number, ascii: boolean): void {
    if (e <= s || this.#tokMode === Mode.Skip) return;
    if (this.#tokMode === Mode.Check) {
      if (!ascii) this.#utf8(buf, s, e); // only for its repair, if any
      this.#pushText('');
      return;
    }
    if (ascii && e - s <= 32) {
      this.#pushText(shortAscii(buf, s, e));
      return;
    }
    this.#pushText(this.#utf8(buf, s, e));
  }

  /** Decodes `buf[s, e)`; bytes that are not UTF-8 are read as Windows-1252, with a repair. */
  #utf8(buf: Uint8Array, s: number, e: number): string {
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset + s, e - s);
    try {
      return fatalUtf8.decode(bytes);
    } catch {
      const d = decodeTolerant(bytes);
      this.#repair(
        'INVALID_UTF8_REPAIRED',
        this.#base + s + d.firstRepair,
        `${d.repairedBytes} byte(s) read as Windows-1252`,
      );
      return d.text;
    }
  }

  /** Strings (keys and values); returns the index after the closing quote, or -1 (resume at #resumeAt). */
  #string(buf: Uint8Array, i: number, atEnd: boolean): number {
    const n = buf.length;
    if (this.#str === '' && this.#strMore === null && this.#strPending < 0) {
      // Fast path, the common case: nothing kept yet, and the closing quote is in this buffer with
      // no escape or control character before it. Same result as the general path below.
      let k = i;
      let or = 0;
      let b = 0;
      while (k < n) {
        b = buf[k] as number;
        if (b === 0x22 || b === 0x5c || b < 0x20) break;
        or |= b;
        k++;
      }
      if (k < n && b === 0x22) {
        this.#strBytes += k - i;
        let text = '';
        if (k > i) {
          const mode = this.#tokMode;
          if (mode === Mode.Check) {
            if (or >= 0x80) this.#utf8(buf, i, k); // for its repair only
          } else if (mode !== Mode.Skip) {
            if (or < 0x80 && k - i <= 32) text = shortAscii(buf, i, k);
            else text = this.#utf8(buf, i, k);
          }
        }
        return this.#endWith(text, k);
      }
    }
    let seg = i;
    let hi = 0;
    while (i < n) {
      const b = buf[i] as number;
      if (b === 0x22) {
        this.#decodeSegment(buf, seg, i, (hi & 0x80) === 0);
        this.#strBytes += i - seg;
        return this.#endString(buf, i);
      }
      if (b === 0x5c) {
        this.#decodeSegment(buf, seg, i, (hi & 0x80) === 0);
        this.#strBytes += i - seg;
        hi = 0;
        const next = this.#escape(buf, i, atEnd);
        if (next < 0) {
          this.#resumeAt = i;
          return -1;
        }
        i = next;
        seg = i;
        continue;
      }
      if (b < 0x20) {
        if (b === 0x0a) this.#lf++;
        this.#repair(
          'RAW_CONTROL_CHARACTER',
          this.#base + i,
          `U+${b.toString(16).padStart(4, '0')}`,
        );
      }
      hi |= b;
      i++;
    }
    // chunk ends inside the string: decode up to the last complete UTF-8 character, carry the rest
    let cut = n;
    for (let k = n - 1; k >= seg && k >= n - 3; k--) {
      const c = buf[k] as number;
      if ((c & 0xc0) === 0x80) continue;
      if (c >= 0xc0) {
        const len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
        if (k + len > n) cut = k;
      }
      break;
    }
    if (atEnd) cut = n;
    this.#decodeSegment(buf, seg, cut, (hi & 0x80) === 0);
    this.#strBytes += cut - seg;
    if (this.#strBytes > this.#maxString) {
      throw parseError(
        'PARSE_TOO_LARGE',
        `string longer than ${this.#maxString} bytes; expected a chat export`,
        this.#loc(this.#tokStart),
      );
    }
    if (atEnd) {
      this.#resumeAt = n;
      return -1;
    }
    this.#resumeAt = cut;
    return -1;
  }

  /** One escape at `buf[i] === '\\'`; returns the index after it, or -1 when more bytes are needed. */
  #escape(buf: Uint8Array, i: number, atEnd: boolean): number {
    const n = buf.length;
    if (i + 1 >= n) return atEnd ? this.#badEscape(i, '\\', i + 1) : -1;
    const e = buf[i + 1] as number;
    const simple = SIMPLE_ESCAPE[e];
    if (simple !== undefined) {
      this.#pushText(simple);
      return i + 2;
    }
    if (e === 0x75) {
      // \uXXXX
      if (i + 6 > n) return atEnd ? this.#badEscape(i, '\\u', i + 2) : -1;
      let cu = 0;
      for (let k = 2; k < 6; k++) {
        const h = hexValue(buf[i + k] as number);
        if (h < 0) return this.#badEscape(i, '\\u', i + 2);
        cu = cu * 16 + h;
      }
      if (cu >= 0xd800 && cu <= 0xdbff) {
        if (this.#strPending >= 0) this.#pushText(''); // flushes the earlier unpaired one
        this.#strPending = cu;
        return i + 6;
      }
      if (cu >= 0xdc00 && cu <= 0xdfff) {
        if (this.#strPending >= 0) {
          const pair = String.fromCharCode(this.#strPending, cu);
          this.#strPending = -1;
          if (this.#tokMode === Mode.Build) this.#append(pair);
          return i + 6;
        }
        this.#repair('LONE_SURROGATE_REPLACED', this.#base + i, 'unpaired low surrogate');
        this.#pushText('\uFFFD');
        return i + 6;
      }
      this.#pushText(String.fromCharCode(cu));
      return i + 6;
    }
    if (e === 0x78) {
      // \xHH (Telegram Desktop, C-style): U+00HH
      if (i + 4 > n) return atEnd ? this.#badEscape(i, '\\x', i + 2) : -1;
      const h1 = hexValue(buf[i + 2] as number);
      const h2 = hexValue(buf[i + 3] as number);
      if (h1 < 0 || h2 < 0) return this.#badEscape(i, '\\x', i + 2);
      this.#repair(
        'INVALID_ESCAPE_REPAIRED',
        this.#base + i,
        `\\x${String.fromCharCode(buf[i + 2] as number, buf[i + 3] as number)}`,
      );
      this.#pushText(String.fromCharCode(h1 * 16 + h2));
      return i + 4;
    }
    // unknown escape: keep the backslash, read the next character normally
    return this.#badEscape(i, '\\', i + 1);
  }

  #badEscape(i: number, kept: string, next: number): number {
    this.#repair('INVALID_ESCAPE_REPAIRED', this.#base + i, `invalid escape kept as written`);
    this.#pushText(kept);
    return next;
  }

  #endString(buf: Uint8Array, i: number): number {
    if (this.#strPending >= 0) this.#pushText('');
    const s = this.#strMore ? this.#strMore.join('') : this.#str;
    this.#str = '';
    this.#strMore = null;
    return this.#endWith(s, i);
  }

  /** The string token ends with the closing quote at `buf[i]`; its text is `text`. */
  #endWith(text: string, i: number): number {
    this.#tok = Tok.None;
    let s = text;
    const sample = this.#o.sample;
    if (sample && s.length > sample.maxStringChars) s = s.slice(0, sample.maxStringChars);
    if (this.#strIsKey) {
      const f = this.#top() as Frame;
      f.key = s;
      f.afterComma = false;
      this.#state = St.Colon;
    } else {
      this.#finish(s, this.#tokMode, this.#tokEmit, this.#tokStart, this.#base + i + 1);
    }
    return i + 1;
  }
}

/**
 * Reads the first bytes of a file as far as they go and returns the partial document: at most
 * `maxArrayItems` items per array and `maxStringChars` characters per string. For format detection.
 *
 * @returns the (possibly partial) root value, or `undefined` when the bytes are not JSON.
 */
export function sampleJson(
  head: Uint8Array,
  maxArrayItems = 3,
  maxStringChars = 256,
): JsonValue | undefined {
  const reader = new JsonStreamReader({
    file: 'probe',
    sample: { maxArrayItems, maxStringChars },
    allowTruncated: true,
    maxDepth: 64,
  });
  try {
    reader.write(head);
    reader.end();
  } catch {
    return reader.root;
  }
  return reader.root;
}

/** Narrowing helpers for consumers of {@link JsonValue}. */
export function isObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The string value, or `undefined` when `v` is not a string. */
export function str(v: JsonValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The value as a string id: strings as they are, finite numbers in decimal; otherwise `undefined`. */
export function idString(v: JsonValue | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** The array value, or an empty array when `v` is not an array. */
export function arr(v: JsonValue | undefined): JsonValue[] {
  return Array.isArray(v) ? v : [];
}
