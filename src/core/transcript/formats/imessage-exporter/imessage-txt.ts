/**
 * iMessage conversations exported as text by imessage-exporter (ReagentX).
 *
 * Source of truth: `imessage-exporter/src/exporters/txt.rs` and `imessage-database/src/util/dates.rs`
 * (research notes `chat-formats.md` §7). One file per conversation; each message is a block:
 *
 * ```
 * Mar 05, 2024  4:05:41 PM (Read by them after 2 minutes, 10 seconds)
 * Me
 * Yes! I'll bring a copy
 * <blank line>
 * ```
 *
 * - The timestamp is `%b %d, %Y %l:%M:%S %p` (space-padded hour), the exporting Mac's naive local
 *   time: read in the declared zone; DST folds resolved by message order and flagged.
 * - A block starts only at a timestamp line after a blank line (bodies may hold blank lines).
 * - Group events ("announcements") are one line: the timestamp, a space, the event text.
 * - Exporter annotations are structure, not text: `Reactions:` blocks, `Attachment missing!`,
 *   attachment paths (`~/Library/Messages/Attachments/…` = not copied: omitted), `Sent with …`,
 *   `This message responded to an earlier message.`, `This message was deleted from the
 *   conversation!` (deleted, text kept), edit histories (`Edited … later: …`: the last version is
 *   the text), `You deleted a message.` / `They deleted a message.` (deleted, no text).
 * - Thread replies are printed indented by four spaces under the message they answer; older
 *   versions print them at top level too. Each reply is read once (`DUPLICATE_REPLY_MERGED`).
 */
import type { LocalDateTime } from '../../local-time.ts';
import type { SourceLocation } from '../../../errors.ts';
import { emitInOrder, type OrderedItem, type ScanContext } from '../../ordering.ts';
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
  baseName,
  detectEntriesByHead,
  dirName,
  headText,
  isoWithOffset,
  joinPath,
  plausibleYear,
  LazyResolver,
  noteMergedConversations,
  entriesBytes,
  entryLocation,
  originOf,
  readCounted,
  validLocalDate,
} from '../common.ts';

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};
/**
 * `%b %d, %Y %l:%M:%S %p` and the rest of the line (the grammar {@link parseIMessageHeader} reads
 * by character positions).
 */
export const HEADER_RE =
  /^([A-Z][a-z]{2}) (\d{2}), (\d{4}) ([ \d]\d):(\d{2}):(\d{2}) ([AP]M)(.*)$/s;
const EFFECTS = new Set([
  'Confetti',
  'Echo',
  'Fireworks',
  'Balloons',
  'Heart',
  'Lasers',
  'Shooting Star',
  'Shooting Start',
  'Sparkles',
  'Spotlight',
  'Slam',
  'Loud',
  'Gentle',
  'Invisible Ink',
]);

/** ` (Read by them after 2 minutes)`: string tests, not a regular expression with two `.*`. */
function isReadReceipt(rest: string): boolean {
  return (
    (rest.startsWith(' (Read by ') || rest.startsWith(' (Delivered by ')) &&
    rest.endsWith(')') &&
    rest.includes(' after ')
  );
}

/** A parsed timestamp line. */
export interface IMessageHeader {
  readonly local: LocalDateTime;
  /** Text after the time: '' for messages, ` (Read by …)`, or ` <announcement>`. */
  readonly rest: string;
}

/** Value of the decimal digits `s[from, to)`, or -1 when one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let k = from; k < to; k++) {
    const d = s.charCodeAt(k) - 0x30;
    if (!(d >= 0 && d <= 9)) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * Parses a timestamp line; null when the line is not one. The same lines as {@link HEADER_RE}
 * (kept as the grammar's statement), read by fixed character positions.
 */
