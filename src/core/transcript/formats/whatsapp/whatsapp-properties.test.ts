// Property tests: random messages rendered as WhatsApp exports in random locales and layouts parse
// back to what was rendered; random garbage never makes the parser throw anything but a
// CustosError that names where in the input the problem is.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCustosError } from '../../../errors.ts';
import { formatWithOffset, LocalTimeResolver } from '../../local-time.ts';
import { memorySource } from '../../memory-source.ts';
import { parseExport, probeExport } from '../../registry.ts';
import type { Transcript, TranscriptPart } from '../../types.ts';
import { whatsappParser } from './whatsapp-parser.ts';

const LRM = '\u200e';

// ---------------------------------------------------------------------------------------------
// Locales and layouts

interface Clock12 {
  readonly am: string;
  readonly pm: string;
  /** Between the time and the marker (or the marker and the time when `before`). */
  readonly gap: string;
  readonly before: boolean;
}

interface Style {
  readonly os: 'android' | 'ios';
  readonly order: 'DMY' | 'MDY' | 'YMD';
  readonly sep: '/' | '.' | '-';
  readonly sepSpace: boolean;
  readonly year4: boolean;
  readonly pad: boolean;
  readonly trailingDot: boolean;
  readonly comma: boolean;
  readonly seconds: boolean;
  readonly tsep: ':' | '.';
  readonly clock: Clock12 | null;
  readonly lang: number;
}

const MARKERS: readonly Omit<Clock12, 'gap'>[] = [
  { am: 'AM', pm: 'PM', before: false },
  { am: 'am', pm: 'pm', before: false },
  { am: 'a.m.', pm: 'p.m.', before: false },
  { am: 'a. m.', pm: 'p. m.', before: false },
  { am: 'a.\u00a0m.', pm: 'p.\u00a0m.', before: false },
  { am: 'vorm.', pm: 'nachm.', before: false },
  { am: '오전', pm: '오후', before: true },
  { am: '午前', pm: '午後', before: true },
];

const style: fc.Arbitrary<Style> = fc
  .record({
    os: fc.constantFrom('android' as const, 'ios' as const),
    order: fc.constantFrom('DMY' as const, 'MDY' as const, 'YMD' as const),
    sep: fc.constantFrom('/' as const, '.' as const, '-' as const),
    sepSpace: fc.boolean(),
    year4: fc.boolean(),
    pad: fc.boolean(),
    trailingDot: fc.boolean(),
    comma: fc.boolean(),
    seconds: fc.boolean(),
    tsep: fc.constantFrom(':' as const, '.' as const),
    clock: fc.option(
      fc
        .record({
          m: fc.constantFrom(...MARKERS),
          gap: fc.constantFrom(' ', '\u202f', '\u00a0', ''),
        })
        .map(({ m, gap }) => ({ ...m, gap: m.before ? ' ' : gap })),
      { nil: null },
    ),
    lang: fc.nat(6),
  })
  .map((s) => (s.order === 'YMD' ? { ...s, year4: true } : s));

// Placeholders per language (en, de, es, fr, it, pt, nl), as each OS writes them.
const ANDROID_OMITTED = [
  '<Media omitted>',
  '<Medien ausgeschlossen>',
  '<Multimedia omitido>',
  '<Médias omis>',
  '<Media omessi>',
  '<Mídia oculta>',
  '<Media weggelaten>',
];
const ANDROID_KIND = ['media', 'medien', 'multimedia', 'médias', 'media', 'mídia', 'media'];
const IOS_OMITTED = [
  'image omitted',
  'Bild weggelassen',
  'imagen omitida',
  'image absente',
  'immagine omessa',
  'imagem ocultada',
  'afbeelding weggelaten',
];
const IOS_KIND = ['image', 'bild', 'imagen', 'image', 'immagine', 'imagem', 'afbeelding'];
const ATTACHED = [
  'file attached',
  'Datei angehängt',
  'archivo adjunto',
  'fichier joint',
  'file allegato',
  'arquivo anexado',
  'bestand bijgevoegd',
];
const IOS_ATTACHED = [
  'attached',
  'Anhang',
  'adjunto',
  'pièce jointe',
  'allegato',
  'anexado',
  'bijgevoegd',
];
const DELETED = [
  'This message was deleted',
  'Diese Nachricht wurde gelöscht',
  'Se eliminó este mensaje.',
  'Ce message a été supprimé',
  'Questo messaggio è stato eliminato',
  'Esta mensagem foi apagada',
  'Dit bericht is verwijderd',
];
const EDITED = [
  'This message was edited',
  'Diese Nachricht wurde bearbeitet',
  'Se editó este mensaje.',
  'Ce message a été modifié',
  'Questo messaggio è stato modificato',
  'Mensagem editada',
  'Dit bericht is bewerkt',
];
const EVENTS = [
  'Alex added Sam',
  'Messages and calls are end-to-end encrypted. No one outside of this chat, not even WhatsApp, can read or listen to them.',
  'Sam left',
  'Nachrichten und Anrufe sind Ende-zu-Ende-verschlüsselt.',
];
const SENDERS: readonly [string, string][] = [
  ['Alex', 'Alex'],
  ['Sam Smith', 'Sam Smith'],
  ['+44 7700 900123', '+44 7700 900123'],
  ['~\u202fRiley', 'Riley'],
  ['Zoë', 'Zoë'],
  ['Jordan (work)', 'Jordan (work)'],
];

