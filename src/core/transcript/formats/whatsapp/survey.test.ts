import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { memorySource } from '../../memory-source.ts';
import { decide, PREFIX_BYTES, surveyExport } from './survey.ts';

const LRM = '\u200e';

async function survey(
  text: string,
  chunkSize?: number,
  entryDate?: (n: string) => readonly [number, number, number] | null,
) {
  const src = memorySource(
    'c.txt',
    { 'c.txt': text },
    chunkSize === undefined ? {} : { chunkSize },
  );
  return surveyExport(src.open('c.txt'), entryDate ? { entryDate } : undefined);
}

describe('WhatsApp survey (first pass)', () => {
  test('finds the shape most headers have and counts every line', async () => {
    const s = await survey(
      [
        '\ufeff05/03/2024, 14:22 - A: x',
        'text',
        '2024-01-06, 10:00 - typed',
        '06/03/2024, 09:00 - B: y',
        '',
      ].join('\n'),
    );
    assert.equal(s.lines, 4);
    assert.deepEqual(
      s.shapes.map((x) => [x.count, x.firstLine]),
      [
        [2, 1],
        [1, 3],
      ],
    );
    assert.deepEqual(decide(s)?.order, { order: 'DMY', basis: 'guessed', conflict: false });
  });

  test('the result does not depend on chunk boundaries, CRLF, multi-byte characters or a final line without LF (property)', async () => {
    const line = fc.oneof(
      fc.constantFrom(
        `${LRM}[3/14/24, 7:02:15\u202fPM] Jamie: ${LRM}image omitted`,
        '[3/4/24, 7:02:15 AM] Chris: hi 👍🏽',
        '14/3/24, 19:02 - Ana: olá',
        '2024/3/14, 7:02 pm - Min: 안녕',
        'continuation ü',
      ),
      fc.string({ maxLength: 20 }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(line, { maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        fc.integer({ min: 1, max: 9 }),
        fc.boolean(),
        async (lines, eol, chunk, bom) => {
          const text = (bom ? '\ufeff' : '') + lines.join(eol);
          const a = await survey(text);
          const b = await survey(text, chunk);
          assert.deepEqual(b, a);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a line longer than a chunk keeps its header and its attachment evidence', async () => {
    const long = 'x'.repeat(3 * PREFIX_BYTES);
    const s = await survey(
      `4/3/24, 10:00 - A: ${long}\n4/3/24, 10:01 - A: IMG-20240304-WA0001.jpg (file attached)\n`,
      1000,
    );
    assert.equal(s.shapes[0]?.count, 2);
    assert.equal(s.shapes[0]?.order.namesDayFirst, 1);
  });

  test('archive entry dates are asked for attachments of ambiguous dates only', async () => {
    const asked: string[] = [];
    const s = await survey(
      '4/3/24, 10:00 - A: photo.jpg (file attached)\n4/3/24, 10:01 - A: hi\n',
      undefined,
      (n) => {
        asked.push(n);
        return [2024, 4, 3];
      },
    );
    assert.deepEqual(asked, ['photo.jpg']);
    assert.equal(s.shapes[0]?.order.archiveMonthFirst, 1);
  });
});
