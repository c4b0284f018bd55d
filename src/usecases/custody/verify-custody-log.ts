/**
 * Whole-log verification: every leaf re-decoded and re-hashed, every stored node recomputed,
 * every checkpoint's signature checked against the pinned key and its root against the
 * recomputed tree (RFC 6962 §2.1; C2SP signed-note). Streams the log with O(log n) memory for
 * the tree (plus one continuity entry per object).
 */
import { hash } from 'node:crypto';
import { decodeEventLeafText, isCanonicalLeafOf } from '../../core/custody/event.ts';
import { openCheckpoint } from '../../core/custody/checkpoint.ts';
import { EMPTY_ROOT, leafHashHexOfText, nodeHashHex } from '../../core/custody/merkle.ts';
import { parseVerifierKey } from '../../core/custody/note.ts';
import { isCustosError } from '../../core/errors.ts';
import type { CustodyKey } from '../../ports/checkpoint-signer.ts';
import type {
  CheckpointRecord,
  CustodyEventRecord,
  Repositories,
} from '../../ports/repositories.ts';

/** One problem found, naming the entry. */
export interface VerificationProblem {
  /** What was checked: `event 17`, `node (2, 5)`, `checkpoint 120`, `exhibit AB/3`. */
  readonly subject: string;
  readonly code: string;
  readonly message: string;
}

export interface CustodyLogReport {
  readonly events: number;
  readonly nodes: number;
  readonly checkpoints: number;
  /**
   * Size of the largest signed checkpoint whose signature verifies (0 when none): events from
   * there on are not yet covered by a signature, so only a checkpoint kept outside the store
   * (`custos log checkpoint`, a court bundle) shows whether they or deleted checkpoints were
   * rewritten.
   */
  readonly signedThrough: number;
  readonly problems: VerificationProblem[];
}

const hex = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
const EMPTY_ROOT_HEX = hex(EMPTY_ROOT);
// Events per page: small enough that a page's rows die young (cheap scavenges).
const PAGE = 1024;
/** Event pages per comparison of the stored nodes. */
const NODE_SPAN_PAGES = 4;
const MAX_PROBLEMS = 100;

/**
 * Verifies the custody log in `repos` against the pinned `key`. Reads the log in pages of
 * `pageSize` events (default 1,024), and the stored tree nodes those events complete in one read
 * per level for every 4 pages.
 * @param onProgress - called with the number of events checked so far, after each page.
 * @returns counts and problems (empty when the log is intact); never throws for damage it finds.
 *   Node problems follow the problems of the events of the same 4 pages.
 */
