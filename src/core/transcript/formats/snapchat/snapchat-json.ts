/**
 * Snapchat "Download My Data" `chat_history.json` (research notes `chat-formats.md` §5).
 *
 * Two layouts:
 * - current (2023+): `{"<conversation id or friend>": [{From, Media Type, Created, Content,
 *   Conversation Title, IsSender, Created(microseconds), IsSaved, Media IDs}]}`, newest first;
 * - older (about 2019–2022): `{"Received Saved Chat History": [{From, Media Type, Created, Text}],
 *   "Sent Saved Chat History": [{To, Media Type, Created, Text}]}`: the owner is never named (sender
 *   `<owner>` on the sent list) and text is HTML-escaped.
 *
 * Time: `Created(microseconds)` when present, its unit judged by magnitude (it has been seen
 * holding milliseconds: ethanwheatthin/Snapchat_Memories_Downloader_GUI#60), else `Created`
 * (`YYYY-MM-DD HH:MM:SS UTC`). `Media Type` TEXT is text, MEDIA an attachment with its media id
 * (files in `chat_media/`), `STATUS…` values are events, other values attachments of that kind.
 * Snapchat keeps only saved and recent chats: every transcript carries a `PARTIAL_EXPORT` note.
 */
import type { JsonObject, PathPart, SelectMode } from '../../json-stream.ts';
import { isObject, str } from '../../json-stream.ts';
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
  baseName,
  detectEntriesByHead,
  failAt,
  formatUtcMicros,
  type JsonRecord,
  jsonRecords,
  MAX_EPOCH_MS,
  noteMergedConversations,
  entriesBytes,
  originOf,
  sampleHead,
} from '../common.ts';

/** The owner of the account when the export never names them. */
export const OWNER = '<owner>';

const LEGACY_SENT = /^sent\b/i;

function isChatEntry(v: unknown): boolean {
  return (
    isObject(v as JsonObject) &&
    'Created' in (v as JsonObject) &&
    ('Media Type' in (v as JsonObject) || 'From' in (v as JsonObject) || 'To' in (v as JsonObject))
  );
}

/** Content test: 0.9 for a chat_history.json of either layout, else 0. */
export function snapchatConfidence(head: Uint8Array): number {
  const root = sampleHead(head);
  if (!isObject(root)) return 0;
  let lists = 0;
  for (const [k, v] of Object.entries(root)) {
    if (!Array.isArray(v)) continue;
    if (/Chat History$/.test(k) && (v.length === 0 || isChatEntry(v[0]))) return 0.9;
    if (v.length > 0 && isChatEntry(v[0])) lists++;
  }
  return lists > 0 ? 0.9 : 0;
}

/** Members a keys-only reading builds: the times, the title, and the text (for its note). */
const KEYS_ONLY_MEMBERS: ReadonlySet<string> = new Set([
  'Created(microseconds)',
  'Created',
  'Content',
  'Text',
  'Conversation Title',
]);
const keysOnlyBuild = (path: readonly PathPart[]) =>
  path.length === 2 ? KEYS_ONLY_MEMBERS : undefined;

function selectPath(path: readonly PathPart[]): SelectMode {
  return path.length === 0
    ? 'descend'
    : path.length === 1
      ? 'descend'
      : path.length === 2
        ? 'emit'
        : 'skip';
}

const HTML_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Decodes HTML character references (`&#39;`, `&amp;`, `&#x1F600;`); unknown ones are kept. */
export function unescapeHtml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,6});/g, (all, body: string) => {
    if (body[0] === '#') {
      const cp =
        body[1] === 'x' || body[1] === 'X'
          ? parseInt(body.slice(2), 16)
          : parseInt(body.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)
        ? String.fromCodePoint(cp)
        : all;
    }
    return HTML_ENTITIES[body.toLowerCase()] ?? all;
  });
}

