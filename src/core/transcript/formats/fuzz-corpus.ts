/**
 * Seed inputs and input mutations for robustness testing of the chat-export parsers, shared by the
 * property-based tests (`robustness.test.ts`, a few hundred cases per parser) and `npm run fuzz`
 * (`bench/fuzz.ts`, ≥ 10^5 cases per parser). Pure: the caller supplies the mutations (from
 * fast-check), so this module needs no randomness of its own.
 *
 * The contract under test (types.ts, `ChatParser.parse`): for any bytes, a parser either yields
 * parts or throws a CustosError of category `invalid-input` with a `PARSE_*` code and a location;
 * nothing else, and in time linear in the input.
 */
import { isCustosError } from '../../errors.ts';
import { memorySource } from '../memory-source.ts';
import type { ChatParser, ExportSource, FormatId, TranscriptPart } from '../types.ts';
import { discordCsvParser } from './discord/discord-csv.ts';
import { discordJsonParser } from './discord/discord-json.ts';
import { imessageTxtParser } from './imessage-exporter/imessage-txt.ts';
import { metaJsonParser } from './meta/meta-json.ts';
import { snapchatJsonParser } from './snapchat/snapchat-json.ts';
import { smsBackupRestoreParser } from './sms-backup-restore/sms-xml.ts';
import { telegramJsonParser } from './telegram/telegram-json.ts';

/** One parser under test with its seed inputs (valid exports of its format, synthetic data). */
export interface FuzzTarget {
  readonly name: string;
  readonly parser: ChatParser;
  readonly format: FormatId;
  /** File name used for the single-file source (never used for detection). */
  readonly fileName: string;
  readonly seeds: readonly string[];
  /** Line-based formats get the pathological long-line test. */
  readonly lineBased: boolean;
}

const TELEGRAM = `{
 "name": "Sam",
 "type": "personal_chat",
 "id": 5550001234,
 "messages": [
  {"id": 1, "type": "service", "date": "2024-01-10T16:00:00", "date_unixtime": "1704902400", "actor": "Ms Patel", "actor_id": "user5550000001", "action": "create_group", "title": "Club", "members": ["Alex"], "text": "", "text_entities": []},
  {"id": 2, "type": "message", "date": "2024-06-15T09:31:40", "edited": "2024-06-15T09:33:00", "from": "Sam", "from_id": "user5550001234", "text": ["Yes, from ", {"type": "bold", "text": "10am"}, " \\x0C ok"], "reply_to_message_id": 1},
  {"id": 3, "type": "message", "date": "2024-10-27T01:30:00", "from": null, "from_id": 5550000777, "photo": "photos/p.jpg", "text": "hello 😊"},
  {"id": 4, "type": "unsupported"},
  {"id": 5, "type": "message", "date": "2024-10-27T01:30:00", "from": "Alex", "from_id": "user1", "file": "(File not included. Change data exporting settings to download.)", "media_type": "sticker", "custom": 12345678901234567890, "text": ""}
 ]
}`;

const DISCORD_JSON = `{"guild":{"id":"0","name":"Direct Messages"},"channel":{"id":"1","type":"DirectGroupTextChat","name":"homework"},
"messages":[
{"id":"11","type":"RecipientAdd","timestamp":"2024-01-13T10:00:05.123+00:00","timestampEdited":null,"content":"Added Jordan to the group.","author":{"id":"101","name":"alex","discriminator":"0000","nickname":"Alex"},"attachments":[],"stickers":[]},
{"id":"12","type":"Reply","timestamp":"2024-03-31T01:30:00.5+01:00","timestampEdited":"2024-03-31T01:31:00+01:00","content":"ok 🏰","author":{"id":"102","name":"Robin","discriminator":"4821"},"attachments":[{"id":"9","url":"x.json_Files/a-1.png","fileName":"a.png","fileSizeBytes":3}],"stickers":[{"id":"1","name":"s","sourceUrl":"https://example.org/s.png"}],"reference":{"messageId":"11"}}
],"messageCount":2}`;

