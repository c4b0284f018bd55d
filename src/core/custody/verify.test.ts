import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCustosError } from '../errors.ts';
import type { CustodyErrorCode } from './errors.ts';
import { consistencyProof, inclusionProof, leafHash, nodeHash } from './merkle.ts';
import {
  isValidConsistency,
  isValidInclusion,
  verifyConsistency,
  verifyInclusion,
  verifyInclusionOfLeafHash,
  verifyTreeHead,
} from './verify.ts';
import {
  consistencyCases,
  fromHex,
  hex,
  inclusionCases,
  invalidCases,
  leafBytes,
  roots,
  syntheticReader,
  type InvalidCaseWithWhy,
} from './test-support.ts';

const big = BigInt;

/** Runs one vector through the verifier; returns the thrown code or 'ACCEPTED'. */
function verdict(c: InvalidCaseWithWhy): string {
  try {
    if (c.kind === 'inclusion') {
      const args = [
        big(c.leaf_index),
        big(c.tree_size),
        c.proof.map(fromHex),
        fromHex(c.root),
      ] as const;
      // The verifier hashes leaf bytes itself when the vector has them; the hash form covers mutated leaf hashes.
      if (c.leaf_data_hex !== undefined) verifyInclusion(fromHex(c.leaf_data_hex), ...args);
      else verifyInclusionOfLeafHash(fromHex(c.leaf_hash), ...args);
    } else {
      verifyConsistency(
        big(c.size1),
        big(c.size2),
        fromHex(c.root1),
        fromHex(c.root2),
        c.proof.map(fromHex),
      );
    }
    return 'ACCEPTED';
  } catch (e) {
    if (!isCustosError(e)) throw e;
    return e.code;
  }
}

/** The proof length RFC 6962 prescribes for a size pair, from the generator (not the verifier). */
async function prescribedLength(c: InvalidCaseWithWhy): Promise<number> {
  return c.kind === 'inclusion'
    ? (await inclusionProof(big(c.leaf_index), big(c.tree_size), syntheticReader)).length
    : (await consistencyProof(big(c.size1), big(c.size2), syntheticReader)).length;
}

/**
 * The code(s) each mutation class must produce. Where the class alone does not decide it
 * (a changed size or index), the prescribed proof length for the claimed sizes does: too few
 * elements fail the final `sn == 0` test, too many hit `sn == 0` early, the right number can
 * only fail at the root comparison.
 */
async function expectedCodes(c: InvalidCaseWithWhy): Promise<readonly CustodyErrorCode[]> {
  const mutation = c.id.split('/').pop() ?? '';
  const rootMismatch: readonly CustodyErrorCode[] =
    c.kind === 'inclusion'
      ? ['CUSTODY_ROOT_MISMATCH']
      : ['CUSTODY_ROOT1_MISMATCH', 'CUSTODY_ROOT2_MISMATCH'];
  const byLength = async (): Promise<readonly CustodyErrorCode[]> => {
    if (c.kind === 'inclusion' && c.leaf_index >= c.tree_size) {
      return ['CUSTODY_INDEX_OUT_OF_RANGE'];
    }
    if (c.kind === 'consistency' && c.size1 > c.size2) return ['CUSTODY_SIZE_ORDER'];
    const want = await prescribedLength(c);
    if (c.proof.length < want) {
      return [
        c.proof.length === 0 && c.kind === 'consistency'
          ? 'CUSTODY_PROOF_EMPTY'
          : 'CUSTODY_PROOF_TOO_SHORT',
      ];
    }
    if (c.proof.length > want) return ['CUSTODY_PROOF_TOO_LONG'];
    return rootMismatch;
  };
  if (
    /^flip-proof\d+$|^reversed$|^swapped$|^swapped-roots$|^forked-history$|^other-leaf$|^no-leaf-prefix$|^flip-leaf$|^flip-root$|^second-preimage$/.test(
      mutation,
    )
  )
    return rootMismatch;
  // With a power-of-two size1 the old root is the proof's seed, so only the rebuilt new root can expose it.
  if (mutation === 'flip-root1' && c.kind === 'consistency') {
    return [
      (big(c.size1) & (big(c.size1) - 1n)) === 0n
        ? 'CUSTODY_ROOT2_MISMATCH'
        : 'CUSTODY_ROOT1_MISMATCH',
    ];
  }
  if (mutation === 'flip-root2') return ['CUSTODY_ROOT2_MISMATCH'];
  if (/^index-(eq|gt)-size$|^size-zero$/.test(mutation)) return ['CUSTODY_INDEX_OUT_OF_RANGE'];
  if (/^(short|long)-node$/.test(mutation)) return ['CUSTODY_PROOF_NODE_LENGTH'];
  if (mutation === 'data-as-hash') return ['CUSTODY_LEAF_HASH_LENGTH'];
  if (mutation === 'short-roots') return ['CUSTODY_ROOT_LENGTH'];
  if (/^no-sn-check-|^first-node-dropped$|^truncated$|^empty-proof$/.test(mutation)) {
    return byLength();
  }
  if (/^(preceding|trailing)-garbage$|^pow2-root1-included$/.test(mutation)) {
    return ['CUSTODY_PROOF_TOO_LONG'];
  }
  if (mutation === 'sizes-swapped' || (c.kind === 'consistency' && c.size2 < c.size1)) {
    return ['CUSTODY_SIZE_ORDER'];
  }
  if (c.kind === 'consistency' && c.size1 === 0) return ['CUSTODY_SIZE1_ZERO'];
  if (mutation === 'nonempty-proof') return ['CUSTODY_SAME_SIZE_PROOF_NOT_EMPTY'];
  if (mutation === 'roots-differ') return ['CUSTODY_SAME_SIZE_ROOTS_DIFFER'];
  if (/^size-?\d+(-\d+)?$|^index-plus-\d+$/.test(mutation)) return byLength();
  throw new Error(`no expectation for mutation class of ${c.id}: ${c.why}`);
}

