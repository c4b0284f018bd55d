/**
 * Turning one WhatsApp record (header line plus continuation lines) into a transcript message:
 * author label → sender, naive local time → instant and ISO 8601 string, body → text,
 * attachments and flags. Fixtures README "Senders", "Text", "Timezones"; research note
 * `chat-formats.md` §1.
 *
 * Built for a million messages: labels are cached (a chat has few authors), days whose offset
 * is constant skip the per-message zone lookup, and timestamps are formatted from the wall-clock
 * fields without a `Date`.
 */
import { formatWithOffset, type LocalTimeResolver } from '../../local-time.ts';
import type { Attachment, Message, MessageOrigin } from '../../types.ts';
import { classifyBody, type ArchiveLookup } from './placeholders.ts';

/** Mutable view of a readonly transcript type, for building it. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A message under construction: its header line and continuation lines, and where they are. One object is reused. */
export interface Pending {
  /** Text holding the header line (the line itself, or a stretch of lines around it). */
  headerText: string;
  /** UTF-16 index in `headerText` where the header line ends (before its terminator). */
  headerEnd: number;
  /** UTF-16 index in `headerText` where the text after the header starts. */
  bodyStart: number;
  line: number;
  byteOffset: number;
  endOffset: number;
  year: number;
  month: number;
  day: number;
  /** 0-23. */
  hour: number;
  minute: number;
  second: number;
  /** Continuation lines (emptied after each message). */
  readonly rest: string[];
}

/** A fresh {@link Pending}. */
export function newPending(): Pending {
  return {
    headerText: '',
    headerEnd: 0,
    bodyStart: 0,
    line: 0,
    byteOffset: 0,
    endOffset: 0,
    year: 0,
    month: 0,
    day: 0,
    hour: 0,
    minute: 0,
    second: 0,
    rest: [],
  };
}

/** A finished message, before its final index is known. */
export interface Built {
  readonly message: Mutable<Message>;
  readonly epochMs: number;
  readonly inGap: boolean;
  /** A named attachment is missing from the archive. */
  readonly missing: boolean;
  /** Set when the reorder window moved this message back. */
  moved: boolean;
}

const NO_LINES: readonly string[] = Object.freeze([]);
const NO_ATTACHMENTS: readonly Attachment[] = Object.freeze([]);
const BIDI_ANYWHERE = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const EDGE_SPACES = /^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g;
const LEADING_SPACES = /^[\s\u00a0\u202f]+/;
/** Opening quote → the closing quotes that may end it (German „…“ and „…” both occur). */
const QUOTES: Readonly<Record<string, string>> = {
  '"': '"',
  '\u201c': '\u201d',
  '\u201e': '\u201c\u201d',
  '\u00ab': '\u00bb',
  '\u2018': '\u2019',
  '\u201a': '\u2018\u2019',
  '\u2039': '\u203a',
};

/**
 * True when `label` can be an author label. A label that opens a quote it does not close is the
 * start of an event sentence split at a `: ` inside the quote
 * (`Alex changed the subject to "Study: maths"`), not a name.
 */
export function plausibleLabel(label: string): boolean {
  if (label.length === 0 || label.length > 200) return false;
  for (let i = 0; i < label.length; i++) {
    const closers = QUOTES[label[i] as string];
    if (closers === undefined) continue;
    let close = -1;
    for (const q of closers) {
      const at = label.indexOf(q, i + 1);
      if (at >= 0 && (close < 0 || at < close)) close = at;
    }
    if (close < 0) return false;
    i = close;
  }
  return true;
}

/** `sender` from an author label: direction marks removed, spaces trimmed, `~ Name` → `Name`. */
export function senderFromLabel(raw: string): string {
  let s = raw.replace(BIDI_ANYWHERE, '').replace(EDGE_SPACES, '');
  if (s.charCodeAt(0) === 0x7e /* ~ */) {
    const rest = s.slice(1).replace(LEADING_SPACES, '');
    if (rest.length > 0 && rest.length < s.length - 1) s = rest;
  }
  return s;
}

interface LabelInfo {
  readonly plausible: boolean;
  readonly sender: string;
}

interface KnownLabel extends LabelInfo {
  readonly label: string;
}

