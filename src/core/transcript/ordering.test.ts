import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCustosError } from '../errors.ts';
import { emitInOrder, type OrderedItem, type ScanContext } from './ordering.ts';
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
});
