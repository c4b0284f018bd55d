/**
 * Telegram Desktop "Export chat history" / "Export Telegram data" in JSON (`result.json`).
 *
 * Source of truth: Telegram Desktop's writer, `Telegram/SourceFiles/export/output/export_output_json.cpp`
 * (research notes `chat-formats.md` §2). A single-chat export is `{name, type, id, messages[]}`; a
 * full account export nests chats under `chats.list[]` (and `left_chats.list[]`), which are merged
 * into one transcript with a `MULTIPLE_CONVERSATIONS` note.
 *
 * - Time: `date_unixtime` (epoch seconds, Desktop ≥ 3.7) wins; otherwise `date` is the exporting
 *   computer's naive local time (tdesktop#24054), read in the declared zone with the DST rules of
 *   `local-time.ts`. `type: "unsupported"` records have no date: they take the time of the record
 *   before them (or after, at the start) and a `TIMESTAMP_INFERRED` note.
 * - Text: a string, or an array of strings and entity objects, concatenated with nothing between.
 * - Deleted accounts: `from: null`; the sender is then the `from_id`.
 * - Service messages: system events with `actor` and `systemAction` (= `action`), text as exported.
 * - Media not downloaded are a sentence in place of the path ("(File not included. …)"): omitted.
 */
import type { JsonObject, JsonValue, PathPart, SelectMode } from '../../json-stream.ts';
import { idString, isObject, str } from '../../json-stream.ts';
import { emitInOrder, KEYS_ONLY, type OrderedItem, type ScanContext } from '../../ordering.ts';
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
  parseNaiveIso,
  baseName,
  detectEntriesByHead,
  dirName,
  failAt,
  isoUtc,
  isoWithOffset,
  joinPath,
  jsonRecords,
  plausibleYear,
  LazyResolver,
  MAX_EPOCH_MS,
  noteMergedConversations,
  entriesBytes,
  entryLocation,
  originOf,
  sampleHead,
  validLocalDate,
} from '../common.ts';

const CHAT_TYPES = new Set([
  'personal_chat',
  'bot_chat',
  'private_group',
  'private_supergroup',
  'public_supergroup',
  'private_channel',
  'public_channel',
  'saved_messages',
  'replies',
  'verification_codes',
]);
const MESSAGE_TYPES = new Set(['message', 'service', 'unsupported']);

function looksLikeChat(v: JsonValue | undefined): 'chat' | 'maybe' | null {
  if (!isObject(v) || !('messages' in v)) return null;
  const messages = v.messages;
  if (!Array.isArray(messages)) return null;
  const first = messages[0];
  if (isObject(first)) {
    const t = str(first.type);
    if (
      t &&
      MESSAGE_TYPES.has(t) &&
      'id' in first &&
      (t === 'unsupported' || 'date' in first || 'date_unixtime' in first)
    )
      return 'chat';
    return null;
  }
  const type = str(v.type);
  return type && CHAT_TYPES.has(type) ? 'maybe' : null;
}

/** Content test: a single-chat export, or a full account export. Returns a confidence or 0. */
export function telegramConfidence(head: Uint8Array): number {
  const root = sampleHead(head);
  if (!isObject(root)) return 0;
  const chat = looksLikeChat(root);
  if (chat === 'chat') return 0.9;
  if (chat === 'maybe') return 0.8;
  for (const k of ['chats', 'left_chats']) {
    const list = isObject(root[k]) ? root[k].list : undefined;
    if (Array.isArray(list) && list.some((c) => looksLikeChat(c) !== null)) return 0.85;
  }
  if (
    isObject(root.personal_information) &&
    ('contacts' in root || 'chats' in root || 'about' in root)
  )
    return 0.6;
  return 0;
}

function selectPath(path: readonly PathPart[]): SelectMode {
  const n = path.length;
  if (n === 0) return 'descend';
  const k0 = path[0];
  // single chat
  if (n === 1)
    return k0 === 'messages'
      ? 'descend'
      : k0 === 'name' || k0 === 'type' || k0 === 'id' || k0 === 'chats' || k0 === 'left_chats'
        ? k0 === 'chats' || k0 === 'left_chats'
          ? 'descend'
          : 'emit'
        : 'skip';
  if (k0 === 'messages') return n === 2 ? 'emit' : 'skip';
  // full export: chats.list[i].{name,type,id,messages[j]}
  if (k0 !== 'chats' && k0 !== 'left_chats') return 'skip';
  if (n === 2) return path[1] === 'list' ? 'descend' : 'skip';
  if (n === 3) return 'descend';
  if (n === 4)
    return path[3] === 'messages'
      ? 'descend'
      : path[3] === 'name' || path[3] === 'type' || path[3] === 'id'
        ? 'emit'
        : 'skip';
  if (n === 5 && path[3] === 'messages') return 'emit';
  return 'skip';
}

