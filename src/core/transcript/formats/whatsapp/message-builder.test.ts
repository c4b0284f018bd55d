import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatWithOffset, LocalTimeResolver } from '../../local-time.ts';
import type { Message } from '../../types.ts';
import { Instants, plausibleLabel, Reorderer, type Mutable } from './message-builder.ts';

const msg = (line: number): Mutable<Message> => ({
  index: -1,
  sender: 'A',
  timestamp: '',
  text: String(line),
  attachments: [],
  system: false,
  origin: { line },
});

/** Feeds instants in file order through a reorderer; returns the file positions in output order. */
function reorder(epochs: readonly number[], window: number): { order: number[]; r: Reorderer } {
  const r = new Reorderer(window);
  const order: number[] = [];
  epochs.forEach((e, i) => {
    if (r.offer(msg(i), e, false, false)) order.push(i);
    for (let b = r.take(false); b !== undefined; b = r.take(false))
      order.push(Number(b.message.text));
  });
  for (let b = r.take(true); b !== undefined; b = r.take(true)) order.push(Number(b.message.text));
  return { order, r };
}

describe('Reorderer', () => {
  test('with a window as large as the input it is a stable sort by instant (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), (epochs) => {
        const stable = epochs
          .map((e, i) => [e, i] as const)
          .sort((a, b) => a[0] - b[0] || a[1] - b[1])
          .map(([, i]) => i);
        assert.deepEqual(reorder(epochs, epochs.length).order, stable);
      }),
    );
  });

  test('with no window it passes messages through and counts the ones that go back in time', () => {
    const { order, r } = reorder([1, 2, 1, 3], 0);
    assert.deepEqual(order, [0, 1, 2, 3]);
    assert.deepEqual([r.unsortedCount, r.unsorted], [1, [2]]);
  });

  test('a file in reverse order costs O(log window) comparisons per message', () => {
    const n = 50_000;
    const window = 10_000;
    const { order, r } = reorder(
      Array.from({ length: n }, (_, i) => n - i),
      window,
    );
    assert.equal(order.length, n);
    // Push sifts up one comparison per level, pop sifts down two; a sorted array would need ~n·window/2.
    assert.ok(r.comparisons <= n * 3 * (Math.log2(window) + 2), `${r.comparisons} comparisons`);
  });
});

describe('Instants', () => {
  test('agree with the resolver and formatWithOffset on every day of a year, around both clock changes (property)', () => {
    for (const zone of [
      'Europe/London',
      'America/New_York',
      'Australia/Lord_Howe',
      'Asia/Kolkata',
    ]) {
      const resolver = new LocalTimeResolver(zone);
      const fast = new Instants(new LocalTimeResolver(zone));
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: 365 * 24 * 60 - 1 }),
          fc.integer({ min: 0, max: 59 }),
          (minuteOfYear, second) => {
            const t = new Date(Date.UTC(2024, 0, 1) + minuteOfYear * 60_000);
            const local = {
              year: t.getUTCFullYear(),
              month: t.getUTCMonth() + 1,
              day: t.getUTCDate(),
              hour: t.getUTCHours(),
              minute: t.getUTCMinutes(),
              second,
            };
            const want = resolver.resolve(local);
            fast.resolve(
              local.year,
              local.month,
              local.day,
              local.hour,
              local.minute,
              local.second,
              undefined,
            );
            assert.equal(
              fast.iso,
              formatWithOffset(want.epochMs, want.offsetMinutes),
              `${zone} ${JSON.stringify(local)}`,
            );
            assert.deepEqual(
              [fast.epochMs, fast.ambiguous, fast.inGap],
              [want.epochMs, want.ambiguous, want.inGap],
            );
          },
        ),
        { numRuns: 2000 },
      );
    }
  });
});

describe('author labels', () => {
  test('a label that opens a quote it does not close is no author', () => {
    assert.equal(plausibleLabel('Alex'), true);
    assert.equal(plausibleLabel('Alex "AJ" Smith'), true);
    assert.equal(plausibleLabel('Alex changed the subject to "Study'), false);
    assert.equal(plausibleLabel('Alex hat den Betreff zu „Mathe'), false);
    assert.equal(plausibleLabel('Alex hat den Betreff zu „Mathe“ geändert'), true);
    assert.equal(plausibleLabel(''), false);
  });
});
