/**
 * Chronological ordering of parsed messages with bounded memory.
 *
 * The transcript rule (fixtures README, "Ordering"): messages are sorted by instant, stably;
 * formats that list newest first are reversed, and equal instants keep the reverse of the file
 * order. Parsers express the tie rule as a `tie` number per message (ascending wins), and this
 * module does the rest. Messages waiting to be emitted are held serialized (JSON text, about a
 * fifth of the memory of the objects), within a budget of `budgetChars` UTF-16 code units:
 *
 * 1. Pass 1 reads the export. If all its messages fit the budget they are sorted in memory and
 *    emitted: one pass, the common case. Otherwise the number that fitted becomes the window `W`.
 * 2. Larger exports: pass 1 also simulates emitting through a min-heap of `W` messages. If that
 *    would have produced sorted output (the export is in order, or out of order only within `W`
 *    messages, which covers Messenger's newest-first files of 10 000 messages when read last file
 *    first), pass 2 does exactly that. Memory: the budget.
 * 3. Otherwise pass 2 keeps only each message's sort key (16 bytes) to compute every message's
 *    rank, and further passes emit ranks `[k·W, (k+1)·W)` in turn, sliding the window as ranks
 *    complete. Memory: 20 bytes per message plus the budget; time: about n / W passes.
 *
 * Each pass re-reads the export from the start (`ExportSource.open` always starts over), so the
 * scan must be deterministic; a pass that sees a different number of messages is an error.
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
  readonly message: Omit<Message, 'index'>;
  /** Note codes (with their explanation) that concern this message; become `messageIndices`. */
  readonly repairs?: readonly { readonly code: string; readonly message: string }[];
}

/** What a scan may record besides messages. */
export interface ScanContext {
  /** 1 for the first read of the export; repeat passes must yield the same messages. */
  readonly pass: number;
  /** Notes; only the first pass records (later passes get a muted book). */
  readonly notes: NoteBook;
  /** A participant named by the export's own list. */
  participant(name: string): void;
  /** The chat title. */
  title(title: string): void;
}

/** One read of the export, yielding its messages in file order. */
export type Scan = (ctx: ScanContext) => AsyncIterable<OrderedItem>;

/** Options of {@link emitInOrder}. */
export interface OrderOptions {
  /** Messages held in memory at most (default: as many as fit `budgetChars`). */
  readonly window?: number;
  /** Serialized messages held in memory at most, in UTF-16 code units (default 16 Mi: 16–32 MiB). */
  readonly budgetChars?: number;
  /**
   * The file is expected to be chronological already: when it is not, record `ORDER_REPAIRED`
   * (for formats that are newest first by design, leave this off).
   */
  readonly expectChronological?: boolean;
}

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

interface Held extends Key {
  /** The item, serialized (JSON text). */
  readonly json: string;
}

const ORDER_NOTE =
  'the export does not list its messages in chronological order; they were sorted by time (stable)';

/**
 * Runs `scan` as often as needed and yields the transcript parts: title and participants first,
 * then every message in chronological order with `index` set, then the notes.
 *
 * @throws whatever `scan` throws (parsers throw CustosError `PARSE_*`); CustosError
 *   `SOURCE_CHANGED` (integrity) when a repeat pass reads a different number of messages.
 */