/** Epoch microseconds from a number whose unit is judged by magnitude (s, ms, µs or ns); undefined before 1970 or after 9999. */
export function epochMicrosByMagnitude(n: number): number | undefined {
  if (!Number.isFinite(n)) return undefined;
  const a = Math.abs(n);
  let micros: number;
  if (a < 1e11) micros = n * 1e6;
  else if (a < 1e14) micros = n * 1e3;
  else if (a < 1e17) micros = n;
  else micros = Math.trunc(n / 1e3);
  micros = Math.round(micros);
  return micros >= 0 && micros / 1000 <= MAX_EPOCH_MS ? micros : undefined;
}

function createdMicros(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const m =
    /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?(?: ?(?:UTC|Z|GMT))?$/.exec(
      v.trim(),
    );
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return undefined;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, s));
  date.setUTCFullYear(y);
  if (date.getUTCDate() !== d) return undefined;
  return date.getTime() * 1000 + Number((m[7] ?? '0').padEnd(6, '0'));
}

interface State {
  readonly source: ExportSource;
  readonly ctx: ScanContext;
  /** chat_media files by media id token. */
  readonly media: ReadonlyMap<string, string>;
}

function mediaIndex(source: ExportSource): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of source.entries) {
    if (!/(^|\/)chat_media\//.test(e.path)) continue;
    const stem = baseName(e.path).replace(/\.[^.]*$/, '');
    const us = stem.indexOf('_');
    const id = us >= 0 ? stem.slice(us + 1) : stem;
    out.set(id, e.path);
    if (id.startsWith('b~')) out.set(id.slice(2), e.path);
  }
  return out;
}

