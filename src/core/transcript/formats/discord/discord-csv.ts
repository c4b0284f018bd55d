/**
 * DiscordChatExporter (Tyrrrz) CSV exports.
 *
 * Source of truth: `DiscordChatExporter.Core/Exporting/CsvMessageWriter.cs` (research notes
 * `chat-formats.md` §3). Header `AuthorID,Author,Date,Content,Attachments,Reactions`; every field
 * quoted, quotes doubled, line breaks raw inside quotes; `Author` is `User.FullName`; `Date` is .NET
 * round-trip `o` (`2024-02-10T15:30:12.5310000+00:00`); attachment URLs comma-joined in one field.
 * No message type: system notifications cannot be told apart. Older versions wrote `;` separators,
 * no `AuthorID`/`Reactions` columns, and dates without an offset in the exporting machine's local
 * time (default `dd-MMM-yy hh:mm tt`): those are read as naive local times in the declared zone.
 */
import type { LocalDateTime } from '../../local-time.ts';
import { emitInOrder, KEYS_ONLY, type OrderedItem, type ScanContext } from '../../ordering.ts';
import { readTolerantLineBatches } from '../../tolerant-lines.ts';
import type {
  Attachment,
  ChatParser,
  Detection,
  DetectionProbe,
  ExportSource,
  Message,
  ParseOptions,
  TranscriptPart,
} from '../../types.ts';
import {
  parseIsoWithOffset,
  parseNaiveIso,
  detectEntriesByHead,
  failAt,
  headText,
  isoWithOffset,
  plausibleYear,
  LazyResolver,
  noteMergedConversations,
  entriesBytes,
  entryLocation,
  originOf,
  readCounted,
  validLocalDate,
} from '../common.ts';
import { CsvLineReader, type CsvRecord } from './csv-reader.ts';
import { urlFileName } from './discord-json.ts';

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

interface Columns {
  readonly sep: string;
  readonly authorId: number;
  readonly author: number;
  readonly date: number;
  readonly content: number;
  readonly attachments: number;
}

/** Parses a header line; returns the column layout or null when it is not a DCE header. */
export function discordCsvHeader(line: string): Columns | null {
  const trimmed = line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
  const sep = trimmed.includes(';') && !trimmed.includes(',') ? ';' : ',';
  const names = trimmed.split(sep).map((f) =>
    f
      .trim()
      .replace(/^"(.*)"$/s, '$1')
      .toLowerCase(),
  );
  const idx = (n: string) => names.indexOf(n);
  const author = idx('author');
  const date = idx('date');
  const content = idx('content');
  if (author < 0 || date < 0 || content < 0) return null;
  if (
    names.some(
      (n) => !['authorid', 'author', 'date', 'content', 'attachments', 'reactions', ''].includes(n),
    )
  )
    return null;
  return { sep, authorId: idx('authorid'), author, date, content, attachments: idx('attachments') };
}

/** Naive dates of older DCE versions: `dd-MMM-yy hh:mm tt`, `dd-MMM-yyyy HH:mm[:ss]`, ISO without offset. */
export function parseDiscordNaiveDate(s: string): LocalDateTime | null {
  const iso = parseNaiveIso(s);
  if (iso) return iso;
  const m =
    /^(\d{1,2})-([A-Za-z]{3})-(\d{2}|\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp])\.? ?[Mm]\.?)?$/.exec(
      s,
    );
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] as string).toLowerCase()) + 1;
  if (month === 0) return null;
  const y = m[3] as string;
  let hour = Number(m[4]);
  const ampm = m[7]?.toLowerCase();
  if (ampm) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (ampm === 'p' ? 12 : 0);
  }
  return {
    year: y.length === 2 ? 2000 + Number(y) : Number(y),
    month,
    day: Number(m[1]),
    hour,
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
  };
}

