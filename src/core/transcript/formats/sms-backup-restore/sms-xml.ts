/**
 * Android "SMS Backup & Restore" (SyncTech) XML, and files other apps write in its layout
 * (Signal's and Silence's plaintext exports).
 *
 * Reference: SyncTech, "Fields in XML backup files" (research notes `chat-formats.md` §6).
 * `<smses>` holds `<sms>` rows and `<mms>` rows (with `<parts>` and `<addrs>`), not necessarily
 * in date order; they are sorted by `date` (epoch milliseconds, UTC).
 *
 * - SMS `type` 1 is received (sender = `address`); 2 sent, 3 draft, 4 outbox, 5 failed, 6 queued
 *   are the owner's (sender `<owner>`). `contact_name` names the other party on every row, so it is
 *   only the sender's display name on received rows (and never `(Unknown)`).
 * - MMS `msg_box` 1 is received (sender = the `addr` of type 137), 2/3/4 the owner's; parts: the
 *   SMIL layout is skipped, `text/plain` parts are the text, other parts attachments.
 * - Participants: every address in the file (`address`, split at `~`, and every MMS `addr` except
 *   the placeholder `insert-address-token`), plus `<owner>` when the owner sends.
 * - Literal `"null"` attribute values stand for null.
 * - Character references that XML 1.0 forbids are read anyway, with a note: UTF-16 surrogate
 *   pairs written as two references (`&#55357;&#56832;` → 😀, signalapp/Signal-Android#7155),
 *   control characters (`&#1;`); an unpaired surrogate becomes U+FFFD. A bare `&` stays text.
 *
 * XML is read by sax (strict mode) over text decoded chunk by chunk; MMS media (`data`) is
 * removed before sax sees it (`strip-part-data.ts`), so memory holds one row.
 */
import sax from 'sax';
import { parseError } from '../../../errors.ts';
import { emitInOrder, type OrderedItem, type ScanContext } from '../../ordering.ts';
import { replaceLoneSurrogates, TolerantStreamDecoder } from '../../text-decode.ts';
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
  headText,
  isoUtc,
  matchingEntries,
  MAX_EPOCH_MS,
  noteMergedConversations,
  entriesBytes,
  entryLocation,
  originOf,
  readCounted,
  TRUNCATED_TEXT,
} from '../common.ts';
import { DATA_LENGTH_ATTRIBUTE, PartDataStripper } from './strip-part-data.ts';

/** The owner of the phone, who the file never names. */
export const OWNER = '<owner>';
const OWNER_TOKEN = 'insert-address-token';

/** Longest attribute value accepted, in UTF-16 code units (MMS media are removed before sax). */
const MAX_VALUE_CHARS = 64 * 1024 * 1024;
// sax stops with "Max buffer length exceeded" past its MAX_BUFFER_LENGTH (64 Ki characters by
// default) per attribute; message bodies can be longer. (Setting documented in sax's README.)
const saxSettings = sax as unknown as { MAX_BUFFER_LENGTH: number };
saxSettings.MAX_BUFFER_LENGTH = Math.max(saxSettings.MAX_BUFFER_LENGTH, MAX_VALUE_CHARS);

/** Name of the first element of an XML text (after the prolog, comments and PIs), or null. */
export function rootElementName(text: string): string | null {
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    while (i < n && /\s/.test(text[i] as string)) i++;
    if (text[i] !== '<') return null;
    if (text.startsWith('<?', i)) {
      const e = text.indexOf('?>', i + 2);
      if (e < 0) return null;
      i = e + 2;
    } else if (text.startsWith('<!--', i)) {
      const e = text.indexOf('-->', i + 4);
      if (e < 0) return null;
      i = e + 3;
    } else if (text.startsWith('<!', i)) {
      const e = text.indexOf('>', i + 2);
      if (e < 0) return null;
      i = e + 1;
    } else {
      let j = i + 1;
      while (j < n && j - i < 64 && !/[\s/>]/.test(text[j] as string)) j++;
      return text.slice(i + 1, j);
    }
  }
  return null;
}

