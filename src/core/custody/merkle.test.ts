import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isCustosError } from '../errors.ts';
import { isCustodyError } from './errors.ts';
import {
  EMPTY_ROOT,
  MemoryNodeStore,
  bitLength,
  consistencyProof,
  inclusionProof,
  leafHash,
  nodeHash,
  nodesCompletedByAppend,
  rootAt,
  rootFromLeafHashes,
  type MerkleNodeReader,
} from './merkle.ts';
import { verifyConsistency, verifyInclusion } from './verify.ts';
import { utf8 } from './bytes.ts';
import {
  CountingReader,
  SparseTreeReader,
  consistencyCases,
  fromHex,
  hex,
  inclusionCases,
  leafBytes,
  naivePath,
  naiveProof,
  naiveRoot,
  roots,
  storeFor,
  syntheticReader,
  type TreeName,
} from './test-support.ts';

const rfcStore = storeFor('rfc6962', 8);
const genStore = storeFor('gen1000', 1000);
const sparse = new SparseTreeReader();

async function readerFor(tree: TreeName): Promise<MerkleNodeReader> {
  if (tree === 'rfc6962') return rfcStore;
  if (tree === 'gen1000') return genStore;
  return sparse;
}

const log2 = (n: bigint) => bitLength(n) - 1 + (n & (n - 1n) ? 1 : 0); // ceil(log2 n) for n >= 1

