/**
 * The custody log's Merkle tree: RFC 6962 §2.1 hashing (= RFC 9162 §2.1.1), tree heads and
 * proof generation over a node store.
 *
 * Storage model. Only PERFECT subtrees are ever stored: `{ level, index }` names the root of
 * the perfect subtree over leaves `[index·2^level, (index+1)·2^level)`. Such a node never
 * changes once complete, so it can be written once, at the append that completes it
 * ({@link nodesCompletedByAppend}). The RFC tree's right border is not perfect when the size
 * is not a power of two; those "ephemeral" nodes are folded from perfect nodes on demand
 * (the bug class of Trillian #305 and trillian-examples #410 is exactly forgetting this).
 * Every operation reads O(log n) nodes in ONE `getNodes` call.
 *
 * All sizes and indices are `bigint`: JavaScript's `>>` and `&` are 32-bit.
 */
import { hash } from 'node:crypto';
import { custodyError } from './errors.ts';

/** Names the perfect subtree over leaves `[index·2^level, (index+1)·2^level)`. Level 0 = leaf hash. */
export interface NodeRef {
  readonly level: number;
  readonly index: bigint;
}

/** A perfect-subtree node with its hash, as an appender persists it. */
export interface StoredNode extends NodeRef {
  readonly hash: Uint8Array;
}

/**
 * Read access to stored perfect-subtree hashes (a database table, a file, memory).
 * `getNodes` returns one 32-byte hash per reference, in order; it rejects (e.g. with
 * `CUSTODY_NODE_MISSING`) if a node is not stored.
 */
export interface MerkleNodeReader {
  getNodes(refs: readonly NodeRef[]): Promise<Uint8Array[]>;
}

/** SHA-256 output length in bytes. */
export const HASH_BYTES = 32;

/** MTH of the empty list: SHA-256 of the empty string (RFC 6962 §2.1). Never hand it out: copy it. */
export const EMPTY_ROOT: Uint8Array = sha256(new Uint8Array(0));

/** SHA-256 of `bytes` (32 bytes), as a plain Uint8Array. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const digest = hash('sha256', bytes, 'buffer');
  return new Uint8Array(digest.buffer, digest.byteOffset, digest.length);
}

/** RFC 6962 §2.1 leaf hash: `SHA-256(0x00 || leaf)`. `leaf` is the exact stored event bytes. */
export function leafHash(leaf: Uint8Array): Uint8Array {
  const buf = Buffer.allocUnsafe(1 + leaf.length);
  buf[0] = 0x00;
  buf.set(leaf, 1);
  return sha256(buf);
}

/** RFC 6962 §2.1 interior node hash: `SHA-256(0x01 || left || right)`. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  const buf = Buffer.allocUnsafe(1 + left.length + right.length);
  buf[0] = 0x01;
  buf.set(left, 1);
  buf.set(right, 1 + left.length);
  return sha256(buf);
}

/**
 * {@link leafHash} of the UTF-8 encoding of `text` (a store keeps leaves as text), as lowercase
 * hex, hashed without a separate encoding step: U+0000 encodes as the single byte 0x00, and Node
 * encodes a string as UTF-8 as `TextEncoder` does (a lone surrogate as U+FFFD).
 */
export function leafHashHexOfText(text: string): string {
  return hash('sha256', `\u0000${text}`, 'hex');
}

const NODE_INPUT = Buffer.alloc(1 + 2 * HASH_BYTES);

/**
 * {@link nodeHash} of two children given as hex (64 digits each), as lowercase hex: the form a
 * store keeps, hashed without converting digests to byte arrays and back.
 *
 * @throws CustosError (invalid-input) `CUSTODY_NODE_HASH_LENGTH` if a child is not 64 hex digits.
 */
export function nodeHashHex(leftHex: string, rightHex: string): string {
  const input = NODE_INPUT; // reused: hashing is synchronous
  input[0] = 0x01;
  if (
    leftHex.length !== 2 * HASH_BYTES ||
    rightHex.length !== 2 * HASH_BYTES ||
    input.write(leftHex, 1, 'hex') !== HASH_BYTES ||
    input.write(rightHex, 1 + HASH_BYTES, 'hex') !== HASH_BYTES
  )
    throw custodyError(
      'invalid-input',
      'CUSTODY_NODE_HASH_LENGTH',
      'a tree node child is not a 32-byte hash in hex',
    );
  return hash('sha256', input, 'hex');
}

