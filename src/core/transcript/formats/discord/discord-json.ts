/**
 * DiscordChatExporter (Tyrrrz) JSON exports.
 *
 * Source of truth: `DiscordChatExporter.Core/Exporting/JsonMessageWriter.cs`, `Discord/Data/MessageKind.cs`,
 * `Discord/Data/User.cs` (research notes `chat-formats.md` §3). Root `{guild, channel, dateRange,
 * exportedAt?, messages[], messageCount}`.
 *
 * - Sender: the account's unique name (`User.FullName`: `name`, or `name#1234` for a legacy
 *   discriminator other than `0000`); `senderId` the user id; the guild nickname is display only.
 * - Message kinds RecipientAdd … ThreadCreated are system notifications: the exporter writes
 *   generated English text into `content` and `author` is the actor.
 * - Time: ISO 8601 with the exporting machine's offset and 0–7 fraction digits; kept as written
 *   (the instant and the offset are the file's own).
 */
import type { JsonObject, PathPart, SelectMode } from '../../json-stream.ts';
import { arr, idString, isObject, str } from '../../json-stream.ts';
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
  parseIsoWithOffset,
  baseName,
  detectEntriesByHead,
  dirName,
  failAt,
  joinPath,
  jsonRecords,
  noteMergedConversations,
  entriesBytes,
  originOf,
  sampleHead,
} from '../common.ts';

/** MessageKind values that DiscordChatExporter treats as system notifications (`IsSystemNotification`). */
export const DISCORD_SYSTEM_KINDS = new Set([
  'RecipientAdd',
  'RecipientRemove',
  'Call',
  'ChannelNameChange',
  'ChannelIconChange',
  'ChannelPinnedMessage',
  'GuildMemberJoin',
  'ThreadCreated',
]);

/** `User.FullName`: `name`, plus `#discriminator` for legacy discriminators (not `0000`/`0`). */
export function discordFullName(author: JsonObject): string | undefined {
  const name = str(author.name);
  if (name === undefined) return undefined;
  const disc = idString(author.discriminator);
  return disc && !allZeros(disc) ? `${name}#${disc}` : name;
}

/** Content test for a DiscordChatExporter JSON file; a confidence or 0. */
export function discordJsonConfidence(head: Uint8Array): number {
  const root = sampleHead(head);
  if (!isObject(root)) return 0;
  if (!isObject(root.guild) || !isObject(root.channel)) return 0;
  const first = arr(root.messages)[0];
  if (isObject(first)) return isObject(first.author) && 'timestamp' in first ? 0.95 : 0;
  return 'messages' in root || 'dateRange' in root ? 0.8 : 0;
}

/** Parts of a message the transcript does not use: parsed, never built. */
const PRUNE = new Set([
  'embeds',
  'reactions',
  'mentions',
  'inlineEmojis',
  'roles',
  'avatarUrl',
  'interaction',
  'forwardedMessage',
]);

/** Members a keys-only reading builds: the time. */
const KEYS_ONLY_MEMBERS: ReadonlySet<string> = new Set(['timestamp']);
const keysOnlyBuild = (path: readonly PathPart[]) =>
  path[0] === 'messages' ? KEYS_ONLY_MEMBERS : undefined;

function selectPath(path: readonly PathPart[]): SelectMode {
  if (path.length === 0) return 'descend';
  if (path[0] === 'messages')
    return path.length === 1 ? 'descend' : path.length === 2 ? 'emit' : 'skip';
  if (path.length === 1 && (path[0] === 'guild' || path[0] === 'channel')) return 'emit';
  return 'skip';
}