export function parseIMessageHeader(line: string): IMessageHeader | null {
  if (line.length < 24 || line.charCodeAt(3) !== 0x20) return null;
  const c0 = line.charCodeAt(0);
  const c1 = line.charCodeAt(1);
  const c2 = line.charCodeAt(2);
  if (c0 < 0x41 || c0 > 0x5a || c1 < 0x61 || c1 > 0x7a || c2 < 0x61 || c2 > 0x7a) return null;
  if (
    line.charCodeAt(6) !== 0x2c ||
    line.charCodeAt(7) !== 0x20 ||
    line.charCodeAt(12) !== 0x20 ||
    line.charCodeAt(15) !== 0x3a ||
    line.charCodeAt(18) !== 0x3a ||
    line.charCodeAt(21) !== 0x20 ||
    line.charCodeAt(23) !== 0x4d
  )
    return null;
  const ap = line.charCodeAt(22);
  if (ap !== 0x41 && ap !== 0x50) return null;
  const day = digits(line, 4, 6);
  const year = digits(line, 8, 12);
  const h12 = line.charCodeAt(13) === 0x20 ? digits(line, 14, 15) : digits(line, 13, 15);
  const minute = digits(line, 16, 18);
  const second = digits(line, 19, 21);
  if (day < 0 || year < 0 || h12 < 0 || minute < 0 || second < 0) return null;
  const month = MONTHS[line.slice(0, 3)];
  if (month === undefined) return null;
  if (h12 < 1 || h12 > 12) return null;
  const local = {
    year,
    month,
    day,
    hour: (h12 % 12) + (ap === 0x50 ? 12 : 0),
    minute,
    second,
  };
  if (!validLocalDate(local) || !plausibleYear(local.year)) return null;
  return { local, rest: line.slice(24) };
}

/** Content test: the first non-blank line is a timestamp line. */
export function imessageConfidence(head: Uint8Array): number {
  const text = headText(head, 8192);
  const lines = text.split('\n', 200).map((l) => l.replace(/\r$/, ''));
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) return 0;
  const headers = lines.filter((l) => parseIMessageHeader(l)).length;
  if (parseIMessageHeader(lines[first] as string))
    return headers >= 2 || (lines[first + 1] ?? '').trim() !== '' ? 0.9 : 0.6;
  // stray text before the first block: still ours when timestamp blocks follow
  const firstHeader = lines.findIndex((l) => parseIMessageHeader(l));
  return firstHeader > 0 && firstHeader < 10 && (lines[firstHeader + 1] ?? '').trim() !== ''
    ? 0.5
    : 0;
}

const ANNOUNCEMENT_PHRASES = [
  ' renamed the conversation to ',
  ' named the conversation ',
  ' left the conversation.',
  ' changed the group photo.',
  ' removed the group photo.',
  ' changed the chat background.',
  ' removed the chat background.',
  ' kept an audio message.',
  ' unsent a message!',
  ' performed unknown action ',
  ' changed their phone number.',
];

/** The acting person of an announcement (`You` for the owner), when the wording is known. */
export function announcementActor(text: string): string | undefined {
  let best = -1;
  for (const p of ANNOUNCEMENT_PHRASES) {
    const at = text.indexOf(p);
    if (at > 0 && (best < 0 || at < best)) best = at;
  }
  for (const [verb, tail] of [
    [' added ', ' to the conversation.'],
    [' removed ', ' from the conversation.'],
  ] as const) {
    const at = text.indexOf(verb);
    if (at > 0 && text.endsWith(tail) && (best < 0 || at < best)) best = at;
  }
  return best > 0 ? text.slice(0, best) : undefined;
}

/** Seconds in an imessage-exporter duration (`1 hour, 49 seconds`), or undefined. */
export function parseDuration(s: string): number | undefined {
  const units: Record<string, number> = { day: 86400, hour: 3600, minute: 60, second: 1 };
  let total = 0;
  for (const part of s.split(', ')) {
    const m = /^(\d{1,9}) (day|hour|minute|second)s?$/.exec(part.trim());
    if (!m) return undefined;
    total += Number(m[1]) * (units[m[2] as string] as number);
  }
  return total;
}

interface Block {
  readonly header: IMessageHeader;
  /** 1-based line and 0-based byte offset of the timestamp line. */
  readonly line: number;
  readonly byteOffset: number;
  sender: string | undefined;
  readonly body: string[];
  endByte: number;
}

interface Draft {
  readonly epochMs: number;
  readonly message: Omit<Message, 'index'>;
  readonly reply: boolean;
}

