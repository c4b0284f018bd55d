/**
 * The normalized transcript: the derived exhibit that every chat-export parser produces.
 *
 * Field names and meanings follow the transcript schema of the chat-export fixtures
 * (`test/fixtures/chat-exports/README.md`, "expected.json schema"). Parsers may add the
 * optional provenance fields (`origin`) that let an officer or a defence expert find each
 * message in the original bytes.
 */

/** Format ids, as in the fixtures README table. */
export const FORMAT_IDS = [
  'whatsapp-txt-android',
  'whatsapp-txt-ios',
  'whatsapp-zip-android',
  'whatsapp-zip-ios',
  'telegram-desktop-json',
  'discordchatexporter-json',
  'discordchatexporter-csv',
  'facebook-messenger-json',
  'instagram-json',
  'snapchat-chat-history-json',
  'sms-backup-restore-xml',
  'imessage-exporter-txt',
] as const;
export type FormatId = (typeof FORMAT_IDS)[number];

/** A file the export refers to. */
export interface Attachment {
  /** File name as the export names it; `null` when it names none. */
  readonly fileName: string | null;
  /** True when the export says the file itself was not included (`<Media omitted>`). */
  readonly omitted: boolean;
  /** Relative path or URL where the export references the file. */
  readonly path?: string;
  /** The export's own media-type word, lower-cased (`image`, `sticker`, `voice_message`). */
  readonly kind?: string;
  /** MIME type when the export states it. */
  readonly contentType?: string;
  /** Zip/folder exports: whether the referenced file is present in the archive. */
  readonly inArchive?: boolean;
  /** Snapchat media id. */
  readonly mediaId?: string;
  /** Size in bytes of the file inside the archive, when present. */
  readonly size?: number;
}

/** Where a message was found in the original export (for citing and for defence checks). */
export interface MessageOrigin {
  /** Entry (file inside a zip or folder) the message came from; absent for single files. */
  readonly entry?: string;
  /** 1-based line of the message header in that entry (line formats). */
  readonly line?: number;
  /** 0-based byte offset of the message's first byte in that entry. */
  readonly byteOffset?: number;
  /** Byte length of the message's record in that entry. */
  readonly byteLength?: number;
}

/** One message or system event, after chronological ordering. */
export interface Message {
  /** 0-based position after chronological ordering. */
  readonly index: number;
  /** Who wrote it, as the export names them; `null` for system events without author. */
  readonly sender: string | null;
  /** ISO 8601 with offset or `Z` (see the fixtures README, "Timezones"). */
  readonly timestamp: string;
  /** Only what the person typed; export placeholders removed; line breaks are `\n`. */
  readonly text: string;
  readonly attachments: readonly Attachment[];
  /** True for events (encryption notice, member added, call, rename, reaction notice). */
  readonly system: boolean;
  readonly edited?: boolean;
  readonly editedTimestamp?: string;
  readonly deleted?: boolean;
  /** The naive local time fell in a DST fold (it happened twice). */
  readonly timestampAmbiguous?: boolean;
  /** The exact author label when it differs from `sender`, or the author label of an event. */
  readonly senderRaw?: string;
  /** Stable platform id (Telegram `from_id`, Discord user id). */
  readonly senderId?: string;
  /** Extra display name (SMS `contact_name`) when `sender` is an address. */
  readonly senderDisplayName?: string;
  /** The export's own message id, always a string. */
  readonly sourceId?: string;
  /** `sourceId` of the message replied to. */
  readonly replyToSourceId?: string;
  /** System events: who performed the action, when the export says. */
  readonly actor?: string;
  /** System events: the export's machine-readable action/type. */
  readonly systemAction?: string;
  /** Where this message is in the original export. */
  readonly origin?: MessageOrigin;
}

/** A repair, guess or warning the parser made; kept with the transcript for the officer. */
export interface TranscriptNote {
  /** Stable code, e.g. `DATE_ORDER_GUESSED`, `MOJIBAKE_REPAIRED`, `INVALID_ESCAPE_REPAIRED`. */
  readonly code: string;
  /** Plain-language explanation. */
  readonly message: string;
  /** Message indices the note concerns, when it concerns particular messages. */
  readonly messageIndices?: readonly number[];
  /** Where in the input the note's cause is. */
  readonly origin?: MessageOrigin;
}

