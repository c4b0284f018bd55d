/**
 * WhatsApp "Export chat" parser: Android and iOS `.txt`, and the `.zip` (or unpacked folder) with
 * the chat file and media. Format ids `whatsapp-txt-android`, `whatsapp-txt-ios`,
 * `whatsapp-zip-android`, `whatsapp-zip-ios` (fixtures README table).
 *
 * Sources: research note `chat-formats.md` §0, §1 and §8; fixtures README (schema, "Timezones",
 * "Ordering", "Senders", "Text").
 *
 * How it reads an export, in two passes over the chat entry (`ExportSource.open` twice; memory
 * stays bounded by a chunk, one message and a few counters):
 *
 * 1. Survey (`survey.ts`): the start of every line is matched, on the raw bytes, against the
 *    locale-independent header grammar (`header.ts`, `header-bytes.ts`); the shape most headers
 *    have is the file's shape; its day/month order and 12/24-hour clock are decided over the whole
 *    file (`date-order.ts`), and it notes whether any header is dated before the one above it.
 * 2. Emit: lines are read with `readLineBatches` (strict UTF-8, line numbers, byte offsets). A line
 *    starts a message only when it has the file's header shape *and* a real date and time; every
 *    other line continues the message before it. Bodies are classified by `placeholders.ts` (word
 *    tables in `locale-tables.ts`); messages are built by `message-builder.ts`. Naive local times
 *    are resolved with `LocalTimeResolver` in the declared zone (offset in force at that instant;
 *    folds resolved by message order and flagged `timestampAmbiguous`; times in a gap moved
 *    forward).
 *
 * Built for a million messages (bench `parse-whatsapp.ts`): each batch of lines is turned into
 * messages synchronously and they are handed out one by one from an array (`one-by-one.ts`), so
 * the per-line and per-message cost is plain code rather than an await; the header scans skip the
 * date part a line shares with the header before it (`HeaderMemo`); nothing is allocated per line
 * that is not part of a message.
 *
 * Decisions worth knowing (each one also leaves a note in the transcript when it applies):
 *
 * - Detection claims a text whose first non-blank line is a header, whose headers mostly share one
 *   shape with real dates, and where at least one header has an author (an export of events only,
 *   or a log file of `date time - sentence` lines, is not claimed). Zip archives and folders are
 *   searched by content; `_chat.txt` / `WhatsApp Chat…txt` names only break ties. A folder is read
 *   like an unpacked zip (`whatsapp-zip-*`).
 * - A line with the file's header shape but an impossible date or time (31/02, 25:00, a month
 *   13 under the decided order) cannot have been written by WhatsApp, so it is text the person
 *   typed and continues the previous message (note `HEADER_DATE_IMPOSSIBLE`). Before the first
 *   message it is an error (`PARSE_BAD_DATE`).
 * - A line with a header of another shape (say `2024-01-06, 10:00 - …` typed into a `05/03/2024`
 *   chat) is text too (note `HEADER_OTHER_SHAPE`).
 * - Anything but blank lines before the first header is an error (`PARSE_BAD_HEADER`); blank lines
 *   at the end of the file are not part of the last message.
 * - Messages are emitted in chronological order, stable. WhatsApp writes them in order, so when the
 *   survey saw no header dated before the one above it this is a pass-through. Otherwise up to
 *   {@link REORDER_WINDOW} messages are held so a late one can move into place (note
 *   `MESSAGES_REORDERED`); one that belongs further back stays where it is (note
 *   `MESSAGES_OUT_OF_ORDER`).
 * - Author labels are split at the first `: `; a label with an unbalanced opening quote
 *   (`Alex changed the subject to "Study: maths"`) is an event text, not an author.
 * - Attachments named in a zip or folder export get `inArchive` (and `path`, `size` when present);
 *   missing ones are reported (note `ATTACHMENT_NOT_IN_ARCHIVE`), never an error.
 */