/** Content test: 0.95 when the root element is `<smses>`. */
export function smsConfidence(head: Uint8Array): number {
  return rootElementName(headText(head, 16384)) === 'smses' ? 0.95 : 0;
}

/** Characters of text handed to sax at a time. */
const SLICE_CHARS = 64 * 1024;

/** The addresses of an `address` attribute: split at `~`, trimmed, empties and the owner token dropped. */
function addressesOf(v: string | undefined): string[] {
  if (v === undefined || v === '') return [];
  if (!v.includes('~')) {
    const one = v.trim();
    return one === '' || one === OWNER_TOKEN ? [] : [one];
  }
  return v
    .split('~')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== OWNER_TOKEN);
}

function nul(v: string | undefined): string | undefined {
  return v === undefined || v === 'null' ? undefined : v;
}

function epochOf(v: string | undefined): number | undefined {
  if (v === undefined || !/^-?\d{1,16}$/.test(v)) return undefined;
  let n = Number(v);
  if (Math.abs(n) < 1e11) n *= 1000; // seconds (some writers)
  return n >= 0 && n <= MAX_EPOCH_MS ? n : undefined;
}

interface Row {
  readonly kind: 'sms' | 'mms';
  readonly attrs: Record<string, string>;
  readonly line: number;
  parts: Record<string, string>[];
  addrs: Record<string, string>[];
}

const REF_NOTE =
  'character references that XML 1.0 does not allow were read: UTF-16 surrogate pairs written as two references were joined into one character, control characters kept';
const LONE_NOTE =
  'a character reference named half of a UTF-16 surrogate pair without the other half; replaced by U+FFFD';