/**
 * The perfect nodes that become complete when the leaf at position `size` is appended to a
 * tree of `size` leaves: the leaf itself (level 0) and one node per trailing 1-bit of `size`.
 * Reads the left siblings (at most log2(size)+1 nodes, one `getNodes` call).
 *
 * @param size - leaves in the log before this append (= the new leaf's index).
 * @param newLeafHash - `leafHash(event bytes)`, 32 bytes.
 * @returns the completed nodes, lowest level first; persist all of them with the leaf.
 * @throws CUSTODY_BAD_INTEGER, CUSTODY_LEAF_HASH_LENGTH; whatever the reader throws.
 *
 * @example
 * const nodes = await nodesCompletedByAppend(3n, leafHash(bytes), reader);
 * // nodes: (0,3) the leaf, (1,1) = [2,4), (2,0) = [0,4)
 */
export async function nodesCompletedByAppend(
  size: bigint,
  newLeafHash: Uint8Array,
  reader: MerkleNodeReader,
): Promise<StoredNode[]> {
  assertCount(size, 'size');
  assertHashLength(newLeafHash, 'CUSTODY_LEAF_HASH_LENGTH', 'leaf hash');
  const siblings: NodeRef[] = [];
  for (let level = 0, i = size; (i & 1n) === 1n; level++, i >>= 1n)
    siblings.push({ level, index: i - 1n });
  const hashes = siblings.length === 0 ? [] : await readNodes(reader, siblings);
  const completed: StoredNode[] = [{ level: 0, index: size, hash: newLeafHash }];
  let h = newLeafHash;
  hashes.forEach((left, level) => {
    h = nodeHash(left, h);
    completed.push({ level: level + 1, index: size >> BigInt(level + 1), hash: h });
  });
  return completed;
}

/**
 * The tree head MTH(D[0:size]) (RFC 6962 §2.1) for any size the store has reached, from the
 * popcount(size) perfect nodes that cover `[0, size)`, folded right to left.
 *
 * @throws CUSTODY_BAD_INTEGER; the reader's error if `size` is beyond the stored log.
 */
export async function rootAt(size: bigint, reader: MerkleNodeReader): Promise<Uint8Array> {
  assertCount(size, 'size');
  if (size === 0n) return EMPTY_ROOT.slice();
  const [root] = await readAndFold(reader, [perfectCover(0n, size)]);
  return root ?? EMPTY_ROOT.slice();
}

/**
 * Inclusion proof (audit path) `PATH(index, D[0:size])`, RFC 6962 §2.1.1 = RFC 9162 §2.1.3.1,
 * ordered leaf to root. Reads at most 2·⌈log2 size⌉ nodes in one `getNodes` call. Build it for
 * exactly the size of the checkpoint it will be shown with (the Rekor race, rekor #1055).
 *
 * @throws CUSTODY_BAD_INTEGER, CUSTODY_INDEX_OUT_OF_RANGE (`index >= size`); reader errors.
 */
export async function inclusionProof(
  index: bigint,
  size: bigint,
  reader: MerkleNodeReader,
): Promise<Uint8Array[]> {
  assertCount(index, 'index');
  assertCount(size, 'size');
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
  // Walk the RFC recursion top-down over [lo, hi); k = largest power of two below hi - lo.
  const items: NodeRef[][] = [];
  let lo = 0n;
  let hi = size;
  while (hi - lo > 1n) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (index < lo + k) {
      items.push(perfectCover(lo + k, hi)); // PATH(m, D[0:k]) : MTH(D[k:n])
      hi = lo + k;
    } else {
      items.push(perfectCover(lo, lo + k)); // PATH(m - k, D[k:n]) : MTH(D[0:k])
      lo += k;
    }
  }
  return readAndFold(reader, items.reverse());
}

/**
 * Consistency proof `PROOF(size1, D[0:size2])`, RFC 6962 §2.1.2 = RFC 9162 §2.1.4.1, ordered
 * leaf to root. When `size1` is a power of two the old root is NOT included (the verifier
 * prepends it). Equal sizes give an empty proof. Reads at most 2·⌈log2 size2⌉ nodes, one call.
 *
 * @throws CUSTODY_BAD_INTEGER, CUSTODY_SIZE_ORDER (`size1 > size2`), CUSTODY_SIZE1_ZERO
 *   (a proof from the empty tree proves nothing; callers with no earlier checkpoint skip it).
 */
