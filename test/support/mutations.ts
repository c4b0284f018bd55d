/**
 * The fast-check arbitrary of input mutations (fuzz-corpus.ts `Mutation`), shared by the
 * property tests of the parsers (`robustness.test.ts`) and `npm run fuzz` (`bench/fuzz.ts`).
 */
import fc from 'fast-check';
import { SPLICE_TOKENS, type Mutation } from '../../src/core/transcript/formats/fuzz-corpus.ts';

/**
 * One random mutation: flip a byte, insert up to 8 bytes, delete up to 64, duplicate a run of up
 * to `maxDuplicate` bytes, truncate, or splice in a format token. Positions are taken modulo the
 * input's length by `applyMutations`.
 */
export function mutationArbitrary(maxDuplicate: number): fc.Arbitrary<Mutation> {
  return fc.oneof(
    fc.record({
      op: fc.constant('flip' as const),
      at: fc.nat(),
      byte: fc.integer({ min: 0, max: 255 }),
    }),
    fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ maxLength: 8 }),
    }),
    fc.record({
      op: fc.constant('delete' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
    }),
    fc.record({
      op: fc.constant('duplicate' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: maxDuplicate }),
    }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({
      op: fc.constant('splice' as const),
      at: fc.nat(),
      token: fc.nat({ max: SPLICE_TOKENS.length - 1 }),
    }),
  );
}