// ---------------------------------------------------------------------------------------------
// Messages

type Kind = 'text' | 'event' | 'omitted' | 'file' | 'deleted' | 'edited';

interface Draft {
  readonly kind: Kind;
  readonly sender: number;
  readonly lines: readonly string[];
  /** Seconds after the previous message. */
  readonly after: number;
}

/** Text lines that cannot be mistaken for a header or a placeholder: a letter first, no `<`, `(`, `:`. */
const textLine = fc
  .tuple(
    fc.constantFrom('a', 'B', 'é', 'Ω', 'ж', '😀'),
    fc.string({
      unit: fc.constantFrom(
        'a',
        'b',
        'z',
        ' ',
        '.',
        ',',
        '!',
        '?',
        '1',
        '9',
        '/',
        '-',
        '👍🏽',
        'ü',
        '\u202f',
        "'",
        '"',
      ),
      maxLength: 30,
    }),
  )
  .map(([a, b]) => a + b);

const draft: fc.Arbitrary<Draft> = fc.record({
  kind: fc.constantFrom<Kind>(
    'text',
    'text',
    'text',
    'event',
    'omitted',
    'file',
    'deleted',
    'edited',
  ),
  sender: fc.nat(SENDERS.length - 1),
  lines: fc.array(textLine, { minLength: 1, maxLength: 3 }),
  after: fc.oneof(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 5 * 86_400 })),
});

const ZONES = [
  'UTC',
  'Europe/London',
  'America/New_York',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'America/Sao_Paulo',
  'Europe/Berlin',
];

interface Expected {
  readonly sender: string | null;
  readonly senderRaw?: string;
  readonly text: string;
  readonly system: boolean;
  readonly timestamp: string;
  readonly ambiguous: boolean;
  readonly deleted: boolean;
  readonly edited: boolean;
  readonly attachments: readonly { fileName: string | null; omitted: boolean; kind?: string }[];
}

const p2 = (n: number) => String(n).padStart(2, '0');

function renderDate(s: Style, y: number, m: number, d: number): string {
  const num = (n: number) => (s.pad ? p2(n) : String(n));
  const year = s.year4 ? String(y) : p2(y % 100);
  const parts =
    s.order === 'DMY'
      ? [num(d), num(m), year]
      : s.order === 'MDY'
        ? [num(m), num(d), year]
        : [year, num(m), num(d)];
  const sep = s.sepSpace ? `${s.sep} ` : s.sep;
  return parts.join(sep) + (s.trailingDot ? '.' : '');
}

function renderTime(s: Style, h: number, mi: number, sec: number): string {
  const secs = s.seconds ? `${s.tsep}${p2(sec)}` : '';
  if (s.clock === null) return `${p2(h)}${s.tsep}${p2(mi)}${secs}`;
  const h12 = h % 12 === 0 ? 12 : h % 12;
  const marker = h < 12 ? s.clock.am : s.clock.pm;
  const time = `${h12}${s.tsep}${p2(mi)}${secs}`;
  return s.clock.before ? `${marker}${s.clock.gap}${time}` : `${time}${s.clock.gap}${marker}`;
}