interface State {
  readonly source: ExportSource;
  readonly entry: string;
  readonly loc: SourceLocation;
  readonly entrySet: ReadonlySet<string>;
  readonly resolver: LazyResolver;
  readonly ctx: ScanContext;
  prevEpoch: number | undefined;
}

function pathAttachment(st: State, line: string): Attachment | null {
  if (line !== line.trim() || line.length > 4096 || !line.includes('/')) return null;
  const original =
    line.startsWith('~/Library/Messages/') ||
    line.includes('/Library/Messages/Attachments/') ||
    line.includes('/Library/SMS/Attachments/');
  const copied =
    /^(\.\/)?attachments\//.test(line) || (line.startsWith('/') && line.includes('/attachments/'));
  if (!original && !copied) return null;
  if (!/\.[A-Za-z0-9]{1,6}$/.test(line) && !original) return null;
  const name = baseName(line);
  const a: { -readonly [K in keyof Attachment]: Attachment[K] } = {
    fileName: name || null,
    omitted: original,
    path: line,
  };
  if (!original && st.source.kind !== 'file') {
    const rel = line.startsWith('/') ? line.slice(line.indexOf('/attachments/') + 1) : line;
    a.inArchive = st.entrySet.has(joinPath(dirName(st.entry), rel)) || st.entrySet.has(rel);
  }
  return a;
}