describe('valid vectors verify', () => {
  test('all 257 inclusion proofs, from the leaf bytes', () => {
    assert.equal(inclusionCases.length, 257);
    for (const c of inclusionCases) {
      assert.ok(c.leaf_data_hex !== undefined, c.id);
      const leaf = fromHex(c.leaf_data_hex);
      assert.equal(hex(leafHash(leaf)), c.leaf_hash, c.id);
      verifyInclusion(
        leaf,
        big(c.leaf_index),
        big(c.tree_size),
        c.proof.map(fromHex),
        fromHex(c.root),
      );
      assert.equal(
        isValidInclusion(
          leaf,
          big(c.leaf_index),
          big(c.tree_size),
          c.proof.map(fromHex),
          fromHex(c.root),
        ),
        true,
      );
    }
  });

  test('all 291 valid consistency proofs; the 3 size1 = 0 cases are rejected', () => {
    assert.equal(consistencyCases.length, 294);
    let valid = 0;
    for (const c of consistencyCases) {
      const args = [
        big(c.size1),
        big(c.size2),
        fromHex(c.root1),
        fromHex(c.root2),
        c.proof.map(fromHex),
      ] as const;
      if (c.expect === 'valid') {
        verifyConsistency(...args);
        valid++;
      } else {
        assert.throws(
          () => verifyConsistency(...args),
          (e) => isCustosError(e, 'CUSTODY_SIZE1_ZERO'),
          c.id,
        );
        assert.equal(isValidConsistency(...args), false);
      }
    }
    assert.equal(valid, 291);
  });

  test('size binding: the README pairs also verify under the wrong size (so size and root must come from one checkpoint)', async () => {
    const { default: json } = await import('../../../test/fixtures/merkle/inclusion.json', {
      with: { type: 'json' },
    });
    const note = (
      json as unknown as {
        size_binding_note: {
          examples: { leaf_index: number; true_tree_size: number; claimed_tree_size: number }[];
        };
      }
    ).size_binding_note;
    assert.ok(note.examples.length > 0);
    for (const ex of note.examples) {
      const c = inclusionCases.find(
        (k) =>
          k.tree === 'rfc6962' &&
          k.leaf_index === ex.leaf_index &&
          k.tree_size === ex.true_tree_size,
      );
      assert.ok(c);
      verifyInclusion(
        leafBytes('rfc6962', ex.leaf_index),
        big(ex.leaf_index),
        big(ex.claimed_tree_size),
        c.proof.map(fromHex),
        fromHex(c.root),
      );
    }
  });
});