/** Renders drafts as an export and computes what the parser must return. */
function render(
  s: Style,
  zone: string,
  start: number,
  drafts: readonly Draft[],
): { text: string; expected: Expected[] } {
  const resolver = new LocalTimeResolver(zone);
  const eol = s.os === 'ios' ? '\r\n' : '\n';
  let wall = start; // naive wall clock as if UTC, whole seconds
  let previous: number | undefined;
  let out = '';
  const expected: Expected[] = [];
  drafts.forEach((d, i) => {
    wall += d.after * 1000;
    if (!s.seconds) wall -= wall % 60_000;
    let t = new Date(wall);
    let local = {
      year: t.getUTCFullYear(),
      month: t.getUTCMonth() + 1,
      day: t.getUTCDate(),
      hour: t.getUTCHours(),
      minute: t.getUTCMinutes(),
      second: t.getUTCSeconds(),
    };
    let r = resolver.resolve(local, previous);
    while (r.inGap) {
      // No phone writes a time the clocks skipped: move on by the hour.
      wall += 3_600_000;
      t = new Date(wall);
      local = {
        year: t.getUTCFullYear(),
        month: t.getUTCMonth() + 1,
        day: t.getUTCDate(),
        hour: t.getUTCHours(),
        minute: t.getUTCMinutes(),
        second: t.getUTCSeconds(),
      };
      r = resolver.resolve(local, previous);
    }
    previous = r.epochMs;
    const dateTime = `${renderDate(s, local.year, local.month, local.day)}${s.comma ? ', ' : ' '}${renderTime(s, local.hour, local.minute, local.second)}`;
    const [label, sender] = SENDERS[d.sender] as [string, string];
    const lang = s.lang;
    const base = {
      timestamp: formatWithOffset(r.epochMs, r.offsetMinutes),
      ambiguous: r.ambiguous,
      deleted: false,
      edited: false,
      attachments: [] as Expected['attachments'],
    };
    const text = d.lines.join('\n');
    const mark = s.os === 'ios' ? LRM : '';
    let body: string;
    let e: Expected;
    const lead = s.os === 'ios' ? `[${dateTime}] ` : `${dateTime} - `;
    const ymd = `${local.year}${p2(local.month)}${p2(local.day)}`;
    switch (d.kind) {
      case 'text':
        body = `${label}: ${text}`;
        e = { ...base, sender, text, system: false };
        break;
      case 'event': {
        const ev = EVENTS[i % EVENTS.length] as string;
        body = s.os === 'ios' ? `${label}: ${LRM}${ev}` : ev;
        e =
          s.os === 'ios'
            ? { ...base, sender: null, senderRaw: label, text: ev, system: true }
            : { ...base, sender: null, text: ev, system: true };
        break;
      }
      case 'omitted':
        body =
          s.os === 'ios'
            ? `${label}: ${LRM}${IOS_OMITTED[lang] as string}`
            : `${label}: ${ANDROID_OMITTED[lang] as string}`;
        e = {
          ...base,
          sender,
          text: '',
          system: false,
          attachments: [
            {
              fileName: null,
              omitted: true,
              kind: (s.os === 'ios' ? IOS_KIND : ANDROID_KIND)[lang],
            },
          ],
        };
        break;
      case 'file': {
        if (s.os === 'ios') {
          const name = `${String(i).padStart(8, '0')}-PHOTO-${local.year}-${p2(local.month)}-${p2(local.day)}-${p2(local.hour)}-${p2(local.minute)}-${p2(local.second)}.jpg`;
          body = `${label}: ${LRM}<${IOS_ATTACHED[lang] as string}: ${name}>`;
          e = {
            ...base,
            sender,
            text: '',
            system: false,
            attachments: [{ fileName: name, omitted: false }],
          };
        } else {
          const name = `IMG-${ymd}-WA${String(i).padStart(4, '0')}.jpg`;
          body = `${label}: ${name} (${ATTACHED[lang] as string})\n${text}`;
          e = {
            ...base,
            sender,
            text,
            system: false,
            attachments: [{ fileName: name, omitted: false }],
          };
        }
        break;
      }
      case 'deleted':
        body = `${label}: ${mark}${DELETED[lang] as string}`;
        e = { ...base, sender, text: '', system: false, deleted: true };
        break;
      case 'edited':
        body = `${label}: ${text}${s.os === 'ios' ? ` ${LRM}` : ' '}<${EDITED[lang] as string}>`;
        e = { ...base, sender, text, system: false, edited: true };
        break;
    }
    if (label !== sender && e.sender !== null) e = { ...e, senderRaw: label };
    const lineLead =
      s.os === 'ios' && (d.kind === 'omitted' || d.kind === 'file' || d.kind === 'deleted')
        ? LRM
        : '';
    out += `${lineLead}${lead}${body}${eol}`;
    expected.push(e);
  });
  return { text: out, expected };
}

const scenario = fc
  .record({
    style,
    zone: fc.constantFrom(...ZONES),
    start: fc.date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2030-12-01T00:00:00Z'),
      noInvalidDate: true,
    }),
    // An export with events only is not claimed (detection needs one authored message).
    drafts: fc
      .array(draft, { minLength: 1, maxLength: 25 })
      .filter((ds) => ds.some((d) => d.kind !== 'event')),
    chunkSize: fc.constantFrom(1, 3, 7, 64, 65536),
  })
  .map((sc) => {
    // Month-first exports need one date a person could not read day-first; start on the 13th or later.
    const d = new Date(sc.start.getTime() - (sc.start.getTime() % 1000));
    if (sc.style.order !== 'MDY') return { ...sc, startMs: d.getTime() };
    if (d.getUTCDate() < 13) d.setUTCDate(13 + (d.getUTCDate() % 10));
    const [first, ...rest] = sc.drafts as [Draft, ...Draft[]];
    return { ...sc, startMs: d.getTime(), drafts: [{ ...first, after: 0 }, ...rest] };
  });