/** Name and version of the parser that made a transcript (recorded on the derived exhibit). */
export interface ParserInfo {
  readonly name: string;
  readonly version: string;
}

/** A complete transcript (the JSON the `custos parse --json` command prints). */
export interface Transcript {
  readonly format: FormatId;
  readonly parser: ParserInfo;
  /** IANA zone the naive local times were read in; `null` when the format has none. */
  readonly assumedTimezone: string | null;
  /** Every distinct non-null sender plus names from an explicit participant list. */
  readonly participants: readonly string[];
  readonly messages: readonly Message[];
  readonly notes: readonly TranscriptNote[];
  /** Chat title, when the export names one. */
  readonly title?: string;
}

/** What a parser emits, in order: messages already in final (chronological) order. */
export type TranscriptPart =
  | { readonly type: 'message'; readonly message: Message }
  /** A participant named by the export's own list (not derived from senders). */
  | { readonly type: 'participant'; readonly name: string }
  | { readonly type: 'note'; readonly note: TranscriptNote }
  | { readonly type: 'title'; readonly title: string };

/** A file inside an export (the single file itself, a folder member, or a zip entry). */
export interface SourceEntry {
  /** Path relative to the export root, `/`-separated; for a single file, its base name. */
  readonly path: string;
  /** Uncompressed size in bytes. */
  readonly size: number;
  /** Zip entries: the naive local modification time the archive records (`YYYY-MM-DDTHH:mm:ss`). */
  readonly modified?: string;
}

/**
 * A chat export as the parsers see it: a single file, a folder or a zip, behind one
 * read-only interface. Implemented by adapters (local files, zip archives, the blob store);
 * core never touches the file system. Every `open` starts a new read from the beginning.
 */
export interface ExportSource {
  /** Display name for messages (the file or folder name the person handed in). */
  readonly label: string;
  readonly kind: 'file' | 'folder' | 'zip';
  /** Every regular file in the export, sorted by path. */
  readonly entries: readonly SourceEntry[];
  /** Streams an entry's bytes. Throws `CustosError` on integrity or archive errors. */
  open(path: string): AsyncIterable<Uint8Array>;
  /** Reads at most `maxBytes` from the start of an entry (for format detection). */
  head(path: string, maxBytes: number): Promise<Uint8Array>;
  /** Releases open files or archives; further calls fail. Optional for in-memory sources. */
  close?(): Promise<void>;
}

/** Options every parser receives. */
export interface ParseOptions {
  /** IANA zone of the device that made the export; used for naive local times only. */
  readonly timeZone: string;
  /** Default region for phone numbers written without a country code (ISO 3166 alpha-2). */
  readonly defaultRegion?: string;
}

/** A parser's claim on an export, from `detect`. */
export interface Detection {
  readonly format: FormatId;
  /** 0..1; the registry picks the highest. Content-based, never from file names alone. */
  readonly confidence: number;
  /** The entry (or entries) holding the chat, e.g. `result.json`, `_chat.txt`. */
  readonly entries: readonly string[];
}

/** Content sample for detection: the first bytes of each candidate entry. */
export interface DetectionProbe {
  readonly source: ExportSource;
  /** First up to 64 KiB of each entry that could hold a chat (text-like by name or content). */
  readonly heads: ReadonlyMap<string, Uint8Array>;
}

/** One chat-export format reader. Parsers live in `core/transcript/formats/<format>/`. */
export interface ChatParser {
  readonly info: ParserInfo;
  /** Formats this parser can produce. */
  readonly formats: readonly FormatId[];
  /** Looks at content (never only names) and claims the export, or returns null. */
  detect(probe: DetectionProbe): Detection | null;
  /**
   * Reads the export and yields its parts. Messages come out in final order with `index`
   * set. Throws `CustosError` (category `invalid-input`, a `PARSE_*` code, with a location)
   * for input it cannot read; never any other error for bad input.
   */
  parse(
    source: ExportSource,
    detection: Detection,
    options: ParseOptions,
  ): AsyncIterable<TranscriptPart>;
}
