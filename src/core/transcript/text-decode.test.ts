import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeTolerant, replaceLoneSurrogates, TolerantStreamDecoder } from './text-decode.ts';
import { readTolerantLines } from './tolerant-lines.ts';

test('invalid bytes are read as Windows-1252 and counted', () => {
  const d = decodeTolerant(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x80, 0xc3, 0xa9]));
  assert.deepEqual(d, { text: 'café €é', repairedBytes: 2, firstRepair: 3 });
});

test('the stream decoder equals whole-input decoding for any chunking of valid UTF-8', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme' }), fc.integer({ min: 1, max: 7 }), (s, chunk) => {
      const bytes = new TextEncoder().encode(s);
      const dec = new TolerantStreamDecoder(() => assert.fail('no repair expected'));
      let out = '';
      for (let i = 0; i < bytes.length; i += chunk) out += dec.push(bytes.subarray(i, i + chunk));
      out += dec.push(new Uint8Array(0), true);
      assert.equal(out, s);
    }),
  );
});

test('lone surrogates become U+FFFD, pairs stay', () => {
  assert.deepEqual(replaceLoneSurrogates('a\ud83d\ude00b\ud83dc\ude00'), {
    text: 'a😀b\uFFFDc\uFFFD',
    replaced: 2,
  });
});

test('tolerant lines: CRLF, BOM, offsets and repaired lines', async () => {
  const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a, 0xe9, 0x0a, 0x62]);
  const repairs: number[] = [];
  const lines = [];
  for await (const l of readTolerantLines(
    (async function* () {
      for (const b of bytes) yield new Uint8Array([b]);
    })(),
    { file: 'f', onRepair: (_line, at) => repairs.push(at) },
  ))
    lines.push(l);
  assert.deepEqual(lines, [
    { text: 'a', line: 1, byteOffset: 3, byteLength: 1, crlf: true },
    { text: 'é', line: 2, byteOffset: 6, byteLength: 1, crlf: false },
    { text: 'b', line: 3, byteOffset: 8, byteLength: 1, crlf: false },
  ]);
  assert.deepEqual(repairs, [6]);
});
