import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCustosError } from '../errors.ts';
import {
  JsonStreamReader,
  sampleJson,
  type JsonRepair,
  type JsonValue,
  type PathPart,
} from './json-stream.ts';

const enc = new TextEncoder();

function read(
  input: string | Uint8Array,
  chunk: number,
  select?: (p: readonly PathPart[]) => 'descend' | 'emit' | 'skip',
  allowTruncated = false,
) {
  const bytes = typeof input === 'string' ? enc.encode(input) : input;
  const values: { path: PathPart[]; value: JsonValue; start: number; end: number }[] = [];
  const repairs: JsonRepair[] = [];
  const reader = new JsonStreamReader({
    file: 'x.json',
    select: select ?? ((p) => (p.length === 0 ? 'emit' : 'skip')),
    onValue: (path, value, start, end) => values.push({ path: [...path], value, start, end }),
    onRepair: (r) => repairs.push(r),
    allowTruncated,
  });
  for (let i = 0; i < bytes.length; i += chunk) reader.write(bytes.subarray(i, i + chunk));
  const end = reader.end();
  return { values, repairs, end };
}

const plain = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

describe('JsonStreamReader', () => {
  test('valid JSON reads like JSON.parse, whatever the chunking', () => {
    const doc = fc.jsonValue({ maxDepth: 4 }).filter((v) => !/[0-9]{16}/.test(JSON.stringify(v)));
    fc.assert(
      fc.property(doc, fc.integer({ min: 1, max: 17 }), fc.boolean(), (value, chunk, pretty) => {
        const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
        const { values, repairs } = read(text, chunk);
        assert.equal(values.length, 1);
        assert.deepEqual(plain(values[0]?.value), JSON.parse(text));
        assert.equal(repairs.length, 0);
      }),
      { numRuns: 300 },
    );
  });

  test('emitted values carry their exact byte range', () => {
    const text = '{"messages":[{"a":"é😊"},[1,2],"x",null],"n":1}';
    const { values } = read(text, 5, (p) =>
      p.length === 0 || (p.length === 1 && p[0] === 'messages') ? 'descend' : 'emit',
    );
    const bytes = enc.encode(text);
    const dec = new TextDecoder();
    assert.deepEqual(
      values.map((v) => [v.path, dec.decode(bytes.subarray(v.start, v.end))]),
      [
        [['messages', 0], '{"a":"é😊"}'],
        [['messages', 1], '[1,2]'],
        [['messages', 2], '"x"'],
        [['messages', 3], 'null'],
        [['n'], '1'],
      ],
    );
  });

  test('\\xHH escapes become U+00HH and are reported (telegramdesktop/tdesktop#27571)', () => {
    const { values, repairs } = read('{"t":"a\\x0Cb\\x1f"}', 3);
    assert.deepEqual(plain(values[0]?.value), { t: 'a\fb\u001f' });
    assert.deepEqual(
      repairs.map((r) => [r.code, r.byteOffset]),
      [
        ['INVALID_ESCAPE_REPAIRED', 7],
        ['INVALID_ESCAPE_REPAIRED', 12],
      ],
    );
  });

  test('unknown escapes keep the backslash; lone surrogates become U+FFFD', () => {
    const { values, repairs } = read('["C:\\Users", "\\ud83d", "\\ude00x", "\\ud83d\\ude00"]', 2);
    assert.deepEqual(values[0]?.value, ['C:\\Users', '\uFFFD', '\uFFFDx', '😀']);
    assert.deepEqual(
      repairs.map((r) => r.code),
      ['INVALID_ESCAPE_REPAIRED', 'LONE_SURROGATE_REPLACED', 'LONE_SURROGATE_REPLACED'],
    );
  });

  test('bytes that are not UTF-8 are read as Windows-1252, even split across chunks', () => {
    const bytes = new Uint8Array([
      ...enc.encode('["caf'),
      0xe9,
      0x20,
      0x80,
      ...enc.encode('", "ok é"]'),
    ]);
    for (const chunk of [1, 2, 3, 100]) {
      const { values, repairs } = read(bytes, chunk);
      assert.deepEqual(values[0]?.value, ['café €', 'ok é']);
      assert.ok(repairs.length >= 1 && repairs.every((r) => r.code === 'INVALID_UTF8_REPAIRED'));
      assert.equal(repairs[0]?.byteOffset, 5);
    }
  });

  test('integers beyond 2^53 keep their digits; trailing commas are ignored', () => {
    const { values, repairs } = read('{"document_id": 5368324170671202286, "a": [1, 2, ], }', 4);
    assert.deepEqual(plain(values[0]?.value), { document_id: '5368324170671202286', a: [1, 2] });
    assert.deepEqual(repairs.map((r) => r.code).sort(), [
      'NUMBER_KEPT_AS_TEXT',
      'TRAILING_COMMA_IGNORED',
      'TRAILING_COMMA_IGNORED',
    ]);
  });

  test('"__proto__" is plain data, never the prototype', () => {
    const { values } = read('{"__proto__": {"polluted": true}}', 64);
    const v = values[0]?.value as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(v), Object.prototype);
    assert.deepEqual(Object.keys(v), ['__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(v, '__proto__')?.value, { polluted: true });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('errors name the line and byte offset', () => {
    for (const [text, at, line] of [
      ['{"a":1 "b":2}', 7, 1],
      ['{\n "a": tru\n}', 8, 2],
      ['[1,\n2]\nx', 7, 3],
      ['{"a": 01}', 6, 1],
    ] as const) {
      assert.throws(
        () => read(text, 3),
        (e) =>
          isCustosError(e, 'PARSE_BAD_JSON') &&
          e.location?.byteOffset === at &&
          e.location.line === line &&
          e.location.file === 'x.json',
        text,
      );
    }
  });

  test('truncated input: an error, or with allowTruncated the offset of the incomplete record', () => {
    const text = '{"messages":[{"id":1},{"id":2,"te';
    assert.throws(
      () => read(text, 4, (p) => (p.length < 2 ? 'descend' : 'emit')),
      (e) => isCustosError(e, 'PARSE_BAD_JSON'),
    );
    const r = read(text, 4, (p) => (p.length < 2 ? 'descend' : 'emit'), true);
    assert.deepEqual(
      r.values.map((v) => plain(v.value)),
      [{ id: 1 }],
    );
    assert.deepEqual(r.end, { truncatedAt: 22 });
  });

  test('empty input and nesting beyond the limit are errors', () => {
    assert.throws(
      () => read('   ', 1),
      (e) => isCustosError(e, 'PARSE_BAD_JSON'),
    );
    assert.throws(
      () => read('['.repeat(300), 64),
      (e) => isCustosError(e, 'PARSE_TOO_LARGE'),
    );
  });

  test('sampleJson returns the partial document of a cut-off head', () => {
    assert.deepEqual(plain(sampleJson(enc.encode('{"a":[1,2,3,4,5],"b":{"c":"dd'), 3)), {
      a: [1, 2, 3],
      b: {},
    });
    assert.equal(sampleJson(enc.encode('not json')), undefined);
  });

  test('buildOnly: members left out are not built, yet every repair is reported as when built', () => {
    const bad = new Uint8Array([0x22, 0x63, 0x61, 0x66, 0xe9, 0x22]); // "caf\xe9" (not UTF-8)
    const head = enc.encode('{"messages":[{"date":"d1","text":["a\\x0Cb",{"t":"\\ud83dx"}],"x":');
    const tail = enc.encode(',"n":12345678901234567890,"r":[1,]},{"date":"d2","text":"ok"}]}');
    const bytes = new Uint8Array([...head, ...bad, ...tail]);
    const select = (p: readonly PathPart[]) =>
      p.length === 0 || (p.length === 1 && p[0] === 'messages') ? 'descend' : 'emit';
    for (const chunk of [1, 3, 7, 1000]) {
      const full = read(bytes, chunk, select);
      const values: JsonValue[] = [];
      const repairs: JsonRepair[] = [];
      const reader = new JsonStreamReader({
        file: 'x.json',
        select,
        buildOnly: () => new Set(['date']),
        onValue: (_p, v) => values.push(v),
        onRepair: (r) => repairs.push(r),
      });
      for (let i = 0; i < bytes.length; i += chunk) reader.write(bytes.subarray(i, i + chunk));
      reader.end();
      assert.deepEqual(values, [{ date: 'd1' }, { date: 'd2' }]);
      assert.deepEqual(repairs, full.repairs);
      assert.deepEqual(full.repairs.map((r) => r.code).sort(), [
        'INVALID_ESCAPE_REPAIRED',
        'INVALID_UTF8_REPAIRED',
        'LONE_SURROGATE_REPLACED',
        'NUMBER_KEPT_AS_TEXT',
        'TRAILING_COMMA_IGNORED',
      ]);
    }
  });

  test('a chunk written in pieces (sameChunk) reports what the chunk written at once reports', () => {
    const text = `${'{"pad":"'.padEnd(40, 'x')}","s":"a\\ud83db","t":"\\ud83d"}`;
    const bytes = enc.encode(text);
    const whole: JsonRepair[] = [];
    const pieces: JsonRepair[] = [];
    const a = new JsonStreamReader({ file: 'x', onRepair: (r) => whole.push(r) });
    a.write(bytes.subarray(0, 30));
    a.write(bytes.subarray(30));
    a.end();
    const b = new JsonStreamReader({ file: 'x', onRepair: (r) => pieces.push(r) });
    b.write(bytes.subarray(0, 30));
    for (let at = 30; at < bytes.length; at += 4) b.write(bytes.subarray(at, at + 4), at > 30);
    b.end();
    assert.deepEqual(pieces, whole);
    assert.ok(whole.some((r) => r.code === 'LONE_SURROGATE_REPLACED'));
  });

  test('error lines count line breaks in whitespace and raw ones inside strings', () => {
    for (const chunk of [1, 2, 5, 64]) {
      assert.throws(
        () => read('[\n"a\nb\n",\n\n"c\\x4\n"\n  1 2]', chunk),
        (e) =>
          isCustosError(e, 'PARSE_BAD_JSON') &&
          e.location?.line === 8 &&
          e.location.byteOffset === 21,
      );
    }
  });
});