/** Caches label → sender (a chat has few distinct labels). Bounded. */
class Labels {
  readonly #map = new Map<string, KnownLabel>();
  /** Labels seen last, compared in place before a label is cut out of the line. */
  readonly #recent: KnownLabel[] = [];

  /**
   * The author label at `at` in `text`: up to the first `: ` that ends before `end` (the end of the
   * line); undefined when there is none or the label would be empty.
   */
  find(text: string, at: number, end: number): KnownLabel | undefined {
    let colon = -1;
    for (let i = at; i + 1 < end; i++) {
      if (text.charCodeAt(i) === 0x3a && text.charCodeAt(i + 1) === 0x20) {
        colon = i;
        break;
      }
    }
    if (colon <= at) return undefined;
    const length = colon - at;
    for (const k of this.#recent)
      if (k.label.length === length && text.startsWith(k.label, at)) return k;
    const label = text.slice(at, colon);
    let info = this.#map.get(label);
    if (info === undefined) {
      info = { label, plausible: plausibleLabel(label), sender: senderFromLabel(label) };
      if (this.#map.size >= 10_000) this.#map.clear();
      this.#map.set(label, info);
    }
    if (this.#recent.length >= 8) this.#recent.pop();
    this.#recent.unshift(info);
    return info;
  }
}

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 86_400_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

function two(n: number): string {
  return TWO[n] ?? String(n);
}

/** `hh:mm:` by minute of the day, each made when first needed ('' until then). */
const MINUTE_TEXTS: string[] = new Array<string>(1440).fill('');

/** `hh:mm:` (hours 0-23, minutes 0-59). */
function minuteText(hour: number, minute: number): string {
  const k = hour * 60 + minute;
  let s = MINUTE_TEXTS[k] as string;
  if (s === '') {
    s = `${two(hour)}:${two(minute)}:`;
    MINUTE_TEXTS[k] = s;
  }
  return s;
}

/**
 * Naive local time → instant, offset and ISO 8601 text, in the declared zone. Most days have one
 * offset all day; for them the instant is computed directly. Days with a clock change go through
 * {@link LocalTimeResolver} (fold and gap rules of the fixtures README).
 */
export class Instants {
  readonly #resolver: LocalTimeResolver;
  readonly #weeks = new Map<number, number | null>();
  readonly #days = new Map<number, number | null>();
  readonly #hours = new Map<number, number | null>();
  readonly #offsets = new Map<number, string>();
  #dayKey = -1;
  #dayPrefix = '';
  #dayOffset: number | null = null;
  /** `Date.UTC` of the day's midnight. */
  #dayMs = 0;
  /** Minute of the day and offset of the last uniform-offset result, and its text up to the seconds. */
  #minute = -1;
  #minuteOffset = 0;
  #minuteText = '';
  /** `ss±hh:mm` for each second, for the offset `#minuteOffset`. */
  #secondTexts: readonly string[] = [];
  readonly #secondTextsByOffset = new Map<number, readonly string[]>();

  // Result of the last resolve() (fields instead of an object: one call per message).
  epochMs = 0;
  offsetMinutes = 0;
  ambiguous = false;
  inGap = false;
  iso = '';

  constructor(resolver: LocalTimeResolver) {
    this.#resolver = resolver;
  }

  /**
   * The offset in minutes in force for every wall time of a day, or null when the zone changes
   * offset that day. Checked with the offset at two instants that bracket all of the day's wall
   * times under any offset (−14 h … +14 h): equal offsets there mean no change in between, on the
   * same assumption as the resolver (no two changes within a few days).
   */
  #uniform(year: number, month: number, day: number, key: number): number | null {
    const midnight = Date.UTC(year, month - 1, day);
    const week = this.#uniformWeek(Math.floor(midnight / WEEK_MS));
    if (week !== null) return week;
    let off = this.#days.get(key);
    if (off === undefined) {
      const a = this.#resolver.offsetAt(midnight - 15 * HOUR_MS);
      const b = this.#resolver.offsetAt(midnight + 39 * HOUR_MS);
      off = a === b ? a : null;
      if (this.#days.size >= 20_000) this.#days.clear();
      this.#days.set(key, off);
    }
    return off;
  }

  /** Like the day check, for the seven days from a multiple of 7 days since the epoch (no zone changes offset twice in 9 days). */
  #uniformWeek(week: number): number | null {
    let off = this.#weeks.get(week);
    if (off === undefined) {
      const start = week * WEEK_MS;
      const a = this.#resolver.offsetAt(start - 15 * HOUR_MS);
      const b = this.#resolver.offsetAt(start + WEEK_MS + 15 * HOUR_MS);
      off = a === b ? a : null;
      if (this.#weeks.size >= 20_000) this.#weeks.clear();
      this.#weeks.set(week, off);
    }
    return off;
  }

  /**
   * For a day with a clock change: the offset of a whole wall-clock hour when its first and last
   * second resolve unambiguously to the same offset (so only the hour of the change itself goes
   * message by message through the resolver).
   */
  #uniformHour(year: number, month: number, day: number, hour: number, key: number): number | null {
    let off = this.#hours.get(key);
    if (off === undefined) {
      const a = this.#resolver.resolve({ year, month, day, hour, minute: 0, second: 0 });
      const b = this.#resolver.resolve({ year, month, day, hour, minute: 59, second: 59 });
      off =
        !a.ambiguous && !a.inGap && !b.ambiguous && !b.inGap && a.offsetMinutes === b.offsetMinutes
          ? a.offsetMinutes
          : null;
      if (this.#hours.size >= 20_000) this.#hours.clear();
      this.#hours.set(key, off);
    }
    return off;
  }

  #secondTextsFor(offsetMinutes: number): readonly string[] {
    let texts = this.#secondTextsByOffset.get(offsetMinutes);
    if (texts === undefined) {
      const offset = this.#offsetText(offsetMinutes);
      texts = TWO.map((ss) => ss + offset);
      this.#secondTextsByOffset.set(offsetMinutes, texts);
    }
    return texts;
  }

  #offsetText(minutes: number): string {
    let s = this.#offsets.get(minutes);
    if (s === undefined) {
      const abs = Math.abs(minutes);
      s = `${minutes < 0 ? '-' : '+'}${two(Math.floor(abs / 60))}:${two(abs % 60)}`;
      this.#offsets.set(minutes, s);
    }
    return s;
  }

  /** Resolves a wall time; results in the fields. `previousEpochMs` orders times in a fold. */
  resolve(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    previousEpochMs: number | undefined,
  ): void {
    const key = year * 10_000 + month * 100 + day;
    if (key !== this.#dayKey) {
      this.#dayKey = key;
      this.#dayPrefix = `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}T`;
      this.#dayMs = Date.UTC(year, month - 1, day);
      this.#dayOffset = this.#uniform(year, month, day, key);
      this.#minute = -1;
    }
    const uniform = this.#dayOffset ?? this.#uniformHour(year, month, day, hour, key * 100 + hour);
    if (uniform !== null && hour <= 23 && minute <= 59 && second <= 59) {
      // Same as Date.UTC(year, month - 1, day, hour, minute, second) for these ranges.
      const wall = this.#dayMs + ((hour * 60 + minute) * 60 + second) * 1000;
      this.epochMs = wall - uniform * 60_000;
      this.offsetMinutes = uniform;
      this.ambiguous = false;
      this.inGap = false;
      const minuteOfDay = hour * 60 + minute;
      if (minuteOfDay !== this.#minute || uniform !== this.#minuteOffset) {
        this.#minute = minuteOfDay;
        this.#minuteText = `${this.#dayPrefix}${minuteText(hour, minute)}`;
        if (uniform !== this.#minuteOffset || this.#secondTexts.length === 0) {
          this.#minuteOffset = uniform;
          this.#secondTexts = this.#secondTextsFor(uniform);
        }
      }
      this.iso = this.#minuteText + (this.#secondTexts[second] as string);
      return;
    }
    if (uniform !== null) {
      this.epochMs = Date.UTC(year, month - 1, day, hour, minute, second) - uniform * 60_000;
      this.offsetMinutes = uniform;
      this.ambiguous = false;
      this.inGap = false;
    } else {
      const t = this.#resolver.resolve({ year, month, day, hour, minute, second }, previousEpochMs);
      this.epochMs = t.epochMs;
      this.offsetMinutes = t.offsetMinutes;
      this.ambiguous = t.ambiguous;
      this.inGap = t.inGap;
    }
    if (this.inGap) {
      this.iso = formatWithOffset(this.epochMs, this.offsetMinutes);
      return;
    }
    this.iso = `${this.#dayPrefix}${two(hour)}:${two(minute)}:${two(second)}${this.#offsetText(this.offsetMinutes)}`;
  }
}

/** What the builder needs to know about the export. */
export interface BuildContext {
  /** Entry of the chat inside a zip or folder; undefined for a single file. */
  readonly entry: string | undefined;
  /** Finds an archive entry by the file name a message gives; undefined for a single file. */
  readonly lookup:
    | ((fileName: string) => { readonly path: string; readonly size: number } | undefined)
    | undefined;
}

/** Builds messages from records; keeps the caches. */
export class MessageBuilder {
  readonly #ctx: BuildContext;
  readonly #instants: Instants;
  readonly #labels = new Labels();
  /** Facts about the message last built: its instant, whether its time was in a DST gap, whether an attachment is missing. */
  epochMs = 0;
  inGap = false;
  missing = false;
  /** The text after the header had a `: `, but what came before it cannot be an author label. */
  labelRejected = false;
  readonly #authored: { readonly authored: boolean; readonly inArchive?: ArchiveLookup };
  readonly #unauthored: { readonly authored: boolean; readonly inArchive?: ArchiveLookup };