/** Splits the Attachments field: URLs joined with commas (a comma inside a URL is kept when the next part is no URL). */
export function splitAttachmentUrls(field: string): string[] {
  if (field === '') return [];
  const parts = field.split(',');
  const out: string[] = [];
  for (const p of parts) {
    const startsUrl = /^\s*([a-z][a-z0-9+.-]*:\/\/|[^/\s]+_Files[/\\])/i.test(p);
    if (out.length > 0 && !startsUrl) out[out.length - 1] += `,${p}`;
    else out.push(p);
  }
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** Content test: the first line is a DiscordChatExporter CSV header. */
export function discordCsvConfidence(head: Uint8Array): number {
  const text = headText(head, 4096);
  const nl = text.indexOf('\n');
  const first = (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, '');
  const cols = discordCsvHeader(first);
  if (!cols) return 0;
  return cols.authorId >= 0 ? 0.95 : 0.8;
}

/** Column `i` of a record ('' when the record is shorter or the column is absent). */
function field(rec: CsvRecord, i: number): string {
  return i >= 0 ? (rec.fields[i] ?? '') : '';
}

async function* scanEntry(
  source: ExportSource,
  entry: string,
  ctx: ScanContext,
  options: ParseOptions,
): AsyncGenerator<OrderedItem[]> {
  const resolver = new LazyResolver(options.timeZone);
  let cols: Columns | null = null;
  let reader: CsvLineReader | null = null;
  let prevEpoch: number | undefined;
  let tie = 0;
  let endByte = 0;
  const file = { file: source.label, ...(source.kind === 'file' ? {} : { entry }) };
  const onAnomaly = (a: { kind: string; line: number; byteOffset: number }) =>
    ctx.notes.add(
      a.kind === 'stray-quote' ? 'CSV_STRAY_QUOTE' : 'CSV_UNTERMINATED_QUOTE',
      a.kind === 'stray-quote'
        ? 'a double quote inside an unquoted CSV field was kept as text'
        : 'the last quoted CSV field never closes (truncated file?); its text runs to the end of the file',
      originOf(source, entry, a.byteOffset, undefined, a.line),
    );
  const loc = entryLocation(source, entry);
  const toItem = (rec: CsvRecord, c: Columns): OrderedItem | null => {
    if (rec.fields.length === 1 && rec.fields[0] === '') return null; // blank line
    const where = { line: rec.line, byteOffset: rec.byteOffset };
    const dateText = field(rec, c.date);
    let epochMs: number;
    let timestamp: string;
    let ambiguous = false;
    const withOffset = parseIsoWithOffset(dateText);
    if (withOffset) {
      epochMs = withOffset.epochMs;
      timestamp = dateText;
    } else {
      const local = parseDiscordNaiveDate(dateText);
      if (!local || !validLocalDate(local) || !plausibleYear(local.year)) {
        failAt(
          'PARSE_BAD_DATE',
          `Date ${JSON.stringify(dateText.slice(0, 60))} is not a date; expected ISO 8601 (e.g. 2024-02-10T15:30:12.5310000+00:00) or dd-MMM-yy hh:mm tt`,
          source,
          entry,
          where,
        );
      }
      const r = resolver.get(loc).resolve(local, prevEpoch);
      epochMs = r.epochMs;
      timestamp = ctx.keysOnly ? '' : isoWithOffset(r.epochMs, r.offsetMinutes);
      ambiguous = r.ambiguous;
      ctx.notes.add(
        'NAIVE_LOCAL_TIME',
        `dates have no UTC offset (older DiscordChatExporter); read as local times in ${options.timeZone}`,
      );
      if (r.ambiguous)
        ctx.notes.add(
          'TIMESTAMP_AMBIGUOUS',
          'a local time fell in a daylight-saving fold (it happened twice); the earliest time not before the previous message was chosen',
          originOf(source, entry, rec.byteOffset, undefined, rec.line),
        );
      if (r.inGap)
        ctx.notes.add(
          'TIMESTAMP_IN_DST_GAP',
          'a local time that does not exist in the declared zone was read with the offset before the change',
          originOf(source, entry, rec.byteOffset, undefined, rec.line),
        );
    }
    prevEpoch = epochMs;
    if (ctx.keysOnly) return { epochMs, tie: tie++, message: KEYS_ONLY };
    const urls = field(rec, c.attachments);
    const attachments: Attachment[] =
      urls === ''
        ? []
        : splitAttachmentUrls(urls).map((url) => ({
            fileName: urlFileName(url),
            omitted: false,
            path: url,
          }));
    const sender = field(rec, c.author);
    // keys in the order the transcript has always written them (index first, set by the ordering)
    const msg: { -readonly [K in keyof Message]?: Message[K] } = {
      index: 0,
      sender: sender === '' ? null : sender,
      timestamp,
      text: field(rec, c.content),
      attachments,
      system: false,
    };
    const id = field(rec, c.authorId);
    if (id !== '') msg.senderId = id;
    if (ambiguous) msg.timestampAmbiguous = true;
    msg.origin = originOf(source, entry, rec.byteOffset, rec.byteLength, rec.line);
    return { epochMs, tie: tie++, message: msg as Message };
  };
  const repairText = 'bytes that are not valid UTF-8 were read as Windows-1252 (mixed encodings)';
  for await (const batch of readTolerantLineBatches(readCounted(source, entry, ctx), file)) {
    const out: OrderedItem[] = [];
    const texts = batch.texts;
    let r = 0;
    for (let k = 0; k < batch.count; k++) {
      const text = texts[k] as string;
      const lineNo = batch.firstLine + k;
      const byteOffset = batch.byteOffsets[k] as number;
      const byteLength = batch.byteLengths[k] as number;
      const rep = batch.repairs[r];
      if (rep?.index === k) {
        r++;
        ctx.notes.add(
          'INVALID_UTF8_REPAIRED',
          repairText,
          originOf(source, entry, rep.byteOffset, undefined, lineNo),
        );
      }
      endByte = byteOffset + byteLength + (batch.crlf[k] ? 2 : 1);
      if (!cols) {
        if (text.trim() === '') continue;
        cols = discordCsvHeader(text);
        if (!cols)
          failAt(
            'PARSE_BAD_HEADER',
            'the first line is not a DiscordChatExporter CSV header; expected AuthorID,Author,Date,Content,Attachments,Reactions',
            source,
            entry,
            { line: lineNo, byteOffset },
          );
        reader = new CsvLineReader(cols.sep, onAnomaly);
        continue;
      }
      const rec = (reader as CsvLineReader).line(text, lineNo, byteOffset, byteLength);
      if (rec) {
        const item = toItem(rec, cols);
        if (item) out.push(item);
      }
    }
    if (out.length > 0) yield out;
  }
  if (reader && cols) {
    const rec = reader.end(endByte);
    if (rec) {
      const item = toItem(rec, cols);
      if (item) yield [item];
    }
  }
  if (!cols)
    failAt(
      'PARSE_BAD_HEADER',
      'no header line; expected AuthorID,Author,Date,Content,Attachments,Reactions',
      source,
      entry,
      { byteOffset: 0 },
    );
}

/** The DiscordChatExporter CSV parser. */
export const discordCsvParser: ChatParser = {
  info: { name: 'custos-discordchatexporter-csv', version: '1.0.0' },
  formats: ['discordchatexporter-csv'],
  detect(probe: DetectionProbe): Detection | null {
    return detectEntriesByHead(probe, 'discordchatexporter-csv', discordCsvConfidence);
  },
  parse(
    source: ExportSource,
    detection: Detection,
    options: ParseOptions,
  ): AsyncIterable<TranscriptPart> {
    return emitInOrder(
      async function* (ctx) {
        noteMergedConversations(ctx, detection.entries.length, 'CSV files');
        for (const entry of detection.entries) yield* scanEntry(source, entry, ctx, options);
      },
      { expectChronological: true, inputBytes: entriesBytes(source, detection.entries) },
    );
  },
};
