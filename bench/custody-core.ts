/**
 * Custody core benchmark: `node --import tsx bench/custody-core.ts [leaves]` (default 1,000,000).
 *
 * Builds an in-memory node store through the incremental append path, then prints append
 * throughput, the median time of an inclusion proof at full size, and the time of a full
 * audit (`verifyTreeHead` over every leaf) as a ratio to 2n raw SHA-256 calls over the same
 * inputs, measured in the same run (target: ratio <= 2). Figures only; no assertions.
 */
import { performance } from 'node:perf_hooks';
import {
  MemoryNodeStore,
  encodeEventLeaf,
  inclusionProof,
  leafHash,
  rootAt,
  sha256,
  verifyInclusion,
  verifyTreeHead,
  type MerkleNodeReader,
  type NodeRef,
} from '../src/core/custody/index.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const PROOFS = 20_000;

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const quantile = (xs: number[], q: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length * q)] ?? NaN;

/** Deterministic pseudo-random indices (a 32-bit LCG), so runs are comparable. */
function* indices(count: number, below: number): Generator<number> {
  let s = 0x2545f491;
  for (let i = 0; i < count; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    yield Math.floor((s / 2 ** 32) * below);
  }
}

/** Realistic custody event leaves, packed into one arena so the timed loops only slice it. */
function buildLeaves(n: number): { arena: Uint8Array; offsets: Uint32Array } {
  const chunks: Uint8Array[] = [];
  const offsets = new Uint32Array(n + 1);
  let total = 0;
  const exhibitHash = Buffer.from(sha256(new TextEncoder().encode('exhibit'))).toString('hex');
  for (let i = 0; i < n; i++) {
    const bytes = encodeEventLeaf({
      v: 1,
      seq: i,
      at: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
      actor: `user:${(i % 97).toString(16).padStart(8, '0')}`,
      action: i % 3 === 0 ? 'acquired' : 'viewed',
      object: `exhibit:AB/${i % 5000}`,
      exhibitHash,
      ...(i % 3 === 0 ? {} : { reason: 'case-review' }),
    });
    chunks.push(bytes);
    total += bytes.length;
    offsets[i + 1] = total;
  }
  const arena = new Uint8Array(total);
  chunks.forEach((c, i) => arena.set(c, offsets[i] ?? 0));
  return { arena, offsets };
}

function* leavesOf({
  arena,
  offsets,
}: {
  arena: Uint8Array;
  offsets: Uint32Array;
}): Generator<Uint8Array> {
  for (let i = 0; i + 1 < offsets.length; i++) yield arena.subarray(offsets[i], offsets[i + 1]);
}

class CountingReader implements MerkleNodeReader {
  reads = 0;
  constructor(private readonly inner: MerkleNodeReader) {}
  getNodes(refs: readonly NodeRef[]): Promise<Uint8Array[]> {
    this.reads += refs.length;
    return this.inner.getNodes(refs);
  }
}

async function main(): Promise<void> {
  console.log(`custody-core bench: Node ${process.version}, ${fmt(N)} leaves`);

  let t = performance.now();
  const leaves = buildLeaves(N);
  const encodeMs = performance.now() - t;
  console.log(
    `  event leaves        ${fmt(N)} encoded in ${fmt(encodeMs)} ms (${fmt(N / (encodeMs / 1000))}/s), mean ${fmt(leaves.arena.length / N, 1)} bytes`,
  );

  const store = new MemoryNodeStore();
  t = performance.now();
  for (const leaf of leavesOf(leaves)) await store.append(leafHash(leaf));
  const appendMs = performance.now() - t;
  console.log(
    `  append              ${fmt(appendMs)} ms, ${fmt(N / (appendMs / 1000))} appends/s (leaf hash + completed nodes + store)`,
  );

  const size = BigInt(N);
  const root = await rootAt(size, store);
  console.log(`  tree head           ${Buffer.from(root).toString('hex')}`);

  const proofUs: number[] = [];
  const verifyUs: number[] = [];
  let maxReads = 0;
  for (const i of indices(PROOFS, N)) {
    const counting = new CountingReader(store);
    const a = performance.now();
    const proof = await inclusionProof(BigInt(i), size, counting);
    const b = performance.now();
    verifyInclusion(
      leaves.arena.subarray(leaves.offsets[i], leaves.offsets[i + 1]),
      BigInt(i),
      size,
      proof,
      root,
    );
    const c = performance.now();
    proofUs.push((b - a) * 1000);
    verifyUs.push((c - b) * 1000);
    maxReads = Math.max(maxReads, counting.reads);
  }
  console.log(
    `  inclusion proof     median ${fmt(median(proofUs), 1)} µs, p90 ${fmt(quantile(proofUs, 0.9), 1)} µs over ${fmt(PROOFS)} proofs; at most ${maxReads} node reads (bound ${2 * Math.ceil(Math.log2(N)) + 2})`,
  );
  console.log(
    `  verify inclusion    median ${fmt(median(verifyUs), 1)} µs (hashes the leaf bytes itself)`,
  );

  // Full audit vs the raw cost floor: n leaf-sized + n node-sized SHA-256 calls over the same bytes.
  const node = new Uint8Array(65);
  const runs = 3;
  let ours = Infinity;
  let raw = Infinity;
  for (let r = 0; r < runs; r++) {
    t = performance.now();
    for (const leaf of leavesOf(leaves)) {
      sha256(leaf);
      sha256(node);
    }
    raw = Math.min(raw, performance.now() - t);
    t = performance.now();
    verifyTreeHead(leavesOf(leaves), size, root);
    ours = Math.min(ours, performance.now() - t);
  }
  console.log(`  verify all leaves   ${fmt(ours)} ms (verifyTreeHead, best of ${runs})`);
  console.log(
    `  2n raw SHA-256      ${fmt(raw)} ms (same leaf bytes + n 65-byte nodes, best of ${runs})`,
  );
  console.log(`  ratio               ${fmt(ours / raw, 2)}x (target <= 2x)`);
}

await main();