  constructor(ctx: BuildContext, resolver: LocalTimeResolver) {
    this.#ctx = ctx;
    this.#instants = new Instants(resolver);
    const lookup = ctx.lookup;
    const inArchive: ArchiveLookup | undefined =
      lookup === undefined ? undefined : (name) => lookup(name) !== undefined;
    this.#authored = inArchive === undefined ? { authored: true } : { authored: true, inArchive };
    this.#unauthored =
      inArchive === undefined ? { authored: false } : { authored: false, inArchive };
  }

  #options(authored: boolean): { readonly authored: boolean; readonly inArchive?: ArchiveLookup } {
    return authored ? this.#authored : this.#unauthored;
  }

  /**
   * Builds the message of a record.
   *
   * @param p - the record.
   * @param previousEpochMs - instant of the previous message in the file, for folds.
   * @returns the message with index -1; its instant and flags are in `epochMs`, `inGap`, `missing`.
   */
  build(p: Pending, previousEpochMs: number | undefined): Mutable<Message> {
    const header = p.headerText;
    const known = this.#labels.find(header, p.bodyStart, p.headerEnd);
    const authored = known !== undefined && known.plausible;
    this.labelRejected = known !== undefined && !known.plausible;
    const first = header.slice(
      authored ? p.bodyStart + known.label.length + 2 : p.bodyStart,
      p.headerEnd,
    );
    const body = classifyBody(
      first,
      p.rest.length === 0 ? NO_LINES : p.rest,
      this.#options(authored),
    );

    const t = this.#instants;
    t.resolve(p.year, p.month, p.day, p.hour, p.minute, p.second, previousEpochMs);
    this.epochMs = t.epochMs;
    this.inGap = t.inGap;

    const system = !authored || body.event;
    let sender: string | null = null;
    let senderRaw: string | undefined;
    if (authored) {
      if (system) senderRaw = known.label;
      else {
        sender = known.sender;
        if (sender !== known.label) senderRaw = known.label;
      }
    }

    let missing = false;
    let attachments = NO_ATTACHMENTS;
    if (body.attachments.length > 0) {
      const lookup = this.#ctx.lookup;
      attachments = body.attachments.map((a) => {
        const out: Mutable<Attachment> = { fileName: a.fileName, omitted: a.omitted };
        if (a.kind !== undefined) out.kind = a.kind;
        if (lookup !== undefined && a.fileName !== null && !a.omitted) {
          const entry = lookup(a.fileName);
          out.inArchive = entry !== undefined;
          if (entry !== undefined) {
            out.path = entry.path;
            out.size = entry.size;
          } else missing = true;
        }
        return out;
      });
    }
    this.missing = missing;

    const entry = this.#ctx.entry;
    const origin: MessageOrigin =
      entry === undefined
        ? { line: p.line, byteOffset: p.byteOffset, byteLength: p.endOffset - p.byteOffset }
        : {
            line: p.line,
            byteOffset: p.byteOffset,
            byteLength: p.endOffset - p.byteOffset,
            entry,
          };
    // Keys in this order (JSON keeps it): index … system, the flags that apply, senderRaw, origin.
    // The usual messages are made whole by one literal; the others get their keys one by one.
    const timestamp = t.iso;
    const text = body.text;
    if (!body.edited && !body.deleted && !t.ambiguous) {
      return senderRaw === undefined
        ? { index: -1, sender, timestamp, text, attachments, system, origin }
        : { index: -1, sender, timestamp, text, attachments, system, senderRaw, origin };
    }
    const message: Mutable<Message> = { index: -1, sender, timestamp, text, attachments, system };
    if (body.edited) message.edited = true;
    if (body.deleted) message.deleted = true;
    if (t.ambiguous) message.timestampAmbiguous = true;
    if (senderRaw !== undefined) message.senderRaw = senderRaw;
    message.origin = origin;
    return message;
  }
}

