/**
 * Test support for the custody core (not exported from index.ts): typed access to the golden
 * vectors in test/fixtures/merkle, node stores for their trees, and counting/synthetic readers.
 */
import rootsJson from '../../../test/fixtures/merkle/roots.json' with { type: 'json' };
import inclusionJson from '../../../test/fixtures/merkle/inclusion.json' with { type: 'json' };
import consistencyJson from '../../../test/fixtures/merkle/consistency.json' with { type: 'json' };
import invalidJson from '../../../test/fixtures/merkle/invalid.json' with { type: 'json' };
import checkpointJson from '../../../test/fixtures/merkle/checkpoint.json' with { type: 'json' };
import {
  leafHash,
  nodeHash,
  sha256,
  MemoryNodeStore,
  type MerkleNodeReader,
  type NodeRef,
} from './merkle.ts';
import { utf8 } from './bytes.ts';

export type TreeName = 'rfc6962' | 'gen1000' | 'sparse2p53';

export interface InclusionCase {
  id: string;
  tree: TreeName;
  leaf_index: number;
  tree_size: number;
  leaf_data_hex?: string;
  leaf_hash: string;
  root: string;
  proof: string[];
  proof_ranges?: [number, number][];
  expect: 'valid' | 'invalid';
}

export interface ConsistencyCase {
  id: string;
  tree: TreeName;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[];
  proof_ranges?: [number, number][];
  expect: 'valid' | 'invalid';
  reason?: string;
}

export type InvalidCase =
  ({ kind: 'inclusion' } & InclusionCase) | ({ kind: 'consistency' } & ConsistencyCase);
export type InvalidCaseWithWhy = InvalidCase & { why: string; derived_from: string };

export interface CheckpointCase {
  id: string;
  signed_note: string;
  expected_origin: string;
  expect: 'valid' | 'invalid';
  layer: 'note' | 'checkpoint' | 'both';
  why: string;
  reference_verifier_said: string;
}

interface RootsFile {
  trees: {
    rfc6962: {
      leaves_hex: string[];
      leaf_hashes: string[];
      roots: { size: number; root: string }[];
    };
    gen1000: {
      leaf_count: number;
      leaves_hex_sample: Record<string, string>;
      leaf_hashes_sample: Record<string, string>;
      roots: { size: number; root: string }[];
    };
    sparse2p53: {
      filler_hex: string;
      special_indices: number[];
      roots: { size: number; root: string }[];
    };
  };
}

interface CheckpointFile {
  key: {
    seed_hex: string;
    name: string;
    public_key_hex: string;
    key_id_hex: string;
    vkey: string;
    skey: string;
  };
  checkpoints: {
    id: string;
    tree: string;
    tree_size: number;
    root_hex: string;
    root_base64: string;
    body: string;
    signature_hex: string;
    signature_line: string;
    signed_note: string;
  }[];
  cases: CheckpointCase[];
  reference_vectors: [
    { vkey: string; skey: string; text: string; signed_note: string },
    { seed_hex: string; public_key_hex: string; message_hex: string; signature_hex: string },
  ];
}

export const roots = rootsJson as unknown as RootsFile;
export const inclusionCases = (inclusionJson as unknown as { cases: InclusionCase[] }).cases;
export const consistencyCases = (consistencyJson as unknown as { cases: ConsistencyCase[] }).cases;
export const invalidCases = (invalidJson as unknown as { cases: InvalidCaseWithWhy[] }).cases;
export const checkpointVectors = checkpointJson as unknown as CheckpointFile;

export const fromHex = (hex: string): Uint8Array => new Uint8Array(Buffer.from(hex, 'hex'));
export const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Leaf bytes of the vector trees (README "The trees"). */
export function leafBytes(tree: TreeName, index: number): Uint8Array {
  if (tree === 'rfc6962') return fromHex(roots.trees.rfc6962.leaves_hex[index] ?? '');
  if (tree === 'gen1000') return utf8(`leaf-${index}`);
  return SPECIALS_SET.has(BigInt(index))
    ? utf8(`big-${index}`)
    : fromHex(roots.trees.sparse2p53.filler_hex);
}

const SPECIALS = roots.trees.sparse2p53.special_indices
  .map(BigInt)
  .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
const SPECIALS_SET = new Set(SPECIALS);