import { parseError, type SourceLocation } from '../../../errors.ts';
import { readLineBatches } from '../../lines.ts';
import { isValidTimeZone, LocalTimeResolver } from '../../local-time.ts';
import type {
  ChatParser,
  Detection,
  DetectionProbe,
  ExportSource,
  FormatId,
  Message,
  MessageOrigin,
  ParseOptions,
  SourceEntry,
  TranscriptNote,
  TranscriptPart,
} from '../../types.ts';
import {
  describeShape,
  HeaderMemo,
  matchHeader,
  newHeaderFields,
  scanHeader,
  shapeLayout,
  type HeaderShape,
  type Layout,
} from './header.ts';
import {
  dateKeyIn,
  readHour,
  readingIndex,
  type ClockDecision,
  type DateOrder,
  type OrderDecision,
} from './date-order.ts';
import { MessageBuilder, newPending, Reorderer, type Mutable } from './message-builder.ts';
import { oneByOne } from './one-by-one.ts';
import { decide, surveyExport, type Decisions } from './survey.ts';

/** Messages a late message may move back to take its chronological place. */
export const REORDER_WINDOW = 10_000;
/** Message indices or line numbers listed in one note at most. */
const MAX_NOTE_ITEMS = 100;
/** Lines of a probe head looked at for detection. */
const DETECT_LINES = 400;

const PARSER_INFO = { name: 'custos-whatsapp', version: '1.0.0' } as const;

// ---------------------------------------------------------------------------------------------
// Detection

interface Sniffed {
  readonly layout: Layout;
  readonly headers: number;
  readonly authored: number;
  readonly seconds: boolean;
}

/** Looks at the first lines of a text for WhatsApp headers. Null when it is not a WhatsApp chat. */
function sniff(bytes: Uint8Array, complete: boolean): Sniffed | null {
  const text = new TextDecoder('utf-8').decode(bytes);
  // A head cut inside a line keeps only whole lines, unless the first line is longer than the head.
  const lastNl = text.lastIndexOf('\n');
  const end = complete || lastNl < 0 ? text.length : lastNl;
  if (end <= 0) return null;
  const counts = new Map<HeaderShape, { n: number; authored: number; valid: number }>();
  let seenFirst = false;
  let start = 0;
  for (let k = 0; k < DETECT_LINES && start < end; k++) {
    let nl = text.indexOf('\n', start);
    if (nl < 0 || nl > end) nl = end;
    const line = text.slice(start, Math.min(nl, start + 400));
    start = nl + 1;
    const h = matchHeader(line);
    if (!seenFirst) {
      if (line.trim() === '') continue;
      if (h === null) return null; // an export starts with a message header
      seenFirst = true;
    }
    if (h === null) continue;
    let c = counts.get(h.shape);
    if (c === undefined) counts.set(h.shape, (c = { n: 0, authored: 0, valid: 0 }));
    c.n++;
    if (line.indexOf(': ', h.bodyStart) > h.bodyStart) c.authored++;
    const dateOk = dateKeyIn(h, 'DMY') >= 0 || dateKeyIn(h, 'MDY') >= 0 || dateKeyIn(h, 'YMD') >= 0;
    if (dateOk && h.minute <= 59 && h.second <= 59 && h.hour <= 23) c.valid++;
  }
  let best: [HeaderShape, { n: number; authored: number; valid: number }] | undefined;
  for (const e of counts) if (best === undefined || e[1].n > best[1].n) best = e;
  if (best === undefined) return null;
  const [shape, c] = best;
  // Most headers must carry a real date and time (a typed impossible one may slip in), and at least one an author.
  if (c.valid * 2 < c.n || c.valid === 0 || c.authored === 0) return null;
  return {
    layout: shapeLayout(shape),
    headers: c.n,
    authored: c.authored,
    seconds: ((shape >> 11) & 1) === 1,
  };
}

function confidence(s: Sniffed): number {
  if (s.layout === 'ios') return 0.95;
  if (s.layout === 'ios-colon') return 0.6;
  // Android writes no seconds; a line-oriented log with ` - name: ` could otherwise look alike.
  return s.seconds ? 0.4 : 0.9;
}

function namePriority(path: string): number {
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (base === '_chat.txt') return 3;
  if (/whatsapp/i.test(base) && /\.txt$/i.test(base)) return 2;
  return /\.txt$/i.test(base) ? 1 : 0;
}

function formatFor(kind: ExportSource['kind'], layout: Layout): FormatId {
  const os = layout === 'android' ? 'android' : 'ios';
  return kind === 'file' ? `whatsapp-txt-${os}` : `whatsapp-zip-${os}`;
}