export async function* emitInOrder(
  scan: Scan,
  options: OrderOptions = {},
): AsyncGenerator<TranscriptPart> {
  const maxWindow = Math.max(1, options.window ?? Number.MAX_SAFE_INTEGER);
  const budget = Math.max(1, options.budgetChars ?? 16 * 1024 * 1024);
  const book = new NoteBook();
  const participants: string[] = [];
  const seenParticipants = new Set<string>();
  let title: string | undefined;
  const ctx1: ScanContext = {
    pass: 1,
    notes: book,
    participant(name) {
      if (!seenParticipants.has(name)) {
        seenParticipants.add(name);
        participants.push(name);
      }
    },
    title(t) {
      title ??= t;
    },
  };

  // Pass 1: buffer what fits; past that, simulate a heap of W keys to see if one more pass suffices.
  let buffer: Held[] | null = [];
  let used = 0;
  let window = 0; // W, fixed when the buffer overflows
  const sim = new Heap<Key>();
  let lastOut: Key | null = null;
  let windowSorted = true;
  let fileSorted = true;
  let prev: Key | null = null;
  let n = 0;
  const simulate = (key: Key) => {
    sim.push(key);
    if (sim.size > window) {
      const out = sim.pop() as Key;
      if (lastOut && cmp(lastOut, out) > 0) windowSorted = false;
      lastOut = out;
    }
  };
  for await (const item of scan(ctx1)) {
    const key: Key = { e: item.epochMs, t: item.tie, s: n++ };
    if (prev && cmp(prev, key) > 0) fileSorted = false;
    prev = key;
    if (buffer) {
      const json = JSON.stringify(item);
      used += json.length;
      buffer.push({ ...key, json });
      if (used > budget || buffer.length > maxWindow) {
        // too large for memory: later passes, with the window that fitted
        window = Math.max(1, buffer.length - 1);
        for (const h of buffer) simulate(h);
        buffer = null;
      }
    } else if (windowSorted) simulate(key);
  }
  if (!fileSorted && options.expectChronological) book.add('ORDER_REPAIRED', ORDER_NOTE);

  if (title !== undefined) yield { type: 'title', title };
  for (const name of participants) yield { type: 'participant', name };

  let index = 0;
  const emit = (json: string): TranscriptPart => {
    const item = JSON.parse(json) as OrderedItem;
    for (const r of item.repairs ?? []) book.attach(r.code, r.message, index);
    return { type: 'message', message: { index: index++, ...item.message } };
  };
  const muted = (pass: number): ScanContext => ({
    pass,
    notes: new NoteBook(true),
    participant() {},
    title() {},
  });
  const changed = () =>
    new CustosError(
      'integrity',
      'SOURCE_CHANGED',
      'the export changed while it was being read (a repeat pass found a different number of messages)',
    );

  if (buffer) {
    buffer.sort(cmp);
    for (const h of buffer) yield emit(h.json);
  } else if (windowSorted) {
    // Pass 2: stream through a heap of W messages.
    const heap = new Heap<Held>();
    let s = 0;
    for await (const item of scan(muted(2))) {
      heap.push({ e: item.epochMs, t: item.tie, s: s++, json: JSON.stringify(item) });
      if (heap.size > window) yield emit((heap.pop() as Held).json);
    }
    if (s !== n) throw changed();
    while (heap.size > 0) yield emit((heap.pop() as Held).json);
  } else {
    // Pass 2: keys only; rank every message.
    const epochs = new Float64Array(n);
    const ties = new Float64Array(n);
    let s = 0;
    for await (const item of scan(muted(2))) {
      if (s >= n) throw changed();
      epochs[s] = item.epochMs;
      ties[s] = item.tie;
      s++;
    }
    if (s !== n) throw changed();
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
      const slots = new Map<number, string>();
      let seq = 0;
      for await (const item of scan(muted(pass))) {
        const r = rank[seq++] as number;
        if (r < next || r >= next + window) continue;
        if (r === next) {
          yield emit(JSON.stringify(item));
          next++;
          for (let held = slots.get(next); held !== undefined; held = slots.get(next)) {
            slots.delete(next);
            yield emit(held);
            next++;
          }
        } else slots.set(r, JSON.stringify(item));
      }
      if (seq !== n) throw changed();
      for (let held = slots.get(next); held !== undefined; held = slots.get(next)) {
        slots.delete(next);
        yield emit(held);
        next++;
      }
    }
  }
  for (const note of book.notes()) yield { type: 'note', note };
}