/** Text of a message: a string, or an array of strings and `{type, text}` entities, concatenated. */
export function telegramText(text: JsonValue | undefined, entities?: JsonValue): string {
  if (typeof text === 'string') return text;
  if (Array.isArray(text)) {
    let out = '';
    for (const part of text) {
      if (typeof part === 'string') out += part;
      else if (isObject(part) && typeof part.text === 'string') out += part.text;
    }
    return out;
  }
  if (Array.isArray(entities)) return telegramText(entities);
  return '';
}

function isPlaceholder(path: string): boolean {
  return path.startsWith('(File ') && path.endsWith(')');
}

/** A message under construction: `index` first (set by the ordering), `timestamp` last. */
type Draft = { -readonly [K in keyof Message]?: Message[K] };

interface ChatState {
  readonly source: ExportSource;
  readonly entry: string;
  readonly entrySet: ReadonlySet<string>;
  readonly resolver: LazyResolver;
  readonly ctx: ScanContext;
  prevEpoch: number | undefined;
  prevTimestamp: string | undefined;
  /** Undated records waiting for the first dated one. */
  pending: {
    item: Omit<OrderedItem, 'epochMs' | 'message'>;
    message: Draft;
    start: number;
  }[];
  seq: number;
}

function mediaAttachment(
  st: ChatState,
  path: string,
  kind: string,
  contentType: string | undefined,
): Attachment {
  const a: { -readonly [K in keyof Attachment]: Attachment[K] } = {
    fileName: null,
    omitted: false,
    kind,
  };
  if (isPlaceholder(path)) a.omitted = true;
  else {
    a.fileName = baseName(path);
    a.path = path;
    if (st.source.kind !== 'file') a.inArchive = st.entrySet.has(joinPath(dirName(st.entry), path));
  }
  if (contentType) a.contentType = contentType;
  return a;
}

function attachmentsOf(st: ChatState, m: JsonObject): Attachment[] {
  const out: Attachment[] = [];
  const photo = str(m.photo);
  if (photo !== undefined)
    out.push(
      mediaAttachment(
        st,
        photo,
        'photo',
        str(m.mime_type) && m.file === undefined ? str(m.mime_type) : undefined,
      ),
    );
  const file = str(m.file);
  if (file !== undefined)
    out.push(mediaAttachment(st, file, str(m.media_type) ?? 'file', str(m.mime_type)));
  if (isObject(m.contact_information))
    out.push({ fileName: null, omitted: false, kind: 'contact' });
  if (isObject(m.location_information)) {
    const li = m.location_information;
    const lat = li.latitude;
    const lon = li.longitude;
    out.push(
      typeof lat === 'number' && typeof lon === 'number'
        ? { fileName: null, omitted: false, kind: 'location', path: `geo:${lat},${lon}` }
        : { fileName: null, omitted: false, kind: 'location' },
    );
  }
  if (isObject(m.poll)) out.push({ fileName: null, omitted: false, kind: 'poll' });
  return out;
}