describe('WhatsApp parser properties', () => {
  test('random messages in random locales and layouts round-trip', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ style: s, zone, startMs, drafts, chunkSize }) => {
        const { text, expected } = render(s, zone, startMs, drafts);
        const name = s.os === 'ios' ? '_chat.txt' : 'WhatsApp Chat with Sam.txt';
        const t: Transcript = await parseExport(
          memorySource(name, { [name]: text }, { chunkSize }),
          { timeZone: zone },
          [whatsappParser],
        );
        assert.equal(t.format, s.os === 'ios' ? 'whatsapp-txt-ios' : 'whatsapp-txt-android');
        const got = t.messages.map((m) => {
          const g: Record<string, unknown> = {
            sender: m.sender,
            text: m.text,
            system: m.system,
            timestamp: m.timestamp,
            ambiguous: m.timestampAmbiguous ?? false,
            deleted: m.deleted ?? false,
            edited: m.edited ?? false,
            attachments: m.attachments.map((a) =>
              a.kind === undefined || !a.omitted
                ? { fileName: a.fileName, omitted: a.omitted }
                : { fileName: a.fileName, omitted: a.omitted, kind: a.kind },
            ),
          };
          if (m.senderRaw !== undefined) g.senderRaw = m.senderRaw;
          return g;
        });
        assert.deepEqual(got, expected, `${JSON.stringify(s)} in ${zone}\n${text}`);
        assert.deepEqual(
          new Set(t.participants),
          new Set(expected.flatMap((e) => (e.sender === null ? [] : [e.sender]))),
        );
      }),
      { numRuns: 300 },
    );
  });

  test('garbage never throws anything but a CustosError with a location', async () => {
    const header = fc.constantFrom(
      '05/03/2024, 14:22 - ',
      '[3/14/24, 7:02:15\u202fPM] ',
      '2024/12/20, 5:46 pm - ',
      '31/02/2024, 10:00 - ',
      '13/13/13, 25:61 - ',
      '5/3/24, 7:02 xyz - ',
      '',
    );
    const piece = fc.oneof(
      fc
        .tuple(header, fc.string({ maxLength: 20 }))
        .map(([h, s]) => new TextEncoder().encode(`${h}${s}`)),
      fc.uint8Array({ maxLength: 12 }),
      fc.constantFrom(
        new Uint8Array([0x0a]),
        new Uint8Array([0x0d, 0x0a]),
        new Uint8Array([0xe2, 0x80]),
        new Uint8Array([0xef, 0xbb, 0xbf]),
        new TextEncoder().encode(': '),
      ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { maxLength: 30 }),
        fc.constantFrom(1, 5, 4096),
        fc.constantFrom('file' as const, 'zip' as const),
        async (pieces, chunkSize, kind) => {
          const bytes = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
          let at = 0;
          for (const p of pieces) {
            bytes.set(p, at);
            at += p.length;
          }
          const src = memorySource(
            'g.zip',
            kind === 'zip'
              ? { 'chat.txt': bytes, 'x.jpg': new Uint8Array([1]) }
              : { 'chat.txt': bytes },
            { chunkSize, kind },
          );
          try {
            if (bytes.length > 0) whatsappParser.detect(await probeExport(src));
            const parts: TranscriptPart[] = [];
            for await (const part of whatsappParser.parse(
              src,
              { format: 'whatsapp-txt-android', confidence: 1, entries: ['chat.txt'] },
              { timeZone: 'Europe/London' },
            ))
              parts.push(part);
            const messages = parts.flatMap((p) => (p.type === 'message' ? [p.message] : []));
            messages.forEach((m, i) => assert.equal(m.index, i));
          } catch (e) {
            assert.ok(isCustosError(e), `not a CustosError: ${String(e)}`);
            assert.equal(e.category, 'invalid-input', e.message);
            assert.ok(e.location?.file !== undefined, e.message);
            if (e.code !== 'PARSE_EMPTY' && e.code !== 'PARSE_BINARY') {
              assert.ok(
                e.location.line !== undefined && e.location.byteOffset !== undefined,
                `${e.code}: ${e.message}`,
              );
            }
            if (kind === 'zip' && e.code !== 'PARSE_EMPTY' && e.code !== 'PARSE_BINARY')
              assert.equal(e.location.entry, 'chat.txt');
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