/** The ids of a `Media IDs` field (`b~EiA | b~EiB`): split at `|`, trimmed, empties dropped. */
function mediaIds(v: string | undefined): string[] {
  if (v === undefined || v === '') return [];
  return v
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** True when `s` is `-?\d{1,20}`. */
function isMicrosDigits(s: string): boolean {
  const n = s.length;
  let k = n > 0 && s.charCodeAt(0) === 0x2d ? 1 : 0;
  if (n - k < 1 || n - k > 20) return false;
  for (; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

type Draft = { -readonly [K in keyof Message]?: Message[K] };

const HTML_NOTE = 'older Snapchat exports HTML-escape message text (&#39;, &amp;); decoded';

/**
 * The item of one record, the message's keys in the order the transcript has always written them:
 * `index`, `timestamp`, `text`, `attachments`, `sender`, `system`, the event's keys, `origin`.
 */
function toItem(
  st: State,
  entry: string,
  list: string,
  legacy: boolean,
  v: JsonObject,
  rec: JsonRecord,
  tie: number,
): OrderedItem {
  const sent = legacy && LEGACY_SENT.test(list);
  let micros: number | undefined;
  const raw = v['Created(microseconds)'];
  if (typeof raw === 'number' || (typeof raw === 'string' && isMicrosDigits(raw)))
    micros = epochMicrosByMagnitude(Number(raw));
  micros ??= createdMicros(v.Created);
  if (micros === undefined) {
    failAt(
      'PARSE_BAD_DATE',
      `Created ${JSON.stringify(v.Created ?? null)} is not a date; expected "YYYY-MM-DD HH:MM:SS UTC"`,
      st.source,
      entry,
      { byteOffset: rec.start },
    );
  }
  if (st.ctx.keysOnly) {
    // only what gives a note: the HTML decoding of older exports
    const text = str(v.Content) ?? str(v.Text) ?? '';
    if (legacy && unescapeHtml(text) !== text) st.ctx.notes.add('HTML_ENTITIES_DECODED', HTML_NOTE);
    return { epochMs: micros / 1000, tie, message: KEYS_ONLY };
  }
  const from = str(v.From);
  const isSender = v.IsSender === true;
  const sender = sent ? OWNER : (from ?? (isSender ? OWNER : null));
  const mediaType = (str(v['Media Type']) ?? 'TEXT').trim();
  let text = str(v.Content) ?? str(v.Text) ?? '';
  let repairs = rec.repairs;
  if (legacy) {
    const un = unescapeHtml(text);
    if (un !== text) {
      repairs = [...repairs, { code: 'HTML_ENTITIES_DECODED', message: HTML_NOTE }];
      st.ctx.notes.add('HTML_ENTITIES_DECODED', HTML_NOTE);
      text = un;
    }
  }
  const ids = mediaIds(str(v['Media IDs']));
  const upper = mediaType.toUpperCase();
  const system = upper.startsWith('STATUS');
  const attachments: Attachment[] = [];
  if (!system && upper !== 'TEXT') {
    const kind = mediaType.toLowerCase();
    const make = (id?: string): Attachment => {
      const a: { -readonly [K in keyof Attachment]: Attachment[K] } = {
        fileName: null,
        omitted: false,
        kind,
      };
      if (id !== undefined) {
        a.mediaId = id;
        if (st.source.kind !== 'file') {
          const path = st.media.get(id) ?? st.media.get(id.replace(/^b~/, ''));
          a.inArchive = path !== undefined;
          if (path !== undefined) a.path = path;
        }
      }
      return a;
    };
    if (ids.length === 0) attachments.push(make());
    else for (const id of ids) attachments.push(make(id));
  }
  const msg: Draft = { index: 0, timestamp: formatUtcMicros(micros), text, attachments };
  if (system) {
    msg.sender = null;
    msg.system = true;
    msg.systemAction = mediaType;
    if (from !== undefined) msg.actor = from;
  } else {
    msg.sender = sender;
    msg.system = false;
  }
  msg.origin = originOf(st.source, entry, rec.start, rec.end - rec.start);
  return { epochMs: micros / 1000, tie, message: msg as Message, repairs };
}

const CHAT_HISTORY = /Chat History$/;

async function* scanEntry(
  st: State,
  entry: string,
  conversations: Map<string, string | null>,
): AsyncGenerator<OrderedItem[]> {
  let pos = 0;
  let lastList: string | undefined;
  let legacy = false;
  for await (const recs of jsonRecords(
    st.source,
    entry,
    st.ctx,
    selectPath,
    undefined,
    keysOnlyBuild,
  )) {
    const out: OrderedItem[] = [];
    for (const rec of recs) {
      const list = String(rec.path[0]);
      if (list !== lastList) {
        lastList = list;
        legacy = CHAT_HISTORY.test(list);
      }
      if (!isObject(rec.value)) {
        st.ctx.notes.add(
          'RECORD_NOT_A_MESSAGE',
          'an entry of a chat list is not a message object; it was not read',
          originOf(st.source, entry, rec.start, rec.end - rec.start),
        );
        continue;
      }
      if (!legacy && !conversations.has(list))
        conversations.set(list, str(rec.value['Conversation Title']) ?? null);
      out.push(toItem(st, entry, list, legacy, rec.value, rec, -pos++));
    }
    if (out.length > 0) yield out;
  }
}

/** The Snapchat chat_history.json parser. */
export const snapchatJsonParser: ChatParser = {
  info: { name: 'custos-snapchat-chat-history-json', version: '1.0.0' },
  formats: ['snapchat-chat-history-json'],
  detect(probe: DetectionProbe): Detection | null {
    return detectEntriesByHead(probe, 'snapchat-chat-history-json', snapchatConfidence);
  },
  parse(
    source: ExportSource,
    detection: Detection,
    _options: ParseOptions,
  ): AsyncIterable<TranscriptPart> {
    return emitInOrder(
      async function* (ctx) {
        const st: State = { source, ctx, media: mediaIndex(source) };
        const conversations = new Map<string, string | null>();
        ctx.notes.add(
          'PARTIAL_EXPORT',
          'Snapchat exports hold only saved and recent chats; a message missing here may still have been sent',
        );
        for (const entry of detection.entries) yield* scanEntry(st, entry, conversations);
        if (conversations.size === 1) {
          const [[key, title]] = [...conversations.entries()] as [[string, string | null]];
          ctx.title(title ?? key);
        }
        noteMergedConversations(ctx, conversations.size, 'conversations', [
          ...conversations.keys(),
        ]);
      },
      { inputBytes: entriesBytes(source, detection.entries) },
    );
  },
};
