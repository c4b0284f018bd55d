/**
 * An RFC 4180 CSV record reader fed one text line at a time (fields in double quotes, quotes
 * doubled, line breaks allowed inside quoted fields), with the field separator chosen by the caller.
 *
 * Ours rather than a library: the core must stay free of Node streams, and the only CSV Custos
 * reads (DiscordChatExporter) is plain RFC 4180. It keeps one partial record in memory, reports
 * the line and byte offset where each record starts, and runs in time linear in the input (a
 * character loop, no regular expressions). A line break inside a quoted field becomes `\n`.
 */

/** One record and where it starts. */
export interface CsvRecord {
  readonly fields: readonly string[];
  /** 1-based line of the record's first character. */
  readonly line: number;
  /** 0-based byte offset of the record's first byte. */
  readonly byteOffset: number;
  /** Byte length of the record (without its final line break). */
  readonly byteLength: number;
}

/** A quote where RFC 4180 allows none, or a quoted field still open at the end of input. */
export interface CsvAnomaly {
  readonly kind: 'stray-quote' | 'unterminated-quote';
  readonly line: number;
  readonly byteOffset: number;
}

/** Line-fed CSV reader. */
export class CsvLineReader {
  readonly #sep: number;
  readonly #onAnomaly: (a: CsvAnomaly) => void;
  #fields: string[] = [];
  /** The current field: its first piece, and the rest when it has several (joined once). */
  #piece: string | null = null;
  #pieces: string[] | null = null;
  #inQuotes = false;
  #quoted = false; // the current field started with a quote
  #afterQuote = false; // the previous character closed a quoted section
  #open = false; // a record is in progress
  #recLine = 0;
  #recByte = 0;

  constructor(separator = ',', onAnomaly: (a: CsvAnomaly) => void = () => {}) {
    this.#sep = separator.charCodeAt(0);
    this.#onAnomaly = onAnomaly;
  }

  #add(s: string): void {
    if (this.#piece === null) this.#piece = s;
    else if (this.#pieces === null) this.#pieces = [this.#piece, s];
    else this.#pieces.push(s);
  }

  #endField(): void {
    this.#fields.push(this.#pieces ? this.#pieces.join('') : (this.#piece ?? ''));
    this.#piece = null;
    this.#pieces = null;
  }

  /**
   * Feeds one line (without its terminator).
   *
   * @returns the record this line completes, or null while a quoted field continues.
   */
  line(text: string, lineNo: number, byteOffset: number, byteLength: number): CsvRecord | null {
    if (!this.#open) {
      this.#open = true;
      this.#recLine = lineNo;
      this.#recByte = byteOffset;
      this.#fields = [];
      this.#piece = null;
      this.#pieces = null;
      this.#quoted = false;
      this.#afterQuote = false;
    } else {
      this.#add('\n'); // the line break was inside a quoted field
    }
    const sep = this.#sep;
    let seg = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.#inQuotes) {
        // inside quotes only a quote matters: jump to it
        const q = text.indexOf('"', i);
        if (q < 0) break;
        this.#add(text.slice(seg, q));
        this.#inQuotes = false;
        this.#afterQuote = true;
        seg = q + 1;
        i = q;
        continue;
      }
      if (c === 0x22) {
        if (this.#afterQuote) {
          this.#add('"'); // doubled quote
          this.#inQuotes = true;
          this.#afterQuote = false;
          seg = i + 1;
        } else if (!this.#quoted && seg === i && this.#piece === null) {
          this.#quoted = true;
          this.#inQuotes = true;
          seg = i + 1;
        } else {
          this.#onAnomaly({ kind: 'stray-quote', line: lineNo, byteOffset: this.#recByte });
        }
        continue;
      }
      this.#afterQuote = false;
      if (c === sep) {
        this.#add(text.slice(seg, i));
        this.#endField();
        this.#quoted = false;
        seg = i + 1;
      }
    }
    this.#add(text.slice(seg));
    if (this.#inQuotes) return null;
    return this.#finish(byteOffset + byteLength);
  }

  #finish(endByte: number): CsvRecord {
    this.#endField();
    this.#open = false;
    const rec = {
      fields: this.#fields,
      line: this.#recLine,
      byteOffset: this.#recByte,
      byteLength: endByte - this.#recByte,
    };
    this.#fields = [];
    return rec;
  }

  /**
   * Ends the input.
   *
   * @param endByte - byte offset of the end of input.
   * @returns the record still open (a quoted field that never closed), or null.
   */
  end(endByte: number): CsvRecord | null {
    if (!this.#open) return null;
    this.#onAnomaly({ kind: 'unterminated-quote', line: this.#recLine, byteOffset: this.#recByte });
    this.#inQuotes = false;
    return this.#finish(endByte);
  }
}