/** Turns a block into drafts: the message itself and any replies printed inside it. */
function blockToDrafts(st: State, b: Block, reply: boolean): Draft[] {
  const loc = st.loc;
  const r = st.resolver.get(loc).resolve(b.header.local, st.prevEpoch);
  if (!reply) st.prevEpoch = r.epochMs;
  const origin = originOf(st.source, st.entry, b.byteOffset, b.endByte - b.byteOffset, b.line);
  if (r.ambiguous)
    st.ctx.notes.add(
      'TIMESTAMP_AMBIGUOUS',
      'a local time fell in a daylight-saving fold (it happened twice); the earliest time not before the previous message was chosen',
      origin,
    );
  if (r.inGap)
    st.ctx.notes.add(
      'TIMESTAMP_IN_DST_GAP',
      'a local time that does not exist in the declared zone was read with the offset before the change',
      origin,
    );
  // keys in the order the transcript has always written them (index first, set by the ordering)
  const msg: { -readonly [K in keyof Message]?: Message[K] } = {
    index: 0,
    timestamp: isoWithOffset(r.epochMs, r.offsetMinutes),
  };
  if (r.ambiguous) msg.timestampAmbiguous = true;
  msg.origin = origin;
  const rest = b.header.rest;
  if (rest !== '' && !isReadReceipt(rest)) {
    const text = [rest.slice(1), ...(b.sender !== undefined ? [b.sender] : []), ...b.body].join(
      '\n',
    );
    const actor = announcementActor(rest.slice(1));
    msg.sender = null;
    msg.text = text;
    msg.attachments = [];
    msg.system = true;
    if (actor !== undefined) msg.actor = actor;
    return [{ epochMs: r.epochMs, reply, message: msg as Message }];
  }
  // Replies printed indented under this message.
  const out: Draft[] = [];
  const own: string[] = [];
  const lines = b.body;
  for (let i = 0; i < lines.length; i++) {
    const ln = lines[i] as string;
    const nested = ln.startsWith('    ') ? parseIMessageHeader(ln.slice(4)) : null;
    if (!nested) {
      own.push(ln);
      continue;
    }
    const sub: Block = {
      header: nested,
      line: b.line,
      byteOffset: b.byteOffset,
      sender: undefined,
      body: [],
      endByte: b.endByte,
    };
    let j = i + 1;
    for (; j < lines.length; j++) {
      const l = lines[j] as string;
      if (l !== '' && !l.startsWith('    ')) break;
      if (l.startsWith('    ') && parseIMessageHeader(l.slice(4))) break; // the next reply (replies have no blank line after them)
      const t = l.slice(4);
      if (sub.sender === undefined && t !== '') sub.sender = t;
      else if (sub.sender !== undefined) sub.body.push(t);
    }
    while (sub.body.length > 0 && sub.body[sub.body.length - 1] === '') sub.body.pop();
    out.push(...blockToDrafts(st, sub, true));
    i = j - 1;
  }
  const attachments: Attachment[] = [];
  const text: string[] = [];
  let deleted = false;
  let edited = false;
  let editedEpoch: number | undefined;
  for (let i = 0; i < own.length; i++) {
    const ln = own[i] as string;
    if (ln === 'Reactions:') {
      while (i + 1 < own.length && own[i + 1] !== '') i++;
      if (i + 1 < own.length) i++; // the blank line that ends the reactions
      continue;
    }
    if (ln === 'This message responded to an earlier message.') continue;
    if (ln === 'This message was deleted from the conversation!') {
      deleted = true;
      continue;
    }
    if (ln === 'Attachment missing!') {
      attachments.push({ fileName: null, omitted: true });
      continue;
    }
    if (ln.startsWith('Sent with ') && EFFECTS.has(ln.slice(10))) continue;
    if (
      (ln === 'You deleted a message.' || ln === 'They deleted a message.') &&
      own.filter((l) => l !== '').length === 1
    ) {
      deleted = true;
      continue;
    }
    if (ln.startsWith('Sticker from ')) {
      const at = ln.indexOf(': ');
      const p = at > 0 ? ln.slice(at + 2) : '';
      if (p) {
        attachments.push({
          ...(pathAttachment(st, p) ?? { fileName: baseName(p) || null, omitted: false, path: p }),
          kind: 'sticker',
        });
        continue;
      }
    }
    const att = pathAttachment(st, ln);
    if (att) {
      attachments.push(att);
      continue;
    }
    // Edit history: "<timestamp> original" then "Edited 5 seconds later: newer".
    if (text.length === 0 && i + 1 < own.length && (own[i + 1] as string).startsWith('Edited ')) {
      const h = parseIMessageHeader(ln);
      if (h && h.rest.startsWith(' ')) {
        let current = h.rest.slice(1);
        let seconds = 0;
        let k = i + 1;
        for (; k < own.length; k++) {
          const e = own[k] as string;
          const cut = e.indexOf(' later: ');
          const d = e.startsWith('Edited ') && cut > 0 ? parseDuration(e.slice(7, cut)) : undefined;
          if (d === undefined) break;
          seconds += d;
          current = e.slice(cut + 8);
        }
        edited = true;
        const er = st.resolver.get(loc).resolve(h.local, r.epochMs);
        editedEpoch = er.epochMs + seconds * 1000;
        text.push(current);
        i = k - 1;
        continue;
      }
    }
    text.push(ln);
  }
  while (text.length > 0 && text[text.length - 1] === '') text.pop();
  msg.sender = b.sender ?? null;
  msg.text = text.length === 1 ? text[0] : text.join('\n');
  msg.attachments = attachments;
  msg.system = false;
  if (deleted) msg.deleted = true;
  if (edited) {
    msg.edited = true;
    if (editedEpoch !== undefined)
      msg.editedTimestamp = isoWithOffset(editedEpoch, st.resolver.get(loc).offsetAt(editedEpoch));
  }
  const self: Draft = { epochMs: r.epochMs, reply, message: msg as Message };
  if (out.length === 0) return [self];
  out.unshift(self);
  return out;
}

const DUPLICATE_NOTE =
  'a thread reply printed both under the message it answers and at top level was read once';
const MAX_PENDING_REPLIES = 10_000;

