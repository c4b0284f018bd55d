/**
 * Pure verification of custody-log proofs: RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2
 * (consistency), plus the strict profile of `test/fixtures/merkle/README.md`:
 * every hash exactly 32 bytes, `index < size`, the final `sn == 0` test, `size1 = 0` rejected,
 * equal sizes need an empty proof and equal roots, and the verifier hashes the leaf bytes itself.
 *
 * Everything passed to these functions except the caller's pinned checkpoint is ATTACKER
 * CONTROLLED: proofs, claimed indices and sizes, leaf bytes. Take `size` and `root` from the
 * same verified checkpoint; an inclusion proof does not bind the size on its own (see the
 * vectors README, "Size binding").
 */
import { isCustosError } from '../errors.ts';
import { custodyError } from './errors.ts';
import {
  assertCount,
  assertHashLength,
  assertSizePair,
  leafHash,
  nodeHash,
  rootFromLeafHashes,
} from './merkle.ts';
import { bytesEqual } from './bytes.ts';

/**
 * Verifies that `leaf` (the exact event bytes) is at `index` in the tree of `size` leaves with
 * head `root`. The leaf hash is computed here (`SHA-256(0x00 || leaf)`), never taken from the
 * party presenting the proof (pitfall 14: an interior node would pass as a "leaf").
 *
 * @param leaf - event bytes, attacker controlled.
 * @param index - 0-based leaf index, attacker controlled.
 * @param size - tree size from the verified checkpoint.
 * @param proof - audit path, leaf to root, attacker controlled.
 * @param root - tree head from the same verified checkpoint (32 bytes).
 * @throws CustosError: invalid-input CUSTODY_BAD_INTEGER, CUSTODY_ROOT_LENGTH,
 *   CUSTODY_PROOF_NODE_LENGTH, CUSTODY_INDEX_OUT_OF_RANGE; integrity CUSTODY_PROOF_TOO_LONG,
 *   CUSTODY_PROOF_TOO_SHORT, CUSTODY_ROOT_MISMATCH.
 *
 * @example
 * verifyInclusion(eventBytes, 5n, 8n, proof, checkpoint.root); // throws on failure
 */
export function verifyInclusion(
  leaf: Uint8Array,
  index: bigint,
  size: bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  verifyInclusionOfLeafHash(leafHash(leaf), index, size, proof, root);
}

/**
 * {@link verifyInclusion} for a leaf hash. Only for a hash the VERIFIER computed from bytes it
 * holds (e.g. a stored leaf hash it re-derived); a hash supplied with the proof proves nothing.
 *
 * RFC 9162 §2.1.3.2, with the profile's length checks first.
 * @throws as {@link verifyInclusion}, plus CUSTODY_LEAF_HASH_LENGTH.
 */
export function verifyInclusionOfLeafHash(
  hash: Uint8Array,
  index: bigint,
  size: bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  assertHashLength(hash, 'CUSTODY_LEAF_HASH_LENGTH', 'leaf hash');
  assertHashLength(root, 'CUSTODY_ROOT_LENGTH', 'root');
  proof.forEach((p, i) => assertHashLength(p, 'CUSTODY_PROOF_NODE_LENGTH', `proof[${i}]`));
  assertCount(index, 'leaf index');
  assertCount(size, 'tree size');
  // Step 1.
  if (index >= size) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_INDEX_OUT_OF_RANGE',
      `leaf index ${index} is not below tree size ${size}`,
      {
        index: index.toString(),
        size: size.toString(),
      },
    );
  }
  // Steps 2-4: fn is our node's position on its level, sn the last position on that level.
  let fn = index;
  let sn = size - 1n;
  let r = hash;
  for (const [i, p] of proof.entries()) {
    if (sn === 0n) throw tooLong(i, proof.length);
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r); // p is a left sibling
      if ((fn & 1n) === 0n) {
        // Last node of its level with no right sibling: it moves up unchanged.
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      r = nodeHash(r, p); // p is a right sibling
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 5, length first so that a wrong-length proof gets its own code.
  if (sn !== 0n) throw tooShort(proof.length);
  if (!bytesEqual(r, root)) {
    throw custodyError(
      'integrity',
      'CUSTODY_ROOT_MISMATCH',
      'inclusion proof does not lead to the checkpoint root',
    );
  }
}

/**
 * Verifies that the tree of `size2` leaves with head `root2` extends the tree of `size1`
 * leaves with head `root1` (append-only, no history rewritten).
 *
 * RFC 9162 §2.1.4.2 for `0 < size1 < size2`; `size1 = size2` needs an empty proof and equal
 * roots; `size1 = 0` and `size1 > size2` are rejected (vectors README, consistency profile).
 *
 * @param proof - consistency proof, leaf to root, attacker controlled. Without `root1` when
 *   `size1` is a power of two (step 2 prepends it here).
 * @throws CustosError: invalid-input CUSTODY_BAD_INTEGER, CUSTODY_ROOT_LENGTH,
 *   CUSTODY_PROOF_NODE_LENGTH, CUSTODY_SIZE_ORDER, CUSTODY_SIZE1_ZERO; integrity
 *   CUSTODY_SAME_SIZE_PROOF_NOT_EMPTY, CUSTODY_SAME_SIZE_ROOTS_DIFFER, CUSTODY_PROOF_EMPTY,
 *   CUSTODY_PROOF_TOO_LONG, CUSTODY_PROOF_TOO_SHORT, CUSTODY_ROOT1_MISMATCH, CUSTODY_ROOT2_MISMATCH.
 *
 * @example
 * verifyConsistency(held.size, latest.size, held.root, latest.root, proof); // throws on failure
 */
