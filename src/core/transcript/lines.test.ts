import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { findInvalidUtf8, readLines, type TextLine } from './lines.ts';
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

describe('findInvalidUtf8', () => {
  test('accepts valid text and finds overlong, surrogate and truncated sequences', () => {
    assert.equal(findInvalidUtf8(enc.encode('héllo 😀 \u202f')), -1);
    assert.equal(findInvalidUtf8(new Uint8Array([0x61, 0xc0, 0xaf])), 1); // overlong '/'
    assert.equal(findInvalidUtf8(new Uint8Array([0xed, 0xa0, 0x80])), 0); // UTF-16 surrogate
    assert.equal(findInvalidUtf8(new Uint8Array([0x61, 0x62, 0xe2, 0x82])), 2); // truncated
    assert.equal(findInvalidUtf8(new Uint8Array([0xf4, 0x90, 0x80, 0x80])), 0); // > U+10FFFF
  });
});
