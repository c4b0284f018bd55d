import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BATCH_LINES,
  findInvalidUtf8,
  lineAt,
  readLineBatches,
  readLines,
  type LineBatch,
  type TextLine,
} from './lines.ts';
import { isCustosError } from '../errors.ts';

const enc = new TextEncoder();

async function* chunked(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  let k = 0;
  while (at < bytes.length) {
    const n = Math.max(1, sizes.length ? (sizes[k++ % sizes.length] ?? 1) : bytes.length);
    yield bytes.subarray(at, at + n);
    at += n;
  }
}

async function collect(
  bytes: Uint8Array,
  sizes: readonly number[] = [],
  max?: number,
): Promise<TextLine[]> {
  const out: TextLine[] = [];
  const opts = max === undefined ? { file: 'chat.txt' } : { file: 'chat.txt', maxLineBytes: max };
  for await (const l of readLines(chunked(bytes, sizes), opts)) out.push(l);
  return out;
}

describe('readLines', () => {
  test('splits LF and CRLF records, keeps bare CR and reports offsets', async () => {
    const bytes = enc.encode('a\r\nb\u00e9\nc\rd\r\n\nlast');
    const lines = await collect(bytes, [1]);
    assert.deepEqual(
      lines.map((l) => [l.text, l.line, l.byteOffset, l.byteLength, l.crlf]),
      [
        ['a', 1, 0, 1, true],
        ['b\u00e9', 2, 3, 3, false],
        ['c\rd', 3, 7, 3, true],
        ['', 4, 12, 0, false],
        ['last', 5, 13, 4, false],
      ],
    );
  });

  test('skips a byte-order mark but counts its bytes', async () => {
    const lines = await collect(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62]));
    assert.deepEqual(
      lines.map((l) => [l.text, l.byteOffset]),
      [
        ['a', 3],
        ['b', 5],
      ],
    );
  });

  test('a final CR without LF stays in the text', async () => {
    const lines = await collect(enc.encode('x\ny\r'));
    assert.deepEqual(
      lines.map((l) => [l.text, l.crlf]),
      [
        ['x', false],
        ['y\r', false],
      ],
    );
  });

  test('invalid UTF-8 names the line and byte offset', async () => {
    const bytes = new Uint8Array([...enc.encode('ok\nfine\nbad '), 0xc3, 0x28, 0x0a]);
    for (const sizes of [[], [1], [5]]) {
      await assert.rejects(collect(bytes, sizes), (e: unknown) => {
        assert.ok(isCustosError(e, 'PARSE_INVALID_UTF8'));
        assert.equal(e.location?.line, 3);
        assert.equal(e.location?.byteOffset, 12);
        return true;
      });
    }
  });

  test('a line longer than the limit is refused with its line number', async () => {
    const bytes = enc.encode('short\n' + 'x'.repeat(100) + '\nafter');
    await assert.rejects(collect(bytes, [7], 50), (e: unknown) => {
      assert.ok(isCustosError(e, 'PARSE_LINE_TOO_LONG'));
      assert.equal(e.location?.line, 2);
      assert.equal(e.location?.byteOffset, 6);
      return true;
    });
  });

  test('any chunking gives the same lines as splitting the decoded text', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(fc.string({ unit: 'grapheme' }), fc.constantFrom('\n', '\r\n', '\r', '\u202f')),
          { maxLength: 30 },
        ),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 5 }),
        async (pieces, sizes) => {
          const text = pieces.join('');
          const bytes = enc.encode(text);
          const lines = await collect(bytes, sizes);
          const expected = text.split('\n');
          if (expected.at(-1) === '') expected.pop();
          assert.equal(lines.length, expected.length);
          lines.forEach((l, i) => {
            const want = expected[i] ?? '';
            const isLast = i === expected.length - 1 && !text.endsWith('\n');
            const stripped = !isLast && want.endsWith('\r') ? want.slice(0, -1) : want;
            assert.equal(l.text, stripped);
            assert.equal(l.line, i + 1);
            assert.deepEqual(
              bytes.subarray(l.byteOffset, l.byteOffset + l.byteLength),
              enc.encode(stripped),
            );
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});

async function batchesOf(bytes: Uint8Array, sizes: readonly number[] = []): Promise<LineBatch[]> {
  const out: LineBatch[] = [];
  for await (const b of readLineBatches(chunked(bytes, sizes), { file: 'chat.txt' })) out.push(b);
  return out;
}

describe('readLineBatches', () => {
  test('the lines of the batches, in order, are the lines readLines gives (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'grapheme' }),
            fc.constantFrom('\n', '\r\n', '\r', '\u202f', '\ufeff', '😀'),
          ),
          { maxLength: 30 },
        ),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { maxLength: 5 }),
        async (pieces, bom, sizes) => {
          const bytes = enc.encode((bom ? '\ufeff' : '') + pieces.join(''));
          const expected = await collect(bytes, sizes);
          const batches = await batchesOf(bytes, sizes);
          const lines = batches.flatMap((b) =>
            Array.from({ length: b.count }, (_, k) => lineAt(b, k)),
          );
          assert.deepEqual(lines, expected);
          let next = 1;
          for (const b of batches) {
            assert.ok(b.count >= 1 && b.count <= BATCH_LINES);
            assert.equal(b.firstLine, next);
            next += b.count;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a chunk of many lines comes in batches of at most BATCH_LINES sharing one decoded text', async () => {
    const n = BATCH_LINES * 2 + 7;
    // CRLF records, the last one ending with a bare LF.
    const text = `${Array.from({ length: n }, (_, i) => `line ${i} é`).join('\r\n')}\n`;
    const batches = await batchesOf(enc.encode(text));
    assert.deepEqual(
      batches.map((b) => [b.firstLine, b.count]),
      [
        [1, BATCH_LINES],
        [BATCH_LINES + 1, BATCH_LINES],
        [2 * BATCH_LINES + 1, 7],
      ],
    );
    assert.equal(batches[0]?.text, batches[1]?.text);
    const last = batches[2] as LineBatch;
    const l = lineAt(last, 6);
    assert.deepEqual(
      [l.text, l.line, l.crlf, l.byteOffset],
      [`line ${n - 1} é`, n, false, enc.encode(text).length - 1 - l.byteLength],
    );
    assert.equal(lineAt(last, 5).crlf, true);
  });

  test('invalid UTF-8 fails before any line of its chunk is handed over', async () => {
    const bytes = new Uint8Array([...enc.encode('a\nb\n'), 0xff, 0x0a, ...enc.encode('c\n')]);
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const b of readLineBatches(chunked(bytes, [4, 100]), { file: 'chat.txt' }))
          seen.push(b.firstLine);
      })(),
      (e: unknown) => {
        assert.ok(isCustosError(e, 'PARSE_INVALID_UTF8'));
        assert.equal(e.location?.line, 3);
        assert.equal(e.location?.byteOffset, 4);
        return true;
      },
    );
    assert.deepEqual(seen, [1]);
  });
});

describe('findInvalidUtf8', () => {
  test('accepts valid text and finds overlong, surrogate and truncated sequences', () => {
    assert.equal(findInvalidUtf8(enc.encode('héllo 😀 \u202f')), -1);
    assert.equal(findInvalidUtf8(new Uint8Array([0x61, 0xc0, 0xaf])), 1); // overlong '/'
    assert.equal(findInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80])), 0); // UTF-16 surrogate
    assert.equal(findInvalidUtf8(new Uint8Array([0x61, 0x62, 0xe2, 0x82])), 2); // truncated
    assert.equal(findInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80])), 0); // > U+10FFFF
  });
});