describe('hashing (RFC 6962 §2.1)', () => {
  test('empty root, leaf and node prefixes', () => {
    assert.equal(
      hex(EMPTY_ROOT),
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    const t = roots.trees.rfc6962;
    t.leaves_hex.forEach((leaf, i) => assert.equal(hex(leafHash(fromHex(leaf))), t.leaf_hashes[i]));
    const lh = t.leaf_hashes.map(fromHex);
    assert.equal(
      hex(nodeHash(lh[0] as Uint8Array, lh[1] as Uint8Array)),
      'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    );
  });

  test('gen1000 leaf samples', () => {
    for (const [i, h] of Object.entries(roots.trees.gen1000.leaf_hashes_sample))
      assert.equal(hex(leafHash(leafBytes('gen1000', Number(i)))), h);
  });

  test('bitLength is exact around 32-bit and 53-bit boundaries', () => {
    assert.equal(bitLength(0n), 0);
    assert.equal(bitLength(1n), 1);
    assert.equal(bitLength(2n ** 31n), 32);
    assert.equal(bitLength(2n ** 32n - 1n), 32);
    assert.equal(bitLength(2n ** 32n), 33);
    assert.equal(bitLength(2n ** 53n - 1n), 53);
    assert.equal(bitLength(2n ** 64n), 65);
  });
});

describe('tree heads from the node store', () => {
  test('rfc6962 roots for sizes 0..8 (reader and one-pass)', async () => {
    const t = roots.trees.rfc6962;
    for (const { size, root } of t.roots) {
      assert.equal(hex(await rootAt(BigInt(size), await rfcStore)), root, `size ${size}`);
      assert.equal(hex(rootFromLeafHashes(t.leaf_hashes.slice(0, size).map(fromHex)).root), root);
    }
  });

  test('gen1000 roots for every size 0..1000', async () => {
    const store = await genStore;
    const listed = roots.trees.gen1000.roots;
    assert.equal(listed.length, 1001);
    for (const { size, root } of listed)
      assert.equal(hex(await rootAt(BigInt(size), store)), root, `size ${size}`);
  });

  test('sparse2p53 roots up to 2^53-1 from O(log n) perfect nodes', async () => {
    for (const { size, root } of roots.trees.sparse2p53.roots) {
      const counting = new CountingReader(sparse);
      assert.equal(hex(await rootAt(BigInt(size), counting)), root, `size ${size}`);
      assert.ok(counting.reads <= 53 && counting.calls === 1);
    }
  });

  test('a size beyond the store is refused, not guessed', async () => {
    await assert.rejects(rootAt(9n, await rfcStore), (e) =>
      isCustosError(e, 'CUSTODY_NODE_MISSING'),
    );
    await assert.rejects(inclusionProof(0n, 9n, await rfcStore), (e) =>
      isCustosError(e, 'CUSTODY_NODE_MISSING'),
    );
  });

  test('rejects sizes that are not non-negative bigints', async () => {
    await assert.rejects(rootAt(-1n, await rfcStore), (e) =>
      isCustosError(e, 'CUSTODY_BAD_INTEGER'),
    );
    await assert.rejects(rootAt(3 as unknown as bigint, await rfcStore), (e) =>
      isCustosError(e, 'CUSTODY_BAD_INTEGER'),
    );
  });
});

describe('inclusion proofs regenerated from the node store equal every vector', () => {
  for (const tree of ['rfc6962', 'gen1000', 'sparse2p53'] as const) {
    test(tree, async () => {
      const reader = await readerFor(tree);
      const cases = inclusionCases.filter((c) => c.tree === tree);
      assert.ok(cases.length > 0);
      for (const c of cases) {
        const proof = await inclusionProof(BigInt(c.leaf_index), BigInt(c.tree_size), reader);
        assert.deepEqual(proof.map(hex), c.proof, c.id);
        assert.equal(hex(await rootAt(BigInt(c.tree_size), reader)), c.root, c.id);
      }
    });
  }

  test('index out of range', async () => {
    await assert.rejects(inclusionProof(8n, 8n, await rfcStore), (e) =>
      isCustosError(e, 'CUSTODY_INDEX_OUT_OF_RANGE'),
    );
    await assert.rejects(inclusionProof(0n, 0n, await rfcStore), (e) =>
      isCustosError(e, 'CUSTODY_INDEX_OUT_OF_RANGE'),
    );
  });
});

describe('consistency proofs regenerated from the node store equal every valid vector', () => {
  for (const tree of ['rfc6962', 'gen1000', 'sparse2p53'] as const) {
    test(tree, async () => {
      const reader = await readerFor(tree);
      const cases = consistencyCases.filter((c) => c.tree === tree && c.expect === 'valid');
      assert.ok(cases.length > 0);
      for (const c of cases) {
        const proof = await consistencyProof(BigInt(c.size1), BigInt(c.size2), reader);
        assert.deepEqual(proof.map(hex), c.proof, c.id);
        assert.equal(hex(await rootAt(BigInt(c.size1), reader)), c.root1, c.id);
        assert.equal(hex(await rootAt(BigInt(c.size2), reader)), c.root2, c.id);
      }
    });
  }

  test('size1 = 0 and size1 > size2 are refused', async () => {
    const store = await rfcStore;
    for (const c of consistencyCases.filter((c) => c.expect === 'invalid')) {
      await assert.rejects(
        consistencyProof(BigInt(c.size1), BigInt(c.size2), store),
        (e) => isCustosError(e, 'CUSTODY_SIZE1_ZERO'),
        c.id,
      );
    }
    await assert.rejects(consistencyProof(5n, 4n, store), (e) =>
      isCustosError(e, 'CUSTODY_SIZE_ORDER'),
    );
  });
});

describe('node store answers are checked', () => {
  const answering = (hashes: Uint8Array[]): MerkleNodeReader => ({
    getNodes: () => Promise.resolve(hashes),
  });

  test('a wrong number of nodes is a reader bug', async () => {
    const e = await rootAt(3n, answering([new Uint8Array(32)])).catch((x: unknown) => x);
    assert.ok(isCustodyError(e) && e.code === 'CUSTODY_READER_COUNT' && e.category === 'internal');
  });

  test('a stored node that is not 32 bytes is an integrity failure', async () => {
    const e = await inclusionProof(0n, 2n, answering([new Uint8Array(31)])).catch(
      (x: unknown) => x,
    );
    assert.ok(
      isCustodyError(e) && e.code === 'CUSTODY_STORED_NODE_INVALID' && e.category === 'integrity',
    );
    assert.equal(isCustodyError(new Error('x')), false);
  });
});

describe('incremental append', () => {
  test('completes the leaf plus one node per trailing 1-bit, reading only their left siblings', async () => {
    const store = await storeFor('rfc6962', 7);
    const counting = new CountingReader(store);
    const lh7 = leafHash(leafBytes('rfc6962', 7));
    const nodes = await nodesCompletedByAppend(7n, lh7, counting);
    assert.deepEqual(
      nodes.map((n) => [n.level, n.index]),
      [
        [0, 7n],
        [1, 3n],
        [2, 1n],
        [3, 0n],
      ],
    );
    assert.equal(counting.reads, 3);
    assert.equal(hex(nodes[3]?.hash ?? new Uint8Array()), roots.trees.rfc6962.roots[8]?.root);
    const none = new CountingReader(store);
    assert.equal((await nodesCompletedByAppend(6n, lh7, none)).length, 1);
    assert.equal(none.calls, 0);
  });

  test('rejects a leaf hash that is not 32 bytes', async () => {
    await assert.rejects(nodesCompletedByAppend(0n, new Uint8Array(31), syntheticReader), (e) =>
      isCustosError(e, 'CUSTODY_LEAF_HASH_LENGTH'),
    );
  });

  test('reads O(log n) nodes per append even at 2^53 - 1', async () => {
    const counting = new CountingReader(syntheticReader);
    const nodes = await nodesCompletedByAppend(2n ** 53n - 1n, new Uint8Array(32), counting);
    assert.equal(counting.reads, 53);
    assert.equal(counting.calls, 1);
    assert.deepEqual(nodes.at(-1)?.level, 53);
    assert.equal(nodes.at(-1)?.index, 0n);
  });
});

describe('properties', () => {
  const leaves = (n: number, salt: number) =>
    Array.from({ length: n }, (_, i) => utf8(`event-${salt}-${i}`));

  test('for random sizes <= 300 every reader-built proof verifies, matches the RFC recursion, and roots match MTH', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 300 }), fc.nat(1000), async (n, salt) => {
        const data = leaves(n, salt);
        const hashes = data.map(leafHash);
        const store = await MemoryNodeStore.fromLeafHashes(hashes);
        const root = await rootAt(BigInt(n), store);
        assert.deepEqual(root, naiveRoot(hashes));
        for (let m = 0; m < n; m++) {
          const proof = await inclusionProof(BigInt(m), BigInt(n), store);
          verifyInclusion(data[m] as Uint8Array, BigInt(m), BigInt(n), proof, root);
        }
        for (let m = 1; m <= n; m++) {
          const proof = await consistencyProof(BigInt(m), BigInt(n), store);
          verifyConsistency(BigInt(m), BigInt(n), await rootAt(BigInt(m), store), root, proof);
        }
        // Byte-compare with the literal RFC recursions on a few positions.
        for (const m of [0, n >> 1, n - 1]) {
          assert.deepEqual(await inclusionProof(BigInt(m), BigInt(n), store), naivePath(m, hashes));
          if (m > 0) {
            assert.deepEqual(
              await consistencyProof(BigInt(m), BigInt(n), store),
              naiveProof(m, hashes),
            );
          }
        }
      }),
      { numRuns: 40 },
    );
  });

  test('a proof reads at most 2·log2(n)+2 nodes in one call, for n up to 2^20', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .bigInt({ min: 1n, max: 2n ** 20n })
          .chain((n) =>
            fc.tuple(
              fc.constant(n),
              fc.bigInt({ min: 0n, max: n - 1n }),
              fc.bigInt({ min: 1n, max: n }),
            ),
          ),
        async ([n, index, m]) => {
          const bound = 2 * log2(n) + 2;
          const inc = new CountingReader(syntheticReader);
          const path = await inclusionProof(index, n, inc);
          assert.ok(inc.reads <= bound, `inclusion ${index}/${n}: ${inc.reads} reads > ${bound}`);
          assert.ok(inc.calls <= 1);
          assert.ok(path.length <= log2(n));
          const con = new CountingReader(syntheticReader);
          await consistencyProof(m, n, con);
          assert.ok(con.reads <= bound, `consistency ${m}->${n}: ${con.reads} reads > ${bound}`);
          assert.ok(con.calls <= 1);
          const head = new CountingReader(syntheticReader);
          await rootAt(n, head);
          assert.ok(head.reads <= log2(n) + 1);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('the read bound also holds for the worst right edges up to 2^53 - 1', async () => {
    for (const n of [2n ** 20n - 1n, 2n ** 31n + 1n, 2n ** 32n - 1n, 2n ** 53n - 1n]) {
      for (const index of [0n, n / 2n, n - 2n, n - 1n]) {
        const inc = new CountingReader(syntheticReader);
        await inclusionProof(index, n, inc);
        assert.ok(inc.reads <= 2 * log2(n) + 2, `${index}/${n}: ${inc.reads}`);
      }
    }
  });
});

