import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  HEADER_RE,
  HeaderMemo,
  MAX_HEADER_CHARS,
  describeShape,
  matchHeader,
  matchHeaderRegex,
  newHeaderFields,
  scanHeader,
  shapeLayout,
  type HeaderMatch,
} from './header.ts';
import { HeaderBytesMemo, scanHeaderBytes } from './header-bytes.ts';

const enc = new TextEncoder();

/** The header fields of `line` as matched on its UTF-8 bytes, positions mapped back to UTF-16. */
function viaBytes(line: string): HeaderMatch | null {
  const bytes = enc.encode(line);
  const f = newHeaderFields();
  if (!scanHeaderBytes(bytes, 0, f)) return null;
  const dec = new TextDecoder();
  const unitsBefore = (b: number) => dec.decode(bytes.subarray(0, b)).length;
  return {
    shape: f.shape,
    layout: shapeLayout(f.shape),
    n1: f.n1,
    n2: f.n2,
    n3: f.n3,
    n1Digits: f.n1Digits,
    n3Digits: f.n3Digits,
    hour: f.hour,
    minute: f.minute,
    second: f.second,
    marker: f.markerStart >= 0 ? dec.decode(bytes.subarray(f.markerStart, f.markerEnd)) : null,
    bodyStart: unitsBefore(f.bodyStart),
  };
}

function fields(line: string) {
  const h = matchHeader(line);
  if (h === null) return null;
  return {
    layout: h.layout,
    numbers: [h.n1, h.n2, h.n3],
    time: [h.hour, h.minute, h.second],
    marker: h.marker,
    body: line.slice(h.bodyStart),
  };
}

