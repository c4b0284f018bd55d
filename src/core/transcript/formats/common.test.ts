import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatUtc, formatWithOffset, isValidLocalDate, LocalTimeResolver } from '../local-time.ts';
import { NoteBook } from '../notes.ts';
import type { ScanContext } from '../ordering.ts';
import type { DetectionProbe } from '../types.ts';
import {
  detectEntriesByHead,
  formatUtcMicros,
  isoUtc,
  isoWithOffset,
  LazyResolver,
  noteMergedConversations,
  parseIsoWithOffset,
  parseNaiveIso,
  validLocalDate,
} from './common.ts';

/** The grammar of `parseIsoWithOffset`, as a regular expression (the reference). */
const ISO_OFFSET_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

function referenceIso(s: string): { epochMs: number; offsetMinutes: number } | null {
  const m = ISO_OFFSET_RE.exec(s);
  if (!m) return null;
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])];
  const sec = Number(m[6] ?? 0);
  const ms = Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3));
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  const date = new Date(Date.UTC(2000, mo - 1, d, h, mi, sec, ms));
  date.setUTCFullYear(y);
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  let offsetMinutes = 0;
  const z = m[8] as string;
  if (z !== 'Z') {
    const digits = z.replace(':', '');
    const oh = Number(digits.slice(1, 3));
    const om = Number(digits.slice(3, 5));
    if (oh > 23 || om > 59) return null;
    offsetMinutes = (z[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  return { epochMs: date.getTime() - offsetMinutes * 60_000, offsetMinutes };
}

const isoish = fc.oneof(
  fc
    .array(
      fc.constantFrom(
        '2024',
        '0000',
        '9999',
        '-',
        '02',
        '29',
        '30',
        '31',
        '13',
        '00',
        'T',
        ' ',
        ':',
        '23',
        '24',
        '59',
        '60',
        '.',
        '5',
        '531',
        '5310000',
        '1234567890',
        'Z',
        '+',
        '01:00',
        '0100',
        '24:00',
        '05:30',
        '+01:0',
      ),
      { maxLength: 14 },
    )
    .map((a) => a.join('')),
  fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.option(fc.integer({ min: 0, max: 60 })),
      fc.option(fc.stringMatching(/^[0-9]{1,10}$/)),
      fc.oneof(fc.constant('Z'), fc.stringMatching(/^[+-][0-9]{2}:?[0-9]{2}$/)),
    )
    .map(
      ([y, mo, d, h, mi, s, f, z]) =>
        `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}T${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}${s === null ? '' : `:${String(s).padStart(2, '0')}${f === null ? '' : `.${f}`}`}${z}`,
    ),
);

describe('time helpers of the parsers', () => {
  test('parseIsoWithOffset reads exactly its grammar', () => {
    fc.assert(
      fc.property(isoish, (s) => {
        assert.deepEqual(parseIsoWithOffset(s), referenceIso(s), s);
      }),
      { numRuns: 20_000 },
    );
    assert.deepEqual(parseIsoWithOffset('2024-02-10T15:30:12.5310000+01:00'), {
      epochMs: Date.UTC(2024, 1, 10, 14, 30, 12, 531),
      offsetMinutes: 60,
    });
  });

  test('parseNaiveIso reads exactly its grammar', () => {
    const re = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;
    fc.assert(
      fc.property(
        fc.oneof(
          isoish.map((s) => s.replace(/(Z|[+-]\d\d:?\d\d)$/, '')),
          fc.string({ maxLength: 30 }),
        ),
        (s) => {
          const m = re.exec(s);
          const expected = m
            ? {
                year: Number(m[1]),
                month: Number(m[2]),
                day: Number(m[3]),
                hour: Number(m[4]),
                minute: Number(m[5]),
                second: Number(m[6] ?? 0),
                millisecond: Number((m[7] ?? '0').padEnd(3, '0').slice(0, 3)),
              }
            : null;
          assert.deepEqual(parseNaiveIso(s), expected, s);
        },
      ),
      { numRuns: 20_000 },
    );
  });

  test('isoUtc, isoWithOffset and formatUtcMicros write what the general formatters write', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1e13, max: 2.6e14 }),
        fc.integer({ min: -900, max: 900 }),
        (ms, off) => {
          assert.equal(isoWithOffset(ms, off), formatWithOffset(ms, off));
          assert.equal(isoUtc(ms), formatUtc(ms));
          const micros = ms * 1000 + (off & 0x3ff);
          const d = new Date(Math.floor(micros / 1000));
          if (Number.isFinite(d.getTime())) {
            const iso = d.toISOString();
            const micro = micros - Math.floor(micros / 1000) * 1000;
            const expected =
              micro === 0 ? iso : `${iso.slice(0, -1)}${String(micro).padStart(3, '0')}Z`;
            assert.equal(formatUtcMicros(micros), expected);
          }
        },
      ),
      { numRuns: 20_000 },
    );
  });

  test('validLocalDate answers as isValidLocalDate', () => {
    fc.assert(
      fc.property(
        fc.record({
          year: fc.integer({ min: -5, max: 10_005 }),
          month: fc.integer({ min: -1, max: 14 }),
          day: fc.integer({ min: -1, max: 33 }),
          hour: fc.integer({ min: -1, max: 25 }),
          minute: fc.integer({ min: -1, max: 61 }),
          second: fc.integer({ min: -1, max: 61 }),
        }),
        (l) => assert.equal(validLocalDate(l), isValidLocalDate(l)),
      ),
      { numRuns: 20_000 },
    );
  });

  test('the shared resolver gives the offsets and resolutions of a plain one, near every change', () => {
    for (const zone of [
      'Europe/London',
      'America/St_Johns',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
    ]) {
      const plain = new LocalTimeResolver(zone);
      const shared = new LazyResolver(zone).get({ file: 'x' });
      let prev: number | undefined;
      for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2025, 0, 1); t += 17 * 60_000 + 7_001) {
        assert.equal(shared.offsetAt(t), plain.offsetAt(t), `${zone} ${t}`);
        const d = new Date(t);
        const local = {
          year: d.getUTCFullYear(),
          month: d.getUTCMonth() + 1,
          day: d.getUTCDate(),
          hour: d.getUTCHours(),
          minute: d.getUTCMinutes(),
          second: d.getUTCSeconds(),
        };
        assert.deepEqual(shared.resolve(local, prev), plain.resolve(local, prev));
        prev = t;
      }
    }
  });
});