/**
 * Claims an export whose chat entry starts with WhatsApp message headers.
 *
 * A single file is claimed when its first non-blank line is a header, most headers of the first
 * {@link DETECT_LINES} lines share one shape with real dates, and at least one has an author. In a
 * zip or folder, the entry is found by content; names (`_chat.txt`, `WhatsApp Chat with …txt`)
 * only break ties.
 */
function detect(probe: DetectionProbe): Detection | null {
  let best: { path: string; s: Sniffed; rank: number } | undefined;
  const sizes = new Map(probe.source.entries.map((e) => [e.path, e.size]));
  for (const [path, head] of probe.heads) {
    const size = sizes.get(path);
    const complete = size === undefined || head.length >= size;
    const s = sniff(head, complete);
    if (s === null) continue;
    const rank = namePriority(path) * 1e9 + s.headers;
    if (best === undefined || rank > best.rank) best = { path, s, rank };
  }
  if (best === undefined) return null;
  return {
    format: formatFor(probe.source.kind, best.s.layout),
    confidence: confidence(best.s),
    entries: [best.path],
  };
}

// ---------------------------------------------------------------------------------------------
// Archive

interface ArchiveIndex {
  readonly lookup: (fileName: string) => SourceEntry | undefined;
}

function archiveIndex(source: ExportSource, chatPath: string): ArchiveIndex | undefined {
  if (source.kind === 'file') return undefined;
  const dir = chatPath.includes('/') ? chatPath.slice(0, chatPath.lastIndexOf('/') + 1) : '';
  const byPath = new Map<string, SourceEntry>();
  const byBase = new Map<string, SourceEntry | null>();
  for (const e of source.entries) {
    byPath.set(e.path, e);
    const base = e.path.slice(e.path.lastIndexOf('/') + 1);
    byBase.set(base, byBase.has(base) ? null : e);
  }
  return {
    lookup: (name) => byPath.get(dir + name) ?? byPath.get(name) ?? byBase.get(name) ?? undefined,
  };
}

function entryDate(e: SourceEntry | undefined): readonly [number, number, number] | null {
  const m = e?.modified === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})T/.exec(e.modified);
  if (!m) return null;
  const d: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return d[0] > 1980 ? d : null; // 1980-01-01 is the zip format's "no date"
}

// ---------------------------------------------------------------------------------------------
// Notes

/** Message indices (or line numbers) for a note, bounded. */
class NoteList {
  readonly items: number[] = [];
  count = 0;
  add(i: number): void {
    this.count++;
    if (this.items.length < MAX_NOTE_ITEMS) this.items.push(i);
  }
  more(): string {
    return this.count > this.items.length ? ` (the first ${this.items.length} are listed)` : '';
  }
}

function orderWord(order: DateOrder): string {
  return order === 'DMY' ? 'day/month/year' : order === 'MDY' ? 'month/day/year' : 'year/month/day';
}

function decisionNotes(d: Decisions, shapeText: string): TranscriptNote[] {
  const notes: TranscriptNote[] = [];
  const o: OrderDecision = d.order;
  if (o.basis === 'guessed') {
    notes.push({
      code: 'DATE_ORDER_GUESSED',
      message: `every date in this export reads both day-first and month-first (headers like ${shapeText}); they were read day-first (3/4 = 3 April). Check the exporting phone's region setting.`,
    });
  } else if (o.basis === 'attachment-names') {
    notes.push({
      code: 'DATE_ORDER_FROM_ATTACHMENT_NAMES',
      message: `every date reads both ways; the dates in attachment file names show the order is ${orderWord(o.order)}`,
    });
  } else if (o.basis === 'archive-dates') {
    notes.push({
      code: 'DATE_ORDER_FROM_ARCHIVE_DATES',
      message: `every date reads both ways; the dates of the archive's entries show the order is ${orderWord(o.order)}`,
    });
  }
  if (o.conflict) {
    const e = d.shape.order;
    notes.push({
      code: 'DATE_ORDER_CONFLICT',
      message:
        `${e.dayFirstOnly} header(s) read only day-first (lines ${e.dayFirstLines.join(', ')}…) and ${e.monthFirstOnly} only month-first (lines ${e.monthFirstLines.join(', ')}…); ` +
        `the majority order ${orderWord(o.order)} was used and the other lines were kept as message text`,
    });
  }
  const clock: ClockDecision = d.clock;
  if (clock.kind === '24h-word') {
    notes.push({
      code: 'CLOCK_WORD_IGNORED',
      message:
        'a word next to the time in every header is no AM/PM marker and the hours run past 12, so it was read as a 24-hour clock',
    });
  }
  return notes;
}