export async function verifyCustodyLog(
  repos: Repositories,
  key: CustodyKey,
  onProgress?: (done: number, total: number) => void,
  { pageSize = PAGE }: { readonly pageSize?: number } = {},
): Promise<CustodyLogReport> {
  const problems: VerificationProblem[] = [];
  const problem = (subject: string, code: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ subject, code, message });
  };
  const size = await repos.custody.size();
  const checkpoints = await repos.custody.checkpoints();
  const pinned = { origin: key.origin, keys: [parseVerifierKey(key.verifierKey)] };
  const checkpointRoots = new Map<number, CheckpointRecord>();
  for (const cp of checkpoints) {
    try {
      const { checkpoint } = openCheckpoint(cp.note, pinned);
      if (checkpoint.size !== BigInt(cp.size) || hex(checkpoint.root) !== cp.root) {
        problem(
          `checkpoint ${cp.size}`,
          'CHECKPOINT_RECORD_MISMATCH',
          'the stored size or root differs from the signed note',
        );
      }
      if (cp.size > size)
        problem(
          `checkpoint ${cp.size}`,
          'CHECKPOINT_BEYOND_LOG',
          `signed for ${cp.size} events but the log has ${size}: events were removed`,
        );
      checkpointRoots.set(cp.size, cp);
    } catch (e) {
      problem(
        `checkpoint ${cp.size}`,
        isCustosError(e) ? e.code : 'CHECKPOINT_INVALID',
        `signature or format does not verify: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  const signedThrough = Math.max(0, ...[...checkpointRoots.keys()].filter((n) => n <= size));
  const checkRoot = (count: number, peaks: readonly string[]) => {
    const cp = checkpointRoots.get(count);
    if (!cp) return;
    let root = count === 0 ? EMPTY_ROOT_HEX : (peaks[peaks.length - 1] as string);
    for (let i = peaks.length - 2; i >= 0; i--) root = nodeHashHex(peaks[i] as string, root);
    if (root !== cp.root)
      problem(
        `checkpoint ${count}`,
        'CHECKPOINT_ROOT_MISMATCH',
        `the signed root does not match the tree recomputed from events 0..${count - 1}`,
      );
  };
  checkRoot(0, []);

  const lastForObject = new Map<string, string>();
  // Compact range: hex roots of the perfect subtrees covering [0, count), largest first.
  const peaks: string[] = [];
  let count = 0;
  let nodes = 0;
  const page = Math.max(1, Math.floor(pageSize));
  // Stored nodes are compared once per span of pages: a few reads per level for many events.
  const span = page * NODE_SPAN_PAGES;
  for (let from = 0; from < size; from += span) {
    const end = Math.min(size, from + span);
    // By level: hex of the perfect nodes completed by this span's events, in index order.
    const completed: string[][] = [];
    let gap = false;
    for (let at = from; at < end && !gap; at += page) {
      for (const e of await repos.custody.eventPage(at, Math.min(end, at + page))) {
        if (e.seq !== count) {
          problem(
            `event ${count}`,
            'CUSTODY_EVENT_MISSING',
            `event ${count} is missing (next stored is ${e.seq})`,
          );
          gap = true;
          break;
        }
        checkEvent(e, lastForObject, problem);
        let node = leafHashHexOfText(e.leaf);
        if (node !== e.leafHash)
          problem(
            `event ${e.seq}`,
            'CUSTODY_LEAF_HASH_MISMATCH',
            `the stored leaf hash of event ${e.seq} (${e.object} ${e.action}) does not match its leaf bytes`,
          );
        (completed[0] ??= []).push(node);
        let level = 0;
        for (let i = count; i % 2 === 1; i = (i - 1) / 2) {
          node = nodeHashHex(peaks.pop() as string, node);
          level++;
          (completed[level] ??= []).push(node);
        }
        peaks.push(node);
        count++;
        checkRoot(count, peaks);
      }
      if (!gap) onProgress?.(count, size);
    }
    nodes += await compareStoredNodes(repos, from, completed, problem);
    if (gap)
      return { events: count, nodes, checkpoints: checkpoints.length, signedThrough, problems };
  }
  if (count !== size)
    problem(
      `event ${count}`,
      'CUSTODY_EVENT_MISSING',
      `the log head says ${size} events but ${count} are stored`,
    );
  return { events: count, nodes, checkpoints: checkpoints.length, signedThrough, problems };
}

/**
 * Compares the nodes recomputed for one page (`completed[level]`, in index order, the first
 * being the first node of that level completed at or after leaf `from`) with the stored ones:
 * one joined read per level, and node by node only where that differs.
 * @returns the number of nodes compared.
 */
async function compareStoredNodes(
  repos: Repositories,
  from: number,
  completed: readonly (readonly string[] | undefined)[],
  problem: (s: string, c: string, m: string) => void,
): Promise<number> {
  let compared = 0;
  for (let level = 0; level < completed.length; level++) {
    const got = completed[level];
    if (!got?.length) continue;
    compared += got.length;
    const lo = Math.ceil((from + 1) / 2 ** level) - 1;
    const hi = lo + got.length;
    const joined = await repos.custody.nodeRangeJoined(level, lo, hi);
    if (joined === got.join(',')) continue;
    const stored = await repos.custody.nodeRange(level, lo, hi);
    for (let index = lo; index < hi; index++) {
      const s = stored.get(index);
      if (s !== got[index - lo])
        problem(
          `node (${level}, ${index})`,
          s === undefined ? 'CUSTODY_NODE_MISSING' : 'CUSTODY_NODE_MISMATCH',
          `tree node at level ${level}, index ${index} ${s === undefined ? 'is missing' : 'differs from the value recomputed from the events'}`,
        );
    }
  }
  return compared;
}

function checkEvent(
  e: CustodyEventRecord,
  lastForObject: Map<string, string>,
  problem: (s: string, c: string, m: string) => void,
): void {
  if (isCanonicalLeafOf(e.leaf, e)) {
    // The leaf is the canonical encoding of a well-formed event holding exactly the row's
    // values: decoding it would find nothing to report.
    checkDetailsAndContinuity(e, e.prevHash, lastForObject, problem);
    return;
  }
  const subject = `event ${e.seq}`;
  let decoded;
  try {
    decoded = decodeEventLeafText(e.leaf);
  } catch (err) {
    problem(
      subject,
      isCustosError(err) ? err.code : 'CUSTODY_EVENT_UNREADABLE',
      `leaf of event ${e.seq} is not a canonical custody event: ${err instanceof Error ? err.message : String(err)}`,
    );
    return;
  }
  const fields: [string, unknown, unknown][] = [
    ['seq', decoded.seq, e.seq],
    ['at', decoded.at, e.at],
    ['actor', decoded.actor, e.actor],
    ['action', decoded.action, e.action],
    ['object', decoded.object, e.object],
    ['exhibitHash', decoded.exhibitHash ?? null, e.exhibitSha256],
    ['reason', decoded.reason ?? null, e.reason],
    ['details', decoded.details ?? null, e.detailsSha256],
    ['prev', decoded.prev ?? null, e.prevHash],
  ];
  for (const [name, inLeaf, inRow] of fields) {
    if (inLeaf !== inRow)
      problem(
        subject,
        'CUSTODY_EVENT_ROW_MISMATCH',
        `event ${e.seq}: ${name} in the database (${String(inRow)}) differs from the signed leaf (${String(inLeaf)})`,
      );
  }
  checkDetailsAndContinuity(e, decoded.prev ?? null, lastForObject, problem);
}

/** The off-leaf details against their hash, and `prev` (as in the leaf) against the chain. */
function checkDetailsAndContinuity(
  e: CustodyEventRecord,
  prev: string | null,
  lastForObject: Map<string, string>,
  problem: (s: string, c: string, m: string) => void,
): void {
  if (e.details !== null && hash('sha256', e.details, 'hex') !== e.detailsSha256) {
    problem(
      `event ${e.seq}`,
      'CUSTODY_DETAILS_MISMATCH',
      `the details kept for event ${e.seq} were changed after the event was logged`,
    );
  }
  const expectedPrev = lastForObject.get(e.object) ?? null;
  if (prev !== expectedPrev) {
    problem(
      `event ${e.seq}`,
      'CUSTODY_CONTINUITY_BROKEN',
      `event ${e.seq} on ${e.object} does not chain to the previous event on that object`,
    );
  }
  lastForObject.set(e.object, e.leafHash);
}