export async function consistencyProof(
  size1: bigint,
  size2: bigint,
  reader: MerkleNodeReader,
): Promise<Uint8Array[]> {
  assertCount(size1, 'size1');
  assertCount(size2, 'size2');
  assertSizePair(size1, size2);
  if (size1 === size2) return [];
  // SUBPROOF(m, D[lo:hi], b) walked top-down; it ends at the subtree that is the old tree's last part.
  const items: NodeRef[][] = [];
  let lo = 0n;
  let hi = size2;
  let isOldRoot = true;
  while (hi !== size1) {
    const k = largestPowerOfTwoBelow(hi - lo);
    if (size1 <= lo + k) {
      items.push(perfectCover(lo + k, hi)); // SUBPROOF(m, D[0:k], b) : MTH(D[k:n])
      hi = lo + k;
    } else {
      items.push(perfectCover(lo, lo + k)); // SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])
      lo += k;
      isOldRoot = false;
    }
  }
  // SUBPROOF(m, D[m], false) = {MTH(D[m])}; with b = true the verifier already holds it.
  if (!isOldRoot) items.push(perfectCover(lo, hi));
  return readAndFold(reader, items.reverse());
}

/**
 * Tree head of a whole list of leaf hashes, computed in one pass with O(log n) memory
 * (a compact range: one pending perfect node per 1-bit of the count). About n - 1 node hashes.
 *
 * @returns the number of leaves and MTH over them (EMPTY_ROOT for none).
 * @throws CUSTODY_LEAF_HASH_LENGTH if a leaf hash is not 32 bytes.
 */
export function rootFromLeafHashes(leafHashes: Iterable<Uint8Array>): {
  size: bigint;
  root: Uint8Array;
} {
  const peaks: Uint8Array[] = [];
  let count = 0;
  for (const h of leafHashes) {
    assertHashLength(h, 'CUSTODY_LEAF_HASH_LENGTH', `leaf hash ${count}`);
    let node = h;
    // Leaf `count` completes one perfect node per trailing 1-bit of `count`.
    for (let i = count; i % 2 === 1; i = (i - 1) / 2) {
      const left = peaks.pop();
      if (!left) throw new Error('compact range underflow');
      node = nodeHash(left, node);
    }
    peaks.push(node);
    count++;
  }
  return { size: BigInt(count), root: peaks.length === 0 ? EMPTY_ROOT.slice() : foldRight(peaks) };
}

/**
 * An in-memory node store: every perfect node of a log held in memory, filled through the same
 * incremental append path a database appender uses. For tests, the offline verifier and
 * benchmarks; sizes up to 2^32 leaves.
 */
export class MemoryNodeStore implements MerkleNodeReader {
  /** `levels[l]` holds the perfect nodes of level l back to back, 32 bytes each. */
  readonly #levels: { bytes: Uint8Array; count: number }[] = [];
  #size = 0n;

  /** Builds a store holding `leafHashes` in order. */
  static async fromLeafHashes(leafHashes: Iterable<Uint8Array>): Promise<MemoryNodeStore> {
    const store = new MemoryNodeStore();
    for (const h of leafHashes) await store.append(h);
    return store;
  }

  /** Number of leaves appended. */
  get size(): bigint {
    return this.#size;
  }

