import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCustosError } from '../errors.ts';
import {
  approxItemBytes,
  emitInOrder,
  KEYS_ONLY,
  type OrderedItem,
  type ScanContext,
} from './ordering.ts';
import type { TranscriptPart } from './types.ts';

async function collect(parts: AsyncIterable<TranscriptPart>): Promise<TranscriptPart[]> {
  const out: TranscriptPart[] = [];
  for await (const p of parts) out.push(p);
  return out;
}

function items(keys: readonly (readonly [number, number])[]): OrderedItem[] {
  return keys.map(([e, t], i) => ({
    epochMs: e,
    tie: t,
    message: {
      sender: `s${i}`,
      timestamp: new Date(e).toISOString(),
      text: String(i),
      attachments: [],
      system: false,
    },
  }));
}

describe('emitInOrder', () => {
  test('equals a stable sort by (instant, tie) for every window size, with bounded passes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: -3, max: 3 })), {
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 8 }),
        async (keys, window) => {
          const list = items(keys);
          let passes = 0;
          const parts = await collect(
            emitInOrder(
              async function* (ctx: ScanContext) {
                passes = Math.max(passes, ctx.pass);
                yield* list;
              },
              { window },
            ),
          );
          const messages = parts.flatMap((p) => (p.type === 'message' ? [p.message] : []));
          const expected = list
            .map((it, i) => ({ it, i }))
            .sort((a, b) => a.it.epochMs - b.it.epochMs || a.it.tie - b.it.tie || a.i - b.i);
          assert.deepEqual(
            messages.map((m) => m.text),
            expected.map((x) => String(x.i)),
          );
          assert.deepEqual(
            messages.map((m) => m.index),
            messages.map((_, i) => i),
          );
          if (list.length <= window) assert.equal(passes, 1);
          else assert.ok(passes <= 2 + Math.ceil(list.length / window));
        },
      ),
      { numRuns: 300 },
    );
  });

  test('an export in order needs two passes when it exceeds the window, holding at most the window', async () => {
    const list = items(Array.from({ length: 50 }, (_, i) => [i, 0] as const));
    let passes = 0;
    const parts = await collect(
      emitInOrder(
        async function* (ctx) {
          passes = Math.max(passes, ctx.pass);
          yield* list;
        },
        { window: 4 },
      ),
    );
    assert.equal(passes, 2);
    assert.equal(parts.filter((p) => p.type === 'message').length, 50);
  });

  test('ORDER_REPAIRED only when the format is expected to be chronological and is not', async () => {
    const out = items([
      [2, 0],
      [1, 1],
    ]);
    const scan = async function* () {
      yield* out;
    };
    const notes = async (expectChronological: boolean) =>
      (await collect(emitInOrder(scan, { expectChronological }))).flatMap((p) =>
        p.type === 'note' ? [p.note.code] : [],
      );
    assert.deepEqual(await notes(true), ['ORDER_REPAIRED']);
    assert.deepEqual(await notes(false), []);
  });

  test('title, participants and notes recorded in the first pass come out once', async () => {
    const parts = await collect(
      emitInOrder(
        async function* (ctx) {
          ctx.title('Chat');
          ctx.participant('A');
          ctx.participant('A');
          ctx.notes.add('X', 'x happened');
          yield* items([
            [3, 0],
            [1, 0],
            [2, 0],
          ]).map((it, i) => (i === 1 ? { ...it, repairs: [{ code: 'Y', message: 'y' }] } : it));
        },
        { window: 1 },
      ),
    );
    assert.deepEqual(
      parts.filter((p) => p.type !== 'message'),
      [
        { type: 'title', title: 'Chat' },
        { type: 'participant', name: 'A' },
        { type: 'note', note: { code: 'X', message: 'x happened' } },
        { type: 'note', note: { code: 'Y', message: 'y', messageIndices: [0] } },
      ],
    );
  });

  test('a repeat pass that reads a different number of messages is an integrity error', async () => {
    await assert.rejects(
      collect(
        emitInOrder(
          async function* (ctx) {
            yield* items(
              ctx.pass === 1
                ? [
                    [2, 0],
                    [1, 0],
                    [0, 0],
                  ]
                : [[2, 0]],
            );
          },
          { window: 1 },
        ),
      ),
      (e) => isCustosError(e, 'SOURCE_CHANGED') && e.category === 'integrity',
    );
  });

  test('large exports: the first pass holds nothing once it sees the messages will not fit', async () => {
    // 20 000 messages, in order except for shuffles within 50; the scan reports its reading
    const n = 20_000;
    const keys = Array.from({ length: n }, (_, i) => [i - (i % 50 === 7 ? 40 : 0), 0] as const);
    const list = items(keys);
    const bytesPer = 100;
    const log: string[] = [];
    const keysOnlySeen: boolean[] = [];
    const parts = await collect(
      emitInOrder(
        async function* (ctx) {
          for (let at = 0; at < n; at += 500) {
            ctx.read(500 * bytesPer);
            keysOnlySeen[ctx.pass] = ctx.keysOnly;
            log.push(`read ${ctx.pass}:${at}`);
            yield list
              .slice(at, at + 500)
              .map((it) => (ctx.keysOnly ? { ...it, message: KEYS_ONLY } : it));
          }
        },
        {
          inputBytes: n * bytesPer,
          budgetBytes: approxItemBytes(list[0] as OrderedItem) * 6000,
        },
      ),
    );
    const messages = parts.flatMap((p) => (p.type === 'message' ? [p.message] : []));
    const expected = list
      .map((it, i) => ({ it, i }))
      .sort((a, b) => a.it.epochMs - b.it.epochMs || a.i - b.i)
      .map((x) => x.it.message.text);
    assert.deepEqual(
      messages.map((m) => m.text),
      expected,
    );
    assert.equal(keysOnlySeen[1], true, 'pass 1 went keys-only');
    assert.equal(keysOnlySeen[2], false, 'pass 2 builds messages');
    assert.equal(keysOnlySeen.length, 3, 'two passes');
  });

  test('pass 2 hands messages on while it reads, holding only what a later block may precede', async () => {
    // newest first within each block of 300 (like Messenger files), too large to hold
    const n = 6_000;
    const keys = Array.from(
      { length: n },
      (_, i) => [Math.floor(i / 300) * 300 + 299 - (i % 300), 0] as const,
    );
    const list = items(keys);
    const events: string[] = [];
    let read = 0;
    let passes = 0;
    const scan = async function* (ctx: ScanContext) {
      read = 0;
      passes = Math.max(passes, ctx.pass);
      for (let at = 0; at < n; at += 100) {
        read = at + 100;
        yield list.slice(at, at + 100);
      }
    };
    let maxLag = 0;
    let emitted = 0;
    for await (const part of emitInOrder(scan, { window: 1000 })) {
      if (part.type !== 'message') continue;
      emitted++;
      if (read < n) maxLag = Math.max(maxLag, read - emitted);
      events.push(part.message.text);
    }
    assert.equal(emitted, n);
    assert.deepEqual(
      events,
      [...list].sort((a, b) => a.epochMs - b.epochMs).map((it) => it.message.text),
    );
    assert.equal(passes, 2);
    assert.ok(maxLag > 0 && maxLag <= 1000 + 1024, `held at most W + one block (${maxLag})`);
  });

  test('a message with an index placeholder is emitted itself; one without, as a copy', async () => {
    const placeholder = {
      index: 0,
      sender: 'a',
      timestamp: 't',
      text: 'x',
      attachments: [],
      system: false,
    };
    const plain = { sender: 'b', timestamp: 't', text: 'y', attachments: [], system: false };
    const parts = await collect(
      emitInOrder(async function* () {
        yield [
          { epochMs: 1, tie: 0, message: placeholder },
          { epochMs: 2, tie: 0, message: plain },
        ];
      }),
    );
    const messages = parts.flatMap((p) => (p.type === 'message' ? [p.message] : []));
    assert.equal(messages[0], placeholder);
    assert.equal(messages[0]?.index, 0);
    assert.notEqual(messages[1], plain);
    assert.deepEqual(Object.keys(messages[1] ?? {}), ['index', ...Object.keys(plain)]);
    assert.equal(messages[1]?.index, 1);
  });

  test('a repeat pass that finds an export in order out of order is an integrity error', async () => {
    await assert.rejects(
      collect(
        emitInOrder(
          async function* (ctx) {
            const keys = Array.from({ length: 30 }, (_, i) => [i, 0] as const);
            if (ctx.pass > 1) keys.reverse();
            yield* items(keys);
          },
          { window: 5 },
        ),
      ),
      (e) => isCustosError(e, 'SOURCE_CHANGED') && e.category === 'integrity',
    );
  });

  test('any order, window, batching and early give-up: a stable sort by (instant, tie)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: -3, max: 3 })), {
          maxLength: 300,
        }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 50 }),
        fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
        async (keys, window, batch, budget) => {
          const report = budget !== undefined;
          const list = items(keys);
          const parts = await collect(
            emitInOrder(
              async function* (ctx) {
                for (let at = 0; at < list.length; at += batch) {
                  if (report) ctx.read(batch);
                  const b = list.slice(at, at + batch);
                  yield ctx.keysOnly ? b.map((it) => ({ ...it, message: KEYS_ONLY })) : b;
                }
              },
              {
                window,
                ...(report ? { inputBytes: list.length, budgetBytes: budget } : {}),
              },
            ),
          );
          const messages = parts.flatMap((p) => (p.type === 'message' ? [p.message] : []));
          const expected = list
            .map((it, i) => ({ it, i }))
            .sort((a, b) => a.it.epochMs - b.it.epochMs || a.it.tie - b.it.tie || a.i - b.i);
          assert.deepEqual(
            messages.map((m) => m.text),
            expected.map((x) => String(x.i)),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});