/** A memory store holding the first `size` leaves of a buildable vector tree. */
export async function storeFor(
  tree: 'rfc6962' | 'gen1000',
  size: number,
): Promise<MemoryNodeStore> {
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < size; i++) hashes.push(leafHash(leafBytes(tree, i)));
  return MemoryNodeStore.fromLeafHashes(hashes);
}

/**
 * The perfect nodes of the 2^53-leaf `sparse2p53` tree, computed on demand: a subtree without
 * a special index is all filler, so its hash depends only on its level.
 */
export class SparseTreeReader implements MerkleNodeReader {
  readonly #filler: Uint8Array[] = [];
  readonly #memo = new Map<string, Uint8Array>();

  constructor() {
    let h = leafHash(fromHex(roots.trees.sparse2p53.filler_hex));
    for (let level = 0; level <= 64; level++) {
      this.#filler.push(h);
      h = nodeHash(h, h);
    }
  }

  getNodes(refs: readonly NodeRef[]): Promise<Uint8Array[]> {
    return Promise.resolve(refs.map((r) => this.node(r.level, r.index)));
  }

  node(level: number, index: bigint): Uint8Array {
    const start = index << BigInt(level);
    const end = start + (1n << BigInt(level));
    if (!hasSpecialIn(start, end)) return this.#filler[level] as Uint8Array;
    if (level === 0) return leafHash(utf8(`big-${start}`));
    const key = `${level}:${index}`;
    let h = this.#memo.get(key);
    if (!h) {
      h = nodeHash(this.node(level - 1, 2n * index), this.node(level - 1, 2n * index + 1n));
      this.#memo.set(key, h);
    }
    return h;
  }
}

function hasSpecialIn(start: bigint, end: bigint): boolean {
  let lo = 0;
  let hi = SPECIALS.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((SPECIALS[mid] as bigint) < start) lo = mid + 1;
    else hi = mid;
  }
  const first = SPECIALS[lo];
  return first !== undefined && first < end;
}

/** Wraps a reader and counts calls and node references read. */
export class CountingReader implements MerkleNodeReader {
  calls = 0;
  reads = 0;
  constructor(private readonly inner: MerkleNodeReader) {}
  getNodes(refs: readonly NodeRef[]): Promise<Uint8Array[]> {
    this.calls++;
    this.reads += refs.length;
    return this.inner.getNodes(refs);
  }
}

/** A reader for a tree of any size whose node hashes are SHA-256(level || index): only read counts matter. */
export const syntheticReader: MerkleNodeReader = {
  getNodes: (refs) => Promise.resolve(refs.map((r) => sha256(utf8(`${r.level}/${r.index}`)))),
};

/** RFC 6962 §2.1 MTH, literally (the oracle). */
export function naiveRoot(hashes: readonly Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return sha256(new Uint8Array(0));
  if (hashes.length === 1) return hashes[0] as Uint8Array;
  const k = largestPow2Below(hashes.length);
  return nodeHash(naiveRoot(hashes.slice(0, k)), naiveRoot(hashes.slice(k)));
}

/** RFC 6962 §2.1.1 PATH(m, D[n]), literally. */
export function naivePath(m: number, hashes: readonly Uint8Array[]): Uint8Array[] {
  if (hashes.length <= 1) return [];
  const k = largestPow2Below(hashes.length);
  return m < k
    ? [...naivePath(m, hashes.slice(0, k)), naiveRoot(hashes.slice(k))]
    : [...naivePath(m - k, hashes.slice(k)), naiveRoot(hashes.slice(0, k))];
}

/** RFC 6962 §2.1.2 PROOF(m, D[n]) = SUBPROOF(m, D[n], true), literally. */
export function naiveProof(m: number, hashes: readonly Uint8Array[]): Uint8Array[] {
  const sub = (m: number, d: readonly Uint8Array[], b: boolean): Uint8Array[] => {
    if (m === d.length) return b ? [] : [naiveRoot(d)];
    const k = largestPow2Below(d.length);
    return m <= k
      ? [...sub(m, d.slice(0, k), b), naiveRoot(d.slice(k))]
      : [...sub(m - k, d.slice(k), false), naiveRoot(d.slice(0, k))];
  };
  return sub(m, hashes, true);
}

function largestPow2Below(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}
