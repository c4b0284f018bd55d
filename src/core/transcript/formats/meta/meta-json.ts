/**
 * Facebook Messenger and Instagram direct messages from Meta's "Download your information" (JSON),
 * and Messenger's separate end-to-end-encrypted chat export.
 *
 * Layout (research notes `chat-formats.md` §4): one folder per thread with `message_1.json`,
 * `message_2.json`, … — `message_1` holds the newest messages and each file lists newest first.
 * Threads are merged across files, reversed to chronological order, and equal instants keep the
 * reverse of the file order (fixtures README, "Ordering"). Files are read last-numbered first so
 * that the stream is nearly chronological and ordering stays within one file's worth of memory.
 *
 * - Strings carry the Latin-1 mis-encoding; each is repaired on its own (`mojibake.ts`).
 * - `timestamp_ms` is UTC epoch milliseconds.
 * - Meta writes some `content` itself (English here): reaction notices ("Reacted ❤ to your
 *   message", "Liked a message"), calls, group changes ("X added Y to the group."): these become
 *   system events with the sender as actor. "X sent an attachment." becomes an omitted attachment.
 * - `is_unsent`: deleted, text "".
 * - Messenger vs Instagram is decided from content: media paths (`your_instagram_activity/…`),
 *   Instagram-only fields and notices, and the export's folder names; undecided exports are read
 *   as Messenger with a `PLATFORM_GUESSED` note.
 * - The encrypted-chat export (`threadName`, `messages[].senderName`, `timestamp`, `text`,
 *   `media[].uri`) has no mis-encoding and is read the same way.
 */
import type { JsonObject, JsonValue, PathPart, SelectMode } from '../../json-stream.ts';
import { arr, idString, isObject, str } from '../../json-stream.ts';
import { repairMojibake } from '../../mojibake.ts';
import { emitInOrder, type OrderedItem, type ScanContext } from '../../ordering.ts';
import type {
  Attachment,
  ChatParser,
  Detection,
  DetectionProbe,
  ExportSource,
  FormatId,
  Message,
  ParseOptions,
  TranscriptPart,
} from '../../types.ts';
import {
  baseName,
  dirName,
  failAt,
  isoUtc,
  jsonRecords,
  MAX_EPOCH_MS,
  noteMergedConversations,
  entriesBytes,
  originOf,
  sampleHead,
} from '../common.ts';

const MOJIBAKE_NOTE =
  'text was stored as UTF-8 bytes written as Latin-1 characters (Meta export mis-encoding); repaired per string where the round trip succeeds';

type Variant = 'dyi' | 'e2ee';

function metaVariant(v: JsonValue | null): Variant | null {
  if (!isObject(v)) return null;
  const first = arr(v.messages)[0];
  if (isObject(first)) {
    if ('sender_name' in first && 'timestamp_ms' in first) return 'dyi';
    if ('senderName' in first && 'timestamp' in first) return 'e2ee';
    return null;
  }
  if (!('messages' in v)) return null;
  if (
    Array.isArray(v.participants) &&
    arr(v.participants).every((p) => isObject(p) && 'name' in p) &&
    ('thread_path' in v || 'title' in v || 'is_still_participant' in v)
  )
    return 'dyi';
  if ('threadName' in v) return 'e2ee';
  return null;
}

/** Content test for one JSON head: 0.9 for a Meta DYI thread file, 0.85 for an E2EE export, else 0. */
export function metaConfidence(head: Uint8Array): number {
  const v = metaVariant(sampleHead(head));
  return v === 'dyi' ? 0.9 : v === 'e2ee' ? 0.85 : 0;
}

/** Instagram (+) versus Messenger (−) evidence in a sampled file and its path inside the export. */
function platformScore(v: JsonValue | null, path: string): number {
  let score = 0;
  const p = path.toLowerCase();
  if (p.includes('instagram')) score += 3;
  if (p.includes('facebook') || p.includes('messenger')) score -= 3;
  if (!isObject(v)) return score;
  const text = (s: string | undefined) => (s ?? '').toLowerCase();
  const tp = text(str(v.thread_path));
  if (/^(inbox|message_requests|archived_threads|filtered_threads)\/[^/]*_1784\d{10,}$/.test(tp))
    score += 1;
  for (const m of arr(v.messages)) {
    if (!isObject(m)) continue;
    if ('is_unsent_image_by_messenger_kid_parent' in m) score -= 2;
    if (typeof m.type === 'string') score -= 1; // older Messenger downloads
    if (isObject(m.share) && 'original_content_owner' in m.share) score += 2;
    const content = str(m.content);
    if (
      content &&
      ((content.startsWith('Reacted ') && content.endsWith(' to your message')) ||
        content === 'Liked a message')
    )
      score += 2;
    for (const key of ['photos', 'videos', 'audio_files', 'gifs', 'files']) {
      for (const media of arr(m[key])) {
        const uri = isObject(media) ? text(str(media.uri)) : '';
        if (uri.includes('instagram')) score += 3;
        if (uri.includes('facebook') || uri.includes('messenger')) score -= 3;
      }
    }
  }
  return score;
}