  /** Appends one leaf hash and stores every node it completes. */
  async append(newLeafHash: Uint8Array): Promise<void> {
    for (const node of await nodesCompletedByAppend(this.#size, newLeafHash, this)) this.#put(node);
    this.#size += 1n;
  }

  /** @throws CUSTODY_NODE_MISSING for a node this store does not hold. */
  getNodes(refs: readonly NodeRef[]): Promise<Uint8Array[]> {
    return new Promise((resolve) => resolve(refs.map((r) => this.#get(r))));
  }

  #get(ref: NodeRef): Uint8Array {
    const level = this.#levels[ref.level];
    if (!level || ref.index < 0n || ref.index >= BigInt(level.count)) {
      throw custodyError(
        'not-found',
        'CUSTODY_NODE_MISSING',
        `no stored node at level ${ref.level}, index ${ref.index}`,
        {
          level: ref.level,
          index: ref.index.toString(),
        },
      );
    }
    const at = Number(ref.index) * HASH_BYTES;
    return level.bytes.slice(at, at + HASH_BYTES); // a copy: callers must not alter the store
  }

  #put(node: StoredNode): void {
    const level = (this.#levels[node.level] ??= {
      bytes: new Uint8Array(HASH_BYTES * 64),
      count: 0,
    });
    if (node.index !== BigInt(level.count)) {
      throw new Error(`nodes must be stored in order: level ${node.level}, index ${node.index}`);
    }
    if ((level.count + 1) * HASH_BYTES > level.bytes.length) {
      const grown = new Uint8Array(level.bytes.length * 2);
      grown.set(level.bytes);
      level.bytes = grown;
    }
    level.bytes.set(node.hash, level.count * HASH_BYTES);
    level.count++;
  }
}

/** Number of bits needed to write `x` (`bitLength(0) = 0`; the sigstore-js #646 bug was 1). */
export function bitLength(x: bigint): number {
  let bits = 0;
  while (x >= 0x1_0000_0000n) {
    x >>= 32n;
    bits += 32;
  }
  return bits + 32 - Math.clz32(Number(x));
}

/** Largest power of two strictly below `n`, for `n >= 2` (the RFC's `k`). */
function largestPowerOfTwoBelow(n: bigint): bigint {
  return 1n << BigInt(bitLength(n - 1n) - 1);
}

/**
 * The perfect nodes covering `[start, end)`, largest first. Requires `start` to be a multiple
 * of a power of two that is at least `end - start` (true for every range the RFC recursion
 * produces), so the 1-bits of the width give aligned perfect subtrees.
 */
function perfectCover(start: bigint, end: bigint): NodeRef[] {
  const refs: NodeRef[] = [];
  const width = end - start;
  let at = start;
  for (let level = bitLength(width) - 1; level >= 0; level--) {
    const span = 1n << BigInt(level);
    if ((width & span) !== 0n) {
      refs.push({ level, index: at >> BigInt(level) });
      at += span;
    }
  }
  return refs;
}

/** MTH of consecutive perfect subtrees, largest first: `node(p0, node(p1, … node(pk-1, pk)))`. */
function foldRight(hashes: readonly Uint8Array[]): Uint8Array {
  return hashes.reduceRight((right, left) => nodeHash(left, right));
}

/** Reads all nodes of all items in one call and folds each item into one subtree hash. */
async function readAndFold(
  reader: MerkleNodeReader,
  items: readonly NodeRef[][],
): Promise<Uint8Array[]> {
  const hashes = await readNodes(reader, items.flat());
  let at = 0;
  return items.map((item) => {
    const part = hashes.slice(at, at + item.length);
    at += item.length;
    return foldRight(part);
  });
}

/** `reader.getNodes` with its answer checked: right count, 32-byte hashes. */
async function readNodes(
  reader: MerkleNodeReader,
  refs: readonly NodeRef[],
): Promise<Uint8Array[]> {
  const hashes = await reader.getNodes(refs);
  if (hashes.length !== refs.length) {
    throw custodyError(
      'internal',
      'CUSTODY_READER_COUNT',
      `node store returned ${hashes.length} nodes for ${refs.length} references`,
    );
  }
  hashes.forEach((h, i) => {
    if (h.length !== HASH_BYTES) {
      const ref = refs[i];
      throw custodyError(
        'integrity',
        'CUSTODY_STORED_NODE_INVALID',
        `stored node at level ${ref?.level}, index ${ref?.index} is ${h.length} bytes, expected ${HASH_BYTES}`,
        {
          level: ref?.level,
          index: ref?.index.toString(),
        },
      );
    }
  });
  return hashes;
}

/** Throws CUSTODY_BAD_INTEGER unless `x` is a non-negative bigint. */
export function assertCount(x: bigint, name: string): void {
  if (typeof x !== 'bigint' || x < 0n) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_BAD_INTEGER',
      `${name} must be a non-negative bigint, got ${String(x)}`,
      { field: name },
    );
  }
}

/** Throws CUSTODY_SIZE_ORDER / CUSTODY_SIZE1_ZERO for a size pair no consistency proof exists for. */
export function assertSizePair(size1: bigint, size2: bigint): void {
  if (size1 > size2) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_SIZE_ORDER',
      `old tree size ${size1} is larger than new tree size ${size2}`,
      {
        size1: size1.toString(),
        size2: size2.toString(),
      },
    );
  }
  if (size1 === 0n) {
    throw custodyError(
      'invalid-input',
      'CUSTODY_SIZE1_ZERO',
      'consistency from the empty tree proves nothing; skip the check when no earlier checkpoint is held',
    );
  }
}

/** Throws `code` unless `h` is exactly 32 bytes. */
export function assertHashLength(
  h: Uint8Array,
  code: 'CUSTODY_LEAF_HASH_LENGTH' | 'CUSTODY_ROOT_LENGTH' | 'CUSTODY_PROOF_NODE_LENGTH',
  what: string,
): void {
  if (!(h instanceof Uint8Array) || h.length !== HASH_BYTES) {
    const got = h instanceof Uint8Array ? `${h.length} bytes` : typeof h;
    throw custodyError('invalid-input', code, `${what} must be ${HASH_BYTES} bytes, got ${got}`, {
      field: what,
    });
  }
}