async function* scanEntry(
  source: ExportSource,
  entry: string,
  ctx: ScanContext,
  options: ParseOptions,
): AsyncGenerator<OrderedItem[]> {
  const st: State = {
    source,
    entry,
    loc: entryLocation(source, entry),
    entrySet: new Set(source.entries.map((e) => e.path)),
    resolver: new LazyResolver(options.timeZone),
    ctx,
    prevEpoch: undefined,
  };
  let tie = 0;
  let block: Block | null = null;
  let blanks = 0;
  const pending = new Map<string, Draft>(); // replies seen indented, waiting for a top-level twin
  const sig = (d: Draft) => `${d.epochMs}\u0000${d.message.sender ?? ''}\u0000${d.message.text}`;
  let out: OrderedItem[] = [];
  const close = () => {
    if (!block) return;
    for (const d of blockToDrafts(st, block, false)) {
      if (d.reply) {
        const key = sig(d);
        if (!pending.has(key)) pending.set(key, d);
        if (pending.size > MAX_PENDING_REPLIES) {
          const [k, oldest] = pending.entries().next().value as [string, Draft];
          pending.delete(k);
          out.push({ epochMs: oldest.epochMs, tie: tie++, message: oldest.message });
        }
        continue;
      }
      if (pending.size > 0) {
        const key = sig(d);
        if (pending.has(key)) {
          pending.delete(key);
          ctx.notes.add('DUPLICATE_REPLY_MERGED', DUPLICATE_NOTE, d.message.origin);
        }
      }
      out.push({ epochMs: d.epochMs, tie: tie++, message: d.message });
    }
    block = null;
  };
  const file = { file: source.label, ...(source.kind === 'file' ? {} : { entry }) };
  for await (const batch of readTolerantLineBatches(readCounted(source, entry, ctx), file)) {
    const texts = batch.texts;
    let r = 0;
    for (let k = 0; k < batch.count; k++) {
      const lineNo = batch.firstLine + k;
      const rep = batch.repairs[r];
      if (rep?.index === k) {
        r++;
        ctx.notes.add(
          'INVALID_UTF8_REPAIRED',
          'bytes that are not valid UTF-8 were read as Windows-1252 (mixed encodings)',
          originOf(source, entry, rep.byteOffset, undefined, lineNo),
        );
      }
      const text = texts[k] as string;
      const byteOffset = batch.byteOffsets[k] as number;
      const lineEnd = byteOffset + (batch.byteLengths[k] as number);
      const header: IMessageHeader | null =
        (block === null || blanks > 0) && text.length >= 24 ? parseIMessageHeader(text) : null;
      if (header) {
        close();
        block = { header, line: lineNo, byteOffset, sender: undefined, body: [], endByte: lineEnd };
        blanks = 0;
      } else if (text === '') {
        blanks++;
      } else if (block) {
        const b: Block = block;
        if (
          b.sender === undefined &&
          b.header.rest !== '' &&
          !isReadReceipt(b.header.rest) &&
          blanks === 0
        )
          b.body.push(text);
        else if (b.sender === undefined && blanks === 0) b.sender = text;
        else {
          if (b.sender === undefined) b.sender = '';
          for (; blanks > 0; blanks--) b.body.push('');
          b.body.push(text);
        }
        b.endByte = lineEnd;
        blanks = 0;
      } else {
        ctx.notes.add(
          'TEXT_OUTSIDE_MESSAGE',
          'text before the first timestamp line belongs to no message; it was not read',
          originOf(source, entry, byteOffset, lineEnd - byteOffset, lineNo),
        );
        blanks = 0;
      }
    }
    if (out.length > 0) {
      yield out;
      out = [];
    }
  }
  close();
  for (const d of pending.values())
    out.push({ epochMs: d.epochMs, tie: tie++, message: d.message });
  if (out.length > 0) yield out;
}

/** The imessage-exporter TXT parser. */
export const imessageTxtParser: ChatParser = {
  info: { name: 'custos-imessage-exporter-txt', version: '1.0.0' },
  formats: ['imessage-exporter-txt'],
  detect(probe: DetectionProbe): Detection | null {
    return detectEntriesByHead(probe, 'imessage-exporter-txt', imessageConfidence);
  },
  parse(
    source: ExportSource,
    detection: Detection,
    options: ParseOptions,
  ): AsyncIterable<TranscriptPart> {
    return emitInOrder(
      async function* (ctx) {
        noteMergedConversations(ctx, detection.entries.length, 'conversation files');
        for (const entry of detection.entries) yield* scanEntry(source, entry, ctx, options);
      },
      { expectChronological: true, inputBytes: entriesBytes(source, detection.entries) },
    );
  },
};