const DISCORD_CSV = `AuthorID,Author,Date,Content,Attachments,Reactions\r
"101","alex","2024-02-10T15:30:12.5310000+00:00","who's bringing ""snacks""?","",""\r
"102","sam","2024-02-10T15:31:05.0020000+00:00","me
and juice","https://cdn.example.org/a/b/quiz%20sheet.pdf,https://cdn.example.org/a/c/map.png","👍 (2)"\r
`;

const DISCORD_CSV_OLD = `Author;Date;Content;Attachments;
alex;10-Feb-24 03:30 PM;hello;;
"sam";27-Oct-24 01:30 AM;"in the fold";;
`;

const MESSENGER = `{"participants":[{"name":"Zo\\u00c3\\u00ab Taylor"},{"name":"Alex Morgan"}],
"messages":[
{"sender_name":"Alex Morgan","timestamp_ms":1709653653999,"content":"Caf\\u00c3\\u00a9 at 4? \\u00e2\\u0098\\u0095","reactions":[{"reaction":"\\u00e2\\u009d\\u00a4","actor":"Zo\\u00c3\\u00ab Taylor"}]},
{"sender_name":"Zo\\u00c3\\u00ab Taylor","timestamp_ms":1709653500120,"photos":[{"uri":"your_facebook_activity/messages/inbox/z_1/photos/1.jpg","creation_timestamp":1709653498}]},
{"sender_name":"Alex Morgan","timestamp_ms":1709653500120,"content":"Alex Morgan added Sam to the group.","users":[{"name":"Sam"}]},
{"sender_name":"Zo\\u00c3\\u00ab Taylor","timestamp_ms":1709653445000,"content":"gone","is_unsent":true,"share":{"link":"https://example.org/t"}}
],"title":"Zo\\u00c3\\u00ab Taylor","is_still_participant":true,"thread_path":"inbox/z_1","magic_words":[]}`;

const SNAPCHAT = `{"sam_t2024":[
{"From":"sam_t2024","Media Type":"TEXT","Created":"2024-05-04 16:25:00 UTC","Content":"ok cool","Conversation Title":null,"IsSender":false,"Created(microseconds)":1714839900500,"IsSaved":true,"Media IDs":""},
{"From":"alex_k2024","Media Type":"MEDIA","Created":"2024-05-04 16:23:40 UTC","Content":"","IsSender":true,"Created(microseconds)":1714839820002123,"IsSaved":false,"Media IDs":"b~EiA | b~EiB"},
{"From":"alex_k2024","Media Type":"STATUSERASEDMESSAGE","Created":"2024-05-04 16:22:05 UTC","Content":"","IsSender":true,"IsSaved":false,"Media IDs":""}
],
"Received Saved Chat History":[{"From":"sam_t2024","Media Type":"TEXT","Created":"2021-05-04 16:20:31 UTC","Text":"it&#39;s &amp; ok"}],
"Sent Saved Chat History":[{"To":"sam_t2024","Media Type":"TEXT","Created":"2021-05-04 16:21:31 UTC","Text":"sure"}]}`;

const SMS = `<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
<!--File Created By SMS Backup & Restore v10.20.002 on 03/07/2024 09:00:00-->
<smses count="3">
  <sms protocol="0" address="+447700900123" date="1719842400123" type="1" subject="null" body="Hi &#55357;&#56832; &amp; &#1;bye&#10;x" readable_date="1 Jul 2024" contact_name="Sam" />
  <sms address="+447700900123" date="1719842300000" type="2" body="Yes & no &#56832;" contact_name="Sam" />
  <mms date="1719925200000" msg_box="1" address="+447700900123~+447700900456" contact_name="Sam, Jordan">
    <parts>
      <part seq="-1" ct="application/smil" name="null" text="&lt;smil/&gt;" />
      <part seq="0" ct="image/jpeg" name="IMG_1.jpg" cl="IMG_1.jpg" text="null" data="/9j/4AAQSkZJRgABAQ==" />
      <part seq="0" ct="text/plain" name="null" text="Team photo" />
    </parts>
    <addrs>
      <addr address="+447700900123" type="137" charset="106" />
      <addr address="insert-address-token" type="151" charset="106" />
    </addrs>
  </mms>
</smses>
`;