interface ThreadFile {
  readonly entry: string;
  /** N of `message_N.json`, or the position when the name has no number. */
  readonly number: number;
}

/** Groups thread files by folder; within a thread, files are ordered by their number, highest first. */
function threadsOf(entries: readonly string[]): ThreadFile[][] {
  const byDir = new Map<string, ThreadFile[]>();
  entries.forEach((entry, i) => {
    const m = /(\d+)\.json$/i.exec(baseName(entry));
    const list = byDir.get(dirName(entry)) ?? [];
    list.push({ entry, number: m ? Number(m[1]) : i + 1 });
    byDir.set(dirName(entry), list);
  });
  return [...byDir.values()].map((files) =>
    files.sort((a, b) => b.number - a.number || (a.entry < b.entry ? 1 : -1)),
  );
}

/** Parts of a message the transcript does not use: parsed, never built. */
const PRUNE = new Set(['reactions']);

function selectPath(path: readonly PathPart[]): SelectMode {
  if (path.length === 0) return 'descend';
  const k = path[0];
  if (k === 'messages') return path.length === 1 ? 'descend' : path.length === 2 ? 'emit' : 'skip';
  if (
    path.length === 1 &&
    (k === 'participants' || k === 'title' || k === 'threadName' || k === 'thread_path')
  )
    return 'emit';
  return 'skip';
}

const MEDIA_KINDS: readonly (readonly [string, string])[] = [
  ['photos', 'photo'],
  ['videos', 'video'],
  ['audio_files', 'audio'],
  ['gifs', 'gif'],
  ['files', 'file'],
  ['media', 'media'],
];

/** Generated English notices that start with the acting person's name (or "You"). */
const NOTICE_SUFFIXES: readonly (readonly [string, string])[] = [
  [' to the group.', 'Subscribe'],
  [' from the group.', 'Unsubscribe'],
  [' left the group.', 'Unsubscribe'],
  [' changed the group photo.', 'ChangeGroupPhoto'],
  [' created the group.', 'CreateGroup'],
  [' started a video chat.', 'Call'],
  [' started an audio call.', 'Call'],
  [' joined the video chat.', 'Call'],
  [' joined the call.', 'Call'],
  [' missed a call.', 'Call'],
  [' missed a video chat.', 'Call'],
  [' missed your call.', 'Call'],
  [' called you.', 'Call'],
];

function noticeAction(content: string, sender: string | undefined): string | undefined {
  if (content.length > 500) return undefined;
  if (content === 'Liked a message') return 'Reaction';
  if (content.startsWith('Reacted ') && content.endsWith(' to your message')) return 'Reaction';
  if (content === 'The video chat ended.' || content === 'The call ended.') return 'Call';
  const startsWithActor =
    (sender !== undefined &&
      content.charCodeAt(sender.length) === 0x20 &&
      content.startsWith(sender)) ||
    content.startsWith('You ');
  if (!startsWithActor) return undefined;
  for (const [suffix, action] of NOTICE_SUFFIXES) if (content.endsWith(suffix)) return action;
  if (
    content.includes(' named the group ') ||
    content.includes(' set the nickname for ') ||
    content.includes(' set your nickname to ') ||
    content.includes(' set his own nickname') ||
    content.includes(' set her own nickname') ||
    content.includes(' set their own nickname')
  ) {
    return content.includes('named the group') ? 'ChangeGroupName' : 'Nickname';
  }
  if (content.startsWith('You called ') && content.endsWith('.')) return 'Call';
  return undefined;
}

function isAttachmentPlaceholder(content: string, sender: string | undefined): boolean {
  return (
    content.endsWith(' sent an attachment.') &&
    (content === `${sender ?? ''} sent an attachment.` || content === 'You sent an attachment.')
  );
}

interface ScanState {
  readonly source: ExportSource;
  readonly entrySet: ReadonlySet<string>;
  readonly ctx: ScanContext;
  readonly variant: Variant;
}

function inArchive(st: ScanState, uri: string): boolean | undefined {
  if (st.source.kind === 'file' || /^[a-z][a-z0-9+.-]*:/i.test(uri)) return undefined;
  const segs = uri
    .replace(/\\/g, '/')
    .split('/')
    .filter((s) => s !== '');
  for (let k = 0; k < segs.length; k++) if (st.entrySet.has(segs.slice(k).join('/'))) return true;
  return false;
}