describe('detectEntriesByHead', () => {
  const probe = (heads: Record<string, string>): DetectionProbe => ({
    source: { kind: 'folder', label: 'export' } as unknown as DetectionProbe['source'],
    heads: new Map(Object.entries(heads).map(([p, t]) => [p, new TextEncoder().encode(t)])),
  });
  const score = (head: Uint8Array) => (head[0] === 0x7b ? (head.length > 3 ? 0.9 : 0.5) : 0);

  test('keeps the entries scored above 0, in path order, with the best score', () => {
    const d = detectEntriesByHead(
      probe({ 'b/chat.json': '{"a":1}', 'a/chat.json': '{}', 'notes.txt': 'hello' }),
      'telegram-desktop-json',
      score,
    );
    assert.deepEqual(d, {
      format: 'telegram-desktop-json',
      confidence: 0.9,
      entries: ['a/chat.json', 'b/chat.json'],
    });
  });

  test('no matching entry is no detection', () => {
    assert.equal(
      detectEntriesByHead(probe({ 'x.txt': 'plain' }), 'telegram-desktop-json', score),
      null,
    );
  });
});

describe('noteMergedConversations', () => {
  const context = () => ({ notes: new NoteBook() }) as unknown as ScanContext;

  test('one conversation or none records nothing', () => {
    for (const n of [0, 1]) {
      const ctx = context();
      noteMergedConversations(ctx, n, 'chats', ['Family']);
      assert.equal(ctx.notes.has('MULTIPLE_CONVERSATIONS'), false);
    }
  });

  test('several are named, at most ten', () => {
    const ctx = context();
    const names = Array.from({ length: 12 }, (_, i) => `Chat ${i + 1}`);
    noteMergedConversations(ctx, names.length, 'chats', names);
    const note = ctx.notes.notes().find((n) => n.code === 'MULTIPLE_CONVERSATIONS');
    assert.ok(note);
    assert.match(note.message, /^the export holds 12 chats \(Chat 1, .*Chat 10, …\); /);
    assert.doesNotMatch(note.message, /Chat 11/);
  });

  test('a count without names says what was found', () => {
    const ctx = context();
    noteMergedConversations(ctx, 3, 'CSV files');
    const note = ctx.notes.notes().find((n) => n.code === 'MULTIPLE_CONVERSATIONS');
    assert.ok(note?.message.startsWith('the export holds 3 CSV files; '));
  });
});
