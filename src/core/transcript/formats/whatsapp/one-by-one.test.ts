import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { oneByOne } from './one-by-one.ts';

/** Batches from arrays, recording how far the consumer pulled and whether the producer was closed. */
function producer(batches: readonly (readonly number[])[], failAfter?: number) {
  const log = { requested: 0, closed: false };
  async function* gen(): AsyncGenerator<readonly number[]> {
    try {
      for (const [i, b] of batches.entries()) {
        log.requested = i + 1;
        await Promise.resolve();
        if (i === failAfter) throw new Error(`failed at batch ${i}`);
        yield b;
      }
    } finally {
      log.closed = true;
    }
  }
  return { it: oneByOne(gen()), log };
}

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('oneByOne', () => {
  test('hands out every item of every batch in order, skipping empty batches (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 5 }), { maxLength: 8 }),
        async (bs) => {
          const { it, log } = producer(bs);
          assert.deepEqual(await all(it), bs.flat());
          assert.equal(log.closed, true);
        },
      ),
    );
  });

  test('asks for the next batch only when the current one is used up', async () => {
    const { it, log } = producer([[1, 2], [3], [4]]);
    const i = it[Symbol.asyncIterator]();
    assert.deepEqual(await i.next(), { done: false, value: 1 });
    assert.deepEqual(await i.next(), { done: false, value: 2 });
    assert.equal(log.requested, 1);
    assert.deepEqual(await i.next(), { done: false, value: 3 });
    assert.equal(log.requested, 2);
  });

  test('breaking out of the loop closes the producer', async () => {
    const { it, log } = producer([[1, 2], [3], [4]]);
    for await (const x of it) if (x === 2) break;
    assert.equal(log.closed, true);
    assert.equal(log.requested, 1);
  });

  test('a producer error comes after the items made before it, and ends the iteration', async () => {
    const { it } = producer([[1, 2], [3], [4]], 2);
    const seen: number[] = [];
    await assert.rejects(
      (async () => {
        for await (const x of it) seen.push(x);
      })(),
      /failed at batch 2/,
    );
    assert.deepEqual(seen, [1, 2, 3]);
  });
});