describe('hashing from the stored hex and text forms', async () => {
  const { leafHashHexOfText, nodeHashHex } = await import('./merkle.ts');
  const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  test('leafHashHexOfText is leafHash of the UTF-8 bytes, in hex', () => {
    for (const text of ['', '{"v":1}', 'caf\u00e9 \u{1F600}', 'lone \uD800 surrogate', '\u0000x'])
      assert.equal(leafHashHexOfText(text), toHex(leafHash(new TextEncoder().encode(text))), text);
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        assert.equal(leafHashHexOfText(text), toHex(leafHash(new TextEncoder().encode(text))));
      }),
    );
  });

  test('nodeHashHex is nodeHash of the decoded children, in hex', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        (l, r) => {
          assert.equal(nodeHashHex(toHex(l), toHex(r)), toHex(nodeHash(l, r)));
        },
      ),
    );
  });

  test('nodeHashHex refuses a child that is not 64 hex digits', () => {
    const ok = 'ab'.repeat(32);
    for (const bad of ['', 'ab'.repeat(31), `${ok}00`, `${'ab'.repeat(31)}zz`, `g${ok.slice(1)}`])
      for (const [l, r] of [
        [bad, ok],
        [ok, bad],
      ] as const)
        assert.throws(
          () => nodeHashHex(l, r),
          (e) => isCustosError(e, 'CUSTODY_NODE_HASH_LENGTH'),
        );
  });
});
