import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memorySource } from '../../memory-source.ts';
import { parseExport } from '../../registry.ts';
import {
  announcementActor,
  HEADER_RE,
  imessageTxtParser,
  parseDuration,
  parseIMessageHeader,
} from './imessage-txt.ts';

const parse = (files: Record<string, string | Uint8Array>) =>
  parseExport(memorySource('export', files, { chunkSize: 5 }), { timeZone: 'Europe/London' }, [
    imessageTxtParser,
  ]);

describe('imessage-exporter TXT', () => {
  test('headers: space-padded hour, AM/PM, validity', () => {
    assert.deepEqual(
      parseIMessageHeader('Mar 05, 2024  4:05:41 PM (Read by them after 2 minutes)')?.local,
      { year: 2024, month: 3, day: 5, hour: 16, minute: 5, second: 41 },
    );
    assert.equal(parseIMessageHeader('Mar 05, 2024 12:00:00 AM')?.local.hour, 0);
    assert.equal(parseIMessageHeader('Feb 30, 2024 10:00:00 AM'), null);
    assert.equal(parseIMessageHeader('Mar 05, 2024 13:00:00 PM'), null);
    assert.equal(parseDuration('1 hour, 49 seconds'), 3649);
    assert.equal(announcementActor('Sam Taylor added Jordan to the conversation.'), 'Sam Taylor');
    assert.equal(announcementActor('You renamed the conversation to Hike'), 'You');
  });

  test('headers are read by character positions exactly as the grammar HEADER_RE says', () => {
    const part = fc.constantFrom(
      'Mar',
      'mar',
      'Xyz',
      'May',
      ' ',
      '  ',
      ',',
      '05',
      '5',
      '2024',
      '1024',
      ' 4',
      '12',
      '13',
      '00',
      ':',
      '59',
      '60',
      'AM',
      'PM',
      'pm',
      ' (Read by them)',
      'x',
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), (parts) => {
        const line = parts.join('');
        const h = parseIMessageHeader(line);
        if (!HEADER_RE.test(line)) assert.equal(h, null, line);
        else if (h) assert.equal(h.rest, line.slice(24));
      }),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1970, 0, 1)), max: new Date(Date.UTC(2199, 11, 31)) }),
        (d) => {
          if (Number.isNaN(d.getTime())) return;
          const mon = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
          const h12 = d.getUTCHours() % 12 || 12;
          const pad = (n: number) => String(n).padStart(2, '0');
          const line = `${mon} ${pad(d.getUTCDate())}, ${d.getUTCFullYear()} ${String(h12).padStart(2, ' ')}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
          assert.deepEqual(parseIMessageHeader(line)?.local, {
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
            hour: d.getUTCHours(),
            minute: d.getUTCMinutes(),
            second: d.getUTCSeconds(),
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  test('edits, deletions, effects, reactions, stickers and body blank lines', async () => {
    const t = await parse({
      'chat.txt': [
        'Mar 09, 2024 10:05:00 AM (Read by them after 1 minute)',
        'Me',
        'Mar 09, 2024 10:05:00 AM Meet at 9?',
        'Edited 5 seconds later: Meet at 9.30?',
        'Edited 1 minute, 2 seconds later: Meet at 10?',
        'Sent with Confetti',
        'Reactions:',
        'Loved by Sam',
        'Sticker from Sam: attachments/1/s.heic',
        '',
        '',
        'Mar 09, 2024 10:07:00 AM',
        'Sam',
        'line one',
        '',
        'line three after a blank',
        'attachments/1/IMG_1.jpeg',
        '',
        'Mar 09, 2024 10:08:00 AM',
        'Sam',
        'They deleted a message.',
        '',
      ].join('\n'),
      'attachments/1/IMG_1.jpeg': new Uint8Array([0xff, 0]),
    });
    const [a, b, c] = t.messages;
    assert.deepEqual(
      [a?.text, a?.edited, a?.editedTimestamp, a?.attachments],
      ['Meet at 10?', true, '2024-03-09T10:06:07+00:00', []],
    );
    assert.deepEqual(
      [b?.text, b?.attachments],
      [
        'line one\n\nline three after a blank',
        [
          {
            fileName: 'IMG_1.jpeg',
            omitted: false,
            path: 'attachments/1/IMG_1.jpeg',
            inArchive: true,
          },
        ],
      ],
    );
    assert.deepEqual([c?.text, c?.deleted], ['', true]);
  });

  test('thread replies printed indented and again at top level are read once', async () => {
    const t = await parse({
      'chat.txt': [
        'Mar 09, 2024 10:02:30 AM',
        'Sam',
        'Sunday?',
        '    Mar 09, 2024 10:03:00 AM',
        '    Me',
        '    Yes!',
        '    Mar 09, 2024 10:04:00 AM',
        '    Sam',
        '    Only indented',
        '',
        'Mar 09, 2024 10:03:00 AM',
        'Me',
        'Yes!',
        'This message responded to an earlier message.',
        '',
      ].join('\n'),
    });
    assert.deepEqual(
      t.messages.map((m) => [m.sender, m.text, m.timestamp]),
      [
        ['Sam', 'Sunday?', '2024-03-09T10:02:30+00:00'],
        ['Me', 'Yes!', '2024-03-09T10:03:00+00:00'],
        ['Sam', 'Only indented', '2024-03-09T10:04:00+00:00'],
      ],
    );
    assert.ok(t.notes.some((n) => n.code === 'DUPLICATE_REPLY_MERGED'));
  });

  test('the DST fold is resolved by message order and flagged', async () => {
    const t = await parse({
      'chat.txt':
        'Oct 27, 2024  1:30:00 AM\nMe\nfirst\n\nOct 27, 2024  1:10:00 AM\nSam\nsecond hour\n\nOct 27, 2024  2:00:00 AM\nMe\nafter\n',
    });
    assert.deepEqual(
      t.messages.map((m) => [m.timestamp, m.timestampAmbiguous ?? false]),
      [
        ['2024-10-27T01:30:00+01:00', true],
        ['2024-10-27T01:10:00+00:00', true],
        ['2024-10-27T02:00:00+00:00', false],
      ],
    );
  });

  test('text before the first message is kept as a note, not silently dropped', async () => {
    const t = await parse({ 'chat.txt': 'stray\nMar 09, 2024 10:02:30 AM\nSam\nhi\n' });
    assert.equal(t.messages.length, 1);
    assert.deepEqual(
      t.notes.map((n) => [n.code, n.origin?.line]),
      [['TEXT_OUTSIDE_MESSAGE', 1]],
    );
  });
});

test('timestamps outside 1970–2199 are not message headers (local-mean-time offsets have seconds)', () => {
  assert.equal(parseIMessageHeader('Mar 09, 1024 10:05:00 AM'), null);
  assert.equal(parseIMessageHeader('Mar 09, 2200 10:05:00 AM'), null);
});