export function verifyConsistency(
  size1: bigint,
  size2: bigint,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  assertHashLength(root1, 'CUSTODY_ROOT_LENGTH', 'root1');
  assertHashLength(root2, 'CUSTODY_ROOT_LENGTH', 'root2');
  proof.forEach((p, i) => assertHashLength(p, 'CUSTODY_PROOF_NODE_LENGTH', `proof[${i}]`));
  assertCount(size1, 'size1');
  assertCount(size2, 'size2');
  assertSizePair(size1, size2);
  if (size1 === size2) {
    if (proof.length !== 0) {
      throw custodyError(
        'integrity',
        'CUSTODY_SAME_SIZE_PROOF_NOT_EMPTY',
        `equal sizes (${size1}) need an empty proof, got ${proof.length} elements`,
      );
    }
    if (!bytesEqual(root1, root2)) {
      throw custodyError(
        'integrity',
        'CUSTODY_SAME_SIZE_ROOTS_DIFFER',
        `two tree heads of size ${size1} differ: the log has forked`,
      );
    }
    return;
  }
  // Step 1.
  if (proof.length === 0) {
    throw custodyError(
      'integrity',
      'CUSTODY_PROOF_EMPTY',
      `empty consistency proof for sizes ${size1} -> ${size2}`,
    );
  }
  // Step 2: a power-of-two old tree is a complete node of the new one; its root is the seed.
  const path = (size1 & (size1 - 1n)) === 0n ? [root1, ...proof] : proof;
  // Steps 3-4.
  let fn = size1 - 1n;
  let sn = size2 - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 5 (path[0] exists: proof is non-empty).
  const [seed, ...rest] = path as [Uint8Array, ...Uint8Array[]];
  let fr = seed;
  let sr = seed;
  // Step 6.
  for (const [i, c] of rest.entries()) {
    if (sn === 0n) throw tooLong(i + 1, path.length);
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr); // c is a left sibling both trees contain
      sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) {
        while ((fn & 1n) === 0n && fn !== 0n) {
          fn >>= 1n;
          sn >>= 1n;
        }
      }
    } else {
      sr = nodeHash(sr, c); // c is a right sibling only the new tree has
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  // Step 7, length first (the sn test of certificate-transparency-rfcs PR #100).
  if (sn !== 0n) throw tooShort(proof.length);
  if (!bytesEqual(fr, root1)) {
    throw custodyError(
      'integrity',
      'CUSTODY_ROOT1_MISMATCH',
      `consistency proof does not rebuild the size-${size1} root`,
    );
  }
  if (!bytesEqual(sr, root2)) {
    throw custodyError(
      'integrity',
      'CUSTODY_ROOT2_MISMATCH',
      `consistency proof does not rebuild the size-${size2} root`,
    );
  }
}

/**
 * Full audit: recomputes the tree head from every leaf (the exact event bytes, in log order)
 * and checks it against a checkpoint. About 2n SHA-256 calls, O(log n) memory.
 *
 * @param leaves - every event of the log in order, attacker controlled.
 * @throws CUSTODY_ROOT_LENGTH, CUSTODY_BAD_INTEGER; integrity CUSTODY_LEAF_COUNT_MISMATCH,
 *   CUSTODY_ROOT_MISMATCH.
 */
export function verifyTreeHead(leaves: Iterable<Uint8Array>, size: bigint, root: Uint8Array): void {
  assertHashLength(root, 'CUSTODY_ROOT_LENGTH', 'root');
  assertCount(size, 'tree size');
  const computed = rootFromLeafHashes(mapIterable(leaves, leafHash));
  if (computed.size !== size) {
    throw custodyError(
      'integrity',
      'CUSTODY_LEAF_COUNT_MISMATCH',
      `the log holds ${computed.size} leaves, the checkpoint says ${size}`,
      {
        leaves: computed.size.toString(),
        size: size.toString(),
      },
    );
  }
  if (!bytesEqual(computed.root, root)) {
    throw custodyError(
      'integrity',
      'CUSTODY_ROOT_MISMATCH',
      `the leaves do not hash to the checkpoint root of size ${size}`,
    );
  }
}

/** Boolean form of {@link verifyInclusion}: false for any custody error, rethrows anything else. */
export function isValidInclusion(
  leaf: Uint8Array,
  index: bigint,
  size: bigint,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): boolean {
  return succeeds(() => verifyInclusion(leaf, index, size, proof, root));
}

/** Boolean form of {@link verifyConsistency}: false for any custody error, rethrows anything else. */
export function isValidConsistency(
  size1: bigint,
  size2: bigint,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  return succeeds(() => verifyConsistency(size1, size2, root1, root2, proof));
}

function succeeds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (e) {
    if (isCustosError(e) && (e.category === 'integrity' || e.category === 'invalid-input')) {
      return false;
    }
    throw e;
  }
}

function tooLong(used: number, length: number) {
  return custodyError(
    'integrity',
    'CUSTODY_PROOF_TOO_LONG',
    `proof has ${length} elements but the tree is fully climbed after ${used}`,
    { length, used },
  );
}

function tooShort(length: number) {
  return custodyError(
    'integrity',
    'CUSTODY_PROOF_TOO_SHORT',
    `proof of ${length} elements ends below the root (sn != 0)`,
    { length },
  );
}

function* mapIterable<T, U>(items: Iterable<T>, f: (item: T) => U): Generator<U> {
  for (const item of items) yield f(item);
}