const IMESSAGE = `Mar 09, 2024 10:00:00 AM You renamed the conversation to Weekend Hike

Mar 09, 2024 10:02:30 AM
Sam Taylor
Is everyone still OK for Sunday?

    Mar 09, 2024 10:03:00 AM
    Me
    Yes!

Mar 09, 2024 10:03:00 AM
Me
Yes!
This message responded to an earlier message.

Mar 09, 2024 10:05:00 AM (Read by them after 1 minute)
Me
Mar 09, 2024 10:05:00 AM Meet at 9?
Edited 5 seconds later: Meet at 9.30?
Reactions:
Loved by Sam Taylor


Oct 27, 2024  1:30:00 AM
jordan@example.com
I'll bring sandwiches

with a blank line
Attachment missing!
~/Library/Messages/Attachments/4c/12/X/IMG_2045.jpeg
Sent with Confetti

Oct 27, 2024  1:30:00 AM
+447700900123
This message was deleted from the conversation!
still here
`;

/** Every parser of this folder with its seeds. */
export const FUZZ_TARGETS: readonly FuzzTarget[] = [
  {
    name: 'telegram-desktop-json',
    parser: telegramJsonParser,
    format: 'telegram-desktop-json',
    fileName: 'result.json',
    seeds: [TELEGRAM],
    lineBased: false,
  },
  {
    name: 'discordchatexporter-json',
    parser: discordJsonParser,
    format: 'discordchatexporter-json',
    fileName: 'export.json',
    seeds: [DISCORD_JSON],
    lineBased: false,
  },
  {
    name: 'discordchatexporter-csv',
    parser: discordCsvParser,
    format: 'discordchatexporter-csv',
    fileName: 'export.csv',
    seeds: [DISCORD_CSV, DISCORD_CSV_OLD],
    lineBased: true,
  },
  {
    name: 'facebook-messenger-json',
    parser: metaJsonParser,
    format: 'facebook-messenger-json',
    fileName: 'message_1.json',
    seeds: [MESSENGER],
    lineBased: false,
  },
  {
    name: 'snapchat-chat-history-json',
    parser: snapchatJsonParser,
    format: 'snapchat-chat-history-json',
    fileName: 'chat_history.json',
    seeds: [SNAPCHAT],
    lineBased: false,
  },
  {
    name: 'sms-backup-restore-xml',
    parser: smsBackupRestoreParser,
    format: 'sms-backup-restore-xml',
    fileName: 'sms.xml',
    seeds: [SMS],
    lineBased: false,
  },
  {
    name: 'imessage-exporter-txt',
    parser: imessageTxtParser,
    format: 'imessage-exporter-txt',
    fileName: 'chat.txt',
    seeds: [IMESSAGE],
    lineBased: true,
  },
];

/** One edit of an input. Positions are taken modulo the input length. */
export type Mutation =
  | { readonly op: 'flip'; readonly at: number; readonly byte: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly op: 'delete'; readonly at: number; readonly length: number }
  | { readonly op: 'duplicate'; readonly at: number; readonly length: number }
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'splice'; readonly at: number; readonly token: number };

/** Tokens that stress parsers when spliced in: escapes, references, structure, headers. */
export const SPLICE_TOKENS: readonly string[] = [
  '\\x0C',
  '\\u',
  '\\uD83D',
  '\\uDE00',
  '\\',
  '"',
  "'",
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  'null',
  '-0.5e3',
  '123456789012345678901234567890',
  '&#55357;',
  '&#56832;',
  '&#0;',
  '&#x1F600;',
  '&',
  '&amp;',
  '<',
  '>',
  '/>',
  '<sms date="1" body="x"/>',
  '<mms date="1" msg_box="2"><parts><part ct="text/plain" text="t"/></parts></mms>',
  '<!--',
  '-->',
  '<![CDATA[',
  ']]>',
  '<?x ?>',
  '\r\n',
  '\n',
  '\n\n',
  '\u0000',
  '\u00ff',
  '\ud83d\ude00',
  '\u200e',
  '\u202f',
  'Mar 05, 2024  4:02:10 PM\n',
  'Mar 05, 2024 10:00:00 AM Sam left the conversation.\n',
  'Reactions:\n',
  '    Mar 05, 2024  4:02:10 PM\n',
  '"a","b","2024-02-10T15:30:12+00:00","c","",""\n',
  '"""',
  '"timestamp_ms":',
  '"date_unixtime":"',
  '"Created(microseconds)":',
  '1e400',
  '99999999999999999999',
];