describe('every invalid vector is rejected by the check its mutation targets', () => {
  test('301 cases (147 inclusion, 154 consistency)', async () => {
    assert.equal(invalidCases.length, 301);
    assert.equal(invalidCases.filter((c) => c.kind === 'inclusion').length, 147);
    for (const c of invalidCases) {
      const got = verdict(c);
      const want = await expectedCodes(c);
      assert.ok(
        want.includes(got as CustodyErrorCode),
        `${c.id} (${c.why}): got ${got}, want ${want.join(' | ')}`,
      );
    }
  });

  test('the 8 no-sn-check cases fail exactly the final sn == 0 test', () => {
    const cases = invalidCases.filter((c) => c.id.includes('/no-sn-check-'));
    assert.equal(cases.length, 8);
    for (const c of cases) assert.equal(verdict(c), 'CUSTODY_PROOF_TOO_SHORT', c.id);
  });

  test('a 64-byte interior node posed as leaf bytes does not verify (second preimage)', () => {
    const c = invalidCases.find((k) => k.id === 'rfc6962/second-preimage');
    assert.ok(c?.kind === 'inclusion' && c.leaf_data_hex !== undefined);
    assert.equal(verdict(c), 'CUSTODY_ROOT_MISMATCH');
    // Handing the verifier the interior hash as a "leaf hash" WOULD pass: that is why verifyInclusion hashes bytes itself.
    const data = fromHex(c.leaf_data_hex);
    const interior = nodeHash(data.subarray(0, 32), data.subarray(32));
    assert.equal(hex(interior), roots.trees.rfc6962.roots[2]?.root);
    assert.doesNotThrow(() =>
      verifyInclusionOfLeafHash(interior, 0n, 4n, c.proof.map(fromHex), fromHex(c.root)),
    );
  });
});

describe('input checks', () => {
  const h = new Uint8Array(32);

  test('numbers instead of bigints are refused', () => {
    assert.throws(
      () => verifyInclusion(new Uint8Array(), 0 as unknown as bigint, 1n, [], h),
      (e) => isCustosError(e, 'CUSTODY_BAD_INTEGER'),
    );
    assert.throws(
      () => verifyConsistency(1n, -2n, h, h, []),
      (e) => isCustosError(e, 'CUSTODY_BAD_INTEGER'),
    );
  });

  test('hash lengths are checked before anything else', () => {
    assert.throws(
      () => verifyInclusion(new Uint8Array(), 5n, 1n, [], new Uint8Array(31)),
      (e) => isCustosError(e, 'CUSTODY_ROOT_LENGTH'),
    );
    assert.throws(
      () => verifyConsistency(2n, 1n, h, h, [new Uint8Array(33)]),
      (e) => isCustosError(e, 'CUSTODY_PROOF_NODE_LENGTH'),
    );
  });

  test('boolean forms give false for malformed input and rethrow anything that is not a custody failure', () => {
    assert.equal(
      isValidInclusion(new Uint8Array(), 0n, 1n, [null as unknown as Uint8Array], h),
      false,
    );
    assert.equal(isValidConsistency(0n, 1n, h, h, []), false);
    const broken = {
      forEach() {
        throw new RangeError('bug');
      },
    } as unknown as Uint8Array[];
    assert.throws(() => isValidInclusion(new Uint8Array(), 0n, 1n, broken, h), RangeError);
  });
});

describe('verifyTreeHead (full audit from every leaf)', () => {
  const leaves = Array.from({ length: 1000 }, (_, i) => leafBytes('gen1000', i));
  const root1000 = fromHex(roots.trees.gen1000.roots[1000]?.root ?? '');

  test('accepts the gen1000 log against its size-1000 root', () => {
    verifyTreeHead(leaves, 1000n, root1000);
    verifyTreeHead([], 0n, fromHex(roots.trees.gen1000.roots[0]?.root ?? ''));
  });

  test('a missing, extra or altered leaf is caught', () => {
    assert.throws(
      () => verifyTreeHead(leaves.slice(1), 1000n, root1000),
      (e) => isCustosError(e, 'CUSTODY_LEAF_COUNT_MISMATCH'),
    );
    assert.throws(
      () => verifyTreeHead([...leaves, new Uint8Array()], 1000n, root1000),
      (e) => isCustosError(e, 'CUSTODY_LEAF_COUNT_MISMATCH'),
    );
    const altered = leaves.slice();
    altered[500] = leafBytes('gen1000', 501);
    assert.throws(
      () => verifyTreeHead(altered, 1000n, root1000),
      (e) => isCustosError(e, 'CUSTODY_ROOT_MISMATCH'),
    );
  });
});
