/**
 * Chronological ordering of parsed messages with bounded memory.
 *
 * The transcript rule (fixtures README, "Ordering"): messages are sorted by instant, stably;
 * formats that list newest first are reversed, and equal instants keep the reverse of the file
 * order. Parsers express the tie rule as a `tie` number per message (ascending wins), and this
 * module does the rest. Messages waiting to be emitted are held as the parser built them, within a
 * budget of `budgetBytes` (an estimate of their heap size, {@link approxItemBytes}); that budget
 * gives the window `W`, the most messages held at once.
 *
 * 1. Pass 1 reads the export. If all its messages fit the budget they are emitted in order (sorted
 *    first unless the file already was): one pass, the common case for small exports. When the scan
 *    says how much of the input it has read (`ScanContext.read`, with `inputBytes` known), pass 1
 *    stops holding messages as soon as the ones held so far show that all would not fit, and then
 *    only looks at the sort keys.
 * 2. Larger exports: pass 1 checks whether the file is in order, and whether emitting through a
 *    min-heap of `W` messages would give sorted output (the export is out of order only within `W`
 *    messages, which covers Messenger's newest-first files of 10 000 messages when read last file
 *    first); it also keeps the smallest key of every block of 1024 messages. Pass 2 then emits each
 *    message as it is read (file in order: nothing is held), or holds a message only until no later
 *    block can hold an earlier one (at most `W` + 1024 messages, usually far fewer).
 * 3. Otherwise pass 2 keeps only each message's sort key (16 bytes) to compute every message's
 *    rank, and further passes emit ranks `[k·W, (k+1)·W)` in turn, sliding the window as ranks
 *    complete. Memory: 20 bytes per message plus the budget; time: about n / W passes.
 *
 * No message can be emitted before the whole export was read once (a later message may sort before
 * it and the parts already handed on cannot be taken back), so an export too large to hold is read
 * twice. Each pass re-reads the export from the start (`ExportSource.open` always starts over), so
 * the scan must be deterministic; a pass that sees a different number of messages, or messages in
 * an order that pass 1 did not see, is an error.
 */
import { CustosError } from '../errors.ts';
import { NoteBook } from './notes.ts';
import type { Message, TranscriptPart } from './types.ts';

/** A parsed message before ordering. */
export interface OrderedItem {
  /** Instant in milliseconds since the epoch (sort key). */
  readonly epochMs: number;
  /** Tie-break among equal instants, ascending (e.g. `-position` for newest-first exports). */
  readonly tie: number;
  /**
   * The message. When it has an `index` property (first, as a placeholder) the ordering sets it and
   * emits the object itself; otherwise it emits a copy with `index` first.
   */
  readonly message: Omit<Message, 'index'> | Message;
  /** Note codes (with their explanation) that concern this message; become `messageIndices`. */
  readonly repairs?: readonly { readonly code: string; readonly message: string }[];
}

/** What a scan may record besides messages. */
export interface ScanContext {
  /** 1 for the first read of the export; repeat passes must yield the same messages. */
  readonly pass: number;
  /** Notes; only the first pass records (later passes get a muted book). */
  readonly notes: NoteBook;
  /**
   * True while the messages of this pass are not kept, only their sort keys (the rest of a first
   * pass over an export too large to hold; the ranking pass). The scan may then yield items whose
   * `message` is {@link KEYS_ONLY} and skip reading what only messages need, but it must yield the
   * same items (count, order, `epochMs`, `tie`) and record the same notes, participants and title.
   * It can turn true during a pass, never false.
   */
  readonly keysOnly: boolean;
  /** A participant named by the export's own list. */
  participant(name: string): void;
  /** The chat title. */
  title(title: string): void;
  /**
   * The scan has read `bytes` more bytes of the input (optional): with `inputBytes` this lets the
   * first pass see early that the messages will not fit in memory.
   */
  read(bytes: number): void;
}

/**
 * One read of the export, yielding its messages in file order: one at a time, or in arrays (a
 * parser that reads a chunk's worth of messages at once saves an asynchronous step per message).
 */
export type Scan = (ctx: ScanContext) => AsyncIterable<OrderedItem | readonly OrderedItem[]>;

