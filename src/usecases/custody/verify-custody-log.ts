/**
 * Whole-log verification: every leaf re-decoded and re-hashed, every stored node recomputed,
 * every checkpoint's signature checked against the pinned key and its root against the
 * recomputed tree (RFC 6962 §2.1; C2SP signed-note). Streams the log with O(log n) memory for
 * the tree (plus one continuity entry per object).
 */
import { createHash } from 'node:crypto';
import { decodeEventLeafText } from '../../core/custody/event.ts';
import { openCheckpoint } from '../../core/custody/checkpoint.ts';
import { EMPTY_ROOT, leafHash, nodeHash } from '../../core/custody/merkle.ts';
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
  readonly problems: VerificationProblem[];
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const PAGE = 4096;
const utf8 = new TextEncoder();
const MAX_PROBLEMS = 100;

/**
 * Verifies the custody log in `repos` against the pinned `key`.
 * @param onProgress - called with the number of events checked so far.
 * @returns counts and problems (empty when the log is intact); never throws for damage it finds.
 */
export async function verifyCustodyLog(
  repos: Repositories,
  key: CustodyKey,
  onProgress?: (done: number, total: number) => void,
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
  const checkRoot = (count: number, peaks: readonly Uint8Array[]) => {
    const cp = checkpointRoots.get(count);
    if (!cp) return;
    let root = count === 0 ? EMPTY_ROOT : (peaks[peaks.length - 1] as Uint8Array);
    for (let i = peaks.length - 2; i >= 0; i--) root = nodeHash(peaks[i] as Uint8Array, root);
    if (hex(root) !== cp.root)
      problem(
        `checkpoint ${count}`,
        'CHECKPOINT_ROOT_MISMATCH',
        `the signed root does not match the tree recomputed from events 0..${count - 1}`,
      );
  };
  checkRoot(0, []);

  const lastForObject = new Map<string, string>();
  const peaks: Uint8Array[] = []; // compact range: perfect subtrees covering [0, count)
  let count = 0;
  let nodes = 0;
  for (let from = 0; from < size; from += PAGE) {
    const to = Math.min(size, from + PAGE);
    const stored = new Map<number, Map<number, string>>();
    for (let level = 0; 2 ** level <= to; level++) {
      const lo = Math.ceil((from + 1) / 2 ** level) - 1;
      const hi = Math.floor(to / 2 ** level);
      if (hi > lo) stored.set(level, await repos.custody.nodeRange(level, lo, hi));
    }
    for await (const e of repos.custody.events(from, to)) {
      if (e.seq !== count) {
        problem(
          `event ${count}`,
          'CUSTODY_EVENT_MISSING',
          `event ${count} is missing (next stored is ${e.seq})`,
        );
        return { events: count, nodes, checkpoints: checkpoints.length, problems };
      }
      const leafBytes = utf8.encode(e.leaf);
      checkEvent(e, lastForObject, problem);
      let node = leafHash(leafBytes);
      if (hex(node) !== e.leafHash)
        problem(
          `event ${e.seq}`,
          'CUSTODY_LEAF_HASH_MISMATCH',
          `the stored leaf hash of event ${e.seq} (${e.object} ${e.action}) does not match its leaf bytes`,
        );
      const compare = (level: number, index: number, h: Uint8Array) => {
        nodes++;
        const s = stored.get(level)?.get(index);
        if (s !== hex(h))
          problem(
            `node (${level}, ${index})`,
            s === undefined ? 'CUSTODY_NODE_MISSING' : 'CUSTODY_NODE_MISMATCH',
            `tree node at level ${level}, index ${index} ${s === undefined ? 'is missing' : 'differs from the value recomputed from the events'}`,
          );
      };
      compare(0, count, node);
      let level = 0;
      for (let i = count; i % 2 === 1; i = (i - 1) / 2) {
        node = nodeHash(peaks.pop() as Uint8Array, node);
        level++;
        compare(level, Math.floor(count / 2 ** level), node);
      }
      peaks.push(node);
      count++;
      checkRoot(count, peaks);
    }
    onProgress?.(count, size);
  }
  if (count !== size)
    problem(
      `event ${count}`,
      'CUSTODY_EVENT_MISSING',
      `the log head says ${size} events but ${count} are stored`,
    );
  return { events: count, nodes, checkpoints: checkpoints.length, problems };
}

function checkEvent(
  e: CustodyEventRecord,
  lastForObject: Map<string, string>,
  problem: (s: string, c: string, m: string) => void,
): void {
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
  if (
    e.details !== null &&
    createHash('sha256').update(e.details, 'utf8').digest('hex') !== e.detailsSha256
  ) {
    problem(
      subject,
      'CUSTODY_DETAILS_MISMATCH',
      `the details kept for event ${e.seq} were changed after the event was logged`,
    );
  }
  const expectedPrev = lastForObject.get(e.object) ?? null;
  if ((decoded.prev ?? null) !== expectedPrev) {
    problem(
      subject,
      'CUSTODY_CONTINUITY_BROKEN',
      `event ${e.seq} on ${e.object} does not chain to the previous event on that object`,
    );
  }
  lastForObject.set(e.object, e.leafHash);
}