describe('WhatsApp header grammar', () => {
  test('reads the layouts of every locale the fixtures and the research note show', () => {
    const cases: [string, ReturnType<typeof fields>][] = [
      [
        '05/03/2024, 14:22 - Alex: hi',
        {
          layout: 'android',
          numbers: [5, 3, 2024],
          time: [14, 22, 0],
          marker: null,
          body: 'Alex: hi',
        },
      ],
      [
        '3/8/24, 7:02\u202fPM - Jordan: x',
        {
          layout: 'android',
          numbers: [3, 8, 24],
          time: [7, 2, 0],
          marker: 'PM',
          body: 'Jordan: x',
        },
      ],
      [
        '20/6/2023 8:28 p.\u00a0m. - Mateo: ¿Vienes?',
        {
          layout: 'android',
          numbers: [20, 6, 2023],
          time: [8, 28, 0],
          marker: 'p.\u00a0m.',
          body: 'Mateo: ¿Vienes?',
        },
      ],
      [
        '2023/12/20, 5:46 pm - Alex: Hi',
        {
          layout: 'android',
          numbers: [2023, 12, 20],
          time: [5, 46, 0],
          marker: 'pm',
          body: 'Alex: Hi',
        },
      ],
      [
        '05.03.24, 18:40 - Nachrichten sind verschlüsselt.',
        {
          layout: 'android',
          numbers: [5, 3, 24],
          time: [18, 40, 0],
          marker: null,
          body: 'Nachrichten sind verschlüsselt.',
        },
      ],
      [
        '2024-01-09 18.00 - Ana: ok',
        {
          layout: 'android',
          numbers: [2024, 1, 9],
          time: [18, 0, 0],
          marker: null,
          body: 'Ana: ok',
        },
      ],
      [
        '2024. 3. 5. 오후 7:02 - 민준: 안녕',
        {
          layout: 'android',
          numbers: [2024, 3, 5],
          time: [7, 2, 0],
          marker: '오후',
          body: '민준: 안녕',
        },
      ],
      [
        '[15/06/2024, 10:00:00] Sam: \u200eMessages',
        {
          layout: 'ios',
          numbers: [15, 6, 2024],
          time: [10, 0, 0],
          marker: null,
          body: 'Sam: \u200eMessages',
        },
      ],
      [
        '\u200e[3/14/24, 7:03:02\u202fPM] Jamie: \u200eimage omitted',
        {
          layout: 'ios',
          numbers: [3, 14, 24],
          time: [7, 3, 2],
          marker: 'PM',
          body: 'Jamie: \u200eimage omitted',
        },
      ],
      [
        '[14.03.24, 7:03:02 a. m.] Ana: hola',
        {
          layout: 'ios',
          numbers: [14, 3, 24],
          time: [7, 3, 2],
          marker: 'a. m.',
          body: 'Ana: hola',
        },
      ],
      [
        '12/24/17, 10:00:00 PM: Sam: text',
        {
          layout: 'ios-colon',
          numbers: [12, 24, 17],
          time: [10, 0, 0],
          marker: 'PM',
          body: 'Sam: text',
        },
      ],
      [
        '\u200f5.3.2024, 14:22 - \u202a+44 7700 900123\u202c: hi',
        {
          layout: 'android',
          numbers: [5, 3, 2024],
          time: [14, 22, 0],
          marker: null,
          body: '\u202a+44 7700 900123\u202c: hi',
        },
      ],
    ];
    for (const [line, want] of cases) assert.deepEqual(fields(line), want, line);
  });

  test('needs the whole header shape: dates or times that start ordinary text are not headers', () => {
    for (const line of [
      '06/01/2024, 10:00 is the exam',
      '12:30 lunch?',
      '2024-01-06 at noon - ok',
      '01.04.2015 - 16:00:27; Name: text', // WhatsApp Viewer, a different format
      '[15/06/2024, 10:00:00 Sam: missing bracket',
      '15/06/2024, 10:00:00] Sam: stray bracket',
      '1/2/3/4, 10:00 - x: y',
      '5/3/2024, 123:00 - x: y',
      '5/3/2024, 1:2 - x: y',
      '5/3-2024, 10:00 - x: y',
      'Mar 05, 2024  4:05:41 PM',
      '',
    ]) {
      assert.equal(matchHeader(line), null, line);
      assert.equal(matchHeaderRegex(line), null, line);
    }
  });

  test('describes shapes for messages', () => {
    assert.equal(
      describeShape((matchHeader('05/03/2024, 14:22 - A: b') as HeaderMatch).shape),
      'N/N/YYYY, H:MM - Name: text',
    );
    assert.equal(
      describeShape((matchHeader('[3/14/24, 7:02:15 PM] A: b') as HeaderMatch).shape),
      '[N/N/YY, H:MM:SS AM/PM] Name: text',
    );
  });

  test('the specification regex is anchored and every quantifier in it is bounded', () => {
    const src = HEADER_RE.source;
    assert.ok(src.startsWith('^'));
    // No `*`, no `+`, no open `{n,}` outside character classes: a match spans a bounded prefix.
    const outsideClasses = src.replace(/\\./g, '').replace(/\[[^\]]*\]/g, '');
    assert.doesNotMatch(outsideClasses, /[*+]|\{\d+,\}/);
  });

  const headerish = fc
    .tuple(
      fc.constantFrom('', '\u200e', '\u200f', '\u202a', '\u200e\u200e'),
      fc.boolean(),
      fc.integer({ min: 0, max: 2099 }),
      fc.constantFrom('/', '.', '-', ':'),
      fc.constantFrom('', ' ', '\u00a0'),
      fc.integer({ min: 0, max: 130 }),
      fc.integer({ min: 0, max: 2099 }),
      fc.constantFrom('', '.', ','),
      fc.constantFrom(' ', '  ', ', ', ',', '', '\u202f', ' 오후 ', ' à '),
      fc.integer({ min: 0, max: 130 }),
      fc.constantFrom(':', '.'),
      fc.integer({ min: 0, max: 99 }),
      fc.option(fc.integer({ min: 0, max: 99 })),
      fc.constantFrom(
        '',
        ' PM',
        '\u202fAM',
        ' a.\u00a0m.',
        ' p. m.',
        'pm',
        ' Uhr',
        ' abcdefghij',
        ' \u200ePM',
      ),
      fc.constantFrom('] ', ']', ' - ', ' \u2013 ', '- ', ': ', ' -', ' ', ''),
      fc.string({ maxLength: 12 }),
    )
    .map(([lead, br, a, sep, sp, b, c, dot, conn, h, ts, mi, s, mark, tail, rest]) => {
      const mm = String(mi).padStart(mi < 10 && mi % 3 === 0 ? 1 : 2, '0');
      const ss = s === null ? '' : `${ts}${String(s).padStart(2, '0')}`;
      return `${lead}${br ? '[' : ''}${a}${sep}${sp}${b}${sep}${sp}${c}${dot}${conn}${h}${ts}${mm}${ss}${mark}${tail}${rest}`;
    });

  test('the scanner, the specification regex and the byte scanner accept exactly the same lines (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          headerish,
          fc.string({ maxLength: 40 }),
          fc.string({ unit: 'grapheme', maxLength: 30 }),
        ),
        (line) => {
          const spec = matchHeaderRegex(line);
          assert.deepEqual(matchHeader(line), spec);
          assert.deepEqual(viaBytes(line), spec);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test('a match depends only on the first MAX_HEADER_CHARS characters (property)', () => {
    fc.assert(
      fc.property(headerish, fc.string({ maxLength: 300 }), (line, more) => {
        const long = line + more;
        const prefix = long.slice(0, MAX_HEADER_CHARS);
        const a = matchHeader(long);
        const b = matchHeader(prefix);
        assert.deepEqual(a, b === null ? null : b);
        const f = newHeaderFields();
        assert.equal(scanHeader(long, 0, f), b !== null);
      }),
      { numRuns: 1000 },
    );
  });

  test('remembering the date parts of earlier headers changes no result, in text or bytes (property)', () => {
    // Lines made of the start of one header-like line and the rest of another share date parts often.
    const spliced = fc
      .tuple(fc.nat({ max: 2 }), fc.nat({ max: 40 }), headerish, fc.nat({ max: 40 }))
      .map(([p, cut, other, from]) => ({ p, cut, other, from }));
    fc.assert(
      fc.property(
        fc.array(headerish, { minLength: 1, maxLength: 3 }),
        fc.array(spliced, { minLength: 1, maxLength: 12 }),
        fc.string({ maxLength: 5 }),
        (starts, parts, lead) => {
          const memo = new HeaderMemo();
          const bytesMemo = new HeaderBytesMemo();
          for (const { p, cut, other, from } of parts) {
            const start = starts[p % starts.length] as string;
            const line = start.slice(0, cut) + other.slice(from);
            // The line inside a longer text, as the parser scans it.
            const text = `${lead}\n${line}\n${start}`;
            const at = lead.length + 1;
            const plain = newHeaderFields();
            const remembered = newHeaderFields();
            const ok = scanHeader(text, at, plain);
            assert.equal(scanHeader(text, at, remembered, memo), ok, line);
            if (ok) assert.deepEqual(remembered, plain, line);
            const bytes = enc.encode(text);
            const bytesAt = enc.encode(`${lead}\n`).length;
            const plainBytes = newHeaderFields();
            const rememberedBytes = newHeaderFields();
            const okBytes = scanHeaderBytes(bytes, bytesAt, plainBytes);
            assert.equal(okBytes, ok, line);
            assert.equal(scanHeaderBytes(bytes, bytesAt, rememberedBytes, bytesMemo), ok, line);
            if (ok) assert.deepEqual(rememberedBytes, plainBytes, line);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });

  test('1 MB pathological lines are handled (results equal to their bounded prefix)', () => {
    const mb = 1 << 20;
    const lines = [
      '\u200e'.repeat(mb),
      '['.repeat(mb),
      '1'.repeat(mb),
      '1/'.repeat(mb / 2),
      '1/1/1, '.repeat(mb / 7),
      '1/1/1, 1:11 '.repeat(mb / 12),
      `1/1/2024, 1:11 ${'p. '.repeat(mb / 3)}`,
      `1/1/2024, 1:11 P${'M'.repeat(mb)}`,
      `[1/1/2024, 1:11:11${'\u202f'.repeat(mb)}`,
      `1/1/2024, 1:11 - ${': '.repeat(mb / 2)}`,
    ];
    for (const line of lines) {
      const prefix = line.slice(0, MAX_HEADER_CHARS);
      assert.deepEqual(matchHeader(line), matchHeader(prefix));
      assert.deepEqual(matchHeaderRegex(line), matchHeaderRegex(prefix));
      assert.deepEqual(viaBytes(line), viaBytes(prefix));
    }
  });
});