/** True when `v` is `-?\d{1,12}` (a `date_unixtime` string), without a regular expression. */
function isUnixDigits(v: string): boolean {
  const n = v.length;
  let k = n > 0 && v.charCodeAt(0) === 0x2d ? 1 : 0;
  if (n - k < 1 || n - k > 12) return false;
  for (; k < n; k++) {
    const c = v.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** Epoch seconds from `date_unixtime`-style values (string or number of digits). */
function unixSeconds(v: JsonValue | undefined): number | undefined {
  const s =
    typeof v === 'number' ? v : typeof v === 'string' && isUnixDigits(v) ? Number(v) : undefined;
  return s !== undefined && Number.isFinite(s) && s >= 0 && s * 1000 <= MAX_EPOCH_MS
    ? s
    : undefined;
}

interface Time {
  readonly epochMs: number;
  readonly timestamp: string;
  readonly ambiguous: boolean;
}

/**
 * The instant of a record from `*_unixtime` (epoch seconds) or else its naive local `date`, with the
 * DST notes; `text: false` leaves the timestamp text empty (a keys-only reading never emits it).
 *
 * @throws CustosError `PARSE_BAD_DATE` when the naive date is not `YYYY-MM-DDTHH:MM:SS`.
 */
function resolveTime(
  st: ChatState,
  unix: JsonValue | undefined,
  naive: JsonValue | undefined,
  at: number,
  what: string,
  text = true,
): Time | undefined {
  const secs = unixSeconds(unix);
  if (secs !== undefined)
    return { epochMs: secs * 1000, timestamp: text ? isoUtc(secs * 1000) : '', ambiguous: false };
  if (naive === undefined) return undefined;
  const local = typeof naive === 'string' ? parseNaiveIso(naive) : null;
  if (!local || !validLocalDate(local) || !plausibleYear(local.year)) {
    failAt(
      'PARSE_BAD_DATE',
      `${what} ${JSON.stringify(naive)} is not a date; expected "YYYY-MM-DDTHH:MM:SS"`,
      st.source,
      st.entry,
      { byteOffset: at },
    );
  }
  const r = st.resolver.get(entryLocation(st.source, st.entry)).resolve(local, st.prevEpoch);
  if (r.inGap)
    st.ctx.notes.add(
      'TIMESTAMP_IN_DST_GAP',
      'a local time that does not exist in the declared zone (skipped by a daylight-saving change) was read with the offset before the change',
      originOf(st.source, st.entry, at),
    );
  if (r.ambiguous)
    st.ctx.notes.add(
      'TIMESTAMP_AMBIGUOUS',
      'a local time fell in a daylight-saving fold (it happened twice); the earliest time not before the previous message was chosen',
      originOf(st.source, st.entry, at),
    );
  return {
    epochMs: r.epochMs,
    timestamp: text ? isoWithOffset(r.epochMs, r.offsetMinutes) : '',
    ambiguous: r.ambiguous,
  };
}

/**
 * The message of one record, its keys in the order the transcript has always written them:
 * `index`, `sourceId`, `sender`, `text`, `attachments`, `system`, the kind's own keys, `edited`,
 * `editedTimestamp`, `timestampAmbiguous`, `origin`; the caller adds `timestamp` last.
 */
function toMessage(
  st: ChatState,
  m: JsonObject,
  start: number,
  end: number,
  time: Time | undefined,
): Draft {
  const type = str(m.type) ?? 'message';
  const id = idString(m.id);
  const msg: Draft = { index: 0 };
  if (id !== undefined) msg.sourceId = id;
  if (type === 'service') {
    msg.sender = null;
    msg.text = telegramText(m.text, m.text_entities);
    msg.attachments = attachmentsOf(st, m);
    msg.system = true;
    const actor = str(m.actor) ?? idString(m.actor_id);
    if (actor !== undefined) msg.actor = actor;
    const action = str(m.action);
    if (action !== undefined) msg.systemAction = action;
  } else if (type === 'unsupported') {
    msg.sender = null;
    msg.text = '';
    msg.attachments = [];
    msg.system = true;
    msg.systemAction = 'unsupported';
  } else {
    const fromId = idString(m.from_id);
    const sender = str(m.from) ?? fromId ?? null;
    msg.sender = sender;
    msg.text = telegramText(m.text, m.text_entities);
    msg.attachments = attachmentsOf(st, m);
    msg.system = false;
    if (fromId !== undefined) msg.senderId = fromId;
    const author = str(m.author);
    if (author !== undefined && author !== sender) msg.senderDisplayName = author;
    const reply = idString(m.reply_to_message_id);
    if (reply !== undefined) msg.replyToSourceId = reply;
  }
  if ('edited' in m || 'edited_unixtime' in m) {
    msg.edited = true;
    const edited = resolveTime(st, m.edited_unixtime, m.edited, start, 'edited');
    if (edited) msg.editedTimestamp = edited.timestamp;
  }
  if (time?.ambiguous) msg.timestampAmbiguous = true;
  msg.origin = originOf(st.source, st.entry, start, end - start);
  return msg;
}

/** Members a keys-only reading builds: what the time and its notes come from. */
const KEYS_ONLY_MEMBERS: ReadonlySet<string> = new Set([
  'date',
  'date_unixtime',
  'edited',
  'edited_unixtime',
]);
const keysOnlyBuild = (path: readonly PathPart[]) =>
  typeof path[path.length - 1] === 'number' ? KEYS_ONLY_MEMBERS : undefined;

/** What {@link toMessage} does besides building the message: the edit time, read for its notes. */
function keysOnly(st: ChatState, m: JsonObject, start: number): Draft {
  if ('edited' in m || 'edited_unixtime' in m)
    resolveTime(st, m.edited_unixtime, m.edited, start, 'edited', false);
  return { ...KEYS_ONLY };
}

const TIMESTAMP_INFERRED_TEXT =
  'a record without a date (e.g. an unsupported message) was given the time of the record next to it';

async function* scanEntry(
  source: ExportSource,
  entry: string,
  ctx: ScanContext,
  options: ParseOptions,
  chats: string[],
): AsyncGenerator<OrderedItem[]> {
  const st: ChatState = {
    source,
    entry,
    entrySet: new Set(source.entries.map((e) => e.path)),
    resolver: new LazyResolver(options.timeZone),
    ctx,
    prevEpoch: undefined,
    prevTimestamp: undefined,
    pending: [],
    seq: 0,
  };
  for await (const recs of jsonRecords(source, entry, ctx, selectPath, undefined, keysOnlyBuild)) {
    const out: OrderedItem[] = [];
    for (const rec of recs) {
      const last = rec.path[rec.path.length - 1];
      if (typeof last === 'string') {
        if (last === 'name' && typeof rec.value === 'string') chats.push(rec.value);
        continue;
      }
      const v = rec.value;
      if (!isObject(v)) {
        ctx.notes.add(
          'RECORD_NOT_A_MESSAGE',
          'an entry of a messages list is not a message object; it was not read',
          originOf(source, entry, rec.start, rec.end - rec.start),
        );
        continue;
      }
      // the date is read before the rest (its notes come first, a bad date fails first)
      // (a keys-only reading needs no timestamp text: its messages are never emitted)
      const time = resolveTime(st, v.date_unixtime, v.date, rec.start, 'date', !ctx.keysOnly);
      const message = ctx.keysOnly
        ? keysOnly(st, v, rec.start)
        : toMessage(st, v, rec.start, rec.end, time);
      const tie = st.seq++;
      if (!time) {
        ctx.notes.add(
          'TIMESTAMP_INFERRED',
          TIMESTAMP_INFERRED_TEXT,
          originOf(source, entry, rec.start),
        );
        if (st.prevEpoch !== undefined && st.prevTimestamp !== undefined) {
          message.timestamp = st.prevTimestamp;
          out.push({
            epochMs: st.prevEpoch,
            tie,
            message: message as Message,
            repairs: rec.repairs,
          });
        } else st.pending.push({ item: { tie, repairs: rec.repairs }, message, start: rec.start });
        continue;
      }
      st.prevEpoch = time.epochMs;
      st.prevTimestamp = time.timestamp;
      for (const p of st.pending) {
        p.message.timestamp = time.timestamp;
        out.push({ ...p.item, epochMs: time.epochMs, message: p.message as Message });
      }
      if (st.pending.length > 0) st.pending = [];
      message.timestamp = time.timestamp;
      out.push({ epochMs: time.epochMs, tie, message: message as Message, repairs: rec.repairs });
    }
    if (out.length > 0) yield out;
  }
  if (st.pending.length > 0) {
    const first = st.pending[0];
    failAt(
      'PARSE_BAD_DATE',
      'no message in this chat has a date; expected "date_unixtime" or "date" on messages',
      source,
      entry,
      { byteOffset: first?.start ?? 0 },
    );
  }
}

/** The Telegram Desktop JSON parser. */
export const telegramJsonParser: ChatParser = {
  info: { name: 'custos-telegram-desktop-json', version: '1.0.0' },
  formats: ['telegram-desktop-json'],
  detect(probe: DetectionProbe): Detection | null {
    return detectEntriesByHead(probe, 'telegram-desktop-json', telegramConfidence);
  },
  parse(
    source: ExportSource,
    detection: Detection,
    options: ParseOptions,
  ): AsyncIterable<TranscriptPart> {
    return emitInOrder(
      async function* (ctx) {
        const chats: string[] = [];
        for (const entry of detection.entries) yield* scanEntry(source, entry, ctx, options, chats);
        if (chats.length === 1 && chats[0]) ctx.title(chats[0]);
        noteMergedConversations(ctx, chats.length, 'chats', chats);
      },
      { expectChronological: true, inputBytes: entriesBytes(source, detection.entries) },
    );
  },
};