/** Options of {@link emitInOrder}. */
export interface OrderOptions {
  /** Messages held in memory at most (default: as many as fit `budgetBytes`). */
  readonly window?: number;
  /**
   * Estimated heap bytes of the messages held in memory at most (default 64 MiB), as counted by
   * {@link approxItemBytes}.
   */
  readonly budgetBytes?: number;
  /**
   * Size in bytes of what the scan reads (the entries' sizes), when known. With the scan's
   * `read` reports, the first pass stops holding messages once the share read so far shows they
   * will not fit (holding them only to let them go costs garbage-collection time).
   */
  readonly inputBytes?: number;
  /**
   * The file is expected to be chronological already: when it is not, record `ORDER_REPAIRED`
   * (for formats that are newest first by design, leave this off).
   */
  readonly expectChronological?: boolean;
}

/** The `message` of an item yielded while {@link ScanContext.keysOnly}: never emitted. */
export const KEYS_ONLY: Omit<Message, 'index'> = Object.freeze({
  sender: null,
  timestamp: '',
  text: '',
  attachments: [],
  system: false,
});

/** Default of {@link OrderOptions.budgetBytes}. */
export const DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024;
/** Messages per block for the smallest-later-key bound of pass 2. */
const BLOCK = 1024;
/** Messages held at least before projecting the memory all would need. */
const SAMPLE = 256;

interface Key {
  readonly e: number;
  readonly t: number;
  readonly s: number;
}

function cmp(a: Key, b: Key): number {
  return a.e - b.e || a.t - b.t || a.s - b.s;
}

