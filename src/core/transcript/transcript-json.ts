/**
 * The transcript as JSON text: what `custos parse --json` prints and what a transcript exhibit
 * stores. One message per line inside the `messages` array, so that large transcripts are written
 * and read back streaming, while the whole text stays one ordinary JSON document with the schema
 * of the chat-export fixtures README. The output is deterministic: the same export, options and
 * parser version give the same bytes (no clock, no machine details).
 */
import { CustosError } from '../errors.ts';
import { readLines } from './lines.ts';
import { SummaryCollector, type TranscriptSummary } from './registry.ts';
import type { FormatId, Message, ParserInfo, Transcript, TranscriptPart } from './types.ts';

/** Fields written before the messages. */
export interface TranscriptHeader {
  readonly format: FormatId;
  readonly parser: ParserInfo;
  readonly assumedTimezone: string | null;
  /** The original this transcript was derived from, when stored as an exhibit. */
  readonly source?: { readonly exhibit: string; readonly sha256: string };
}

/**
 * Serialises a streaming transcript.
 *
 * @param header - fields known before parsing starts.
 * @param parts - the parser's output, messages in final order.
 * @param summary - receives the running summary (participants, counts) as parts pass.
 * @returns UTF-8 text pieces; concatenated they are one JSON document.
 */
export async function* transcriptJsonChunks(
  header: TranscriptHeader,
  parts: AsyncIterable<TranscriptPart>,
  summary: SummaryCollector = new SummaryCollector(),
): AsyncGenerator<string> {
  const head: Record<string, unknown> = {
    format: header.format,
    parser: header.parser,
    assumedTimezone: header.assumedTimezone,
  };
  if (header.source) head.source = header.source;
  yield `${JSON.stringify(head).slice(0, -1)},"messages":[`;
  let first = true;
  let batch = '';
  for await (const part of parts) {
    summary.add(part);
    if (part.type !== 'message') continue;
    batch += `${first ? '\n' : ',\n'}${JSON.stringify(part.message)}`;
    first = false;
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  const s: TranscriptSummary = summary.summary;
  const tail: Record<string, unknown> = { participants: s.participants, notes: s.notes };
  if (s.title !== undefined) tail.title = s.title;
  yield `${batch}\n],\n${JSON.stringify(tail).slice(1)}\n`;
}

/** Serialises a whole in-memory transcript the same way (same bytes as the streaming form). */
export async function transcriptJson(
  t: Transcript,
  source?: TranscriptHeader['source'],
): Promise<string> {
  async function* parts(): AsyncGenerator<TranscriptPart> {
    if (t.title !== undefined) yield { type: 'title', title: t.title };
    for (const name of t.participants) yield { type: 'participant', name };
    for (const note of t.notes) yield { type: 'note', note };
    for (const message of t.messages) yield { type: 'message', message };
  }
  let out = '';
  for await (const piece of transcriptJsonChunks(
    {
      format: t.format,
      parser: t.parser,
      assumedTimezone: t.assumedTimezone,
      ...(source ? { source } : {}),
    },
    parts(),
  ))
    out += piece;
  return out;
}

/** What a stored transcript holds besides messages. */
export interface StoredTranscriptInfo {
  readonly header: TranscriptHeader;
  readonly participants: readonly string[];
  readonly notes: Transcript['notes'];
  readonly title?: string;
}

/**
 * Reads a transcript JSON document written by {@link transcriptJsonChunks}, streaming: calls
 * `onMessage` for each message in order and returns the rest.
 *
 * @throws CustosError `TRANSCRIPT_MALFORMED` (integrity) when the text is not in that layout;
 *   stored transcripts are verified by hash before reading, so this means a bug or a foreign file.
 */
export async function readTranscriptJson(
  chunks: AsyncIterable<Uint8Array>,
  onMessage: (m: Message) => void | Promise<void>,
  label = 'transcript',
): Promise<StoredTranscriptInfo> {
  let header: TranscriptHeader | undefined;
  let tailText = '';
  let inMessages = false;
  let done = false;
  const bad = (line: number, what: string) =>
    new CustosError(
      'integrity',
      'TRANSCRIPT_MALFORMED',
      `${label}:${line}: ${what}; expected a Custos transcript JSON`,
    );
  const parse = <T>(text: string, line: number): T => {
    try {
      return JSON.parse(text) as T;
    } catch {
      throw bad(line, 'not valid JSON');
    }
  };
  for await (const l of readLines(chunks, { file: label })) {
    if (!header) {
      if (!l.text.endsWith('"messages":['))
        throw bad(l.line, 'first line does not open the messages array');
      header = parse<TranscriptHeader>(`${l.text.slice(0, -',"messages":['.length)}}`, l.line);
      inMessages = true;
      continue;
    }
    if (inMessages) {
      if (l.text === '],' || l.text.startsWith('],')) {
        inMessages = false;
        tailText = l.text.slice(2);
        continue;
      }
      const json = l.text.endsWith(',') ? l.text.slice(0, -1) : l.text;
      await onMessage(parse<Message>(json, l.line));
      continue;
    }
    tailText += l.text;
    done = true;
  }
  if (!header || inMessages || !done) throw bad(0, 'the document is incomplete');
  const tail = parse<{ participants: string[]; notes: Transcript['notes']; title?: string }>(
    `{${tailText}`,
    0,
  );
  return {
    header,
    participants: tail.participants,
    notes: tail.notes,
    ...(tail.title !== undefined ? { title: tail.title } : {}),
  };
}

/** Reads a whole stored transcript into memory. */
export async function readTranscript(
  chunks: AsyncIterable<Uint8Array>,
  label?: string,
): Promise<Transcript> {
  const messages: Message[] = [];
  const info = await readTranscriptJson(chunks, (m) => void messages.push(m), label);
  const t: Transcript = {
    format: info.header.format,
    parser: info.header.parser,
    assumedTimezone: info.header.assumedTimezone,
    participants: info.participants,
    messages,
    notes: info.notes,
  };
  return info.title === undefined ? t : { ...t, title: info.title };
}