const enc = new TextEncoder();

/** Applies mutations in order (each position modulo the current length). */
export function applyMutations(input: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = input;
  for (const m of mutations) {
    const n = b.length;
    const at = n === 0 ? 0 : m.at % (n + 1);
    switch (m.op) {
      case 'flip':
        if (n > 0) {
          b = b.slice();
          b[at % n] = m.byte & 0xff;
        }
        break;
      case 'insert':
        b = concat(b.subarray(0, at), m.bytes, b.subarray(at));
        break;
      case 'delete':
        b = concat(b.subarray(0, at), b.subarray(Math.min(n, at + m.length)));
        break;
      case 'duplicate': {
        const piece = b.subarray(at, Math.min(n, at + m.length));
        b = concat(b.subarray(0, at), piece, piece, b.subarray(at + piece.length));
        break;
      }
      case 'truncate':
        b = b.subarray(0, at);
        break;
      case 'splice':
        b = concat(
          b.subarray(0, at),
          enc.encode(SPLICE_TOKENS[m.token % SPLICE_TOKENS.length]),
          b.subarray(at),
        );
        break;
    }
  }
  return b;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}

/** The outcome of one robustness case. */
export type FuzzOutcome =
  { readonly ok: true; readonly messages: number } | { readonly ok: false; readonly code: string };

/**
 * Runs detection and a full parse of `bytes` as a single-file export with `target`'s parser
 * (forcing the parser even when detection declines), reading in chunks of `chunkSize` bytes.
 *
 * @returns the message count, or the `PARSE_*` code of the expected failure.
 * @throws anything that breaks the contract: a non-Custos error, a Custos error outside
 *   `invalid-input`/`PARSE_*` or without a location, or a message with a bad index or timestamp.
 */
export async function runCase(
  target: FuzzTarget,
  bytes: Uint8Array,
  chunkSize: number,
): Promise<FuzzOutcome> {
  const source: ExportSource = memorySource(
    target.fileName,
    { [target.fileName]: bytes },
    { chunkSize: Math.max(1, chunkSize) },
  );
  target.parser.detect({
    source,
    heads: new Map([[target.fileName, bytes.subarray(0, 64 * 1024)]]),
  });
  let messages = 0;
  try {
    const parts: AsyncIterable<TranscriptPart> = target.parser.parse(
      source,
      { format: target.format, confidence: 1, entries: [target.fileName] },
      { timeZone: 'Europe/London' },
    );
    for await (const part of parts) {
      if (part.type !== 'message') continue;
      const m = part.message;
      if (m.index !== messages) throw new Error(`message index ${m.index}, expected ${messages}`);
      if (typeof m.timestamp !== 'string' || Number.isNaN(Date.parse(m.timestamp)))
        throw new Error(`message ${m.index} has timestamp ${String(m.timestamp)}`);
      if (typeof m.text !== 'string' || !Array.isArray(m.attachments))
        throw new Error(`message ${m.index} is malformed`);
      messages++;
    }
  } catch (e) {
    if (
      isCustosError(e) &&
      e.category === 'invalid-input' &&
      e.code.startsWith('PARSE_') &&
      e.location !== undefined &&
      (e.location.file !== undefined || e.location.entry !== undefined)
    ) {
      return { ok: false, code: e.code };
    }
    throw e;
  }
  return { ok: true, messages };
}
