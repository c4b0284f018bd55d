/**
 * Signed checkpoints over the custody log and the proofs that tie events to them
 * (C2SP tlog-checkpoint in a C2SP signed note, Ed25519; RFC 6962 §2.1.1-2.1.2 proofs).
 */
import {
  formatCheckpoint,
  openCheckpoint,
  parseCheckpoint,
  signCheckpoint,
} from '../../core/custody/checkpoint.ts';
import { consistencyProof, inclusionProof, rootAt } from '../../core/custody/merkle.ts';
import { parseVerifierKey } from '../../core/custody/note.ts';
import { verifyConsistency, verifyInclusion } from '../../core/custody/verify.ts';
import { CustosError } from '../../core/errors.ts';
import type { CustodyKey } from '../../ports/checkpoint-signer.ts';
import type { Clock } from '../../ports/clock.ts';
import type {
  CheckpointRecord,
  CustodyEventRecord,
  Repositories,
  UnitOfWork,
} from '../../ports/repositories.ts';
import { isoTime } from './record-custody-event.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

/**
 * Returns a signed checkpoint at the log's current size, signing and storing a new one when the
 * log has grown since the last. A log never signs two checkpoints of one size.
 */
export async function checkpointNow(
  uow: UnitOfWork,
  key: CustodyKey,
  clock: Clock,
): Promise<CheckpointRecord> {
  return uow.run(async (repos) => {
    const size = await repos.custody.lockHead();
    const existing = await repos.custody.checkpointAt(size);
    if (existing) return existing;
    const root = await rootAt(BigInt(size), repos.custody);
    const note = await signCheckpoint({ origin: key.origin, size: BigInt(size), root }, [
      key.signer,
    ]);
    const record: CheckpointRecord = {
      size,
      root: hex(root),
      note,
      createdAt: isoTime(clock.now()),
    };
    await repos.custody.insertCheckpoint(record);
    return record;
  });
}

/** An inclusion proof of one event against a signed checkpoint. */
export interface InclusionProofResult {
  readonly seq: number;
  readonly event: CustodyEventRecord;
  /** Tree size the proof is for (= the checkpoint's). */
  readonly size: number;
  /** Hex hashes, leaf to root. */
  readonly proof: readonly string[];
  readonly checkpoint: CheckpointRecord;
}

/**
 * Inclusion proof of event `seq` against the latest signed checkpoint (signing one first if the
 * event is newer), verified before it is returned.
 * @throws CustosError `CUSTODY_EVENT_NOT_FOUND` (not-found); integrity errors if the store is damaged.
 */
export async function proveInclusion(
  uow: UnitOfWork,
  key: CustodyKey,
  clock: Clock,
  seq: number,
): Promise<InclusionProofResult> {
  const event = await uow.read.custody.getEvent(seq);
  if (!event)
    throw new CustosError(
      'not-found',
      'CUSTODY_EVENT_NOT_FOUND',
      `there is no custody event ${seq}; the log has ${await uow.read.custody.size()} events (0-based)`,
    );
  let checkpoint = await uow.read.custody.latestCheckpoint();
  if (!checkpoint || checkpoint.size <= seq) checkpoint = await checkpointNow(uow, key, clock);
  const proof = await inclusionProof(BigInt(seq), BigInt(checkpoint.size), uow.read.custody);
  const { checkpoint: cp } = openCheckpoint(checkpoint.note, {
    origin: key.origin,
    keys: [parseVerifierKey(key.verifierKey)],
  });
  verifyInclusion(new TextEncoder().encode(event.leaf), BigInt(seq), cp.size, proof, cp.root);
  return { seq, event, size: checkpoint.size, proof: proof.map(hex), checkpoint };
}

/** Consistency proof between two stored checkpoints, verified before it is returned. */
export async function proveConsistency(
  repos: Repositories,
  key: CustodyKey,
  size1: number,
  size2: number,
): Promise<{ proof: string[]; from: CheckpointRecord; to: CheckpointRecord }> {
  const from = await repos.custody.checkpointAt(size1);
  const to = await repos.custody.checkpointAt(size2);
  if (!from || !to)
    throw new CustosError(
      'not-found',
      'CHECKPOINT_NOT_FOUND',
      `no signed checkpoint at size ${from ? size2 : size1}`,
    );
  const proof = await consistencyProof(BigInt(size1), BigInt(size2), repos.custody);
  const pinned = { origin: key.origin, keys: [parseVerifierKey(key.verifierKey)] };
  verifyConsistency(
    BigInt(size1),
    BigInt(size2),
    openCheckpoint(from.note, pinned).checkpoint.root,
    openCheckpoint(to.note, pinned).checkpoint.root,
    proof,
  );
  return { proof: proof.map(hex), from, to };
}

/** The checkpoint body of a stored record, for display. */
export function checkpointBody(record: CheckpointRecord): string {
  return formatCheckpoint(parseCheckpoint(record.note.slice(0, record.note.indexOf('\n\n') + 1)));
}

export { unhex };
