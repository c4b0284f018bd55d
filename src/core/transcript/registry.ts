/**
 * Format detection from content and the list of chat-export parsers.
 *
 * Detection never trusts file names: every parser looks at the first bytes of the entries and
 * claims the export with a confidence; the highest claim wins. Names are only used to decide which
 * entries to look at first in a large archive.
 */
import { CustosError, parseError } from '../errors.ts';
import { findInvalidUtf8 } from './lines.ts';
import { telegramJsonParser } from './formats/telegram/telegram-json.ts';
import { discordJsonParser } from './formats/discord/discord-json.ts';
import { discordCsvParser } from './formats/discord/discord-csv.ts';
import { metaJsonParser } from './formats/meta/meta-json.ts';
import { snapchatJsonParser } from './formats/snapchat/snapchat-json.ts';
import { smsBackupRestoreParser } from './formats/sms-backup-restore/sms-xml.ts';
import { imessageTxtParser } from './formats/imessage-exporter/imessage-txt.ts';
import { whatsappParser } from './formats/whatsapp/whatsapp-parser.ts';
import type {
  ChatParser,
  Detection,
  DetectionProbe,
  ExportSource,
  ParseOptions,
  Transcript,
  TranscriptNote,
  TranscriptPart,
  Message,
} from './types.ts';

/** Every chat-export parser Custos knows, in tie-break order. Add new parsers here. */
export const PARSERS: readonly ChatParser[] = [
  whatsappParser,
  telegramJsonParser,
  discordJsonParser,
  discordCsvParser,
  metaJsonParser,
  snapchatJsonParser,
  smsBackupRestoreParser,
  imessageTxtParser,
];

/** Bytes read from the start of each entry for detection. */
export const PROBE_BYTES = 64 * 1024;
/** At most this many entries are probed (chat files first, by name; media last). */
const MAX_PROBED_ENTRIES = 400;
const LIKELY_CHAT = /\.(txt|json|xml|csv|html?)$/i;

function firstNul(bytes: Uint8Array, limit = 8192): number {
  const n = Math.min(bytes.length, limit);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return i;
  return -1;
}

/**
 * Reads the probe heads of an export: up to {@link PROBE_BYTES} of each entry that is not binary.
 *
 * @throws CustosError `PARSE_EMPTY` when the export has no bytes at all; `PARSE_BINARY` when a
 *   single-file export is binary (names the byte offset of the first NUL byte).
 */
export async function probeExport(source: ExportSource): Promise<DetectionProbe> {
  const nonEmpty = source.entries.filter((e) => e.size > 0);
  if (nonEmpty.length === 0) {
    throw parseError(
      'PARSE_EMPTY',
      source.kind === 'file'
        ? 'the file is empty; expected a chat export'
        : `no non-empty file in this ${source.kind}; expected a chat export`,
      { file: source.label },
    );
  }
  const ordered = [
    ...nonEmpty.filter((e) => LIKELY_CHAT.test(e.path)),
    ...nonEmpty.filter((e) => !LIKELY_CHAT.test(e.path)),
  ].slice(0, MAX_PROBED_ENTRIES);
  const heads = new Map<string, Uint8Array>();
  let binary: { path: string; offset: number; utf16: boolean } | undefined;
  for (const entry of ordered) {
    const head = await source.head(entry.path, PROBE_BYTES);
    const nul = firstNul(head);
    if (nul >= 0) {
      binary ??= { path: entry.path, offset: nul, utf16: hasUtf16Bom(head) };
      continue;
    }
    heads.set(entry.path, head);
  }
  if (heads.size === 0 && binary) {
    const where =
      source.kind === 'file'
        ? { file: source.label, byteOffset: binary.offset }
        : { file: source.label, entry: binary.path, byteOffset: binary.offset };
    if (binary.utf16)
      throw parseError(
        'PARSE_INVALID_UTF8',
        'the file is UTF-16 text (it starts with a UTF-16 byte-order mark); chat exports are read as UTF-8 text: save or export it again as UTF-8',
        { ...where, byteOffset: 0 },
      );
    throw parseError(
      'PARSE_BINARY',
      'binary data (a NUL byte); expected a text chat export (WhatsApp .txt or .zip, Telegram/Discord/Meta/Snapchat JSON, SMS XML, iMessage TXT)',
      where,
    );
  }
  return { source, heads };
}

/** True when `head` starts with a UTF-16 byte-order mark (FF FE or FE FF; Unicode §23.8). */
function hasUtf16Bom(head: Uint8Array): boolean {
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
}

/**
 * Detects the format of an export from its content.
 *
 * @returns the winning parser and its detection.
 * @throws CustosError `PARSE_EMPTY`, `PARSE_BINARY` (see {@link probeExport}),
 *   `PARSE_INVALID_UTF8` when no parser claims a single file whose line 1 is not UTF-8 (or which
 *   is UTF-16), or `PARSE_UNKNOWN_FORMAT` when no parser claims it.
 */
