/** Readable rendering of a transcript for the terminal (`custos show`, `custos parse` without --json). */
import type { Message, MessageOrigin, Transcript } from '../../core/transcript/types.ts';

function when(ts: string): string {
  // 2024-03-05T14:22:00+00:00 → 2024-03-05 14:22:00 +00:00 (the time as the export gave it)
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  return m ? `${m[1]} ${m[2]} ${m[3] === 'Z' ? 'UTC' : m[3]}` : ts;
}

/** One message as lines of text: `[index] time  sender: text`, attachments and flags indented. */
export function renderMessage(m: Message): string {
  const who = m.system
    ? `(system${m.senderRaw ? `, ${m.senderRaw}` : ''})`
    : `${m.sender ?? '(unknown)'}:`;
  const flags = [
    m.edited ? 'edited' : '',
    m.deleted ? 'deleted' : '',
    m.timestampAmbiguous ? 'time ambiguous (clock change)' : '',
  ].filter(Boolean);
  const [first = '', ...rest] = m.text.split('\n');
  const lines = [
    `[${m.index}] ${when(m.timestamp)}  ${who} ${first}`.trimEnd(),
    ...rest.map((l) => `      ${l}`),
  ];
  for (const a of m.attachments) {
    const state = a.omitted
      ? 'not included in the export'
      : a.inArchive === false
        ? 'missing from the archive'
        : a.inArchive
          ? 'in the archive'
          : '';
    lines.push(
      `      [attachment] ${a.fileName ?? '(unnamed)'}${a.kind ? ` (${a.kind})` : ''}${state ? ` — ${state}` : ''}`,
    );
  }
  if (flags.length) lines.push(`      [${flags.join(', ')}]`);
  return lines.join('\n');
}

/** ` (entry x, line n, byte b)` for a note's origin, or nothing. */
export function noteLocation(o: MessageOrigin | undefined): string {
  if (!o) return '';
  const parts = [
    o.entry !== undefined ? `entry ${o.entry}` : '',
    o.line !== undefined ? `line ${o.line}` : '',
    o.byteOffset !== undefined ? `byte ${o.byteOffset}` : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** A header describing the transcript, then every message. */
export function renderTranscript(t: Transcript, heading?: string): string {
  const out: string[] = [];
  if (heading) out.push(heading);
  out.push(
    `Format: ${t.format} (parser ${t.parser.name} ${t.parser.version}); local times read in ${t.assumedTimezone ?? 'n/a'}`,
  );
  if (t.title) out.push(`Title: ${t.title}`);
  out.push(`Participants: ${t.participants.join(', ') || '(none named)'}`);
  out.push(`Messages: ${t.messages.length}`);
  for (const n of t.notes) out.push(`Note: ${n.message}${noteLocation(n.origin)}`);
  out.push('');
  for (const m of t.messages) out.push(renderMessage(m));
  return `${out.join('\n')}\n`;
}