// ---------------------------------------------------------------------------------------------
// Parse

/**
 * Reads the export (see the module comment); yields the transcript parts a chunk's worth at a
 * time (`oneByOne` hands them out singly).
 */
async function* parseInBatches(
  source: ExportSource,
  detection: Detection,
  options: ParseOptions,
): AsyncGenerator<TranscriptPart[]> {
  const chatPath = detection.entries[0];
  const entry = source.kind === 'file' ? undefined : chatPath;
  const fileLoc: SourceLocation =
    entry === undefined ? { file: source.label } : { file: source.label, entry };
  const chatEntry = source.entries.find((e) => e.path === chatPath);
  if (chatPath === undefined || chatEntry === undefined) {
    throw parseError(
      'PARSE_BAD_STRUCTURE',
      `no chat entry ${JSON.stringify(chatPath ?? '')} in this ${source.kind}; expected the WhatsApp chat .txt`,
      { file: source.label },
    );
  }
  if (!isValidTimeZone(options.timeZone)) {
    throw parseError(
      'PARSE_BAD_TIMEZONE',
      `unknown time zone ${JSON.stringify(options.timeZone)}; expected an IANA zone name such as Europe/London`,
      fileLoc,
    );
  }
  const archive = archiveIndex(source, chatPath);

  // Pass 1: shape, date order, clock, whether the file is in order.
  const survey = await surveyExport(
    source.open(chatPath),
    archive ? { entryDate: (n) => entryDate(archive.lookup(n)) } : undefined,
  );
  const decisions = decide(survey, (archive ? entryDate(chatEntry) : null) ?? undefined);
  if (decisions === null) {
    throw parseError(
      'PARSE_NO_MESSAGES',
      'no line starts with a WhatsApp message header; expected lines like "05/03/2024, 14:22 - Name: text" or "[15/06/2024, 10:00:00] Name: text"',
      { ...fileLoc, line: 1, byteOffset: 0 },
    );
  }
  const { shape, order, clock } = decisions;
  const shapeText = describeShape(shape.shape);
  const notes = decisionNotes(decisions, shapeText);
  if (notes.length > 0) yield notes.map((note): TranscriptPart => ({ type: 'note', note }));

  // Pass 2: messages.
  const builder = new MessageBuilder(
    { entry, lookup: archive === undefined ? undefined : (n) => archive.lookup(n) },
    new LocalTimeResolver(options.timeZone),
  );
  // Messages are held back only when the survey saw a header dated before the one above it.
  const reorder = new Reorderer(
    (shape.chronology.backwards[readingIndex(order.order)] ?? 0) > 0 ? REORDER_WINDOW : 0,
  );
  const folds = new NoteList();
  const gaps = new NoteList();
  const missing = new NoteList();
  const moved = new NoteList();
  const rejected = new NoteList(); // line numbers
  const impossible = new NoteList();
  let impossibleOrigin: MessageOrigin | undefined;
  const otherShape = new NoteList();
  let nextIndex = 0;
  const pending = newPending();
  let started = false; // a message header has been seen
  let previousEpoch: number | undefined;
  const where = (line: number, byteOffset: number): SourceLocation => ({
    ...fileLoc,
    line,
    byteOffset,
  });

  const part = (
    m: Mutable<Message>,
    inGap: boolean,
    missed: boolean,
    wasMoved: boolean,
  ): TranscriptPart => {
    m.index = nextIndex++;
    if (m.timestampAmbiguous) folds.add(m.index);
    if (inGap) gaps.add(m.index);
    if (missed) missing.add(m.index);
    if (wasMoved) moved.add(m.index);
    return { type: 'message', message: m };
  };
  /** Builds the message of the pending record and puts what can be handed on into `out`. */
  const finish = (out: TranscriptPart[]): void => {
    const m = builder.build(pending, previousEpoch);
    if (builder.labelRejected) rejected.add(pending.line);
    if (pending.rest.length > 0) pending.rest.length = 0;
    previousEpoch = builder.epochMs;
    if (reorder.offer(m, builder.epochMs, builder.inGap, builder.missing))
      out.push(part(m, builder.inGap, builder.missing, false));
    else
      for (let r = reorder.take(false); r !== undefined; r = reorder.take(false))
        out.push(part(r.message, r.inGap, r.missing, r.moved));
  };

  const f = newHeaderFields();
  const memo = new HeaderMemo();
  const markers = new MarkerWords();
  const shapeId = shape.shape;
  const readOrder = order.order;
  for await (const batch of readLineBatches(
    source.open(chatPath),
    entry === undefined ? { file: source.label } : { file: source.label, entry },
  )) {
    const out: TranscriptPart[] = [];
    const { text, starts, ends, byteOffsets, byteLengths, firstLine } = batch;
    try {
      for (let k = 0; k < batch.count; k++) {
        const s = starts[k] as number;
        const e = ends[k] as number;
        // The header scan never reads past the end of the line (no LF or CR is part of a header).
        if (scanHeader(text, s, f, memo)) {
          if (f.shape === shapeId) {
            const marker =
              f.markerStart >= 0 ? markers.get(text, f.markerStart, f.markerEnd) : null;
            if (clock.kind === 'unknown-markers' && firstLine + k === clock.line) {
              throw parseError(
                'PARSE_BAD_HEADER',
                `the time marker ${JSON.stringify(marker)} is no known AM/PM marker (known: am, pm, a. m., p. m., vorm., nachm., 午前, 오후, …); expected a time such as "7:02 PM"`,
                where(firstLine + k, byteOffsets[k] as number),
              );
            }
            const date = dateKeyIn(f, readOrder);
            const hour = readHour(f.hour, f.minute, f.second, marker, clock);
            if (date >= 0 && hour !== null) {
              if (started) finish(out);
              started = true;
              const byteOffset = byteOffsets[k] as number;
              pending.headerText = text;
              pending.headerEnd = e;
              pending.bodyStart = f.bodyStart;
              pending.line = firstLine + k;
              pending.byteOffset = byteOffset;
              pending.endOffset = byteOffset + (byteLengths[k] as number);
              pending.year = Math.floor(date / 10_000);
              pending.month = Math.floor(date / 100) % 100;
              pending.day = date % 100;
              pending.hour = hour;
              pending.minute = f.minute;
              pending.second = f.second;
              continue;
            }
            if (!started) {
              throw parseError(
                'PARSE_BAD_DATE',
                `the first message header has an impossible ${date < 0 ? `date (read as ${orderWord(readOrder)})` : 'time'}; expected a real date and time in headers like ${shapeText}`,
                where(firstLine + k, byteOffsets[k] as number),
              );
            }
            impossible.add(firstLine + k);
            impossibleOrigin ??=
              entry === undefined
                ? { line: firstLine + k, byteOffset: byteOffsets[k] as number }
                : { entry, line: firstLine + k, byteOffset: byteOffsets[k] as number };
          } else if (started) {
            otherShape.add(firstLine + k);
          }
        }
        if (started) {
          pending.rest.push(text.slice(s, e));
          pending.endOffset = (byteOffsets[k] as number) + (byteLengths[k] as number);
        } else if (text.slice(s, e).replace(BIDI_ANYWHERE, '').trim() !== '') {
          throw parseError(
            'PARSE_BAD_HEADER',
            `text before the first message header; expected a header like ${shapeText}`,
            where(firstLine + k, byteOffsets[k] as number),
          );
        }
      }
    } catch (error) {
      // What was read before the failure is handed on first, as when messages came one by one.
      if (out.length > 0) yield out;
      throw error;
    }
    if (out.length > 0) yield out;
  }
  const out: TranscriptPart[] = [];
  if (started) {
    // Blank lines at the very end belong to the file, not to the last message.
    const rest = pending.rest;
    while (rest.length > 0 && rest[rest.length - 1] === '') rest.pop();
    finish(out);
  }
  for (let r = reorder.take(true); r !== undefined; r = reorder.take(true))
    out.push(part(r.message, r.inGap, r.missing, r.moved));

  // Notes about what was found on the way.
  const listed = (l: NoteList) => `${l.items.join(', ')}${l.count > l.items.length ? ', …' : ''}`;
  if (impossible.count > 0) {
    const note: Mutable<TranscriptNote> = {
      code: 'HEADER_DATE_IMPOSSIBLE',
      message: `${impossible.count} line(s) look like message headers but have a date or time that cannot exist (read ${orderWord(order.order)}); kept as text of the message before them: lines ${listed(impossible)}`,
    };
    if (impossibleOrigin) note.origin = impossibleOrigin;
    out.push({ type: 'note', note });
  }
  if (otherShape.count > 0) {
    out.push({
      type: 'note',
      note: {
        code: 'HEADER_OTHER_SHAPE',
        message: `${otherShape.count} line(s) start like a message header of another layout than this export's (${shapeText}); kept as message text: lines ${listed(otherShape)}`,
      },
    });
  }
  if (rejected.count > 0) {
    out.push({
      type: 'note',
      note: {
        code: 'AUTHOR_LABEL_REJECTED',
        message: `${rejected.count} line(s) have ": " only after an opening quotation mark that is not closed before it, so they were read as events, not as messages by an author: lines ${listed(rejected)}`,
      },
    });
  }
  if (folds.count > 0) {
    out.push({
      type: 'note',
      note: {
        code: 'TIME_IN_DST_FOLD',
        message: `${folds.count} message time(s) fell in the hour that happens twice when clocks go back in ${options.timeZone}; the earliest reading not before the previous message was used${folds.more()}`,
        messageIndices: folds.items,
      },
    });
  }
  if (gaps.count > 0) {
    out.push({
      type: 'note',
      note: {
        code: 'TIME_IN_DST_GAP',
        message: `${gaps.count} message time(s) do not exist in ${options.timeZone} (skipped when clocks go forward); they were moved forward by the gap${gaps.more()}`,
        messageIndices: gaps.items,
      },
    });
  }
  if (missing.count > 0) {
    out.push({
      type: 'note',
      note: {
        code: 'ATTACHMENT_NOT_IN_ARCHIVE',
        message: `${missing.count} message(s) name an attachment that is not in the ${source.kind}${missing.more()}`,
        messageIndices: missing.items,
      },
    });
  }
  if (moved.count > 0) {
    out.push({
      type: 'note',
      note: {
        code: 'MESSAGES_REORDERED',
        message: `${moved.count} message(s) were dated earlier than the message before them in the file and were moved into chronological order${moved.more()}`,
        messageIndices: moved.items,
      },
    });
  }
  if (reorder.unsortedCount > 0) {
    out.push({
      type: 'note',
      note: {
        code: 'MESSAGES_OUT_OF_ORDER',
        message: `${reorder.unsortedCount} message(s) are dated more than ${REORDER_WINDOW} messages before their place in the file and were left where the file has them: lines ${reorder.unsorted.join(', ')}`,
      },
    });
  }
  if (out.length > 0) yield out;
}

const BIDI_ANYWHERE = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Marker words (`PM`, `p. m.`) cut out of lines, reused: a file spells them two or three ways. */
class MarkerWords {
  readonly #known: string[] = [];

  /** The text of `text[start, end)`, the same string object each time the same word comes. */
  get(text: string, start: number, end: number): string {
    const len = end - start;
    for (const w of this.#known) if (w.length === len && text.startsWith(w, start)) return w;
    const w = text.slice(start, end);
    if (this.#known.length < 8) this.#known.push(w);
    return w;
  }
}

/**
 * Reads the export and yields its parts (the `ChatParser.parse` contract, `types.ts`): notes about
 * the decisions, the messages in final order, then notes about what was found on the way.
 */
function parse(
  source: ExportSource,
  detection: Detection,
  options: ParseOptions,
): AsyncIterable<TranscriptPart> {
  return oneByOne(parseInBatches(source, detection, options));
}

/** The WhatsApp chat-export parser (see the module comment for the rules it follows). */
export const whatsappParser: ChatParser = {
  info: PARSER_INFO,
  formats: ['whatsapp-txt-android', 'whatsapp-txt-ios', 'whatsapp-zip-android', 'whatsapp-zip-ios'],
  detect,
  parse,
};