function attachmentOf(
  source: ExportSource,
  entry: string,
  entrySet: ReadonlySet<string>,
  a: JsonObject,
): Attachment {
  const url = str(a.url);
  const out: { -readonly [K in keyof Attachment]: Attachment[K] } = {
    fileName: str(a.fileName) ?? (url ? urlFileName(url) : null),
    omitted: false,
  };
  if (url !== undefined) {
    out.path = url;
    if (source.kind !== 'file' && !/^[a-z][a-z0-9+.-]*:/i.test(url)) {
      out.inArchive = entrySet.has(joinPath(dirName(entry), safeDecode(url)));
    }
  }
  if (typeof a.fileSizeBytes === 'number') out.size = a.fileSizeBytes;
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The last path segment of a URL or path, without query or fragment, percent-decoded. */
export function urlFileName(url: string): string | null {
  const noQuery = url.replace(/[?#].*$/s, '');
  const name = baseName(noQuery);
  return name ? safeDecode(name) : null;
}

/** True when `s` is one or more `0` digits (a new-style `0000` discriminator). */
function allZeros(s: string): boolean {
  if (s === '') return false;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== 0x30) return false;
  return true;
}

type Draft = { -readonly [K in keyof Message]?: Message[K] };

/**
 * The item of one message record, its keys in the order the transcript has always written them:
 * `index`, `timestamp`, `text`, `sourceId`, sender and kind keys, `attachments`, `edited`,
 * `editedTimestamp`, `replyToSourceId`, `origin`.
 */
function toItem(
  source: ExportSource,
  entry: string,
  entrySet: ReadonlySet<string>,
  m: JsonObject,
  start: number,
  end: number,
  tie: number,
  repairs: OrderedItem['repairs'],
  keysOnly: boolean,
): OrderedItem {
  const tsRaw = str(m.timestamp);
  const ts = tsRaw === undefined ? null : parseIsoWithOffset(tsRaw);
  if (!ts || tsRaw === undefined) {
    failAt(
      'PARSE_BAD_DATE',
      `message timestamp ${JSON.stringify(m.timestamp ?? null)} is not an ISO 8601 date with offset; expected e.g. "2024-06-28T19:04:11.532+01:00"`,
      source,
      entry,
      { byteOffset: start },
    );
  }
  if (keysOnly) return { epochMs: ts.epochMs, tie, message: KEYS_ONLY };
  const author = isObject(m.author) ? m.author : undefined;
  const fullName = author ? discordFullName(author) : undefined;
  const kind = str(m.type) ?? 'Default';
  const msg: Draft = { index: 0, timestamp: tsRaw, text: str(m.content) ?? '' };
  const id = idString(m.id);
  if (id !== undefined) msg.sourceId = id;
  if (DISCORD_SYSTEM_KINDS.has(kind)) {
    msg.sender = null;
    msg.system = true;
    msg.systemAction = kind;
    if (fullName !== undefined) msg.actor = fullName;
  } else {
    msg.sender = fullName ?? idString(author?.id) ?? null;
    msg.system = false;
    const authorId = idString(author?.id);
    if (authorId !== undefined) msg.senderId = authorId;
    const nick = str(author?.nickname);
    if (nick !== undefined && nick !== fullName) msg.senderDisplayName = nick;
  }
  const attachments: Attachment[] = [];
  const list = m.attachments;
  if (Array.isArray(list))
    for (const a of list)
      if (isObject(a)) attachments.push(attachmentOf(source, entry, entrySet, a));
  const stickers = m.stickers;
  if (Array.isArray(stickers))
    for (const st of stickers) {
      if (!isObject(st)) continue;
      const url = str(st.sourceUrl);
      attachments.push(
        url
          ? { fileName: null, omitted: false, kind: 'sticker', path: url }
          : { fileName: null, omitted: false, kind: 'sticker' },
      );
    }
  msg.attachments = attachments;
  const edited = str(m.timestampEdited);
  if (edited) {
    msg.edited = true;
    if (parseIsoWithOffset(edited)) msg.editedTimestamp = edited;
  }
  const ref = isObject(m.reference) ? idString(m.reference.messageId) : undefined;
  if (ref !== undefined) msg.replyToSourceId = ref;
  msg.origin = originOf(source, entry, start, end - start);
  return { epochMs: ts.epochMs, tie, message: msg as Message, repairs };
}

async function* scanEntry(
  source: ExportSource,
  entry: string,
  ctx: ScanContext,
  titles: string[],
): AsyncGenerator<OrderedItem[]> {
  const entrySet = new Set(source.entries.map((e) => e.path));
  let tie = 0;
  let guild: string | undefined;
  for await (const recs of jsonRecords(source, entry, ctx, selectPath, PRUNE, keysOnlyBuild)) {
    const out: OrderedItem[] = [];
    for (const rec of recs) {
      if (rec.path[0] === 'guild') {
        if (isObject(rec.value)) guild = str(rec.value.name);
        continue;
      }
      if (rec.path[0] === 'channel') {
        if (isObject(rec.value)) {
          const channel = str(rec.value.name);
          if (channel !== undefined)
            titles.push(guild && guild !== 'Direct Messages' ? `${guild} / ${channel}` : channel);
        }
        continue;
      }
      if (!isObject(rec.value)) {
        ctx.notes.add(
          'RECORD_NOT_A_MESSAGE',
          'an entry of the messages list is not a message object; it was not read',
          originOf(source, entry, rec.start, rec.end - rec.start),
        );
        continue;
      }
      out.push(
        toItem(
          source,
          entry,
          entrySet,
          rec.value,
          rec.start,
          rec.end,
          tie++,
          rec.repairs,
          ctx.keysOnly,
        ),
      );
    }
    if (out.length > 0) yield out;
  }
}

/** The DiscordChatExporter JSON parser. */
export const discordJsonParser: ChatParser = {
  info: { name: 'custos-discordchatexporter-json', version: '1.0.0' },
  formats: ['discordchatexporter-json'],
  detect(probe: DetectionProbe): Detection | null {
    return detectEntriesByHead(probe, 'discordchatexporter-json', discordJsonConfidence);
  },
  parse(
    source: ExportSource,
    detection: Detection,
    _options: ParseOptions,
  ): AsyncIterable<TranscriptPart> {
    return emitInOrder(
      async function* (ctx) {
        const titles: string[] = [];
        for (const entry of detection.entries) yield* scanEntry(source, entry, ctx, titles);
        if (titles.length === 1 && titles[0] !== undefined) ctx.title(titles[0]);
        noteMergedConversations(ctx, titles.length, 'channels', titles);
      },
      { expectChronological: true, inputBytes: entriesBytes(source, detection.entries) },
    );
  },
};