async function* scanEntry(
  source: ExportSource,
  entry: string,
  ctx: ScanContext,
): AsyncGenerator<OrderedItem[]> {
  const loc = entryLocation(source, entry);
  const parser = sax.parser(true, { position: true });
  let queue: OrderedItem[] = [];
  let row: Row | null = null;
  let depth = 0;
  let tie = 0;
  let rootSeen = false;
  let refRepairs = 0;

  // Numeric references XML 1.0 forbids (surrogate halves, C0 controls) are answered here; sax asks
  // parser.ENTITIES before validating a reference (documented hook for extra entities).
  const base = parser.ENTITIES;
  parser.ENTITIES = new Proxy(base, {
    get(target, key) {
      if (typeof key === 'string' && key.charCodeAt(0) === 0x23) {
        const hex = key[1] === 'x' || key[1] === 'X';
        const digits = key.slice(hex ? 2 : 1);
        if (
          digits.length > 0 &&
          digits.length <= 8 &&
          (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)
        ) {
          const cp = parseInt(digits, hex ? 16 : 10);
          const forbidden =
            (cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) ||
            (cp >= 0xd800 && cp <= 0xdfff) ||
            cp === 0xfffe ||
            cp === 0xffff;
          if (forbidden) {
            refRepairs++;
            if (refRepairs === 1)
              ctx.notes.add(
                'XML_CHARACTER_REFERENCE_REPAIRED',
                REF_NOTE,
                originOf(source, entry, undefined, undefined, parser.line + 1),
              );
            return String.fromCharCode(cp);
          }
        }
      }
      return Reflect.get(target, key) as unknown;
    },
  });

  const clean = (s: string): { text: string; lone: boolean } => {
    const r = replaceLoneSurrogates(s);
    return { text: r.text, lone: r.replaced > 0 };
  };

  const finishRow = (r: Row) => {
    const a = r.attrs;
    const epochMs = epochOf(a.date);
    if (epochMs === undefined) {
      throw parseError(
        'PARSE_BAD_DATE',
        `<${r.kind}> date ${JSON.stringify(a.date ?? null)} is not epoch milliseconds; expected e.g. date="1719842400123"`,
        { ...loc, line: r.line },
      );
    }
    const repairs: { code: string; message: string }[] = [];
    let lone = false;
    const addresses = addressesOf(nul(a.address));
    for (const ad of addresses) ctx.participant(ad);
    const contact = nul(a.contact_name);
    // keys in the order the transcript has always written them (index first, set by the ordering)
    const msg: { -readonly [K in keyof Message]?: Message[K] } = {
      index: 0,
      timestamp: isoUtc(epochMs),
      system: false,
    };
    const attachments: Attachment[] = [];
    if (r.kind === 'sms') {
      const type = a.type ?? '1';
      const body = clean(nul(a.body) ?? '');
      lone ||= body.lone;
      msg.text = body.text;
      if (type === '1') {
        msg.sender = addresses[0] ?? null;
        if (contact && contact !== '(Unknown)') msg.senderDisplayName = contact;
      } else msg.sender = OWNER;
      if (type === '3')
        ctx.notes.add(
          'DRAFTS_INCLUDED',
          'the backup includes draft messages (SMS type 3), which were never sent; they are listed with the owner as sender',
          originOf(source, entry, undefined, undefined, r.line),
        );
    } else {
      const box = a.msg_box ?? '1';
      const texts: string[] = [];
      for (const p of r.parts) {
        const ct = (nul(p.ct) ?? '').toLowerCase();
        if (ct === 'application/smil') continue;
        if (ct === 'text/plain') {
          const t = clean(nul(p.text) ?? '');
          lone ||= t.lone;
          texts.push(t.text);
          continue;
        }
        const name = nul(p.name) ?? nul(p.fn) ?? nul(p.cl) ?? null;
        const dataChars = p[DATA_LENGTH_ATTRIBUTE];
        const att: { -readonly [K in keyof Attachment]: Attachment[K] } = {
          fileName: name,
          omitted: dataChars === undefined,
        };
        if (ct) att.contentType = ct;
        if (dataChars !== undefined) att.size = Math.floor((Number(dataChars) * 3) / 4);
        attachments.push(att);
      }
      msg.text = texts.join('\n');
      for (const ad of r.addrs) {
        const addr = nul(ad.address);
        if (addr && addr !== OWNER_TOKEN) ctx.participant(addr);
      }
      if (box === '1') {
        const from = r.addrs.find(
          (x) => x.type === '137' && nul(x.address) && x.address !== OWNER_TOKEN,
        );
        msg.sender = nul(from?.address) ?? addresses[0] ?? null;
        if (contact && contact !== '(Unknown)' && !contact.includes(',') && addresses.length <= 1)
          msg.senderDisplayName = contact;
      } else msg.sender = OWNER;
    }
    msg.attachments = attachments;
    if (msg.sender === OWNER) ctx.participant(OWNER);
    if (lone) {
      repairs.push({ code: 'LONE_SURROGATE_REPLACED', message: LONE_NOTE });
      ctx.notes.add(
        'LONE_SURROGATE_REPLACED',
        LONE_NOTE,
        originOf(source, entry, undefined, undefined, r.line),
      );
    }
    msg.origin = originOf(source, entry, undefined, undefined, r.line);
    queue.push(
      repairs.length
        ? { epochMs, tie: tie++, message: msg as Message, repairs }
        : { epochMs, tie: tie++, message: msg as Message },
    );
  };

  let error: Error | null = null;
  parser.onerror = (e: Error) => {
    const m = e.message;
    if (/^Invalid character (entity|in entity name)/.test(m)) {
      ctx.notes.add(
        'XML_ENTITY_KEPT',
        'an & that starts no valid XML reference was kept as text',
        originOf(source, entry, undefined, undefined, parser.line + 1),
      );
      parser.error = null as unknown as Error;
      parser.resume();
      return;
    }
    error ??= e;
    parser.error = null as unknown as Error;
    parser.resume();
  };
  parser.onopentag = (tag) => {
    const name = tag.name;
    const attrs = tag.attributes as Record<string, string>;
    depth++;
    if (depth === 1) {
      rootSeen = true;
      if (name !== 'smses') error ??= new Error(`root element is <${name}>, expected <smses>`);
      return;
    }
    if (depth === 2 && (name === 'sms' || name === 'mms')) {
      row = { kind: name, attrs, line: parser.line + 1, parts: [], addrs: [] };
      return;
    }
    if (row?.kind === 'mms') {
      if (name === 'part') row.parts.push(attrs);
      else if (name === 'addr') row.addrs.push(attrs);
    }
  };
  parser.onclosetag = () => {
    if (depth === 2 && row) {
      const r = row;
      row = null;
      finishRow(r);
    }
    depth--;
  };

  const fail = (e: Error): never => {
    const m = e.message.split('\n')[0] ?? e.message;
    if (/Max buffer length/.test(m))
      throw parseError(
        'PARSE_TOO_LARGE',
        `an XML value is longer than ${MAX_VALUE_CHARS} characters; expected an SMS Backup & Restore file`,
        { ...loc, line: parser.line + 1, column: parser.column + 1 },
      );
    throw parseError('PARSE_BAD_XML', `${m}; expected SMS Backup & Restore XML`, {
      ...loc,
      line: parser.line + 1,
      column: parser.column + 1,
    });
  };

  const decoder = new TolerantStreamDecoder((at) =>
    ctx.notes.add(
      'INVALID_UTF8_REPAIRED',
      'bytes that are not valid UTF-8 were read as Windows-1252 (mixed encodings)',
      originOf(source, entry, at),
    ),
  );
  const stripper = new PartDataStripper();
  const feed = (text: string) => {
    if (text === '') return;
    parser.write(stripper.push(text));
    if (error) fail(error);
  };
  for await (const chunk of readCounted(source, entry, ctx)) {
    const text = decoder.push(chunk);
    // slices keep each batch of rows, and so what is alive at a garbage collection, small
    for (let at = 0; at < text.length; at += SLICE_CHARS) {
      feed(at === 0 && text.length <= SLICE_CHARS ? text : text.slice(at, at + SLICE_CHARS));
      if (queue.length > 0) {
        yield queue;
        queue = [];
      }
    }
  }
  feed(decoder.push(new Uint8Array(0), true));
  const unclosed = depth > 0;
  if (!unclosed) {
    parser.close();
    if (error) fail(error);
  }
  if (queue.length > 0) yield queue;
  if (!rootSeen) throw parseError('PARSE_BAD_XML', 'no XML element found; expected <smses>', loc);
  if (unclosed)
    ctx.notes.add(
      'INPUT_TRUNCATED',
      TRUNCATED_TEXT,
      originOf(source, entry, undefined, undefined, parser.line + 1),
    );
}

/** The SMS Backup & Restore XML parser. */
export const smsBackupRestoreParser: ChatParser = {
  info: { name: 'custos-sms-backup-restore-xml', version: '1.0.0' },
  formats: ['sms-backup-restore-xml'],
  detect(probe: DetectionProbe): Detection | null {
    const entries = matchingEntries(probe, (head) => smsConfidence(head) > 0);
    return entries.length ? { format: 'sms-backup-restore-xml', confidence: 0.95, entries } : null;
  },
  parse(
    source: ExportSource,
    detection: Detection,
    _options: ParseOptions,
  ): AsyncIterable<TranscriptPart> {
    return emitInOrder(
      async function* (ctx) {
        noteMergedConversations(ctx, detection.entries.length, 'backup files');
        for (const entry of detection.entries) yield* scanEntry(source, entry, ctx);
      },
      { inputBytes: entriesBytes(source, detection.entries) },
    );
  },
};