/** Mojibake repair for one record: remembers whether any string of the record was repaired. */
class Fixer {
  readonly #on: boolean;
  repaired = false;
  constructor(variant: Variant) {
    this.#on = variant !== 'e2ee';
  }
  fix(s: string | undefined): string | undefined {
    if (s === undefined || !this.#on) return s;
    const r = repairMojibake(s);
    if (r === null) return s;
    this.repaired = true;
    return r;
  }
}

type Draft = { -readonly [K in keyof Message]?: Message[K] };

/** True when `s` is 1–16 decimal digits. */
function isEpochDigits(s: string): boolean {
  if (s.length < 1 || s.length > 16) return false;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * The message of one record, its keys in the order the transcript has always written them:
 * `index`, `timestamp`, `attachments`, `sender`, `text`, `system`, the kind's keys, `sourceId`;
 * the caller adds `origin` last.
 */
function toMessage(
  st: ScanState,
  m: JsonObject,
  fx: Fixer,
): { epochMs: number; message: Draft } | { error: string } {
  const e2ee = st.variant === 'e2ee';
  const ts = e2ee ? (m.timestamp ?? m.timestamp_ms) : m.timestamp_ms;
  const epochMs =
    typeof ts === 'number' ? ts : typeof ts === 'string' && isEpochDigits(ts) ? Number(ts) : NaN;
  if (!Number.isFinite(epochMs) || epochMs < 0 || epochMs > MAX_EPOCH_MS)
    return { error: `timestamp ${JSON.stringify(ts ?? null)} is not epoch milliseconds` };
  const sender = fx.fix(str(e2ee ? (m.senderName ?? m.sender_name) : m.sender_name));
  let text = fx.fix(str(e2ee ? (m.text ?? m.content) : m.content)) ?? '';
  const attachments: Attachment[] = [];
  // one property read per kind, by name (the media lists are rarely there)
  const lists = [m.photos, m.videos, m.audio_files, m.gifs, m.files, m.media];
  for (let k = 0; k < lists.length; k++) {
    const list = lists[k];
    if (!Array.isArray(list)) continue;
    const kind = (MEDIA_KINDS[k] as readonly [string, string])[1];
    for (const media of list) {
      if (!isObject(media)) continue;
      const uri = fx.fix(str(media.uri));
      const a: { -readonly [K in keyof Attachment]: Attachment[K] } = {
        fileName: uri ? baseName(uri) || null : null,
        omitted: false,
        kind,
      };
      if (uri) {
        a.path = uri;
        const present = inArchive(st, uri);
        if (present !== undefined) a.inArchive = present;
      }
      attachments.push(a);
    }
  }
  if (isObject(m.sticker)) {
    const uri = fx.fix(str(m.sticker.uri));
    attachments.push(
      uri
        ? { fileName: baseName(uri) || null, omitted: false, kind: 'sticker', path: uri }
        : { fileName: null, omitted: false, kind: 'sticker' },
    );
  }
  if (isObject(m.share)) {
    const link = fx.fix(str(m.share.link));
    if (link) attachments.push({ fileName: null, omitted: false, kind: 'share', path: link });
  }
  const msg: Draft = { index: 0, timestamp: isoUtc(epochMs), attachments };
  const legacyType = str(m.type);
  const unsent = m.is_unsent === true || m.isUnsent === true;
  let action: string | undefined;
  if (legacyType === 'Call' || legacyType === 'Subscribe' || legacyType === 'Unsubscribe')
    action = legacyType;
  else if (typeof m.call_duration === 'number') action = 'Call';
  else if (!unsent && text && attachments.length === 0) action = noticeAction(text, sender);
  if (!action && !unsent && isAttachmentPlaceholder(text, sender) && attachments.length === 0) {
    text = '';
    attachments.push({ fileName: null, omitted: true, kind: 'attachment' });
  }
  if (action) {
    msg.sender = null;
    msg.text = text;
    msg.system = true;
    msg.systemAction = action;
    if (sender !== undefined) msg.actor = sender;
  } else {
    msg.sender = sender ?? null;
    msg.text = unsent ? '' : text;
    msg.system = false;
    if (unsent) msg.deleted = true;
  }
  const id = idString(m.message_id ?? m.id);
  if (id !== undefined) msg.sourceId = id;
  return { epochMs, message: msg };
}

const MOJIBAKE_REPAIR = { code: 'MOJIBAKE_REPAIRED', message: MOJIBAKE_NOTE } as const;

async function* scanThread(
  st: ScanState,
  files: readonly ThreadFile[],
  threadNo: number,
  titles: string[],
): AsyncGenerator<OrderedItem[]> {
  const { source, ctx } = st;
  let title: string | undefined;
  for (const file of files) {
    let idx = 0;
    for await (const recs of jsonRecords(source, file.entry, ctx, selectPath, PRUNE)) {
      const out: OrderedItem[] = [];
      for (const rec of recs) {
        const fx = new Fixer(st.variant);
        const key = rec.path[0];
        if (key === 'participants') {
          for (const p of arr(rec.value)) {
            const name = fx.fix(isObject(p) ? str(p.name) : str(p));
            if (name !== undefined) ctx.participant(name);
          }
          if (fx.repaired)
            ctx.notes.add(
              'MOJIBAKE_REPAIRED',
              MOJIBAKE_NOTE,
              originOf(source, file.entry, rec.start),
            );
          continue;
        }
        if (key === 'title' || key === 'threadName') {
          title ??= fx.fix(str(rec.value));
          continue;
        }
        if (key !== 'messages') continue;
        const i = idx++;
        if (!isObject(rec.value)) {
          ctx.notes.add(
            'RECORD_NOT_A_MESSAGE',
            'an entry of a messages list is not a message object; it was not read',
            originOf(source, file.entry, rec.start, rec.end - rec.start),
          );
          continue;
        }
        const r = toMessage(st, rec.value, fx);
        if ('error' in r)
          failAt('PARSE_BAD_DATE', `${r.error}; expected "timestamp_ms"`, source, file.entry, {
            byteOffset: rec.start,
          });
        let repairs = rec.repairs;
        if (fx.repaired) {
          repairs = [...repairs, MOJIBAKE_REPAIR];
          ctx.notes.add('MOJIBAKE_REPAIRED', MOJIBAKE_NOTE);
        }
        // Equal instants keep the reverse of the merged file order (message_1 first, each newest first).
        const tie =
          st.variant === 'e2ee'
            ? threadNo * 2 ** 40 + file.number * 2 ** 26 + i
            : -(file.number * 2 ** 26 + i);
        r.message.origin = originOf(source, file.entry, rec.start, rec.end - rec.start);
        out.push({ epochMs: r.epochMs, tie, message: r.message as Message, repairs });
      }
      if (out.length > 0) yield out;
    }
  }
  if (title !== undefined) titles.push(title);
}

function decidePlatform(samples: readonly { path: string; value: JsonValue | null }[]): {
  format: FormatId;
  guessed: boolean;
} {
  let score = 0;
  for (const s of samples) score += platformScore(s.value, s.path);
  if (score > 0) return { format: 'instagram-json', guessed: false };
  return { format: 'facebook-messenger-json', guessed: score === 0 };
}

/** The Messenger / Instagram parser. */
export const metaJsonParser: ChatParser = {
  info: { name: 'custos-meta-dyi-json', version: '1.0.0' },
  formats: ['facebook-messenger-json', 'instagram-json'],
  detect(probe: DetectionProbe): Detection | null {
    let best = 0;
    const samples: { path: string; value: JsonValue | null }[] = [];
    const entries = [];
    for (const [path, head] of probe.heads) {
      const c = metaConfidence(head);
      if (c <= 0) continue;
      best = Math.max(best, c);
      entries.push(path);
      samples.push({ path, value: sampleHead(head) });
    }
    if (entries.length === 0) return null;
    // a single file's own name is no evidence of the platform; folder names inside an export are
    const named = probe.source.kind === 'file' ? samples.map((s) => ({ ...s, path: '' })) : samples;
    return { format: decidePlatform(named).format, confidence: best, entries: entries.sort() };
  },
  parse(
    source: ExportSource,
    detection: Detection,
    _options: ParseOptions,
  ): AsyncIterable<TranscriptPart> {
    return emitInOrder(
      async function* (ctx) {
        const entrySet = new Set(source.entries.map((e) => e.path));
        const samples: { path: string; value: JsonValue | null }[] = [];
        let variant: Variant = 'dyi';
        for (const entry of detection.entries) {
          const value = sampleHead(await source.head(entry, 64 * 1024));
          if (metaVariant(value) === 'e2ee') variant = 'e2ee';
          samples.push({ path: source.kind === 'file' ? '' : entry, value });
        }
        if (
          ctx.pass === 1 &&
          decidePlatform(samples).guessed &&
          detection.format === 'facebook-messenger-json'
        ) {
          ctx.notes.add(
            'PLATFORM_GUESSED',
            'nothing in the export says whether it comes from Messenger or Instagram (same layout); read as Messenger',
          );
        }
        const st: ScanState = { source, entrySet, ctx, variant };
        const threads = threadsOf(detection.entries);
        const titles: string[] = [];
        let n = 0;
        for (const files of threads) yield* scanThread(st, files, n++, titles);
        if (threads.length === 1 && titles[0] !== undefined) ctx.title(titles[0]);
        noteMergedConversations(ctx, threads.length, 'conversations', titles);
      },
      { inputBytes: entriesBytes(source, detection.entries) },
    );
  },
};
