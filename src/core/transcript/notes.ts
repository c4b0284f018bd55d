/**
 * Transcript notes: every repair, guess or warning a parser makes, aggregated per code so that a
 * million repaired strings make one note (with a count, the first place it happened, and the
 * indices of the messages concerned) rather than a million.
 */
import type { MessageOrigin, TranscriptNote } from './types.ts';

/** Most message indices kept on one note; the count says how many there were in all. */
export const MAX_NOTE_INDICES = 1000;

interface Entry {
  readonly code: string;
  readonly message: string;
  count: number;
  origin: MessageOrigin | undefined;
  readonly indices: Set<number>;
  indexCount: number;
}

/** Collects notes while a transcript is parsed. */
export class NoteBook {
  readonly #entries = new Map<string, Entry>();
  readonly #muted: boolean;
  /** Occurrences recorded while held, in order (see {@link hold}). */
  #held: [string, string, MessageOrigin | undefined][] | null = null;

  /** @param muted - a muted book ignores {@link add} (used for repeat passes over the same input). */
  constructor(muted = false) {
    this.#muted = muted;
  }

  #entry(code: string, message: string): Entry {
    let e = this.#entries.get(code);
    if (!e) {
      e = { code, message, count: 0, origin: undefined, indices: new Set(), indexCount: 0 };
      this.#entries.set(code, e);
    }
    return e;
  }

  /**
   * Records one occurrence of `code`. The first occurrence's message and origin are kept.
   *
   * @param code - stable code, e.g. `INVALID_ESCAPE_REPAIRED`.
   * @param message - plain-language explanation for the officer.
   * @param origin - where in the input (entry, line, byte offset).
   */
  add(code: string, message: string, origin?: MessageOrigin): void {
    if (this.#muted) return;
    if (this.#held) {
      this.#held.push([code, message, origin]);
      return;
    }
    this.addNow(code, message, origin);
  }

  /** Like {@link add}, but never held: recorded before everything {@link hold} keeps back. */
  addNow(code: string, message: string, origin?: MessageOrigin): void {
    if (this.#muted) return;
    const e = this.#entry(code, message);
    e.count++;
    e.origin ??= origin;
  }

  /**
   * Keeps back what {@link add} records until {@link release}, so that notes can be recorded in
   * the order of an earlier, coarser way of reading (a reader's repairs of a whole input chunk
   * before the notes its records give, while the records are handed over in smaller batches).
   */
  hold(): void {
    if (!this.#muted) this.#held ??= [];
  }

  /** Records, in order, what was kept back since {@link hold}. */
  release(): void {
    const held = this.#held;
    this.#held = null;
    if (held) for (const [code, message, origin] of held) this.addNow(code, message, origin);
  }

  /** Attaches a message index to `code` (creating the note with `message` when it is new). */
  attach(code: string, message: string, index: number): void {
    const e = this.#entry(code, message);
    e.indexCount++;
    if (e.indices.size < MAX_NOTE_INDICES) e.indices.add(index);
  }

  /** True when a note with this code was recorded. */
  has(code: string): boolean {
    return this.#entries.has(code);
  }

  /** The notes, in the order their codes first appeared. */
  notes(): TranscriptNote[] {
    return [...this.#entries.values()].map((e) => {
      const times = Math.max(e.count, e.indexCount);
      let message = e.message;
      if (times > 1)
        message += ` (${times} occurrences${e.origin ? '; the first is located' : ''})`;
      if (e.indexCount > e.indices.size)
        message += `; message indices list the first ${e.indices.size} of ${e.indexCount}`;
      const note: TranscriptNote = { code: e.code, message };
      return {
        ...note,
        ...(e.indices.size > 0 ? { messageIndices: [...e.indices].sort((a, b) => a - b) } : {}),
        ...(e.origin ? { origin: e.origin } : {}),
      };
    });
  }
}