export async function detectExport(
  source: ExportSource,
  parsers: readonly ChatParser[] = PARSERS,
): Promise<{ parser: ChatParser; detection: Detection }> {
  const probe = await probeExport(source);
  let best: { parser: ChatParser; detection: Detection } | undefined;
  for (const parser of parsers) {
    const detection = parser.detect(probe);
    if (
      detection &&
      detection.confidence > 0 &&
      (!best || detection.confidence > best.detection.confidence)
    )
      best = { parser, detection };
  }
  if (!best) {
    const looked = [...probe.heads.keys()].slice(0, 5).join(', ');
    const expected =
      'expected a WhatsApp .txt/.zip, Telegram Desktop result.json, DiscordChatExporter JSON/CSV, Messenger/Instagram message_N.json, Snapchat chat_history.json, SMS Backup & Restore XML or imessage-exporter TXT';
    if (source.kind === 'file') {
      // Say what the start of the file looks like, with a location, so the person can check it.
      const head = [...probe.heads.values()][0] ?? new Uint8Array(0);
      const lf = head.indexOf(0x0a);
      // Bytes that are not UTF-8 on line 1 explain why nothing matched better than "unknown".
      if (hasUtf16Bom(head))
        throw parseError(
          'PARSE_INVALID_UTF8',
          'the file is UTF-16 text (it starts with a UTF-16 byte-order mark); chat exports are read as UTF-8 text: save or export it again as UTF-8',
          { file: source.label, line: 1, byteOffset: 0 },
        );
      const line1 = head.subarray(0, lf < 0 ? head.length : lf);
      const bad = findInvalidUtf8(line1);
      // (a head cut off inside a character is not an error of the file)
      if (bad >= 0 && !(lf < 0 && head.length >= PROBE_BYTES && bad >= head.length - 3))
        throw parseError(
          'PARSE_INVALID_UTF8',
          `invalid UTF-8 byte 0x${(head[bad] ?? 0).toString(16).padStart(2, '0')} on line 1; expected UTF-8 text, and no known chat-export format was recognised: ${expected}`,
          { file: source.label, line: 1, byteOffset: bad },
        );
      const what =
        lf < 0 && head.length >= PROBE_BYTES
          ? `line 1 has no line break in its first ${PROBE_BYTES} bytes`
          : 'line 1 does not start like any known chat export';
      throw parseError(
        'PARSE_UNKNOWN_FORMAT',
        `no known chat-export format recognised: ${what}; ${expected}`,
        { file: source.label, line: 1, byteOffset: 0 },
      );
    }
    throw parseError(
      'PARSE_UNKNOWN_FORMAT',
      `no known chat-export format recognised${looked ? ` (looked at ${looked}${probe.heads.size > 5 ? ', …' : ''})` : ''}; ${expected}`,
      { file: source.label },
    );
  }
  return best;
}

/** Running summary of a transcript while it streams (for ingest output and exhibit records). */
export interface TranscriptSummary {
  messageCount: number;
  systemCount: number;
  participants: string[];
  firstTimestamp: string | null;
  lastTimestamp: string | null;
  notes: TranscriptNote[];
  title: string | undefined;
}

/** Folds transcript parts into a summary without keeping the messages. */
export class SummaryCollector {
  readonly #participants = new Set<string>();
  readonly #summary: Omit<TranscriptSummary, 'participants'> = {
    messageCount: 0,
    systemCount: 0,
    firstTimestamp: null,
    lastTimestamp: null,
    notes: [],
    title: undefined,
  };

  /** The summary so far (participants in first-seen order). */
  get summary(): TranscriptSummary {
    return { ...this.#summary, participants: [...this.#participants] };
  }

  /** Adds one part; returns it unchanged so the collector can sit inside a pipeline. */
  add(part: TranscriptPart): TranscriptPart {
    const s = this.#summary;
    switch (part.type) {
      case 'message': {
        const m = part.message;
        if (m.index !== s.messageCount) {
          throw new CustosError(
            'internal',
            'PARSER_INDEX_GAP',
            `parser emitted message index ${m.index} where ${s.messageCount} was expected`,
          );
        }
        s.messageCount++;
        if (m.system) s.systemCount++;
        if (m.sender !== null) this.#participants.add(m.sender);
        s.firstTimestamp ??= m.timestamp;
        s.lastTimestamp = m.timestamp;
        break;
      }
      case 'participant':
        this.#participants.add(part.name);
        break;
      case 'note':
        s.notes.push(part.note);
        break;
      case 'title':
        s.title = part.title;
        break;
    }
    return part;
  }
}

/**
 * Parses an export fully into memory (small inputs, tests; large inputs stream parts instead).
 *
 * @throws CustosError from detection or from the parser (always `invalid-input` with a location).
 */
export async function parseExport(
  source: ExportSource,
  options: ParseOptions,
  parsers: readonly ChatParser[] = PARSERS,
): Promise<Transcript> {
  const { parser, detection } = await detectExport(source, parsers);
  const messages: Message[] = [];
  const collector = new SummaryCollector();
  for await (const part of parser.parse(source, detection, options)) {
    collector.add(part);
    if (part.type === 'message') messages.push(part.message);
  }
  const s = collector.summary;
  if (messages.length === 0) {
    throw parseError(
      'PARSE_NO_MESSAGES',
      `recognised as ${detection.format} but no message could be read; expected at least one message`,
      { file: source.label },
    );
  }
  const t: Transcript = {
    format: detection.format,
    parser: parser.info,
    assumedTimezone: options.timeZone,
    participants: s.participants,
    messages,
    notes: s.notes,
  };
  return s.title === undefined ? t : { ...t, title: s.title };
}
