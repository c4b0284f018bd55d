import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCustosError } from '../errors.ts';
import type { TextLine } from './lines.ts';
import { decodeTolerant } from './text-decode.ts';
import { readTolerantLineBatches, readTolerantLines, tolerantLineAt } from './tolerant-lines.ts';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

/** The lines of a whole input, read the plain way: split at LF, CR before LF dropped, BOM skipped. */
function reference(bytes: Uint8Array): { lines: TextLine[]; repairs: [number, number][] } {
  const lines: TextLine[] = [];
  const repairs: [number, number][] = [];
  let start = 0;
  let lineNo = 1;
  while (start < bytes.length) {
    const nl = bytes.indexOf(0x0a, start);
    const end = nl < 0 ? bytes.length : nl;
    let body = end;
    const crlf = nl >= 0 && body > start && bytes[body - 1] === 0x0d;
    if (crlf) body--;
    let s = start;
    if (start === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) s = 3;
    const d = decodeTolerant(bytes.subarray(s, Math.max(s, body)));
    if (d.repairedBytes > 0) repairs.push([lineNo, s + d.firstRepair]);
    lines.push({
      text: d.text,
      line: lineNo,
      byteOffset: s,
      byteLength: Math.max(0, body - s),
      crlf,
    });
    lineNo++;
    start = end + 1;
  }
  return { lines, repairs };
}

test('batches hold the lines of a plain reading, whatever the chunking', async () => {
  const piece = fc.constantFrom('a', 'é', '😀', '\n', '\r\n', '\r', ' ', 'line', '\u2028');
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.oneof(
          piece.map((s) => new TextEncoder().encode(s)),
          fc.uint8Array({ maxLength: 3 }),
        ),
        {
          maxLength: 60,
        },
      ),
      fc.boolean(),
      fc.integer({ min: 1, max: 70_000 }),
      async (parts, bom, size) => {
        const body = parts.flatMap((p) => [...p]);
        const bytes = new Uint8Array([...(bom ? [0xef, 0xbb, 0xbf] : []), ...body]);
        const ref = reference(bytes);
        const got: TextLine[] = [];
        const repairs: [number, number][] = [];
        for await (const b of readTolerantLineBatches(chunked(bytes, size), { file: 'f' })) {
          for (const r of b.repairs) repairs.push([b.firstLine + r.index, r.byteOffset]);
          for (let k = 0; k < b.count; k++) got.push(tolerantLineAt(b, k));
        }
        assert.deepEqual(got, ref.lines);
        assert.deepEqual(repairs, ref.repairs);
        const single: TextLine[] = [];
        const reported: [number, number][] = [];
        for await (const l of readTolerantLines(chunked(bytes, size), {
          file: 'f',
          onRepair: (line, at) => reported.push([line, at]),
        }))
          single.push(l);
        assert.deepEqual(single, ref.lines);
        assert.deepEqual(reported, ref.repairs);
      },
    ),
    { numRuns: 400 },
  );
});

test('a line over the limit fails after the batch of the lines before it', async () => {
  const bytes = new TextEncoder().encode(`ok\n${'x'.repeat(50)}\nnext\n`);
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const b of readTolerantLineBatches(chunked(bytes, 1000), {
        file: 'f',
        maxLineBytes: 20,
      }))
        seen.push(...b.texts);
    })(),
    (e) =>
      isCustosError(e, 'PARSE_LINE_TOO_LONG') &&
      e.location?.line === 2 &&
      e.location.byteOffset === 3,
  );
  assert.deepEqual(seen, ['ok']);
});