/** A binary min-heap over {@link cmp}. */
class Heap<T extends Key> {
  readonly #a: T[] = [];
  get size(): number {
    return this.#a.length;
  }
  /** The smallest element, without removing it. */
  peek(): T | undefined {
    return this.#a[0];
  }
  push(x: T): void {
    const a = this.#a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (cmp(a[p] as T, x) <= 0) break;
      a[i] = a[p] as T;
      i = p;
    }
    a[i] = x;
  }
  pop(): T | undefined {
    const a = this.#a;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || last === undefined) return top;
    let i = 0;
    const n = a.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && cmp(a[r] as T, a[l] as T) < 0 ? r : l;
      if (cmp(a[c] as T, last) >= 0) break;
      a[i] = a[c] as T;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

/**
 * A binary min-heap of at most `capacity` keys `(e, t, s)` in typed arrays (no object per key: the
 * window check of a large export holds up to `W` of them for a whole pass).
 */
class KeyHeap {
  readonly #e: Float64Array;
  readonly #t: Float64Array;
  readonly #s: Float64Array;
  size = 0;
  /** The key the last {@link pop} removed. */
  outE = 0;
  outT = 0;
  outS = 0;

  constructor(capacity: number) {
    this.#e = new Float64Array(capacity);
    this.#t = new Float64Array(capacity);
    this.#s = new Float64Array(capacity);
  }

  #less(i: number, e: number, t: number, s: number): boolean {
    return (
      ((this.#e[i] as number) - e || (this.#t[i] as number) - t || (this.#s[i] as number) - s) < 0
    );
  }

  #set(i: number, e: number, t: number, s: number): void {
    this.#e[i] = e;
    this.#t[i] = t;
    this.#s[i] = s;
  }

  #move(to: number, from: number): void {
    this.#set(to, this.#e[from] as number, this.#t[from] as number, this.#s[from] as number);
  }

  push(e: number, t: number, s: number): void {
    let i = this.size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      // stop below a parent that does not sort after the new key
      if (
        ((this.#e[p] as number) - e || (this.#t[p] as number) - t || (this.#s[p] as number) - s) <=
        0
      )
        break;
      this.#move(i, p);
      i = p;
    }
    this.#set(i, e, t, s);
  }

  pop(): void {
    this.outE = this.#e[0] as number;
    this.outT = this.#t[0] as number;
    this.outS = this.#s[0] as number;
    const n = --this.size;
    if (n === 0) return;
    const e = this.#e[n] as number;
    const t = this.#t[n] as number;
    const s = this.#s[n] as number;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c =
        r < n &&
        ((this.#e[r] as number) - (this.#e[l] as number) ||
          (this.#t[r] as number) - (this.#t[l] as number) ||
          (this.#s[r] as number) - (this.#s[l] as number)) < 0
          ? r
          : l;
      if (!this.#less(c, e, t, s)) break;
      this.#move(i, c);
      i = c;
    }
    this.#set(i, e, t, s);
  }
}

/**
 * Decides, from keys alone, whether emitting through a min-heap of `W` messages gives sorted
 * output. While the keys arrive in order the heap would just hold the last `W` keys, so those are
 * kept in a ring; the heap is built only when the first key out of order arrives.
 */
class WindowCheck {
  readonly #w: number;
  readonly #ringE: Float64Array;
  readonly #ringT: Float64Array;
  #count = 0;
  #heap: KeyHeap | null = null;
  #hasLast = false;
  #lastE = 0;
  #lastT = 0;
  #lastS = 0;
  /** Emitting through the window has given sorted output so far. */
  ok = true;

  constructor(window: number) {
    this.#w = window;
    this.#ringE = new Float64Array(window);
    this.#ringT = new Float64Array(window);
  }

  /**
   * Adds the key of message `s` (keys arrive in sequence order).
   *
   * @param inOrder - this key sorts after the previous one.
   */
  add(e: number, t: number, s: number, inOrder: boolean): void {
    if (!this.ok) return;
    const w = this.#w;
    if (!this.#heap) {
      if (inOrder) {
        const slot = s % w;
        if (s >= w) {
          // the heap would now give out the key that falls out of the ring
          this.#hasLast = true;
          this.#lastE = this.#ringE[slot] as number;
          this.#lastT = this.#ringT[slot] as number;
          this.#lastS = s - w;
        }
        this.#ringE[slot] = e;
        this.#ringT[slot] = t;
        this.#count = s + 1;
        return;
      }
      const heap = new KeyHeap(w + 1);
      for (let k = Math.max(0, this.#count - w); k < this.#count; k++)
        heap.push(this.#ringE[k % w] as number, this.#ringT[k % w] as number, k);
      this.#heap = heap;
    }
    const heap = this.#heap;
    heap.push(e, t, s);
    if (heap.size > w) {
      heap.pop();
      if (
        this.#hasLast &&
        (this.#lastE - heap.outE || this.#lastT - heap.outT || this.#lastS - heap.outS) > 0
      )
        this.ok = false;
      this.#hasLast = true;
      this.#lastE = heap.outE;
      this.#lastT = heap.outT;
      this.#lastS = heap.outS;
    }
  }
}

interface Held extends Key {
  readonly item: OrderedItem;
}

/** Bytes of a string on the V8 heap, assuming two bytes per UTF-16 unit (the worst case). */
function strBytes(s: string): number {
  return 24 + 2 * s.length;
}

/** Bytes of a flat object of strings, numbers and booleans (attachments, origins). */
function flatBytes(o: object): number {
  let n = 48;
  for (const v of Object.values(o)) n += 16 + (typeof v === 'string' ? strBytes(v) : 0);
  return n;
}

/**
 * Estimated heap size of a held item in bytes: object headers and fields, strings at two bytes per
 * UTF-16 code unit, attachments and the origin. Errs high (strings shared between messages, like
 * sender names, are counted every time), so the budget is an upper bound of what is held.
 *
 * @param item - a parsed message before ordering.
 * @returns bytes (an estimate, not a measurement).
 */
export function approxItemBytes(item: OrderedItem): number {
  let n = 96 + (item.repairs ? 32 + 16 * item.repairs.length : 0);
  const m = item.message;
  for (const k in m) {
    const v = (m as Record<string, unknown>)[k];
    n += 16;
    if (typeof v === 'string') n += strBytes(v);
    else if (Array.isArray(v)) {
      n += 32;
      for (const a of v as unknown[]) if (typeof a === 'object' && a) n += 8 + flatBytes(a);
    } else if (typeof v === 'object' && v) n += flatBytes(v);
  }
  return n;
}

const ORDER_NOTE =
  'the export does not list its messages in chronological order; they were sorted by time (stable)';

/**
 * Runs `scan` as often as needed and yields the transcript parts: title and participants first,
 * then every message in chronological order with `index` set, then the notes.
 *
 * @throws whatever `scan` throws (parsers throw CustosError `PARSE_*`); CustosError
 *   `SOURCE_CHANGED` (integrity) when a repeat pass reads a different number of messages, or
 *   messages in an order the first pass did not see.
 */
export async function* emitInOrder(
  scan: Scan,
  options: OrderOptions = {},
): AsyncGenerator<TranscriptPart> {
  const maxWindow = Math.max(1, options.window ?? Number.MAX_SAFE_INTEGER);
  const budget = Math.max(1, options.budgetBytes ?? DEFAULT_BUDGET_BYTES);
  const inputBytes = options.inputBytes ?? 0;
  let bytesRead = 0;
  const book = new NoteBook();
  const participants: string[] = [];
  const seenParticipants = new Set<string>();
  let title: string | undefined;
  // Pass 1: hold what fits; past that, check keys only.
  let buffer: OrderedItem[] | null = [];
  const ctx1: ScanContext = {
    pass: 1,
    notes: book,
    get keysOnly() {
      return buffer === null;
    },
    participant(name) {
      if (!seenParticipants.has(name)) {
        seenParticipants.add(name);
        participants.push(name);
      }
    },
    title(t) {
      title ??= t;
    },
    read(bytes) {
      bytesRead += bytes;
    },
  };

  let used = 0;
  let window = 0; // W, fixed when the buffer is given up
  let check: WindowCheck | null = null;
  let fileSorted = true;
  let prevE = 0;
  let prevT = 0;
  let n = 0;
  // smallest key of each block of BLOCK messages
  const blockE: number[] = [];
  const blockT: number[] = [];
  const giveUp = (w: number, held: OrderedItem[]) => {
    window = Math.max(1, Math.min(maxWindow, w));
    check = new WindowCheck(window);
    let pe = 0;
    let pt = 0;
    for (let s = 0; s < held.length; s++) {
      const b = held[s] as OrderedItem;
      check.add(b.epochMs, b.tie, s, s === 0 || (pe - b.epochMs || pt - b.tie) <= 0);
      pe = b.epochMs;
      pt = b.tie;
    }
    buffer = null;
  };
  const take = (item: OrderedItem) => {
    const e = item.epochMs;
    const t = item.tie;
    // in order when the previous key does not sort after this one (equal keys keep file order)
    const inOrder = n === 0 || (prevE - e || prevT - t) <= 0;
    if (!inOrder) fileSorted = false;
    prevE = e;
    prevT = t;
    const b = (n / BLOCK) | 0;
    if (b === blockE.length) {
      blockE.push(e);
      blockT.push(t);
    } else if ((e - (blockE[b] as number) || t - (blockT[b] as number)) < 0) {
      blockE[b] = e;
      blockT[b] = t;
    }
    if (buffer) {
      used += approxItemBytes(item);
      buffer.push(item);
      if (used > budget || buffer.length > maxWindow) giveUp(buffer.length - 1, buffer);
      else if (
        buffer.length >= SAMPLE &&
        bytesRead > 0 &&
        bytesRead < inputBytes &&
        used * (inputBytes / bytesRead) > budget
      )
        // the share read so far projects past the budget: hold none, with the window that would fit
        giveUp(Math.floor(budget / (used / buffer.length)), buffer);
    } else check?.add(e, t, n, inOrder);
    n++;
  };
  for await (const got of scan(ctx1)) {
    if (isBatch(got)) for (const item of got) take(item);
    else take(got);
  }
  if (!fileSorted && options.expectChronological) book.add('ORDER_REPAIRED', ORDER_NOTE);

  if (title !== undefined) yield { type: 'title', title };
  for (const name of participants) yield { type: 'participant', name };

  let index = 0;
  const emit = (item: OrderedItem): TranscriptPart => {
    if (item.repairs) for (const r of item.repairs) book.attach(r.code, r.message, index);
    const m = item.message;
    if ('index' in m) {
      (m as { index: number }).index = index++;
      return { type: 'message', message: m };
    }
    return { type: 'message', message: { index: index++, ...m } };
  };
  const muted = (pass: number, keysOnly = false): ScanContext => ({
    pass,
    notes: new NoteBook(true),
    keysOnly,
    participant() {},
    title() {},
    read() {},
  });
  const changed = (what: string) =>
    new CustosError(
      'integrity',
      'SOURCE_CHANGED',
      `the export changed while it was being read (a repeat pass found ${what})`,
    );
  const countChanged = () => changed('a different number of messages');
  const orderChanged = () => changed('messages in a different order');
  /** Pass `pass` of the scan in batches, its message count checked against pass 1. */
  async function* again(pass: number, keysOnly = false): AsyncGenerator<readonly OrderedItem[]> {
    let s = 0;
    for await (const got of scan(muted(pass, keysOnly))) {
      const batch = isBatch(got) ? got : [got];
      s += batch.length;
      if (s > n) throw countChanged();
      yield batch;
    }
    if (s !== n) throw countChanged();
  }

  const finalCheck = check as WindowCheck | null;
  if (buffer) {
    const held: OrderedItem[] = buffer;
    buffer = null;
    if (fileSorted) for (const item of held) yield emit(item);
    else {
      const order = held.map((item, s): Held => ({ e: item.epochMs, t: item.tie, s, item }));
      held.length = 0;
      order.sort(cmp);
      for (const h of order) yield emit(h.item);
    }
  } else if (fileSorted) {
    // Pass 2: the export is in order; emit each message as it is read.
    let s = 0;
    let pe = 0;
    let pt = 0;
    for await (const batch of again(2))
      for (const item of batch) {
        if (s > 0 && (pe - item.epochMs || pt - item.tie) > 0) throw orderChanged();
        pe = item.epochMs;
        pt = item.tie;
        s++;
        yield emit(item);
      }
  } else if (finalCheck?.ok) {
    // Pass 2: hold each message until no later block has a smaller key.
    const blocks = blockE.length;
    const sufE = new Float64Array(blocks + 1).fill(Infinity);
    const sufT = new Float64Array(blocks + 1).fill(Infinity);
    for (let b = blocks - 1; b >= 0; b--) {
      const e = blockE[b] as number;
      const t = blockT[b] as number;
      const later = (e - (sufE[b + 1] as number) || t - (sufT[b + 1] as number)) <= 0;
      sufE[b] = later ? e : (sufE[b + 1] as number);
      sufT[b] = later ? t : (sufT[b + 1] as number);
    }
    const heap = new Heap<Held>();
    let s = 0;
    for await (const batch of again(2))
      for (const item of batch) {
        heap.push({ e: item.epochMs, t: item.tie, s, item });
        s++;
        if (s % BLOCK !== 0) continue;
        if (heap.size > window + BLOCK) throw orderChanged();
        // every later message sorts at or after (lowE, lowT): what sorts no later can go
        const b = s / BLOCK;
        const lowE = sufE[b] as number;
        const lowT = sufT[b] as number;
        for (let h = heap.peek(); h && (h.e - lowE || h.t - lowT) <= 0; h = heap.peek()) {
          heap.pop();
          yield emit(h.item);
        }
      }
    while (heap.size > 0) yield emit((heap.pop() as Held).item);
  } else {
    // Pass 2: keys only; rank every message.
    const epochs = new Float64Array(n);
    const ties = new Float64Array(n);
    let s = 0;
    for await (const batch of again(2, true))
      for (const item of batch) {
        epochs[s] = item.epochMs;
        ties[s] = item.tie;
        s++;
      }
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort(
      (a, b) =>
        (epochs[a] as number) - (epochs[b] as number) ||
        (ties[a] as number) - (ties[b] as number) ||
        a - b,
    );
    const rank = new Uint32Array(n);
    for (let k = 0; k < n; k++) rank[order[k] as number] = k;
    // Passes 3…: emit ranks in order through a sliding window of W slots.
    let next = 0;
    for (let pass = 3; next < n; pass++) {
      const slots = new Map<number, OrderedItem>();
      let seq = 0;
      for await (const batch of again(pass))
        for (const item of batch) {
          const r = rank[seq++] as number;
          if (r < next || r >= next + window) continue;
          if (r === next) {
            yield emit(item);
            next++;
            for (let held = slots.get(next); held !== undefined; held = slots.get(next)) {
              slots.delete(next);
              yield emit(held);
              next++;
            }
          } else slots.set(r, item);
        }
      for (let held = slots.get(next); held !== undefined; held = slots.get(next)) {
        slots.delete(next);
        yield emit(held);
        next++;
      }
    }
  }
  for (const note of book.notes()) yield { type: 'note', note };
}

function isBatch(got: OrderedItem | readonly OrderedItem[]): got is readonly OrderedItem[] {
  return Array.isArray(got);
}
