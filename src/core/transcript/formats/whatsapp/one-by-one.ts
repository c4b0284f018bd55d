/**
 * Hands out, one at a time, items produced a batch at a time.
 *
 * A parser of a million-message export that `yield`s every message from an async generator pays
 * for an await per message inside the generator as well as in the consumer; producing the messages
 * of a whole chunk synchronously and handing them out from an array costs one resolved promise per
 * message and one await per chunk. The consumer sees an ordinary `AsyncIterable` (ECMAScript
 * async iteration protocol, ECMA-262 §27.1.1.4) with the same items in the same order; an error
 * of the producer comes after every item of the batches it yielded before failing (a producer that
 * fails part-way through a batch should yield what it made first, as the WhatsApp parser does).
 */

/**
 * Flattens an async iterable of batches into an async iterable of their items.
 *
 * @param batches - arrays of items, in order; empty arrays are skipped. Iterated lazily: the next
 *   batch is requested only when every item of the current one has been taken.
 * @returns an async iterable over the items. Ending the iteration early (`break` in `for await`)
 *   ends the batches' iterator too (so a producer reading a file closes it). Errors of the batches'
 *   iterator are passed on from `next()`.
 */
export function oneByOne<T>(batches: AsyncIterable<readonly T[]>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T, undefined> {
      const inner = batches[Symbol.asyncIterator]();
      let items: readonly T[] = [];
      let at = 0;
      let finished = false;
      const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
      const refill = async (): Promise<IteratorResult<T, undefined>> => {
        while (!finished) {
          const r = await inner.next();
          if (r.done === true) {
            finished = true;
            break;
          }
          items = r.value;
          at = 0;
          if (items.length > 0) return { done: false, value: items[at++] as T };
        }
        items = [];
        at = 0;
        return done;
      };
      return {
        next(): Promise<IteratorResult<T, undefined>> {
          if (at < items.length) return Promise.resolve({ done: false, value: items[at++] as T });
          return refill();
        },
        async return(): Promise<IteratorResult<T, undefined>> {
          items = [];
          at = 0;
          if (!finished) {
            finished = true;
            await inner.return?.();
          }
          return done;
        },
      };
    },
  };
}