/**
 * Holds back up to `window` messages so that one dated earlier than those before it can move
 * into chronological place (stable: equal instants keep file order). With a window of 0 it is a
 * pass-through. A message dated before one already handed on is handed on next, out of order,
 * and counted. A binary heap keyed by (instant, file position) keeps every step O(log window),
 * whatever order an adversarial file is in.
 */
export class Reorderer {
  readonly #window: number;
  readonly #heap: Built[] = [];
  readonly #seqs: number[] = [];
  #seq = 0;
  #maxHeld = -Infinity;
  #lastEmitted = -Infinity;
  /** Lines (1-based) of messages that could not be placed, the first 100. */
  readonly unsorted: number[] = [];
  unsortedCount = 0;
  /** Comparisons made so far (for tests of the O(log window) bound). */
  comparisons = 0;

  constructor(window: number) {
    this.#window = window;
  }

  /**
   * Adds a message. Returns true when it can be handed on at once (nothing held and no window);
   * otherwise it is held and {@link take} hands messages on.
   */
  offer(message: Mutable<Message>, epochMs: number, inGap: boolean, missing: boolean): boolean {
    if (this.#window === 0 && this.#heap.length === 0) {
      if (epochMs < this.#lastEmitted) this.#unsortable(message.origin?.line);
      else this.#lastEmitted = epochMs;
      return true;
    }
    const r: Built = { message, epochMs, inGap, missing, moved: false };
    if (epochMs < this.#lastEmitted) this.#unsortable(message.origin?.line);
    else if (epochMs < this.#maxHeld) r.moved = true;
    if (epochMs > this.#maxHeld) this.#maxHeld = epochMs;
    this.#push(r, this.#seq++);
    return false;
  }

  #unsortable(line: number | undefined): void {
    this.unsortedCount++;
    if (this.unsorted.length < 100 && line !== undefined) this.unsorted.push(line);
  }

  #less(i: number, j: number): boolean {
    this.comparisons++;
    const a = (this.#heap[i] as Built).epochMs;
    const b = (this.#heap[j] as Built).epochMs;
    return a < b || (a === b && (this.#seqs[i] as number) < (this.#seqs[j] as number));
  }

  #swap(i: number, j: number): void {
    const h = this.#heap;
    const q = this.#seqs;
    [h[i], h[j]] = [h[j] as Built, h[i] as Built];
    [q[i], q[j]] = [q[j] as number, q[i] as number];
  }

  #push(r: Built, seq: number): void {
    this.#heap.push(r);
    this.#seqs.push(seq);
    let i = this.#heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
  }

  #pop(): Built | undefined {
    const h = this.#heap;
    const top = h[0];
    const last = h.pop();
    const lastSeq = this.#seqs.pop();
    if (h.length > 0 && last !== undefined && lastSeq !== undefined) {
      h[0] = last;
      this.#seqs[0] = lastSeq;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.#less(l, m)) m = l;
        if (r < h.length && this.#less(r, m)) m = r;
        if (m === i) break;
        this.#swap(i, m);
        i = m;
      }
    }
    return top;
  }

  /** The next message to hand on, or undefined while at most `window` are held (`all`: none). */
  take(all: boolean): Built | undefined {
    if (this.#heap.length <= (all ? 0 : this.#window)) return undefined;
    const r = this.#pop();
    if (r !== undefined && r.epochMs > this.#lastEmitted) this.#lastEmitted = r.epochMs;
    return r;
  }
}
