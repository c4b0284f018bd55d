import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCustosError } from '../errors.ts';
import type { CustodyErrorCode } from './errors.ts';
import {
  CUSTODY_ACTIONS,
  MAX_EVENT_LEAF_BYTES,
  decodeEventLeaf,
  encodeEventLeaf,
  leafHashHex,
  type CustodyEvent,
} from './event.ts';
import { leafHash } from './merkle.ts';
import { utf8 } from './bytes.ts';
import { hex } from './test-support.ts';

const HASH_A = 'a'.repeat(64);
const HASH_B = '0123456789abcdef'.repeat(4);

function buildEvent(overrides: Partial<Record<keyof CustodyEvent, unknown>> = {}): CustodyEvent {
  return {
    v: 1,
    seq: 0,
    at: '2024-05-01T09:30:00.000Z',
    actor: 'cli:AB',
    action: 'acquired',
    object: 'exhibit:AB/1',
    ...overrides,
  } as CustodyEvent;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const isCode = (code: CustodyErrorCode) => (e: unknown) => isCustosError(e, code);

describe('encodeEventLeaf', () => {
  test('writes RFC 8785 canonical JSON: sorted keys, no white space', () => {
    const event = buildEvent({
      seq: 42,
      exhibitHash: HASH_A,
      reason: 'intake.upload',
      prev: HASH_B,
      details: HASH_A,
    });
    assert.equal(
      text(encodeEventLeaf(event)),
      `{"action":"acquired","actor":"cli:AB","at":"2024-05-01T09:30:00.000Z","details":"${HASH_A}","exhibitHash":"${HASH_A}","object":"exhibit:AB/1","prev":"${HASH_B}","reason":"intake.upload","seq":42,"v":1}`,
    );
  });

  test('leaves out optional fields set to undefined', () => {
    assert.deepEqual(
      encodeEventLeaf(buildEvent({ reason: undefined })),
      encodeEventLeaf(buildEvent()),
    );
  });

  test('the continuity chain links by leaf hash', () => {
    const first = encodeEventLeaf(buildEvent());
    const second = encodeEventLeaf(
      buildEvent({ seq: 1, action: 'viewed', prev: leafHashHex(first) }),
    );
    assert.equal(decodeEventLeaf(second).prev, hex(leafHash(first)));
  });

  const bad: [
    string,
    Partial<Record<keyof CustodyEvent, unknown>> | Record<string, unknown>,
    CustodyErrorCode,
  ][] = [
    ['version 2', { v: 2 }, 'CUSTODY_EVENT_BAD_VERSION'],
    ['version as string', { v: '1' }, 'CUSTODY_EVENT_BAD_VERSION'],
    ['negative seq', { seq: -1 }, 'CUSTODY_EVENT_BAD_SEQ'],
    ['fractional seq', { seq: 1.5 }, 'CUSTODY_EVENT_BAD_SEQ'],
    ['unsafe seq', { seq: 2 ** 53 }, 'CUSTODY_EVENT_BAD_SEQ'],
    ['-0 seq', { seq: -0 }, 'CUSTODY_EVENT_BAD_SEQ'],
    ['bigint seq', { seq: 1n }, 'CUSTODY_EVENT_BAD_SEQ'],
    ['time without ms', { at: '2024-05-01T09:30:00Z' }, 'CUSTODY_EVENT_BAD_TIME'],
    ['time with offset', { at: '2024-05-01T10:30:00.000+01:00' }, 'CUSTODY_EVENT_BAD_TIME'],
    ['impossible date', { at: '2024-02-30T09:30:00.000Z' }, 'CUSTODY_EVENT_BAD_TIME'],
    ['actor with a name in it', { actor: 'Jane Smith' }, 'CUSTODY_EVENT_BAD_ACTOR'],
    ['actor without kind', { actor: '7f3a' }, 'CUSTODY_EVENT_BAD_ACTOR'],
    ['unknown action', { action: 'deleted-everything' }, 'CUSTODY_EVENT_BAD_ACTION'],
    ['object with spaces', { object: 'exhibit:AB 1' }, 'CUSTODY_EVENT_BAD_OBJECT'],
    [
      'uppercase exhibit hash',
      { exhibitHash: HASH_A.toUpperCase() },
      'CUSTODY_EVENT_BAD_EXHIBIT_HASH',
    ],
    ['short exhibit hash', { exhibitHash: 'abc' }, 'CUSTODY_EVENT_BAD_EXHIBIT_HASH'],
    ['free-text reason', { reason: 'officer asked me to' }, 'CUSTODY_EVENT_BAD_REASON'],
    ['over-long reason', { reason: 'a'.repeat(65) }, 'CUSTODY_EVENT_BAD_REASON'],
    ['details not a hash', { details: '{"note":"x"}' }, 'CUSTODY_EVENT_BAD_DETAILS'],
    ['prev null', { prev: null }, 'CUSTODY_EVENT_BAD_PREV'],
    ['an extra key', { comment: 'hello' }, 'CUSTODY_EVENT_UNKNOWN_KEY'],
  ];
  for (const [name, overrides, code] of bad) {
    test(`refuses ${name}`, () =>
      assert.throws(() => encodeEventLeaf(buildEvent(overrides)), isCode(code)));
  }

  test('refuses a missing required key', () => {
    const { actor: _actor, ...rest } = buildEvent();
    assert.throws(() => encodeEventLeaf(rest as CustodyEvent), isCode('CUSTODY_EVENT_MISSING_KEY'));
  });

  test('every action in the list encodes', () => {
    for (const action of CUSTODY_ACTIONS)
      assert.equal(decodeEventLeaf(encodeEventLeaf(buildEvent({ action }))).action, action);
  });
});

describe('decodeEventLeaf', () => {
  const canonical = text(encodeEventLeaf(buildEvent({ exhibitHash: HASH_A, reason: 'intake' })));

  test('accepts exactly the canonical bytes', () => {
    assert.deepEqual(
      decodeEventLeaf(utf8(canonical)),
      buildEvent({ exhibitHash: HASH_A, reason: 'intake' }),
    );
  });

  const variants: [string, string][] = [
    [
      'keys in another order',
      JSON.stringify(buildEvent({ exhibitHash: HASH_A, reason: 'intake' })),
    ],
    ['a space after a colon', canonical.replace('"v":', '"v": ')],
    ['a trailing newline', canonical + '\n'],
    ['pretty-printed', JSON.stringify(JSON.parse(canonical), null, 2)],
    ['a number spelled 1.0', canonical.replace('"v":1', '"v":1.0')],
    ['an escaped character', canonical.replace('cli:AB', 'cli:\\u0041B')],
    ['a duplicate key', canonical.replace('"v":1}', '"v":1,"v":1}')],
    ['a byte-order mark', '\ufeff' + canonical],
  ];
  for (const [name, variant] of variants) {
    test(`refuses ${name}`, () => {
      assert.notEqual(variant, canonical);
      assert.throws(
        () => decodeEventLeaf(utf8(variant)),
        (e) => isCustosError(e) && /^CUSTODY_EVENT_NOT_(CANONICAL|JSON)$/.test(e.code),
      );
    });
  }

  test('refuses key order and white-space variants as NOT_CANONICAL specifically', () => {
    assert.throws(
      () => decodeEventLeaf(utf8(variants[0]?.[1] ?? '')),
      isCode('CUSTODY_EVENT_NOT_CANONICAL'),
    );
    assert.throws(
      () => decodeEventLeaf(utf8(variants[1]?.[1] ?? '')),
      isCode('CUSTODY_EVENT_NOT_CANONICAL'),
    );
  });

  test('refuses what is not an event', () => {
    assert.throws(
      () => decodeEventLeaf(Uint8Array.of(0x7b, 0xff, 0x7d)),
      isCode('CUSTODY_EVENT_INVALID_UTF8'),
    );
    assert.throws(() => decodeEventLeaf(utf8('{"v":1')), isCode('CUSTODY_EVENT_NOT_JSON'));
    assert.throws(() => decodeEventLeaf(utf8('[1]')), isCode('CUSTODY_EVENT_NOT_OBJECT'));
    assert.throws(() => decodeEventLeaf(utf8('null')), isCode('CUSTODY_EVENT_NOT_OBJECT'));
    assert.throws(
      () => decodeEventLeaf(utf8(canonical.replace('{', '{"__proto__":{},'))),
      isCode('CUSTODY_EVENT_UNKNOWN_KEY'),
    );
    assert.throws(
      () => decodeEventLeaf(new Uint8Array(MAX_EVENT_LEAF_BYTES + 1)),
      isCode('CUSTODY_EVENT_TOO_LARGE'),
    );
  });
});

describe('properties', () => {
  const hexHash = fc.stringMatching(/^[0-9a-f]{64}$/);
  const id = fc
    .tuple(
      fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
      fc.stringMatching(/^[A-Za-z0-9._:/-]{1,20}$/),
    )
    .map(([k, v]) => `${k}:${v}`);
  const event = fc.record(
    {
      v: fc.constant(1 as const),
      seq: fc.maxSafeNat(),
      at: fc
        .date({
          min: new Date('1970-01-01T00:00:00.000Z'),
          max: new Date('9999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        })
        .map((d) => d.toISOString()),
      actor: id,
      action: fc.constantFrom(...CUSTODY_ACTIONS),
      object: id,
      exhibitHash: hexHash,
      reason: fc.stringMatching(/^[a-z][a-z0-9]{0,10}(?:[._-][a-z0-9]{1,5}){0,3}$/),
      details: hexHash,
      prev: hexHash,
    },
    { requiredKeys: ['v', 'seq', 'at', 'actor', 'action', 'object'] },
  );

  test('encode then decode round-trips, and decode(encode) is the identity on bytes', () => {
    fc.assert(
      fc.property(event, (e) => {
        const bytes = encodeEventLeaf(e);
        const decoded = decodeEventLeaf(bytes);
        assert.deepEqual(decoded, { ...e });
        assert.deepEqual(encodeEventLeaf(decoded), bytes);
      }),
      { numRuns: 500 },
    );
  });

  test('any reordering of the keys is refused on decode', () => {
    fc.assert(
      fc.property(
        event.chain((e) =>
          fc.tuple(
            fc.constant(e),
            fc.shuffledSubarray(Object.keys(e), { minLength: Object.keys(e).length }),
          ),
        ),
        ([e, keys]) => {
          const reordered = `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(e[k as keyof CustodyEvent])}`).join(',')}}`;
          const canonical = text(encodeEventLeaf(e));
          if (reordered === canonical) return;
          assert.throws(
            () => decodeEventLeaf(utf8(reordered)),
            isCode('CUSTODY_EVENT_NOT_CANONICAL'),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

test('the flat canonical form equals the RFC 8785 library output for every valid event', async () => {
  const { default: fc } = await import('fast-check');
  const { default: canonicalize } = await import('canonicalize');
  const { flatCanonicalText, decodeEventLeafText, encodeEventLeaf, CUSTODY_ACTIONS } =
    await import('./event.ts');
  const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
  const event = fc.record(
    {
      v: fc.constant(1 as const),
      seq: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      at: fc
        .date({ min: new Date(0), max: new Date(Date.UTC(2199, 0, 1)), noInvalidDate: true })
        .map((d) => d.toISOString()),
      actor: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}:[A-Za-z0-9._:/-]{1,20}$/),
      action: fc.constantFrom(...CUSTODY_ACTIONS),
      object: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}:[A-Za-z0-9._:/-]{1,20}$/),
      exhibitHash: hex,
      reason: fc.stringMatching(/^[a-z][a-z0-9]{0,10}(?:-[a-z0-9]{1,5}){0,3}$/),
      details: hex,
      prev: hex,
    },
    { requiredKeys: ['v', 'seq', 'at', 'actor', 'action', 'object'] },
  );
  fc.assert(
    fc.property(event, (e) => {
      assert.equal(flatCanonicalText(e), canonicalize(e));
      const text = new TextDecoder().decode(encodeEventLeaf(e));
      assert.deepEqual(decodeEventLeafText(text), { ...e });
    }),
    { numRuns: 500 },
  );
});

describe('isCanonicalLeafOf (leaf against the columns stored beside it)', async () => {
  const { isCanonicalLeafOf, decodeEventLeafText, flatCanonicalText } = await import('./event.ts');
  type Columns = Parameters<typeof isCanonicalLeafOf>[1];
  const columnsOf = (e: CustodyEvent): Columns => ({
    seq: e.seq,
    at: e.at,
    actor: e.actor,
    action: e.action,
    object: e.object,
    exhibitSha256: e.exhibitHash ?? null,
    reason: e.reason ?? null,
    detailsSha256: e.details ?? null,
    prevHash: e.prev ?? null,
  });
  /** The definition: the leaf decodes, strictly, to an event holding exactly these columns. */
  const oracle = (text: string, c: Columns): boolean => {
    let e: CustodyEvent;
    try {
      e = decodeEventLeafText(text);
    } catch {
      return false; // includes the RangeError new Date(x).toISOString() throws for month 13
    }
    const d = columnsOf(e);
    return (Object.keys(d) as (keyof Columns)[]).every((k) => d[k] === c[k]);
  };
  const hexHash = fc.stringMatching(/^[0-9a-f]{64}$/);
  const id = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}:[A-Za-z0-9._:/-]{1,20}$/);
  const event = fc.record(
    {
      v: fc.constant(1 as const),
      seq: fc.nat({ max: Number.MAX_SAFE_INTEGER }),
      at: fc
        .date({ min: new Date(0), max: new Date(Date.UTC(2199, 0, 1)), noInvalidDate: true })
        .map((d) => d.toISOString()),
      actor: id,
      action: fc.constantFrom(...CUSTODY_ACTIONS),
      object: id,
      exhibitHash: hexHash,
      reason: fc.stringMatching(/^[a-z][a-z0-9]{0,10}(?:-[a-z0-9]{1,5}){0,3}$/),
      details: hexHash,
      prev: hexHash,
    },
    { requiredKeys: ['v', 'seq', 'at', 'actor', 'action', 'object'] },
  );
  // Near-miss values for each column: valid, invalid, or valid but different.
  const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));
  const timeLike = fc
    .tuple(
      fc.constantFrom('0000', '1900', '2000', '2023', '2024', '2100', '9999'),
      twoDigits,
      twoDigits,
      twoDigits,
      twoDigits,
      twoDigits,
    )
    .map(([y, mo, d, h, mi, s]) => `${y}-${mo}-${d}T${h}:${mi}:${s}.000Z`);
  const hexLike = fc.oneof(
    hexHash,
    hexHash.map((h) => h.toUpperCase()),
    hexHash.map((h) => `${h.slice(0, 63)}g`),
    hexHash.map((h) => h.slice(1)),
    hexHash.map((h) => `${h}0`),
    hexHash.map((h) => `${h.slice(0, 63)}é`),
    fc.constant(null),
  );
  const mutation = fc.oneof(
    fc.record({ seq: fc.oneof(fc.nat(), fc.constant(-1), fc.constant(1.5)) }),
    fc.record({ at: fc.oneof(timeLike, fc.constant('2024-02-29T24:00:00.000Z')) }),
    fc.record({ actor: fc.oneof(id, fc.constant('cli:A"B'), fc.constant('Cli:AB')) }),
    fc.record({ action: fc.constantFrom('viewed', 'acquired', 'deleted', 'Viewed') }),
    fc.record({ object: fc.oneof(id, fc.constant('exhibit:AB\\1')) }),
    fc.record({ exhibitSha256: hexLike }),
    fc.record({ detailsSha256: hexLike }),
    fc.record({ prevHash: hexLike }),
    fc.record({
      reason: fc.oneof(fc.constant(null), fc.constant('a'.repeat(65)), fc.constant('ok-1')),
    }),
  );

  test('true for every canonical leaf with its own columns', () => {
    fc.assert(
      fc.property(event, (e) => {
        const text = flatCanonicalText(e);
        assert.equal(isCanonicalLeafOf(text, columnsOf(e)), true);
      }),
      { numRuns: 500 },
    );
  });

  test('agrees with strict decoding when a column differs from the leaf', () => {
    fc.assert(
      fc.property(event, mutation, (e, change) => {
        const text = flatCanonicalText(e);
        const columns = { ...columnsOf(e), ...change };
        assert.equal(isCanonicalLeafOf(text, columns), oracle(text, columns));
      }),
      { numRuns: 2000 },
    );
  });

  test('agrees with strict decoding when leaf and columns hold the same doubtful value', () => {
    const keyOf: Record<string, keyof CustodyEvent> = {
      exhibitSha256: 'exhibitHash',
      detailsSha256: 'details',
      prevHash: 'prev',
    };
    fc.assert(
      fc.property(event, mutation, (e, change) => {
        const [[column, value]] = Object.entries(change) as [[string, unknown]];
        const key = keyOf[column] ?? (column as keyof CustodyEvent);
        const changed: Record<string, unknown> = { ...e, [key]: value };
        if (value === null) delete changed[key];
        const text = flatCanonicalText(changed as unknown as CustodyEvent);
        const columns = { ...columnsOf(e), ...change };
        assert.equal(isCanonicalLeafOf(text, columns), oracle(text, columns), text);
      }),
      { numRuns: 2000 },
    );
  });

  test('agrees with strict decoding for times the Date rule accepts or refuses', () => {
    fc.assert(
      fc.property(event, timeLike, (e, at) => {
        const text = flatCanonicalText({ ...e, at });
        const columns = { ...columnsOf(e), at };
        assert.equal(isCanonicalLeafOf(text, columns), oracle(text, columns), at);
      }),
      { numRuns: 3000 },
    );
    for (const at of [
      '2024-02-29T23:59:59.999Z',
      '2023-02-29T00:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2000-02-29T00:00:00.000Z',
      '0000-02-29T00:00:00.000Z',
      '2024-04-31T00:00:00.000Z',
      '2024-12-31T00:00:00.000Z',
      '2024-00-10T00:00:00.000Z',
      '2024-01-00T00:00:00.000Z',
      '2024-13-01T00:00:00.000Z',
      '2024-01-01T24:00:00.000Z',
      '2024-01-01T23:60:00.000Z',
      '2024-01-01T23:59:60.000Z',
    ]) {
      const e = buildEvent({ at });
      const text = flatCanonicalText(e);
      assert.equal(isCanonicalLeafOf(text, columnsOf(e)), oracle(text, columnsOf(e)), at);
    }
  });

  test('false for a leaf that is not byte for byte the canonical form', () => {
    fc.assert(
      fc.property(
        event,
        fc.nat(),
        fc.constantFrom(' ', '"', '\\', '0', 'a', ',', '}', '\u00e9'),
        (e, at, ch) => {
          const canonical = flatCanonicalText(e);
          const i = at % (canonical.length + 1);
          const inserted = canonical.slice(0, i) + ch + canonical.slice(i);
          const replaced = canonical.slice(0, i) + ch + canonical.slice(i + 1);
          for (const text of [inserted, replaced, canonical.slice(0, i)])
            assert.equal(isCanonicalLeafOf(text, columnsOf(e)), oracle(text, columnsOf(e)));
        },
      ),
      { numRuns: 1000 },
    );
    const e = buildEvent({ prev: HASH_A, reason: 'ok' });
    const reordered =
      '{"actor":"cli:AB","action":"acquired","at":"2024-05-01T09:30:00.000Z","object":"exhibit:AB/1","prev":"' +
      HASH_A +
      '","reason":"ok","seq":0,"v":1}';
    assert.equal(isCanonicalLeafOf(reordered, columnsOf(e)), false);
    assert.equal(
      isCanonicalLeafOf(flatCanonicalText(e).replace('"seq":0', '"seq":0.0'), columnsOf(e)),
      false,
    );
    assert.equal(
      isCanonicalLeafOf(flatCanonicalText(e), { ...columnsOf(e), prevHash: null }),
      false,
    );
    assert.equal(
      isCanonicalLeafOf(flatCanonicalText(buildEvent()), {
        ...columnsOf(buildEvent()),
        reason: 'ok',
      }),
      false,
    );
  });
});
